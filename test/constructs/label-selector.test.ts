import { LabelExpression, LabelSelector, LabelSelectorOperator } from '../../src';
import { inputErrorOf } from '../support/builders';

describe('LabelSelector', () => {
  test('renders matchLabels and matchExpressions together', () => {
    const selector = LabelSelector.of({
      labels: { app: 'api' },
      expressions: [LabelExpression.in('tier', ['web', 'api']), LabelExpression.doesNotExist('legacy')],
    });
    expect(selector._toKube()).toEqual({
      matchLabels: { app: 'api' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['api', 'web'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
  });

  test('says what it selects in kubectl notation', () => {
    expect(String(LabelSelector.of({ labels: { app: 'api' }, expressions: [LabelExpression.notIn('env', ['dev'])] }))).toBe('{app=api,env notin (dev)}');
    expect(String(LabelSelector.all())).toBe('{}');
  });

  test('the empty selector renders as {} and selects everything', () => {
    expect(LabelSelector.all().isEmpty()).toBe(true);
    expect(LabelSelector.of()._toKube()).toEqual({});
  });

  test('returns copies of its labels and expressions', () => {
    const selector = LabelSelector.of({ labels: { app: 'api' }, expressions: [LabelExpression.exists('tier')] });
    selector.labels.app = 'changed';
    selector.expressions.pop();
    expect(selector.labels).toEqual({ app: 'api' });
    expect(selector.expressions.map(String)).toEqual(['tier']);
  });

  test('rejects an invalid label key and value at the factory, naming both', () => {
    const message = inputErrorOf(() => LabelSelector.of({ labels: { 'a/b/c': 'x', 'app': '-bad' } }));
    expect(message).toContain('LabelSelector.of: labels: Invalid value: "a/b/c"');
    expect(message).toContain('labels.app: Invalid value: "-bad": a valid label must be an empty string');
  });
});

describe('LabelExpression', () => {
  test('carries the operator wire values', () => {
    expect([LabelExpression.in('a', ['1']), LabelExpression.notIn('a', ['1']), LabelExpression.exists('a'), LabelExpression.doesNotExist('a')].map((e) => e.operator))
      .toEqual([LabelSelectorOperator.IN, LabelSelectorOperator.NOT_IN, LabelSelectorOperator.EXISTS, LabelSelectorOperator.DOES_NOT_EXIST]);
    expect(LabelSelectorOperator.NOT_IN).toBe('NotIn');
  });

  test('says what it requires in kubectl notation', () => {
    expect([LabelExpression.in('tier', ['web', 'api']), LabelExpression.notIn('env', ['dev']), LabelExpression.exists('team'), LabelExpression.doesNotExist('legacy')].map(String))
      .toEqual(['tier in (api,web)', 'env notin (dev)', 'team', '!legacy']);
  });

  test('sorts and deduplicates values so equal expressions render equally', () => {
    expect(LabelExpression.in('tier', ['web', 'api', 'web']).values).toEqual(['api', 'web']);
  });

  test('requires values for In and NotIn, as the API server does', () => {
    expect(inputErrorOf(() => LabelExpression.in('tier', []))).toBe("LabelExpression.in: values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
  });

  test('rejects an invalid key', () => {
    expect(inputErrorOf(() => LabelExpression.exists('Example.com/app'))).toContain('LabelExpression.exists: key: Invalid value: "Example.com/app": prefix part');
  });
});
