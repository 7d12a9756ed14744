import { manifests, modelOf, newChart, policies, synthYaml } from './support';
import { DefaultDenyNamespace, PolicyType } from '../../src';
import { inputErrorOf, namespace, pod, verdict } from '../support/builders';

const NEIGHBOURS = [
  namespace('kube-system'),
  namespace('other'),
  pod('app/web', { labels: { app: 'web' }, ports: [{ name: 'http', port: 80 }] }),
  pod('app/db', { labels: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] }),
  pod('kube-system/coredns', { labels: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }] }),
  pod('kube-system/metrics-server', { labels: { 'k8s-app': 'metrics-server' }, ports: [{ port: 443 }] }),
  pod('other/client', { labels: { app: 'client' } }),
  pod('other/server', { labels: { app: 'server' }, ports: [{ port: 80 }] }),
];

describe('DefaultDenyNamespace', () => {
  test('synthesizes the Namespace, a default-deny policy and the DNS exception', () => {
    const chart = newChart();
    new DefaultDenyNamespace(chart, 'app', { name: 'app', labels: { team: 'shop' }, allowDns: true });
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('denies everything in and out of the namespace except DNS, and leaves other namespaces alone', () => {
    // GIVEN namespace app denied both ways, with the DNS exception
    const chart = newChart();
    new DefaultDenyNamespace(chart, 'app', { name: 'app', allowDns: true });
    const model = modelOf(chart, ...NEIGHBOURS);
    // THEN DNS to CoreDNS works on UDP and TCP 53 and nothing else does
    expect(verdict(model, 'app/web', 'kube-system/coredns', 53, 'UDP')).toBe('allow');
    expect(verdict(model, 'app/web', 'kube-system/coredns', 53, 'TCP')).toBe('allow');
    expect(verdict(model, 'app/web', 'kube-system/coredns', 9153)).toBe('deny');
    expect(verdict(model, 'app/web', 'kube-system/metrics-server', 53, 'UDP')).toBe('deny');
    expect(verdict(model, 'app/web', '8.8.8.8', 53, 'UDP')).toBe('deny');
    expect(verdict(model, 'app/web', 'app/db', 5432)).toBe('deny');
    expect(verdict(model, 'other/client', 'app/web', 80)).toBe('deny');
    expect(verdict(model, 'other/client', 'other/server', 80)).toBe('allow');
  });

  test('denies ingress only when asked, leaving egress open', () => {
    const chart = newChart();
    const ns = new DefaultDenyNamespace(chart, 'app', { name: 'app', policyTypes: [PolicyType.INGRESS] });
    expect([ns.isolatesIngress, ns.isolatesEgress]).toEqual([true, false]);
    const model = modelOf(chart, ...NEIGHBOURS);
    expect(verdict(model, 'app/web', 'other/server', 80)).toBe('allow');
    expect(verdict(model, 'other/client', 'app/web', 80)).toBe('deny');
  });

  test('denies egress only when asked, leaving ingress open', () => {
    const chart = newChart();
    new DefaultDenyNamespace(chart, 'app', { name: 'app', policyTypes: [PolicyType.EGRESS] });
    const model = modelOf(chart, ...NEIGHBOURS);
    expect(verdict(model, 'app/web', 'other/server', 80)).toBe('deny');
    expect(verdict(model, 'other/client', 'app/web', 80)).toBe('allow');
  });

  test('lets pods of the namespace talk to each other, in both directions, when asked', () => {
    const chart = newChart();
    new DefaultDenyNamespace(chart, 'app', { name: 'app', allowSameNamespace: true });
    const model = modelOf(chart, ...NEIGHBOURS);
    expect(verdict(model, 'app/web', 'app/db', 5432)).toBe('allow');
    expect(verdict(model, 'app/db', 'app/web', 80)).toBe('allow');
    expect(verdict(model, 'other/client', 'app/db', 5432)).toBe('deny');
    expect(verdict(model, 'app/web', 'other/server', 80)).toBe('deny');
  });

  test('asking for an exception twice adds it once', () => {
    const chart = newChart();
    const ns = new DefaultDenyNamespace(chart, 'app', { name: 'app', allowDns: true });
    expect(ns.allowDns()).toBe(ns.allowDns());
    ns.allowSameNamespace();
    ns.allowSameNamespace();
    expect(policies(chart).map((p) => p.metadata.name)).toEqual(['default-deny', 'allow-dns', 'allow-same-namespace']);
  });

  test('keeps the Namespace cluster-scoped in a namespaced chart', () => {
    const chart = newChart('tenant');
    new DefaultDenyNamespace(chart, 'app', { name: 'app' });
    const [ns] = manifests(chart).filter((o) => o.kind === 'Namespace');
    expect(ns.metadata).toEqual({ name: 'app' });
    expect(policies(chart)[0].metadata.namespace).toBe('app');
  });

  test('is recognised by its type guard', () => {
    const chart = newChart();
    const ns = new DefaultDenyNamespace(chart, 'app', { name: 'app' });
    expect([DefaultDenyNamespace.isDefaultDenyNamespace(ns), DefaultDenyNamespace.isDefaultDenyNamespace(ns.policy)]).toEqual([true, false]);
  });

  test('rejects an invalid namespace name, labels and an empty policyTypes at once', () => {
    const message = inputErrorOf(() => new DefaultDenyNamespace(newChart(), 'bad', { name: 'App', labels: { team: '-x' }, policyTypes: [] }));
    expect(message.split('\n').map((line) => line.split(': Invalid value')[0].split(': Required value')[0])).toEqual([
      'DefaultDenyNamespace: labels.team',
      'DefaultDenyNamespace: name',
      'DefaultDenyNamespace: policyTypes',
    ]);
  });
});
