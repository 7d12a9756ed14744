import { ClusterProfile, Port } from '../../src';
import { UPSTREAM_PROFILE } from '../../src/profile/platform-profile';
import { inputErrorOf } from '../support/builders';

describe('ClusterProfile presets', () => {
  test.each([
    ['upstream', ClusterProfile.upstream(), 'kube-system', { 'k8s-app': 'kube-dns' }, ['UDP 53', 'TCP 53'], []],
    ['kubeadm', ClusterProfile.kubeadm(), 'kube-system', { 'k8s-app': 'kube-dns' }, ['UDP 53', 'TCP 53'], []],
    ['eks', ClusterProfile.eks(), 'kube-system', { 'k8s-app': 'kube-dns' }, ['UDP 53', 'TCP 53'], []],
    ['gke', ClusterProfile.gke(), 'kube-system', { 'k8s-app': 'kube-dns' }, ['UDP 53', 'TCP 53'], ['169.254.20.10/32']],
    ['aks', ClusterProfile.aks(), 'kube-system', { 'k8s-app': 'kube-dns' }, ['UDP 53', 'TCP 53'], []],
    ['k3s', ClusterProfile.k3s(), 'kube-system', { 'k8s-app': 'kube-dns' }, ['UDP 53', 'TCP 53'], []],
    ['rke2', ClusterProfile.rke2(), 'kube-system', { 'k8s-app': 'kube-dns' }, ['UDP 53', 'TCP 53'], []],
    ['openshift', ClusterProfile.openShift(), 'openshift-dns', { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ['UDP 5353', 'TCP 5353'], []],
    ['gardener', ClusterProfile.gardener(), 'kube-system', { 'k8s-app': 'kube-dns' }, ['UDP 8053', 'TCP 8053'], []],
    ['node-local-dns', ClusterProfile.nodeLocalDns(), 'kube-system', { 'k8s-app': 'kube-dns' }, ['UDP 53', 'TCP 53'], ['169.254.20.10/32']],
  ])('%s puts DNS where its distribution does', (name, profile, namespace, podLabels, ports, addresses) => {
    expect(profile.name).toBe(name);
    const dns = profile.dns;
    expect({ namespace: dns.namespace, podLabels: dns.podLabels, ports: dns.ports.map(String), addresses: dns.addresses ?? [] })
      .toEqual({ namespace, podLabels, ports, addresses });
  });

  test.each([
    ['upstream', ClusterProfile.upstream(), 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' }],
    ['k3s', ClusterProfile.k3s(), 'kube-system', { 'app.kubernetes.io/name': 'traefik' }],
    ['rke2', ClusterProfile.rke2(), 'kube-system', { 'app.kubernetes.io/name': 'rke2-ingress-nginx' }],
    ['openshift', ClusterProfile.openShift(), 'openshift-ingress', { 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller': 'default' }],
  ])('%s names its ingress controller', (_name, profile, namespace, podLabels) => {
    expect(profile.ingressController).toEqual({ namespace, podLabels });
  });

  test('NodeLocal DNSCache adds an ipBlock rule on 53 next to the CoreDNS rule', () => {
    const rules = ClusterProfile.nodeLocalDns()._dnsRules().map((rule) => `${rule.peers.join(', ')} on ${rule.ports.join(', ')}`);
    expect(rules).toEqual([
      'pods {k8s-app=kube-dns} in namespace kube-system on UDP 53, TCP 53',
      'ipBlock 169.254.20.10/32 on UDP 53, TCP 53',
    ]);
  });

  test('renders to the plain profile the checks and lint read', () => {
    expect(ClusterProfile.gardener()._toPlatformProfile()).toEqual({
      name: 'gardener',
      dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 8053, protocol: 'UDP' }, { port: 8053, protocol: 'TCP' }] },
      dnsAddresses: [],
      ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
      monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    });
  });
});

describe('ClusterProfile overrides', () => {
  test('with() replaces only the parts given', () => {
    const profile = ClusterProfile.upstream().with({ monitoring: { namespace: 'monitoring', podLabels: { app: 'prometheus-agent' } } });
    expect(profile.name).toBe('upstream (modified)');
    expect(profile.monitoring).toEqual({ namespace: 'monitoring', podLabels: { app: 'prometheus-agent' } });
    expect(profile.dns).toEqual(ClusterProfile.upstream().dns);
  });

  test('custom() takes a whole profile', () => {
    const profile = ClusterProfile.custom({
      name: 'lab',
      dns: { namespace: 'dns', podLabels: { app: 'unbound' }, ports: [Port.udp(5300)], addresses: ['10.96.0.10/32'], addressPorts: [Port.DNS_UDP] },
      ingressController: { namespace: 'edge', podLabels: { app: 'envoy' } },
      monitoring: { namespace: 'obs', podLabels: {} },
    });
    expect(profile._dnsRules().map((rule) => `${rule.peers.join(', ')} on ${rule.ports.join(', ')}`)).toEqual([
      'pods {app=unbound} in namespace dns on UDP 5300',
      'ipBlock 10.96.0.10/32 on UDP 53',
    ]);
    expect(String(profile._monitoringPeer())).toBe('every pod of namespace obs');
    expect(String(profile)).toBe('cluster profile "lab"');
  });

  test('custom() reports every invalid part at once, by field', () => {
    const message = inputErrorOf(() => ClusterProfile.custom({
      name: 'bad',
      dns: { namespace: 'Kube_System', podLabels: { app: '-x' }, ports: [Port.allUdp()], addresses: ['10.0.0.0/33'] },
      ingressController: { namespace: 'edge', podLabels: {} },
      monitoring: { namespace: 'obs', podLabels: {} },
    }));
    expect(message.split('\n')).toEqual([
      'ClusterProfile.custom: dns.addresses[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64) (did you mean "10.0.0.0/32"?)',
      'ClusterProfile.custom: dns.namespace: Invalid value: "Kube_System": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
      'ClusterProfile.custom: dns.podLabels.app: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
      'ClusterProfile.custom: dns.ports[0]: Invalid value: "UDP any port": must be one numbered port, like Port.udp(53)',
    ]);
  });

  test('the profile copies what it is given, so later edits to the input do not leak in', () => {
    const podLabels = { app: 'envoy' };
    const profile = ClusterProfile.upstream().with({ ingressController: { namespace: 'edge', podLabels } });
    podLabels.app = 'changed';
    expect(profile.ingressController.podLabels).toEqual({ app: 'envoy' });
  });
});

describe('the pure layers\' default profile', () => {
  test('is exactly ClusterProfile.upstream(), so lint and constructs agree', () => {
    expect(ClusterProfile.upstream()._toPlatformProfile()).toEqual(UPSTREAM_PROFILE);
  });
});
