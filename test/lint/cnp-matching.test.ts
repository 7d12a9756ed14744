import { ClusterPeer, compileClusterPolicy } from '../../src/evaluator/cluster-policy';
import { Problem } from '../../src/evaluator/errors';
import { KubeObject } from '../../src/evaluator/kube';
import { compileSelector, LabelSelector } from '../../src/evaluator/selector';
import { peerCovers, peersMayOverlap, selectorCovers, selectorsMayOverlap } from '../../src/lint/rules/support/cnp-matching';
import { clusterPolicy } from '../cluster-policy/builders';

const selector = (raw: LabelSelector) => compileSelector(raw, 'test', []);
const labels = (matchLabels: Record<string, string>) => ({ matchLabels });
const expr = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });

/** The compiled egress peer of a one-rule policy. */
function peer(raw: KubeObject): ClusterPeer {
  const problems: Problem[] = [];
  const compiled = compileClusterPolicy({ object: clusterPolicy('p', { egress: [{ action: 'Deny', to: [raw] }] }) }, 0, problems);
  expect(problems).toEqual([]);
  return compiled.rules.Egress[0].peers[0];
}

describe('label selector containment, proven from the requirements', () => {
  test.each([
    ['{} covers anything', {}, labels({ a: '1' }), true],
    ['a label covers itself with more labels', labels({ a: '1' }), labels({ a: '1', b: '2' }), true],
    ['a label does not cover {}', labels({ a: '1' }), {}, false],
    ['a label does not cover another value', labels({ a: '1' }), labels({ a: '2' }), false],
    ['In covers a subset', expr('a', 'In', ['1', '2']), expr('a', 'In', ['2']), true],
    ['In does not cover a superset', expr('a', 'In', ['1']), expr('a', 'In', ['1', '2']), false],
    ['In covers the intersection of two Ins', expr('a', 'In', ['1']), { matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }, { key: 'a', operator: 'In', values: ['1', '3'] }] }, true],
    ['Exists covers In', expr('a', 'Exists'), expr('a', 'In', ['x']), true],
    ['Exists does not cover NotIn', expr('a', 'Exists'), expr('a', 'NotIn', ['x']), false],
    ['NotIn covers DoesNotExist', expr('a', 'NotIn', ['x']), expr('a', 'DoesNotExist'), true],
    ['NotIn covers a larger NotIn', expr('a', 'NotIn', ['x']), expr('a', 'NotIn', ['x', 'y']), true],
    ['NotIn does not cover a smaller NotIn', expr('a', 'NotIn', ['x', 'y']), expr('a', 'NotIn', ['x']), false],
    ['NotIn covers an In of other values', expr('a', 'NotIn', ['x']), expr('a', 'In', ['y', 'z']), true],
    ['DoesNotExist covers only DoesNotExist', expr('a', 'DoesNotExist'), expr('a', 'NotIn', ['x']), false],
    ['nothing is claimed for a selector that matches nothing', labels({ a: '1' }), { matchLabels: { a: '1' }, ...expr('a', 'DoesNotExist') }, false],
  ])('%s', (_title, outer, inner, covers) => {
    expect(selectorCovers(selector(outer), selector(inner))).toBe(covers);
  });
});

describe('label selector overlap: disjoint only when the requirements contradict', () => {
  test.each([
    ['{} and anything', {}, labels({ a: '1' }), true],
    ['different keys', labels({ a: '1' }), labels({ b: '1' }), true],
    ['different values of one key', labels({ a: '1' }), labels({ a: '2' }), false],
    ['In against NotIn of all its values', expr('a', 'In', ['1', '2']), expr('a', 'NotIn', ['1', '2']), false],
    ['In against NotIn of some values', expr('a', 'In', ['1', '2']), expr('a', 'NotIn', ['1']), true],
    ['Exists against DoesNotExist', expr('a', 'Exists'), expr('a', 'DoesNotExist'), false],
    ['NotIn against DoesNotExist', expr('a', 'NotIn', ['1']), expr('a', 'DoesNotExist'), true],
  ])('%s: %s', (_title, a, b, overlap) => {
    expect(selectorsMayOverlap(selector(a), selector(b))).toBe(overlap);
    expect(selectorsMayOverlap(selector(b), selector(a))).toBe(overlap);
  });
});

describe('peer coverage and overlap', () => {
  test.each([
    ['a wildcard covers names below it', { domainNames: ['*.example.com'] }, { domainNames: ['a.example.com', '*.b.example.com'] }, true],
    ['a wildcard does not cover its own apex', { domainNames: ['*.example.com'] }, { domainNames: ['example.com'] }, false],
    ['a name covers only itself', { domainNames: ['a.example.com'] }, { domainNames: ['b.a.example.com'] }, false],
    ['a wider network covers a narrower one', { networks: ['10.0.0.0/8'] }, { networks: ['10.1.0.0/16', '10.2.0.0/16'] }, true],
    ['a network does not cover one that leaves it', { networks: ['10.0.0.0/8'] }, { networks: ['10.0.0.0/7'] }, false],
    ['every address covers node addresses', { networks: ['0.0.0.0/0', '::/0'] }, { nodes: {} }, true],
    ['networks are not claimed to cover pods (templates have no IPs)', { networks: ['0.0.0.0/0', '::/0'] }, { namespaces: {} }, false],
    ['namespaces {} covers pods in any namespace', { namespaces: {} }, { pods: { podSelector: labels({ app: 'a' }) } }, true],
    ['pods with a label do not cover namespaces', { pods: { namespaceSelector: {}, podSelector: labels({ app: 'a' }) } }, { namespaces: {} }, false],
  ])('%s', (_title, outer, inner, covers) => {
    expect(peerCovers(peer(outer), peer(inner))).toBe(covers);
  });

  test.each([
    ['pods and nodes never meet', { namespaces: {} }, { nodes: {} }, false],
    ['pods and domain names never meet', { namespaces: {} }, { domainNames: ['a.example.com'] }, false],
    ['networks may hold pod IPs', { networks: ['10.0.0.0/8'] }, { namespaces: {} }, true],
    ['separate networks do not meet', { networks: ['10.0.0.0/8'] }, { networks: ['192.168.0.0/16'] }, false],
    ['nested wildcards meet', { domainNames: ['*.example.com'] }, { domainNames: ['*.a.example.com'] }, true],
    ['unrelated names do not meet', { domainNames: ['*.example.com'] }, { domainNames: ['*.example.org'] }, false],
    ['pods in different namespaces do not meet', { namespaces: labels({ 'kubernetes.io/metadata.name': 'a' }) }, { pods: { namespaceSelector: labels({ 'kubernetes.io/metadata.name': 'b' }), podSelector: {} } }, false],
  ])('%s', (_title, a, b, overlap) => {
    expect(peersMayOverlap(peer(a), peer(b))).toBe(overlap);
    expect(peersMayOverlap(peer(b), peer(a))).toBe(overlap);
  });
});
