import { Problem } from '../../src/evaluator/errors';
import { CompiledSelector, compileSelector } from '../../src/evaluator/selector';

function compile(selector: unknown): CompiledSelector {
  const problems: Problem[] = [];
  const compiled = compileSelector(selector, 'spec.podSelector', problems);
  if (problems.length) throw new Error(`test table: ${JSON.stringify(problems)}`);
  return compiled;
}

const inWebApi = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] };
const notInWebApi = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web', 'api'] }] };
const appExists = { matchExpressions: [{ key: 'app', operator: 'Exists' }] };
const appDoesNotExist = { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] };
const labelsAndExpression = { matchLabels: { tier: 'backend' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] };
const twoExpressions = { matchExpressions: [{ key: 'app', operator: 'Exists' }, { key: 'env', operator: 'In', values: ['prod'] }] };

describe('label selectors (SEMANTICS.md rule 16)', () => {
  test.each([
    ['In', inWebApi, { app: 'web' }, true],
    ['In', inWebApi, { app: 'api', tier: 'x' }, true],
    ['In', inWebApi, { app: 'db' }, false],
    ['In', inWebApi, { tier: 'web' }, false],
    ['In', inWebApi, {}, false],
    ['NotIn', notInWebApi, { app: 'db' }, true],
    ['NotIn', notInWebApi, { app: 'web' }, false],
    ['NotIn (missing key matches)', notInWebApi, { tier: 'web' }, true],
    ['NotIn (no labels matches)', notInWebApi, {}, true],
    ['Exists', appExists, { app: '' }, true],
    ['Exists', appExists, { app: 'anything' }, true],
    ['Exists', appExists, { App: 'x' }, false],
    ['DoesNotExist', appDoesNotExist, {}, true],
    ['DoesNotExist', appDoesNotExist, { app: '' }, false],
    ['DoesNotExist', appDoesNotExist, { tier: 'x' }, true],
    ['matchLabels', { matchLabels: { app: 'web' } }, { app: 'web', tier: 'x' }, true],
    ['matchLabels (values are case-sensitive)', { matchLabels: { app: 'web' } }, { app: 'Web' }, false],
    ['matchLabels (every pair)', { matchLabels: { app: 'web', tier: 'front' } }, { app: 'web' }, false],
    ['matchLabels AND expressions', labelsAndExpression, { tier: 'backend', app: 'api' }, true],
    ['matchLabels AND expressions', labelsAndExpression, { tier: 'backend' }, true],
    ['matchLabels AND expressions', labelsAndExpression, { tier: 'backend', app: 'db' }, false],
    ['matchLabels AND expressions', labelsAndExpression, { app: 'api' }, false],
    ['two expressions', twoExpressions, { app: 'x', env: 'prod' }, true],
    ['two expressions', twoExpressions, { app: 'x', env: 'dev' }, false],
    ['two expressions', twoExpressions, { env: 'prod' }, false],
    ['empty selector {}', {}, {}, true],
    ['empty selector {}', {}, { app: 'web' }, true],
    ['empty lists', { matchLabels: {}, matchExpressions: [] }, { app: 'web' }, true],
    ['absent selector', undefined, { app: 'web' }, true],
  ])('%s: %j matches %j: %s', (_operator, selector, labels, expected) => {
    expect(compile(selector).matches(labels)).toBe(expected);
  });

  test.each([
    [inWebApi, { app: 'db' }, ['app in (api,web)']],
    [notInWebApi, { app: 'web' }, ['app notin (api,web)']],
    [appExists, {}, ['app']],
    [appDoesNotExist, { app: 'x' }, ['!app']],
    [labelsAndExpression, { app: 'db' }, ['tier=backend', 'app notin (db)']],
    [labelsAndExpression, { tier: 'backend' }, []],
  ])('names what %j needs and %j lacks: %j', (selector, labels, unmet) => {
    expect(compile(selector).unmet(labels)).toEqual(unmet);
  });

  test('gives equal selectors the same key, whatever the order they are written in', () => {
    const a = compile({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }] });
    const b = compile({ matchLabels: { a: '1', b: '2' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['x', 'y'] }] });
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(compile({ matchLabels: { a: '1' } }).key);
  });

  test.each([
    ['an unknown operator', { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] }, 'spec.podSelector.matchExpressions[0].operator'],
    ['In without values', { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, 'spec.podSelector.matchExpressions[0].values'],
    ['Exists with values', { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }, 'spec.podSelector.matchExpressions[0].values'],
    ['a number as a label value', { matchLabels: { app: 1 } }, 'spec.podSelector.matchLabels'],
  ])('reports %s at its field path', (_name, selector, field) => {
    const problems: Problem[] = [];
    compileSelector(selector, 'spec.podSelector', problems);
    expect(problems.map((p) => p.field)).toEqual([expect.stringContaining(field)]);
  });
});
