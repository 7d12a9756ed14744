import { ApiObject, ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { newChart } from './support';
import { LabelSelector, Peer } from '../../src';
import { inputErrorOf } from '../support/builders';

describe('Peer rendering', () => {
  test('a namespace plus pods is ONE item with both selectors (AND), never two (OR)', () => {
    const peer = Peer.podsInNamespace('monitoring', { app: 'prometheus-agent' });
    expect(peer._toKube('app')).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { app: 'prometheus-agent' } },
    });
  });

  test.each([
    ['pods in the policy namespace', Peer.pods({ app: 'web' }), { podSelector: { matchLabels: { app: 'web' } } }],
    ['every pod of the same namespace', Peer.sameNamespace(), { podSelector: {} }],
    ['every pod of a namespace by name', Peer.namespace('web'), { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } }],
    ['every pod of labelled namespaces', Peer.namespaces(LabelSelector.of({ labels: { team: 'a' } })), { namespaceSelector: { matchLabels: { team: 'a' } } }],
    ['any pod in the cluster', Peer.anyPod(), { namespaceSelector: {} }],
    ['pods in labelled namespaces', Peer.podsInNamespaces(LabelSelector.all(), LabelSelector.of({ labels: { app: 'x' } })), { namespaceSelector: {}, podSelector: { matchLabels: { app: 'x' } } }],
    ['an IPv4 block with a hole', Peer.ipv4('203.0.113.0/24', ['203.0.113.99/32']), { ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.99/32'] } }],
    ['an IPv6 block in canonical form', Peer.ipv6('2001:DB8::/32'), { ipBlock: { cidr: '2001:db8::/32' } }],
  ])('%s', (_title, peer, expected) => {
    expect(peer._toKube('app')).toEqual(expected);
  });

  test('anything renders no item: the rule leaves from/to out', () => {
    expect(Peer.anything()._toKube('app')).toBeUndefined();
  });

  test('a kplus workload in the policy namespace is selected by its pod labels alone', () => {
    const chart = newChart();
    const api = new kplus.Deployment(chart, 'api', { metadata: { namespace: 'app' }, podMetadata: { labels: { app: 'api' } }, containers: [{ image: 'api' }] });
    const rendered = Peer.workload(api)._toKube('app');
    expect(rendered).toEqual({ podSelector: { matchLabels: { 'app': 'api', 'cdk8s.io/metadata.addr': api.matchLabels['cdk8s.io/metadata.addr'] } } });
  });

  test('a kplus workload in another namespace adds its namespace to the same item', () => {
    const chart = newChart();
    const agent = new kplus.DaemonSet(chart, 'agent', { metadata: { namespace: 'monitoring' }, containers: [{ image: 'agent' }] });
    expect(Peer.workload(agent)._toKube('app')).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { 'cdk8s.io/metadata.addr': agent.matchLabels['cdk8s.io/metadata.addr'] } },
    });
  });

  test('a workload peer reads labels added after it was made', () => {
    const chart = newChart();
    const api = new kplus.Deployment(chart, 'api', { containers: [{ image: 'api' }] });
    const peer = Peer.workload(api);
    api.podMetadata.addLabel('tier', 'backend');
    expect(peer._toKube('default')?.podSelector?.matchLabels).toEqual(expect.objectContaining({ tier: 'backend' }));
  });

  test('refuses a workload whose pods carry no labels, since nothing could select them', () => {
    // GIVEN a construct of our own that runs unlabelled pods
    const chart = newChart();
    const bare = new kplus.Deployment(chart, 'bare', { select: false, containers: [{ image: 'x' }] });
    const unlabelled = { node: bare.node, metadata: bare.metadata, podMetadata: new ApiObjectMetadataDefinition({ apiObject: ApiObject.of(bare) }) };
    // THEN rendering it names the construct and the fix
    expect(() => Peer.workload(unlabelled)._toKube('default')).toThrow('test/bare: its pods carry no labels, so no policy can select them; add labels to its pod metadata');
  });

  test('says what it selects, for messages and ids', () => {
    expect(Peer.podsInNamespace('monitoring', { app: 'prom' }).toString()).toBe('pods {app=prom} in namespace monitoring');
    expect(Peer.ipv4('203.0.113.0/24', ['203.0.113.99/32']).toString()).toBe('ipBlock 203.0.113.0/24 except 203.0.113.99/32');
    expect(Peer.anyPod().toString()).toBe('any pod in any namespace');
  });
});

describe('Peer.ipBlock validation', () => {
  test.each([
    ['a prefix longer than the address', () => Peer.ipv4('10.0.0.0/33'), 'Peer.ipv4: cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64) (did you mean "10.0.0.0/32"?)'],
    ['an address without a prefix', () => Peer.ipBlock('10.1.2.3'), 'Peer.ipBlock: cidr: Invalid value: "10.1.2.3": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64) (did you mean "10.1.2.3/32"?)'],
    ['garbage', () => Peer.ipBlock('bogus'), 'Peer.ipBlock: cidr: Invalid value: "bogus": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
    ['host bits beyond the prefix', () => Peer.ipv4('10.0.0.1/8'), 'Peer.ipv4: cidr: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length (should it be "10.0.0.0/8" or "10.0.0.1/32"?)'],
    ['an IPv6 block given to ipv4', () => Peer.ipv4('fd00::/8'), 'Peer.ipv4: cidr: Invalid value: "fd00::/8": must be an IPv4 CIDR (use Peer.ipv6)'],
    ['an except equal to the block', () => Peer.ipv4('10.0.0.0/8', ['10.0.0.0/8']), 'Peer.ipv4: except[0]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr` (10.0.0.0/8 covers 10.0.0.0 to 10.255.255.255)'],
    ['an except outside the block', () => Peer.ipv4('10.0.0.0/8', ['192.168.0.0/24']), 'Peer.ipv4: except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr` (10.0.0.0/8 covers 10.0.0.0 to 10.255.255.255)'],
    ['an except of the other family', () => Peer.ipBlock('10.0.0.0/8', ['fd00::/64']), 'Peer.ipBlock: except[0]: Invalid value: "fd00::/64": must be an IPv4 CIDR, like `cidr`'],
  ])('rejects %s', (_title, make, message) => {
    expect(inputErrorOf(make)).toBe(message);
  });

  test('reports every bad except at once', () => {
    const message = inputErrorOf(() => Peer.ipv4('10.0.0.0/16', ['bogus', '10.1.0.0/24']));
    expect(message.split('\n')).toEqual([
      'Peer.ipv4: except[0]: Invalid value: "bogus": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      'Peer.ipv4: except[1]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr` (10.0.0.0/16 covers 10.0.0.0 to 10.0.255.255)',
    ]);
  });

  test('accepts an except on the block edge', () => {
    expect(Peer.ipv4('10.0.0.0/24', ['10.0.0.255/32'])._toKube('x')).toEqual({ ipBlock: { cidr: '10.0.0.0/24', except: ['10.0.0.255/32'] } });
  });

  test('rejects an invalid namespace name', () => {
    expect(inputErrorOf(() => Peer.namespace('Kube_System'))).toContain('Peer.namespace: namespace: Invalid value: "Kube_System": a lowercase RFC 1123 label');
  });
});
