import { EndpointSpec } from '../../src/evaluator/flows';
import { KubeObject, Protocol } from '../../src/evaluator/kube';
import { cluster, evaluate, lab, namespace, pod, policy } from '../support/builders';

/**
 * Reasons of denied flows: for each denied side, who isolates it and, per rule of each selecting
 * policy, what the flow lacks (a pod label, a namespace label, a port). Each expected reason is
 * the list of fragments it must contain, in order.
 */

const selectPodA = { podSelector: { matchLabels: { pod: 'a' } } };

function reasonsOf(objects: KubeObject[], from: EndpointSpec, to: EndpointSpec, port: number | string, protocol: Protocol = 'TCP'): string[] {
  return evaluate(cluster(objects), from, to, port, protocol).reasons;
}

/** Each reason as a regular expression of its fragments, in order. */
function reasonsLike(...lines: string[][]): RegExp[] {
  return lines.map((fragments) => new RegExp(fragments.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')));
}

function expectReasons(reasons: string[], ...lines: string[][]): void {
  const patterns = reasonsLike(...lines);
  expect(reasons).toHaveLength(patterns.length);
  reasons.forEach((reason, i) => expect(reason).toMatch(patterns[i]));
}

describe('reasons of a denied flow', () => {
  test('name the isolating policy, the rule and the pod label the source lacks', () => {
    const objects = lab(policy('x/a-from-b', { ...selectPodA, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] }));
    expectReasons(reasonsOf(objects, 'x/c', 'x/a', 80),
      ['ingress to x/a', 'isolated by x/a-from-b', 'no rule allows this flow'],
      ['x/a-from-b rule 0', 'peer 0', 'x/c {pod=c}', 'lacks pod=b', '(podSelector)']);
  });

  test('name the namespace label the source namespace lacks', () => {
    const objects = lab(policy('x/from-y', { ...selectPodA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] }));
    expectReasons(reasonsOf(objects, 'z/a', 'x/a', 80),
      ['ingress to x/a', 'isolated by x/from-y'],
      ['x/from-y rule 0', 'peer 0', 'namespace z', 'ns=z', 'lacks ns=y', '(namespaceSelector)']);
  });

  test('name the unmet requirement of a matchExpressions selector', () => {
    const objects = lab(policy('x/not-z', { ...selectPodA, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['z'] }] } }] }] }));
    expectReasons(reasonsOf(objects, 'z/a', 'x/a', 80),
      ['ingress to x/a', 'isolated by x/not-z'],
      ['x/not-z rule 0', 'namespace z', 'lacks ns notin (z)']);
  });

  test('say that a podSelector alone covers only the policy namespace', () => {
    const objects = lab(policy('x/from-b', { ...selectPodA, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] }));
    expectReasons(reasonsOf(objects, 'y/b', 'x/a', 80),
      ['ingress to x/a', 'isolated by x/from-b'],
      ['x/from-b rule 0', 'peer 0', 'covers namespace x only', 'y/b is in y']);
  });

  test('name the port and protocol the rule does not list', () => {
    const objects = lab(policy('x/http', { ...selectPodA, ingress: [{ ports: [{ port: 80 }, { port: 8000, endPort: 8100 }, { protocol: 'UDP' }] }] }));
    expectReasons(reasonsOf(objects, 'x/b', 'x/a', 81),
      ['ingress to x/a', 'isolated by x/http'],
      ['x/http rule 0', 'TCP 81 is not among the rule\'s ports', 'TCP 80', 'TCP 8000-8100', 'UDP any port']);
  });

  test('name both the peer and the port when both miss', () => {
    const objects = lab(policy('x/b-80', { ...selectPodA, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 80 }] }] }));
    expectReasons(reasonsOf(objects, 'x/c', 'x/a', 81),
      ['ingress to x/a', 'isolated by x/b-80'],
      ['x/b-80 rule 0', 'lacks pod=b', '; and ', 'TCP 81 is not among the rule\'s ports (TCP 80)']);
  });

  test('say what a named port is on the destination, or that it lacks it', () => {
    const objects = [
      namespace('shop'),
      pod('shop/web', { labels: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] }),
      pod('shop/db', { labels: { app: 'db' }, ports: [{ name: 'sql', port: 5432 }] }),
      policy('shop/http-only', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] }),
    ];
    expectReasons(reasonsOf(objects, 'shop/db', 'shop/web', 80),
      ['ingress to shop/web', 'isolated by shop/http-only'],
      ['shop/http-only rule 0', 'TCP "http" is 8080 on shop/web']);
    expectReasons(reasonsOf(objects, 'shop/web', 'shop/db', 5432),
      ['ingress to shop/db', 'isolated by shop/http-only'],
      ['shop/http-only rule 0', 'shop/db declares no TCP port named "http"']);
  });

  test('say that an address is outside an ipBlock, and that selectors never match an address', () => {
    const objects = lab(policy('x/out', { ...selectPodA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.9.0.0/16'] } }, { namespaceSelector: {} }] }] }));
    expectReasons(reasonsOf(objects, 'x/a', '203.0.113.5', 443),
      ['egress from x/a', 'isolated by x/out'],
      ['x/out rule 0', 'peer 0: 203.0.113.5 is outside ipBlock 10.0.0.0/8 except 10.9.0.0/16', 'peer 1: selectors match pods only, not 203.0.113.5']);
  });

  test('say deny-all when no selecting policy has a rule for the direction', () => {
    const objects = lab(policy('x/deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    expectReasons(reasonsOf(objects, 'x/a', 'x/b', 80),
      ['egress from x/a', 'isolated by x/deny-all', 'no policy has a rule for this direction (deny all)'],
      ['ingress to x/b', 'isolated by x/deny-all', 'no policy has a rule for this direction (deny all)']);
  });

  test('list every rule of every selecting policy, policies sorted by name', () => {
    const objects = lab(
      policy('x/z-ports', { ...selectPodA, ingress: [{ ports: [{ port: 443 }] }] }),
      policy('x/a-peers', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }, { from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] }),
    );
    expectReasons(reasonsOf(objects, 'x/c', 'x/a', 80),
      ['ingress to x/a', 'isolated by x/a-peers, x/z-ports', 'no rule allows this flow'],
      ['x/a-peers rule 0', 'lacks pod=b'],
      ['x/a-peers rule 1', 'ipBlock 203.0.113.0/24 does not cover x/c (pod IP 10.1.0.3)'],
      ['x/z-ports rule 0', 'TCP 80 is not among the rule\'s ports (TCP 443)']);
  });

  test('explain the egress side first, then the ingress side', () => {
    const objects = lab(
      policy('x/no-out', { ...selectPodA, policyTypes: ['Egress'] }),
      policy('y/no-in', { podSelector: {}, policyTypes: ['Ingress'] }),
    );
    expectReasons(reasonsOf(objects, 'x/a', 'y/a', 80),
      ['egress from x/a', 'isolated by x/no-out'],
      ['ingress to y/a', 'isolated by y/no-in']);
  });

  test('are empty for an allowed flow and never explain the allowing side', () => {
    const objects = lab(policy('x/from-b', { ...selectPodA, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] }), policy('y/deny', { podSelector: {} }));
    expect(reasonsOf(objects, 'x/b', 'x/a', 80)).toEqual([]);
    expectReasons(reasonsOf(objects, 'x/a', 'y/a', 80), ['ingress to y/a', 'isolated by y/deny']);
  });
});
