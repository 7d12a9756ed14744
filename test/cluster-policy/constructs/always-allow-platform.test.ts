import { Testing } from 'cdk8s';
import { clusterPolicies, modelOf, NEIGHBOURHOOD, newChart, synthYaml } from './support';
import { AlwaysAllowPlatform, ClusterPort, ClusterProfile, DefaultDenyNamespace, LabelSelector, NetworkPolicy, PolicyType } from '../../../src';
import { validateManifests } from '../../../src/validation';
import { evaluate, verdict } from '../../support/builders';

describe('AlwaysAllowPlatform', () => {
  test('synthesizes three Admin policies sharing one priority: every pod, the DNS pods and the scraper', () => {
    const chart = newChart();
    new AlwaysAllowPlatform(chart, 'platform', { profile: ClusterProfile.gke() });
    expect(synthYaml(chart)).toMatchSnapshot();
    expect(validateManifests(Testing.synth(chart).map((object) => ({ object })))).toEqual([]);
  });

  test('keeps DNS and the metrics scrape open through namespaces that deny everything, and nothing more', () => {
    // GIVEN app and kube-system and monitoring each deny all ingress and egress with NetworkPolicies
    const chart = newChart();
    new AlwaysAllowPlatform(chart, 'platform');
    new DefaultDenyNamespace(chart, 'app', { name: 'app' });
    for (const ns of ['kube-system', 'monitoring']) {
      new NetworkPolicy(chart, `deny-${ns}`, { metadata: { namespace: ns, name: 'deny-all' }, policyTypes: [PolicyType.INGRESS, PolicyType.EGRESS] });
    }
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    // THEN the api resolves names on UDP and TCP 53, both sides accepted at Admin
    const lookup = evaluate(model, 'app/api', 'kube-system/coredns', 53, 'UDP');
    expect([lookup.verdict, lookup.egress.decidedBy.policy, lookup.ingress.decidedBy.policy]).toEqual(['allow', 'always-allow-platform', 'always-allow-platform-dns']);
    expect(verdict(model, 'app/api', 'kube-system/coredns', 53, 'TCP')).toBe('allow');
    // AND Prometheus scrapes the api's metrics port
    const scrape = evaluate(model, 'monitoring/prometheus', 'app/api', 8080);
    expect([scrape.verdict, scrape.egress.decidedBy.policy, scrape.ingress.decidedBy.policy]).toEqual(['allow', 'always-allow-platform-scraper', 'always-allow-platform']);
    // AND the neighbours stay denied by the namespaces' policies: another port, another pod, another DNS port
    expect(verdict(model, 'monitoring/prometheus', 'app/api', 80)).toBe('deny');
    expect(verdict(model, 'monitoring/grafana', 'app/api', 8080)).toBe('deny');
    expect(verdict(model, 'app/api', 'kube-system/coredns', 5353, 'UDP')).toBe('deny');
    expect(verdict(model, 'app/api', 'app/frontend', 80)).toBe('deny');
  });

  test('covers only the chosen namespaces and ports, and can leave monitoring out', () => {
    const chart = newChart();
    new AlwaysAllowPlatform(chart, 'platform', { namespaces: LabelSelector.of({ labels: { team: 'shop' } }), monitoring: false });
    new DefaultDenyNamespace(chart, 'app', { name: 'app' });
    new DefaultDenyNamespace(chart, 'payments', { name: 'payments' });
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    expect(clusterPolicies(chart).map((p) => p.metadata.name)).toEqual(['always-allow-platform', 'always-allow-platform-dns']);
    expect(verdict(model, 'app/api', 'kube-system/coredns', 53, 'UDP')).toBe('allow');
    expect(verdict(model, 'payments/ledger', 'kube-system/coredns', 53, 'UDP')).toBe('deny');
    expect(verdict(model, 'monitoring/prometheus', 'app/api', 8080)).toBe('deny');
  });

  test('scrapes the given ports instead of the metrics-named ones', () => {
    const chart = newChart();
    new AlwaysAllowPlatform(chart, 'platform', { dns: false, scrapePorts: [ClusterPort.tcp(9090)] });
    new DefaultDenyNamespace(chart, 'payments', { name: 'payments' });
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    expect(verdict(model, 'monitoring/prometheus', 'payments/ledger', 9090)).toBe('allow');
    expect(verdict(model, 'monitoring/prometheus', 'payments/ledger', 8443)).toBe('deny');
    expect(clusterPolicies(chart).map((p) => p.metadata.name)).toEqual(['always-allow-platform', 'always-allow-platform-scraper']);
  });

  test.each([
    ['nothing to allow', { dns: false, monitoring: false }, 'test/platform: dns and monitoring are both false: there is nothing to allow'],
    ['no scrape ports', { scrapePorts: [] }, 'test/platform: scrapePorts: Required value: name the scraped ports, or leave scrapePorts out for the "metrics" and "http-metrics" container ports'],
  ])('refuses %s', (_title, props, message) => {
    expect(() => new AlwaysAllowPlatform(newChart(), 'platform', props)).toThrow(message);
  });
});
