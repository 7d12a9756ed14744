import { ClusterPeer, ClusterSubject, LabelExpression, LabelSelector } from '../../../src';
import { inputErrorOf } from '../../support/builders';

describe('ClusterPeer rendering', () => {
  test.each([
    ['every namespace', ClusterPeer.allNamespaces(), { namespaces: {} }],
    ['namespaces by labels', ClusterPeer.namespaces(LabelSelector.of({ labels: { team: 'shop' } })), { namespaces: { matchLabels: { team: 'shop' } } }],
    ['a namespace by name', ClusterPeer.namespace('payments'), { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } } }],
    ['pods in namespaces', ClusterPeer.pods(LabelSelector.all(), LabelSelector.of({ labels: { app: 'api' } })), { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'api' } } } }],
    ['pods in a namespace by name', ClusterPeer.podsInNamespace('app', { app: 'api' }), { pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } }, podSelector: { matchLabels: { app: 'api' } } } }],
    ['nodes', ClusterPeer.nodes(LabelSelector.of({ expressions: [LabelExpression.exists('node-role.kubernetes.io/control-plane')] })), { nodes: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] } }],
    ['networks of both families', ClusterPeer.networks('10.0.0.0/8', '2001:db8::/32'), { networks: ['10.0.0.0/8', '2001:db8::/32'] }],
    ['domain names', ClusterPeer.domainNames('api.example.com', '*.example.org'), { domainNames: ['api.example.com', '*.example.org'] }],
  ])('renders %s', (_title, peer, expected) => {
    expect(peer._toKube()).toEqual(expected);
  });

  test('says what it matches', () => {
    expect([ClusterPeer.namespace('payments'), ClusterPeer.podsInNamespace('app', { app: 'api' }), ClusterPeer.networks('10.0.0.0/8'), ClusterPeer.domainNames('*.example.org')].map(String))
      .toEqual(['pods of namespace payments', 'pods {app=api} in namespace app', 'networks 10.0.0.0/8', 'domain names *.example.org']);
  });

  test('subjects render the namespaces or pods they select', () => {
    expect([
      ClusterSubject.allNamespaces()._toKube(),
      ClusterSubject.namespace('payments')._toKube(),
      ClusterSubject.pods(LabelSelector.of({ labels: { team: 'shop' } }), LabelSelector.of({ labels: { app: 'api' } }))._toKube(),
    ]).toEqual([
      { namespaces: {} },
      { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } } },
      { pods: { namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'api' } } } },
    ]);
  });
});

describe('ClusterPeer validation', () => {
  test.each([
    ['an invalid namespace name', () => ClusterPeer.namespace('Payments'), /^ClusterPeer\.namespace: namespace: Invalid value: "Payments": a lowercase RFC 1123 label/],
    ['no networks', () => ClusterPeer.networks(), /^ClusterPeer\.networks: networks: Invalid value: 0: networks in body should have at least 1 items$/],
    ['a CIDR beyond the address size', () => ClusterPeer.networks('10.0.0.0/33'), /^ClusterPeer\.networks: networks\[0\]: Invalid value: "10\.0\.0\.0\/33": Invalid CIDR format provided$/],
    ['a bare address', () => ClusterPeer.networks('10.0.0.1'), /^ClusterPeer\.networks: networks\[0\]: Invalid value: "10\.0\.0\.1": Invalid CIDR format provided \(did you mean "10\.0\.0\.1\/32"\?\)$/],
    ['leading zeros', () => ClusterPeer.networks('010.0.0.0/8'), /^ClusterPeer\.networks: networks\[0\]: Invalid value: "010\.0\.0\.0\/8": Invalid CIDR format provided$/],
    ['bits set beyond the prefix', () => ClusterPeer.networks('10.0.0.1/8'), /^ClusterPeer\.networks: networks\[0\]: Invalid value: "10\.0\.0\.1\/8": Invalid CIDR format provided \(bits are set beyond the prefix length, which v1beta1 refuses: should it be "10\.0\.0\.0\/8" or "10\.0\.0\.1\/32"\?\)$/],
    ['a CIDR longer than 43 characters', () => ClusterPeer.networks('2001:0db8:0000:0000:0000:0000:0000:00000/128'), /^ClusterPeer\.networks: networks\[0\]: Too long: may not be more than 43 bytes$/],
    ['the same network twice', () => ClusterPeer.networks('10.0.0.0/8', '10.0.0.0/8'), /^ClusterPeer\.networks: networks\[1\]: Duplicate value: "10\.0\.0\.0\/8"$/],
    ['26 networks', () => ClusterPeer.networks(...Array.from({ length: 26 }, (_, i) => `10.${i}.0.0/16`)), /^ClusterPeer\.networks: networks: Too many: 26: must have at most 25 items$/],
    ['a single-label domain name', () => ClusterPeer.domainNames('localhost'), /^ClusterPeer\.domainNames: domainNames\[0\]: Invalid value: "localhost": should match '\^\(\\\*\\\.\)\?/],
    ['a wildcard inside a name', () => ClusterPeer.domainNames('api.*.example.com'), /domainNames\[0\]: Invalid value: "api\.\*\.example\.com": should match/],
    ['no domain names', () => ClusterPeer.domainNames(), /^ClusterPeer\.domainNames: domainNames: Invalid value: 0: domainNames in body should have at least 1 items$/],
    ['the same domain name twice', () => ClusterPeer.domainNames('a.example.com', 'a.example.com'), /^ClusterPeer\.domainNames: domainNames\[1\]: Duplicate value: "a\.example\.com"$/],
  ])('rejects %s', (_title, make, message) => {
    expect(inputErrorOf(make)).toMatch(message);
  });

  test('keeps a trailing dot and inner underscores, which the CRD pattern allows', () => {
    expect(ClusterPeer.domainNames('my_host.example.com.')._toKube()).toEqual({ domainNames: ['my_host.example.com.'] });
  });
});
