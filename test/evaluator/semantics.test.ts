import { EndpointSpec } from '../../src/evaluator/flows';
import { KubeObject, Protocol } from '../../src/evaluator/kube';
import { ModelOptions } from '../../src/evaluator/model';
import { check, cluster, evaluate, inputErrorOf, lab, namespace, node, pod, policy, service, verdict } from '../support/builders';

/**
 * networking.k8s.io/v1 semantics, one test (or table) per rule of conformance/SEMANTICS.md.
 * Most tests use the e2e lab: namespaces x, y, z (label ns=<name>), pods a, b, c (label pod=<name>)
 * at 10.<1|2|3>.0.<1|2|3>, serving TCP, UDP and SCTP on 80 and 81 under names like serve-80-tcp.
 */

type Flow = [from: EndpointSpec, to: EndpointSpec, port: number | string, protocol: Protocol, expected: 'allow' | 'deny' | 'partial'];

/** Every flow's verdict in one model, as `[from, to, port, protocol, verdict]` rows for a readable diff. */
function verdicts(objects: KubeObject[], flows: Flow[], options?: ModelOptions): Flow[] {
  const model = cluster(objects, options);
  return flows.map(([from, to, port, protocol]) => [from, to, port, protocol, verdict(model, from, to, port, protocol)]);
}

const selectPodA = { podSelector: { matchLabels: { pod: 'a' } } };
const onlyPod = (name: string) => ({ podSelector: { matchLabels: { pod: name } } });
const EXTERNAL = '203.0.113.5';

describe('A. Isolation and combination', () => {
  test('rule 1: a pod that no policy selects accepts and sends everything; policies never touch pods they do not select', () => {
    // GIVEN a deny-all policy (both directions) selecting only x/a
    const objects = lab(policy('x/deny-a', { ...selectPodA, policyTypes: ['Ingress', 'Egress'] }));
    const flows: Flow[] = [
      ['x/b', 'x/c', 80, 'TCP', 'allow'],
      ['y/a', 'x/b', 81, 'UDP', 'allow'],
      [EXTERNAL, 'x/c', 80, 'SCTP', 'allow'],
      ['x/c', EXTERNAL, 443, 'TCP', 'allow'],
      ['x/b', 'x/a', 80, 'TCP', 'deny'],
      ['x/a', 'x/b', 80, 'TCP', 'deny'],
    ];
    // THEN only flows touching x/a change
    expect(verdicts(objects, flows)).toEqual(flows);
  });

  test.each([
    ['an ingress-only policy', ['Ingress'], 'deny', 'allow'],
    ['an egress-only policy', ['Egress'], 'allow', 'deny'],
  ])('rule 2: %s isolates x/a in that direction only', (_name, policyTypes, ingressVerdict, egressVerdict) => {
    const model = cluster(lab(policy('x/deny', { ...selectPodA, policyTypes })));
    expect({ ingress: verdict(model, 'y/a', 'x/a', 80), egress: verdict(model, 'x/a', 'y/a', 80) })
      .toEqual({ ingress: ingressVerdict, egress: egressVerdict });
  });

  const egressToDocNet = [{ to: [{ ipBlock: { cidr: '198.51.100.0/24' } }] }];
  test.each([
    ['nothing but podSelector', {}, 'deny', 'allow'],
    ['ingress: []', { ingress: [] }, 'deny', 'allow'],
    ['egress: [] (does not isolate egress)', { egress: [] }, 'deny', 'allow'],
    ['only egress rules (isolate ingress too)', { egress: egressToDocNet }, 'deny', 'deny'],
    ['policyTypes: [] and egress rules (same as absent)', { policyTypes: [], egress: egressToDocNet }, 'deny', 'deny'],
    ['allow-all ingress and egress rules', { ingress: [{}], egress: egressToDocNet }, 'allow', 'deny'],
    ['ingress rules only', { ingress: [{ from: [{ podSelector: {} }] }] }, 'deny', 'allow'],
  ])('rule 3: without policyTypes, %s -> ingress from y/a %s, egress to y/a %s', (_name, spec, ingressVerdict, egressVerdict) => {
    const model = cluster(lab(policy('x/p', { ...selectPodA, ...spec })));
    expect({ ingress: verdict(model, 'y/a', 'x/a', 80), egress: verdict(model, 'x/a', 'y/a', 80) })
      .toEqual({ ingress: ingressVerdict, egress: egressVerdict });
  });

  test.each([
    ['[Egress] with an ingress section (ignored)', { policyTypes: ['Egress'], ingress: [{ from: [onlyPod('none')] }] }, 'allow', 'deny'],
    ['[Ingress] with egress rules (ignored)', { policyTypes: ['Ingress'], egress: egressToDocNet }, 'deny', 'allow'],
    ['[Ingress, Egress] with no rules (deny all)', { policyTypes: ['Ingress', 'Egress'] }, 'deny', 'deny'],
    ['[Egress] with egress: [{}]', { policyTypes: ['Egress'], egress: [{}] }, 'allow', 'allow'],
    ['[Egress, Ingress] in any order', { policyTypes: ['Egress', 'Ingress'], ingress: [{}] }, 'allow', 'deny'],
  ])('rule 4: explicit policyTypes %s -> ingress %s, egress %s', (_name, spec, ingressVerdict, egressVerdict) => {
    const model = cluster(lab(policy('x/p', { ...selectPodA, ...spec })));
    expect({ ingress: verdict(model, 'y/a', 'x/a', 80), egress: verdict(model, 'x/a', 'y/a', 80) })
      .toEqual({ ingress: ingressVerdict, egress: egressVerdict });
  });

  const anything: Array<[EndpointSpec, number, Protocol]> = [['x/b', 80, 'TCP'], ['y/c', 81, 'UDP'], ['z/a', 80, 'SCTP'], [EXTERNAL, 12345, 'TCP'], [{ namespace: 'w', labels: {} }, 1, 'UDP']];
  test.each([
    ['ingress missing', { policyTypes: ['Ingress'] }, 'deny'],
    ['ingress: []', { policyTypes: ['Ingress'], ingress: [] }, 'deny'],
    ['ingress: [{}]', { ingress: [{}] }, 'allow'],
    ['ingress: [{from: [], ports: []}]', { ingress: [{ from: [], ports: [] }] }, 'allow'],
  ])('rule 5: %s gives %s for every source, port and protocol', (_name, spec, expected) => {
    const model = cluster(lab(policy('x/p', { ...selectPodA, ...spec })));
    expect(anything.map(([from, port, protocol]) => verdict(model, from, 'x/a', port, protocol))).toEqual(anything.map(() => expected));
  });

  test.each([
    ['egress missing', { policyTypes: ['Egress'] }, 'deny'],
    ['egress: []', { policyTypes: ['Egress'], egress: [] }, 'deny'],
    ['egress: [{}]', { policyTypes: ['Egress'], egress: [{}] }, 'allow'],
  ])('rule 5: %s gives %s for every destination, port and protocol', (_name, spec, expected) => {
    const model = cluster(lab(policy('x/p', { ...selectPodA, ...spec })));
    expect(anything.map(([to, port, protocol]) => verdict(model, 'x/a', to, port, protocol))).toEqual(anything.map(() => expected));
  });

  test.each<[string, KubeObject, Flow[]]>([
    ['peers AND ports', { from: [onlyPod('b')], ports: [{ port: 80 }] }, [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/b', 'x/a', 81, 'TCP', 'deny'],
      ['x/c', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['from: [] is every endpoint, pods and addresses', { from: [], ports: [{ port: 80 }] }, [
      ['y/c', 'x/a', 80, 'TCP', 'allow'],
      [EXTERNAL, 'x/a', 80, 'TCP', 'allow'],
      [EXTERNAL, 'x/a', 81, 'TCP', 'deny'],
    ]],
    ['ports missing is every port of every protocol', { from: [onlyPod('b')] }, [
      ['x/b', 'x/a', 81, 'UDP', 'allow'],
      ['x/b', 'x/a', 80, 'SCTP', 'allow'],
      ['x/c', 'x/a', 80, 'TCP', 'deny'],
    ]],
  ])('rule 6: inside one rule, %s', (_name, rule, flows) => {
    expect(verdicts(lab(policy('x/p', { ...selectPodA, ingress: [rule] })), flows)).toEqual(flows);
  });

  test.each<[string, KubeObject[], Flow[]]>([
    ['rules', [{ from: [onlyPod('b')], ports: [{ port: 80 }] }, { from: [onlyPod('c')], ports: [{ port: 81 }] }], [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/c', 'x/a', 81, 'TCP', 'allow'],
      ['x/b', 'x/a', 81, 'TCP', 'deny'],
      ['x/c', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['peers', [{ from: [onlyPod('b'), onlyPod('c')] }], [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/c', 'x/a', 80, 'TCP', 'allow'],
      ['y/b', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['ports', [{ ports: [{ port: 80 }, { port: 81, protocol: 'UDP' }] }], [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/b', 'x/a', 81, 'UDP', 'allow'],
      ['x/b', 'x/a', 81, 'TCP', 'deny'],
      ['x/b', 'x/a', 80, 'UDP', 'deny'],
    ]],
  ])('rule 7: %s are ORed', (_name, ingress, flows) => {
    expect(verdicts(lab(policy('x/p', { ...selectPodA, ingress })), flows)).toEqual(flows);
  });

  test('rule 8: policies selecting a pod are unioned; a deny-all adds nothing and takes nothing away', () => {
    // GIVEN a namespace-wide deny-all, a policy allowing 80 from b to a, and one allowing 81 from b to every pod
    const policies = [
      policy('x/deny-all', { podSelector: {}, policyTypes: ['Ingress'] }),
      policy('x/a-80-from-b', { ...selectPodA, ingress: [{ from: [onlyPod('b')], ports: [{ port: 80 }] }] }),
      policy('x/all-81-from-b', { podSelector: {}, ingress: [{ from: [onlyPod('b')], ports: [{ port: 81 }] }] }),
    ];
    const flows: Flow[] = [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/b', 'x/a', 81, 'TCP', 'allow'],
      ['x/b', 'x/c', 81, 'TCP', 'allow'],
      ['x/b', 'x/c', 80, 'TCP', 'deny'],
      ['x/c', 'x/a', 80, 'TCP', 'deny'],
    ];
    // THEN each allow stands, whatever the order of the objects
    expect(verdicts(lab(...policies), flows)).toEqual(flows);
    expect(verdicts([...lab(...policies)].reverse(), flows)).toEqual(flows);
  });

  test('rule 8: every allowing rule of every selecting policy is reported, sorted', () => {
    const model = cluster(lab(
      policy('x/z-last', { ...selectPodA, ingress: [{ ports: [{ port: 81 }] }, { from: [onlyPod('b')] }] }),
      policy('x/a-first', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }),
    ));
    expect(evaluate(model, 'x/b', 'x/a', 81).ingress).toEqual(expect.objectContaining({
      selectedBy: ['x/a-first', 'x/z-last'],
      allowedBy: [{ policy: 'x/a-first', rule: 0 }, { policy: 'x/z-last', rule: 0 }, { policy: 'x/z-last', rule: 1 }],
    }));
  });

  test.each<[string, KubeObject[], Flow]>([
    ['egress deny at the client beats an ingress allow at the server', [
      policy('x/no-egress', { ...selectPodA, policyTypes: ['Egress'] }),
      policy('y/allow-all', { podSelector: {}, ingress: [{}] }),
    ], ['x/a', 'y/a', 80, 'TCP', 'deny']],
    ['ingress deny at the server beats an egress allow at the client', [
      policy('x/egress-all', { ...selectPodA, egress: [{}], policyTypes: ['Egress'] }),
      policy('y/deny', { podSelector: {}, policyTypes: ['Ingress'] }),
    ], ['x/a', 'y/a', 80, 'TCP', 'deny']],
    ['both sides allow', [
      policy('x/egress-to-y', { ...selectPodA, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] }),
      policy('y/from-x', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'x' } } }] }] }),
    ], ['x/a', 'y/a', 80, 'TCP', 'allow']],
    ['an external source has no egress side', [
      policy('y/from-doc-net', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] }),
    ], [EXTERNAL, 'y/a', 80, 'TCP', 'allow']],
    ['an external destination has no ingress side', [
      policy('x/to-doc-net', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] }),
    ], ['x/a', EXTERNAL, 80, 'TCP', 'allow']],
  ])('rule 9: %s', (_name, policies, flow) => {
    expect(verdicts(lab(...policies), [flow])).toEqual([flow]);
  });

  test('rule 9: the external side of a flow is reported open', () => {
    const model = cluster(lab(policy('y/deny', { podSelector: {} })));
    expect(evaluate(model, EXTERNAL, 'y/a', 80)).toEqual(expect.objectContaining({
      verdict: 'deny',
      egress: expect.objectContaining({ isolated: false, selectedBy: [], allowedBy: [], allowed: true }),
      ingress: expect.objectContaining({ isolated: true, selectedBy: ['y/deny'], allowed: false }),
    }));
  });
});

describe('B. Which pods a policy selects', () => {
  test('rule 10: a policy selects pods of its own namespace only, whatever their labels', () => {
    const flows: Flow[] = [
      ['y/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/b', 'y/a', 80, 'TCP', 'deny'],
      ['x/b', 'y/c', 80, 'TCP', 'deny'],
    ];
    expect(verdicts(lab(policy('y/deny-all', { podSelector: {} })), flows)).toEqual(flows);
  });

  test('rule 10: podSelector {} selects every pod of the namespace, pods from workload templates included', () => {
    const objects = lab(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'x' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } },
      policy('x/deny-all', { podSelector: {} }),
    );
    const model = cluster(objects);
    expect(['x/a', 'x/b', 'x/c', 'x/web'].map((to) => evaluate(model, 'y/a', to, 80).ingress.selectedBy)).toEqual([['x/deny-all'], ['x/deny-all'], ['x/deny-all'], ['x/deny-all']]);
  });

  test('rule 11: a policy whose podSelector matches nothing isolates nobody', () => {
    const model = cluster(lab(policy('x/deny-nobody', { podSelector: { matchLabels: { pod: 'nothing' } }, policyTypes: ['Ingress', 'Egress'] })));
    const results = ['x/a', 'x/b', 'x/c'].map((target) => evaluate(model, 'y/a', target, 80));
    expect(results.map((r) => [r.verdict, r.ingress.isolated, r.ingress.selectedBy])).toEqual([['allow', false, []], ['allow', false, []], ['allow', false, []]]);
  });
});

describe('C. Peers (from / to)', () => {
  const ingressFrom = (from: KubeObject[]) => lab(policy('x/p', { ...selectPodA, ingress: [{ from }] }));

  test.each<[string, KubeObject[], Flow[]]>([
    ['podSelector only covers the policy namespace', [onlyPod('b')], [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['y/b', 'x/a', 80, 'TCP', 'deny'],
      ['z/b', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['podSelector {} alone is every pod of the policy namespace', [{ podSelector: {} }], [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/c', 'x/a', 80, 'TCP', 'allow'],
      [{ namespace: 'x', labels: { any: 'thing' } }, 'x/a', 80, 'TCP', 'allow'],
      ['y/a', 'x/a', 80, 'TCP', 'deny'],
      [EXTERNAL, 'x/a', 80, 'TCP', 'deny'],
    ]],
  ])('rule 12: %s', (_name, from, flows) => {
    expect(verdicts(ingressFrom(from), flows)).toEqual(flows);
  });

  test.each<[string, KubeObject[], Flow[]]>([
    ['namespaceSelector only is every pod of the matching namespaces', [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], [
      ['y/a', 'x/a', 80, 'TCP', 'allow'],
      ['y/c', 'x/a', 80, 'TCP', 'allow'],
      ['x/b', 'x/a', 80, 'TCP', 'deny'],
      ['z/b', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['namespaceSelector {} is every pod of every namespace, and no address', [{ namespaceSelector: {} }], [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['y/a', 'x/a', 80, 'TCP', 'allow'],
      ['z/c', 'x/a', 80, 'TCP', 'allow'],
      [{ namespace: 'undeclared', labels: {} }, 'x/a', 80, 'TCP', 'allow'],
      [EXTERNAL, 'x/a', 80, 'TCP', 'deny'],
      ['2001:db8::1', 'x/a', 80, 'TCP', 'deny'],
    ]],
  ])('rule 13: %s', (_name, from, flows) => {
    expect(verdicts(ingressFrom(from), flows)).toEqual(flows);
  });

  test('rule 14: podSelector and namespaceSelector in one peer are ANDed', () => {
    const flows: Flow[] = [
      ['y/b', 'x/a', 80, 'TCP', 'allow'],
      ['y/a', 'x/a', 80, 'TCP', 'deny'],
      ['x/b', 'x/a', 80, 'TCP', 'deny'],
      ['z/b', 'x/a', 80, 'TCP', 'deny'],
    ];
    expect(verdicts(ingressFrom([{ namespaceSelector: { matchLabels: { ns: 'y' } }, ...onlyPod('b') }]), flows)).toEqual(flows);
  });

  test('rule 15: podSelector and namespaceSelector in separate peers are ORed', () => {
    const flows: Flow[] = [
      ['y/a', 'x/a', 80, 'TCP', 'allow'],
      ['y/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/c', 'x/a', 80, 'TCP', 'deny'],
      ['z/b', 'x/a', 80, 'TCP', 'deny'],
    ];
    expect(verdicts(ingressFrom([{ namespaceSelector: { matchLabels: { ns: 'y' } } }, onlyPod('b')]), flows)).toEqual(flows);
  });

  const bare = (ns: string): EndpointSpec => ({ namespace: ns, labels: {} });
  test.each<[string, KubeObject, Flow[]]>([
    ['pod NotIn matches pods without the key', { podSelector: { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['b'] }] } }, [
      ['x/c', 'x/a', 80, 'TCP', 'allow'],
      [bare('x'), 'x/a', 80, 'TCP', 'allow'],
      ['x/b', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['pod DoesNotExist', { podSelector: { matchExpressions: [{ key: 'pod', operator: 'DoesNotExist' }] } }, [
      [bare('x'), 'x/a', 80, 'TCP', 'allow'],
      ['x/c', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['namespace NotIn matches namespaces without the key', { namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['y'] }] } }, [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['z/b', 'x/a', 80, 'TCP', 'allow'],
      [bare('undeclared'), 'x/a', 80, 'TCP', 'allow'],
      ['y/b', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['namespace DoesNotExist', { namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'DoesNotExist' }] } }, [
      [bare('undeclared'), 'x/a', 80, 'TCP', 'allow'],
      ['y/b', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['namespace In and pod Exists, ANDed', { namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'In', values: ['y', 'z'] }] }, podSelector: { matchExpressions: [{ key: 'pod', operator: 'Exists' }] } }, [
      ['y/a', 'x/a', 80, 'TCP', 'allow'],
      ['z/c', 'x/a', 80, 'TCP', 'allow'],
      [bare('y'), 'x/a', 80, 'TCP', 'deny'],
      ['x/b', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['matchLabels and matchExpressions, ANDed', { podSelector: { matchLabels: { pod: 'b' }, matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] } }, [
      ['x/b', 'x/a', 80, 'TCP', 'allow'],
      ['x/c', 'x/a', 80, 'TCP', 'deny'],
    ]],
  ])('rule 16: %s', (_name, peer, flows) => {
    expect(verdicts(ingressFrom([peer]), flows)).toEqual(flows);
  });

  test('rule 17: every namespace carries kubernetes.io/metadata.name, declared, lying or undeclared', () => {
    // GIVEN namespace v declared with a wrong name label, and namespace w never declared
    const objects = lab(
      namespace('v', { 'kubernetes.io/metadata.name': 'impostor' }),
      pod('v/a', { labels: { pod: 'a' } }),
      pod('w/a', { labels: { pod: 'a' } }),
      policy('x/p', { ...selectPodA, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['y', 'v', 'w'] }] } }] }] }),
    );
    const flows: Flow[] = [
      ['y/a', 'x/a', 80, 'TCP', 'allow'],
      ['v/a', 'x/a', 80, 'TCP', 'allow'],
      ['w/a', 'x/a', 80, 'TCP', 'allow'],
      ['z/a', 'x/a', 80, 'TCP', 'deny'],
    ];
    expect(verdicts(objects, flows)).toEqual(flows);
    expect(verdict(cluster(lab(pod('v/a'), namespace('v', { 'kubernetes.io/metadata.name': 'impostor' }), policy('x/p', { ...selectPodA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'impostor' } } }] }] }))), 'v/a', 'x/a', 80)).toBe('deny');
  });

  const egressTo = (ipBlock: KubeObject) => lab(policy('x/p', { ...selectPodA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock }] }] }));
  test.each<[string, KubeObject, Array<[string, 'allow' | 'deny']>]>([
    ['IPv4 with except: bounds inclusive, except removed', { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] }, [
      ['203.0.113.0', 'allow'], ['203.0.113.127', 'allow'], ['203.0.113.128', 'deny'], ['203.0.113.255', 'deny'], ['203.0.114.0', 'deny'], ['203.0.112.255', 'deny'],
    ]],
    ['IPv4 /32 is one address', { cidr: '198.51.100.7/32' }, [['198.51.100.7', 'allow'], ['198.51.100.6', 'deny'], ['198.51.100.8', 'deny']]],
    ['IPv4 with host bits set is the masked network', { cidr: '198.51.100.7/24' }, [['198.51.100.0', 'allow'], ['198.51.100.255', 'allow'], ['198.51.101.0', 'deny']]],
    ['IPv4 0.0.0.0/0 is every IPv4 address and no IPv6 one', { cidr: '0.0.0.0/0' }, [['0.0.0.0', 'allow'], ['255.255.255.255', 'allow'], ['2001:db8::1', 'deny']]],
    ['IPv6 with except', { cidr: '2001:db8::/64', except: ['2001:db8::/120'] }, [
      ['2001:db8::1', 'deny'], ['2001:db8::ff', 'deny'], ['2001:db8::100', 'allow'], ['2001:db8::ffff:ffff:ffff:ffff', 'allow'], ['2001:db8:0:1::', 'deny'],
    ]],
    ['IPv6 /128 is one address', { cidr: '2001:db8::5/128' }, [['2001:db8::5', 'allow'], ['2001:db8::4', 'deny'], ['2001:db8::6', 'deny']]],
    ['IPv6 ::/0 is every IPv6 address and no IPv4 one', { cidr: '::/0' }, [['2001:db8::1', 'allow'], [EXTERNAL, 'deny']]],
    ['IPv4-mapped addresses are IPv4', { cidr: '203.0.113.0/24' }, [['::ffff:203.0.113.9', 'allow']]],
  ])('rule 18: ipBlock %s', (_name, ipBlock, rows) => {
    const model = cluster(egressTo(ipBlock));
    expect(rows.map(([ip]) => [ip, verdict(model, 'x/a', ip, 443)])).toEqual(rows);
  });

  test('rule 18: ipBlock applies to ingress sources as well', () => {
    const model = cluster(lab(policy('x/p', { ...selectPodA, ingress: [{ from: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:ff::/48'] } }] }] })));
    expect(['2001:db8::1', '2001:db8:ff::1', EXTERNAL].map((ip) => verdict(model, ip, 'x/a', 80))).toEqual(['allow', 'deny', 'deny']);
  });

  test.each<[string, KubeObject, Flow]>([
    ['a namespace and pod selector never matches an address', { namespaceSelector: {}, podSelector: {} }, [EXTERNAL, 'x/a', 80, 'TCP', 'deny']],
    ['an ipBlock outside a pod IP never matches the pod, whatever its labels', { ipBlock: { cidr: '10.9.0.0/16' } }, ['x/b', 'x/a', 80, 'TCP', 'deny']],
    ['an ipBlock never matches a pod with no known IP', { ipBlock: { cidr: '0.0.0.0/0' } }, [{ namespace: 'x', labels: { pod: 'b' } }, 'x/a', 80, 'TCP', 'deny']],
  ])('rule 19: %s', (_name, peer, flow) => {
    expect(verdicts(ingressFrom([peer]), [flow])).toEqual([flow]);
  });

  test.each([
    ['matches pod IPs (the default, as Calico and the e2e suite do)', {}, 'allow'],
    ['does not match pod IPs (as Cilium does)', { ipBlockMatchesPodIps: false }, 'deny'],
  ])('rule 20: an ipBlock covering a pod IP, in a model that %s, decides %s and is flagged', (_name, options, expected) => {
    const model = cluster(ingressFrom([{ ipBlock: { cidr: '10.2.0.2/32' } }]), options);
    const result = evaluate(model, 'y/b', 'x/a', 80);
    expect(result.verdict).toBe(expected);
    expect(result.implementationDefined).toEqual([expect.stringContaining('10.2.0.2')]);
  });

  test('rule 20: a flow that no ipBlock question touches is not flagged', () => {
    const model = cluster(ingressFrom([{ ipBlock: { cidr: '10.2.0.2/32' } }]));
    expect(['y/a', EXTERNAL].map((from) => evaluate(model, from, 'x/a', 80).implementationDefined)).toEqual([[], []]);
  });
});

describe('D. Ports and protocols', () => {
  const ingressPorts = (ports: KubeObject[], objects = lab()) => [...objects, policy('x/p', { ...selectPodA, ingress: [{ ports }] })];

  test('rule 21: a ports entry without protocol means TCP', () => {
    const flows: Flow[] = [['x/b', 'x/a', 80, 'TCP', 'allow'], ['x/b', 'x/a', 80, 'UDP', 'deny'], ['x/b', 'x/a', 80, 'SCTP', 'deny']];
    expect(verdicts(ingressPorts([{ port: 80 }]), flows)).toEqual(flows);
  });

  test.each<[Protocol, Flow[]]>([
    ['UDP', [['x/b', 'x/a', 80, 'UDP', 'allow'], ['x/b', 'x/a', 80, 'TCP', 'deny'], ['x/b', 'x/a', 80, 'SCTP', 'deny']]],
    ['SCTP', [['x/b', 'x/a', 80, 'SCTP', 'allow'], ['x/b', 'x/a', 80, 'TCP', 'deny'], ['x/b', 'x/a', 80, 'UDP', 'deny']]],
    ['TCP', [['x/b', 'x/a', 80, 'TCP', 'allow'], ['x/b', 'x/a', 80, 'UDP', 'deny'], ['x/b', 'x/a', 80, 'SCTP', 'deny']]],
  ])('rule 22: a %s entry allows that protocol only', (protocol, flows) => {
    expect(verdicts(ingressPorts([{ port: 80, protocol }]), flows)).toEqual(flows);
  });

  test.each<[string, KubeObject[], Flow[]]>([
    ['a numeric port is exactly that port', ingressPorts([{ port: 81 }]), [['x/b', 'x/a', 81, 'TCP', 'allow'], ['x/b', 'x/a', 80, 'TCP', 'deny'], ['x/b', 'x/a', 82, 'TCP', 'deny']]],
    ['an egress port is the remote destination port', lab(policy('x/p', { ...selectPodA, policyTypes: ['Egress'], egress: [{ ports: [{ port: 81 }] }] })), [
      ['x/a', 'y/a', 81, 'TCP', 'allow'], ['x/a', EXTERNAL, 81, 'TCP', 'allow'], ['x/a', 'y/a', 80, 'TCP', 'deny'],
    ]],
    ['a protocol without port is every port of that protocol', ingressPorts([{ protocol: 'UDP' }]), [
      ['x/b', 'x/a', 1, 'UDP', 'allow'], ['x/b', 'x/a', 65535, 'UDP', 'allow'], ['x/b', 'x/a', 80, 'TCP', 'deny'],
    ]],
    ['an empty entry is every TCP port', ingressPorts([{}]), [['x/b', 'x/a', 1, 'TCP', 'allow'], ['x/b', 'x/a', 80, 'SCTP', 'deny']]],
  ])('rule 23: %s', (_name, objects, flows) => {
    expect(verdicts(objects, flows)).toEqual(flows);
  });

  test.each<[KubeObject, Array<[number, Protocol, 'allow' | 'deny']>]>([
    [{ port: 8000, endPort: 8100 }, [[7999, 'TCP', 'deny'], [8000, 'TCP', 'allow'], [8050, 'TCP', 'allow'], [8100, 'TCP', 'allow'], [8101, 'TCP', 'deny'], [8050, 'UDP', 'deny']]],
    [{ port: 8000, endPort: 8000 }, [[8000, 'TCP', 'allow'], [8001, 'TCP', 'deny']]],
    [{ port: 1, endPort: 65535, protocol: 'SCTP' }, [[1, 'SCTP', 'allow'], [65535, 'SCTP', 'allow'], [80, 'TCP', 'deny']]],
  ])('rule 24: endPort %j is inclusive at both ends', (entry, rows) => {
    const model = cluster(ingressPorts([entry]));
    expect(rows.map(([port, protocol]) => [port, protocol, verdict(model, 'x/b', 'x/a', port, protocol)])).toEqual(rows);
  });

  test.each([
    ['below port', { port: 8100, endPort: 8000 }, 'spec.ingress[0].ports[0].endPort'],
    ['with a named port', { port: 'http', endPort: 8000 }, 'spec.ingress[0].ports[0].endPort'],
    ['without port', { endPort: 8000 }, 'spec.ingress[0].ports[0].endPort'],
  ])('rule 24: endPort %s makes the policy invalid', (_name, entry, field) => {
    const message = inputErrorOf(() => cluster(ingressPorts([entry])));
    expect(message).toContain('NetworkPolicy x/p');
    expect(message).toContain(field);
  });

  const web = (id: string, http: number, ip: string) => pod(id, { labels: { app: 'web' }, ips: [ip], ports: [{ name: 'http', port: http }, { name: 'dns', port: 53, protocol: 'UDP' }] });
  const namedCluster = () => [
    namespace('shop'),
    web('shop/web-80', 80, '10.5.0.1'),
    web('shop/web-8080', 8080, '10.5.0.2'),
    pod('shop/plain', { labels: { app: 'plain' }, ips: ['10.5.0.3'], ports: [{ port: 80 }] }),
    pod('shop/client', { labels: { app: 'client' }, ips: ['10.5.0.4'] }),
  ];

  test('rule 25: a named ingress port resolves on each destination pod independently', () => {
    const objects = [...namedCluster(), policy('shop/web-http', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 'http' }] }] })];
    const flows: Flow[] = [
      ['shop/client', 'shop/web-80', 80, 'TCP', 'allow'],
      ['shop/client', 'shop/web-80', 8080, 'TCP', 'deny'],
      ['shop/client', 'shop/web-8080', 8080, 'TCP', 'allow'],
      ['shop/client', 'shop/web-8080', 80, 'TCP', 'deny'],
    ];
    expect(verdicts(objects, flows)).toEqual(flows);
  });

  test('rule 25: a named egress port resolves on the remote pod, not on the policy pod', () => {
    // GIVEN the client (which declares no ports) may send only to "http"
    const objects = [...namedCluster(), policy('shop/client-out', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] })];
    const flows: Flow[] = [
      ['shop/client', 'shop/web-80', 80, 'TCP', 'allow'],
      ['shop/client', 'shop/web-8080', 8080, 'TCP', 'allow'],
      ['shop/client', 'shop/web-8080', 80, 'TCP', 'deny'],
      ['shop/client', 'shop/plain', 80, 'TCP', 'deny'],
      ['shop/client', EXTERNAL, 80, 'TCP', 'deny'],
      ['shop/client', { namespace: 'shop', labels: {}, ports: [{ name: 'http', containerPort: 9000 }] }, 9000, 'TCP', 'allow'],
    ];
    expect(verdicts(objects, flows)).toEqual(flows);
  });

  test.each<[string, KubeObject, Flow]>([
    ['the rule protocol (TCP by default) differs from the container port protocol', { port: 'dns' }, ['shop/client', 'shop/web-80', 53, 'UDP', 'deny']],
    ['the flow protocol differs from the named port protocol', { port: 'dns', protocol: 'UDP' }, ['shop/client', 'shop/web-80', 53, 'TCP', 'deny']],
    ['the names and protocols agree', { port: 'dns', protocol: 'UDP' }, ['shop/client', 'shop/web-80', 53, 'UDP', 'allow']],
  ])('rule 25: a named port matches only on its protocol: %s', (_name, entry, flow) => {
    const objects = [...namedCluster(), policy('shop/dns', { podSelector: {}, ingress: [{ ports: [entry] }] })];
    expect(verdicts(objects, [flow])).toEqual([flow]);
  });

  test('rule 26: ports omitted is every port of TCP, UDP and SCTP', () => {
    const flows: Flow[] = [['x/b', 'x/a', 1, 'TCP', 'allow'], ['x/b', 'x/a', 65535, 'UDP', 'allow'], ['x/b', 'x/a', 80, 'SCTP', 'allow'], ['x/c', 'x/a', 80, 'SCTP', 'deny']];
    expect(verdicts(lab(policy('x/p', { ...selectPodA, ingress: [{ from: [onlyPod('b')] }] })), flows)).toEqual(flows);
  });
});

describe('E. Implementation-defined behaviour', () => {
  const denyAll = policy('x/deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

  test.each([
    ['by name', 'x/a'],
    ['by its own pod IP', '10.1.0.1'],
  ])('rule 27: a pod reaching itself (%s) is allowed and flagged, even under deny-all', (_name, to) => {
    const result = evaluate(cluster(lab(denyAll)), 'x/a', to, 80);
    expect(result.verdict).toBe('allow');
    expect(result.implementationDefined).toEqual([expect.stringContaining('itself')]);
  });

  test('rule 27: two pods of one workload are not self traffic', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'x' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } };
    expect(evaluate(cluster(lab(deployment, denyAll)), 'x/web', 'x/web', 80)).toEqual(expect.objectContaining({ verdict: 'deny', implementationDefined: [] }));
  });

  const hostPod = pod('x/host', { labels: { pod: 'host' }, ips: ['192.168.0.10'], hostNetwork: true });
  test.each<[string, KubeObject[], Flow]>([
    ['a policy selecting a host-network pod does not isolate it', [hostPod, denyAll], ['y/a', 'x/host', 80, 'TCP', 'allow']],
    ['a podSelector never matches a host-network pod', [hostPod, policy('x/from-x', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })], ['x/host', 'x/a', 80, 'TCP', 'deny']],
    ['a host-network pod is its address to an ipBlock', [hostPod, policy('x/from-lan', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16' } }] }] })], ['x/host', 'x/a', 80, 'TCP', 'allow']],
  ])('rule 28: %s, flagged', (_name, extra, flow) => {
    const result = evaluate(cluster(lab(...extra)), flow[0], flow[1], flow[2], flow[3]);
    expect([result.verdict, result.implementationDefined]).toEqual([flow[4], [expect.stringContaining('host network')]]);
  });

  test.each<[string, KubeObject[], Flow]>([
    ['a node address is an address to ipBlock', [node('worker-1', ['192.168.0.1']), policy('x/from-lan', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/24' } }] }] })], ['192.168.0.1', 'x/a', 10250, 'TCP', 'allow']],
    ['a node is not a pod to selectors', [node('worker-1', ['192.168.0.1']), policy('x/from-pods', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] })], ['192.168.0.1', 'x/a', 10250, 'TCP', 'deny']],
  ])('rule 29: %s, flagged', (_name, extra, flow) => {
    const result = evaluate(cluster(lab(...extra)), flow[0], flow[1], flow[2], flow[3]);
    expect([result.verdict, result.implementationDefined]).toEqual([flow[4], [expect.stringContaining('node worker-1')]]);
  });

  test('rule 30: a Service destination is evaluated at its pods, after DNAT to the target port', () => {
    // GIVEN a Service on 80 targeting 8080 on pod x/svc, which only accepts 8080
    const model = cluster(lab(
      pod('x/svc', { labels: { app: 'svc' }, ips: ['10.1.0.50'], ports: [{ name: 'http', port: 8080 }] }),
      service('x/svc', { app: 'svc' }, [{ port: 80, targetPort: 8080 }]),
      policy('x/svc-8080', { podSelector: { matchLabels: { app: 'svc' } }, ingress: [{ ports: [{ port: 8080 }] }] }),
    ));
    const [report] = check(model, [{ from: 'y/a', to: { service: 'x/svc' }, port: 80 }]);
    expect([report.verdict, report.backends]).toEqual(['allow', [{ pod: 'x/svc', port: 8080, verdict: 'allow' }]]);
  });

  test('rule 31: a protocol other than TCP, UDP and SCTP is invalid input, in a policy or a flow', () => {
    const message = inputErrorOf(() => cluster(lab(policy('x/icmp', { ingress: [{ ports: [{ protocol: 'ICMP' }] }] }))));
    expect(message).toMatch(/NetworkPolicy x\/icmp.*spec\.ingress\[0\]\.ports\[0\]\.protocol.*"ICMP"/);
    expect(inputErrorOf(() => check(cluster(lab()), [{ name: 'ping', from: 'x/a', to: 'x/b', port: 1, protocol: 'ICMP' }]))).toMatch(/flows\[0\] "ping".*protocol/);
  });

  test('rule 32: a named port whose container port has another protocol than the rule denies', () => {
    const objects = lab(pod('x/dns', { labels: { pod: 'dns' }, ips: ['10.1.0.53'], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }), policy('x/dns', { podSelector: onlyPod('dns').podSelector, ingress: [{ ports: [{ port: 'dns', protocol: 'TCP' }] }] }));
    const flows: Flow[] = [['x/a', 'x/dns', 53, 'UDP', 'deny'], ['x/a', 'x/dns', 53, 'TCP', 'deny']];
    expect(verdicts(objects, flows)).toEqual(flows);
  });
});

describe('F. Practical patterns', () => {
  const dnsCluster = (dnsPorts: KubeObject[]) => [
    namespace('app'),
    namespace('kube-system'),
    pod('app/web', { labels: { app: 'web' }, ips: ['10.8.0.1'] }),
    pod('kube-system/coredns', { labels: { 'k8s-app': 'kube-dns' }, ips: ['10.9.0.10'], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] }),
    pod('kube-system/metrics', { labels: { 'k8s-app': 'metrics' }, ips: ['10.9.0.11'] }),
    policy('app/default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
    policy('app/allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: dnsPorts }],
    }),
  ];

  test('rule 33: after default-deny egress, DNS works only where reopened, on UDP and TCP 53', () => {
    const flows: Flow[] = [
      ['app/web', 'kube-system/coredns', 53, 'UDP', 'allow'],
      ['app/web', 'kube-system/coredns', 53, 'TCP', 'allow'],
      ['app/web', 'kube-system/coredns', 80, 'TCP', 'deny'],
      ['app/web', 'kube-system/metrics', 53, 'UDP', 'deny'],
      ['app/web', '8.8.8.8', 53, 'UDP', 'deny'],
    ];
    expect(verdicts(dnsCluster([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]), flows)).toEqual(flows);
  });

  test('rule 33: reopening DNS on UDP only leaves TCP 53 (large answers) blocked', () => {
    const flows: Flow[] = [['app/web', 'kube-system/coredns', 53, 'UDP', 'allow'], ['app/web', 'kube-system/coredns', 53, 'TCP', 'deny']];
    expect(verdicts(dnsCluster([{ port: 53, protocol: 'UDP' }]), flows)).toEqual(flows);
  });

  test('rule 34: from podSelector {} allows the policy namespace and nothing else', () => {
    const flows: Flow[] = [['x/b', 'x/a', 80, 'TCP', 'allow'], ['y/b', 'x/a', 80, 'TCP', 'deny'], [EXTERNAL, 'x/a', 80, 'TCP', 'deny']];
    expect(verdicts(lab(policy('x/same-namespace', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })), flows)).toEqual(flows);
  });

  test('rule 35: the seed lab lets frontend reach api on TCP 80 and nothing else', () => {
    const objects = [
      namespace('app'),
      pod('app/api', { labels: { app: 'api' }, ips: ['10.7.0.1'], ports: [{ name: 'http', port: 80 }] }),
      pod('app/frontend', { labels: { app: 'frontend' }, ips: ['10.7.0.2'] }),
      pod('app/random-client', { labels: { run: 'random-client' }, ips: ['10.7.0.3'] }),
      policy('app/allow-frontend-to-api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 80, protocol: 'TCP' }] }] }),
    ];
    const flows: Flow[] = [
      ['app/frontend', 'app/api', 80, 'TCP', 'allow'],
      ['app/frontend', 'app/api', 'http', 'TCP', 'allow'],
      ['app/random-client', 'app/api', 80, 'TCP', 'deny'],
      ['app/frontend', 'app/api', 443, 'TCP', 'deny'],
      ['app/frontend', 'app/api', 80, 'UDP', 'deny'],
    ];
    expect(verdicts(objects, flows)).toEqual(flows);
  });
});
