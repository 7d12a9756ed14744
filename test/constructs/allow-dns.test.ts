import { modelOf, newChart, policies, synthYaml } from './support';
import { AllowDns, ClusterProfile, DefaultDenyNamespace, PodSelection } from '../../src';
import { namespace, pod, verdict } from '../support/builders';

const DNS_PORTS = (port: number) => [{ name: 'dns', port, protocol: 'UDP' as const }, { name: 'dns-tcp', port }, { name: 'metrics', port: 9153 }];

/** Namespace app isolated for egress, AllowDns for its web pods only. */
function webResolves(profile?: ClusterProfile) {
  const chart = newChart();
  new DefaultDenyNamespace(chart, 'app', { name: 'app' });
  new AllowDns(chart, 'web-dns', { namespace: 'app', pods: PodSelection.labels({ app: 'web' }), profile });
  return chart;
}

const APP = [
  pod('app/web', { labels: { app: 'web' } }),
  pod('app/batch', { labels: { app: 'batch' } }),
  namespace('tools'),
  pod('tools/fake-dns', { labels: { 'k8s-app': 'kube-dns' }, ports: DNS_PORTS(53) }),
];

describe('AllowDns', () => {
  test('synthesizes egress to CoreDNS on UDP and TCP 53, described', () => {
    expect(synthYaml(webResolves())).toMatchSnapshot();
  });

  test('lets only the selected pods reach only the DNS pods on only the DNS ports', () => {
    // GIVEN upstream CoreDNS beside a look-alike in another namespace and a non-DNS pod
    const model = modelOf(webResolves(), ...APP,
      pod('kube-system/coredns', { labels: { 'k8s-app': 'kube-dns' }, ports: DNS_PORTS(53) }),
      pod('kube-system/metrics-server', { labels: { 'k8s-app': 'metrics-server' }, ports: [{ port: 53, protocol: 'UDP' }] }));
    // THEN
    expect(verdict(model, 'app/web', 'kube-system/coredns', 53, 'UDP')).toBe('allow');
    expect(verdict(model, 'app/web', 'kube-system/coredns', 53, 'TCP')).toBe('allow');
    expect(verdict(model, 'app/web', 'kube-system/coredns', 9153)).toBe('deny');
    expect(verdict(model, 'app/web', 'kube-system/metrics-server', 53, 'UDP')).toBe('deny');
    expect(verdict(model, 'app/web', 'tools/fake-dns', 53, 'UDP')).toBe('deny');
    expect(verdict(model, 'app/batch', 'kube-system/coredns', 53, 'UDP')).toBe('deny');
  });

  test('follows OpenShift DNS to openshift-dns on 5353', () => {
    const model = modelOf(webResolves(ClusterProfile.openShift()), ...APP,
      pod('openshift-dns/dns-default', { labels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ports: DNS_PORTS(5353) }));
    expect(verdict(model, 'app/web', 'openshift-dns/dns-default', 5353, 'UDP')).toBe('allow');
    expect(verdict(model, 'app/web', 'openshift-dns/dns-default', 5353, 'TCP')).toBe('allow');
    expect(verdict(model, 'app/web', 'openshift-dns/dns-default', 53, 'UDP')).toBe('deny');
  });

  test('follows Gardener CoreDNS to its pod port 8053', () => {
    const model = modelOf(webResolves(ClusterProfile.gardener()), ...APP,
      pod('kube-system/coredns', { labels: { 'k8s-app': 'kube-dns' }, ports: DNS_PORTS(8053) }));
    expect(verdict(model, 'app/web', 'kube-system/coredns', 8053, 'UDP')).toBe('allow');
    expect(verdict(model, 'app/web', 'kube-system/coredns', 53, 'UDP')).toBe('deny');
  });

  test('reaches NodeLocal DNSCache on its link-local address and nothing next to it', () => {
    const chart = webResolves(ClusterProfile.nodeLocalDns());
    expect(policies(chart)[1].spec.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: '169.254.20.10/32' } }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    });
    const model = modelOf(chart, ...APP);
    expect(verdict(model, 'app/web', '169.254.20.10', 53, 'UDP')).toBe('allow');
    expect(verdict(model, 'app/web', '169.254.20.10', 80)).toBe('deny');
    expect(verdict(model, 'app/web', '169.254.20.11', 53, 'UDP')).toBe('deny');
  });

  test('covers every pod of the namespace by default', () => {
    const chart = newChart();
    new AllowDns(chart, 'dns', { namespace: 'app' });
    expect(policies(chart)[0].spec.podSelector).toEqual({});
  });
});
