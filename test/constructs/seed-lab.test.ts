import { Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { modelOf, newChart, synthYaml } from './support';
import { AllowExternalEgress, AllowMonitoringScrape, DefaultDenyNamespace, Peer, PodSelection, Port, Tier, TierBoundary } from '../../src';
import { check, namespace, pod } from '../support/builders';

/** The seed guide's lab and production patterns, each in a line or two. */
function seedLab() {
  const chart = newChart();
  new DefaultDenyNamespace(chart, 'app', { name: 'app', allowDns: true });
  const api = new kplus.Deployment(chart, 'api', {
    metadata: { name: 'api', namespace: 'app' },
    podMetadata: { labels: { app: 'api' } },
    containers: [{ image: 'api', ports: [{ name: 'http', number: 80 }] }],
  });
  const frontend = new kplus.Deployment(chart, 'frontend', {
    metadata: { name: 'frontend', namespace: 'app' },
    podMetadata: { labels: { app: 'frontend' } },
    containers: [{ image: 'frontend' }],
  });
  new TierBoundary(chart, 'tiers', { calls: [{ from: Tier.workload(frontend), to: Tier.workload(api), ports: [Port.named('http')] }] });
  new AllowMonitoringScrape(chart, 'scrape', { pods: PodSelection.workload(api), ports: [Port.tcp(8080)], from: [Peer.podsInNamespace('monitoring', { app: 'prometheus-agent' })] });
  new AllowExternalEgress(chart, 'payment-provider', { pods: PodSelection.workload(api), to: [Peer.ipv4('203.0.113.0/24', ['203.0.113.99/32'])], ports: [Port.HTTPS] });
  return chart;
}

const PLATFORM = [
  namespace('kube-system'),
  namespace('monitoring'),
  pod('kube-system/coredns', { labels: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] }),
  pod('monitoring/prometheus-agent', { labels: { app: 'prometheus-agent' } }),
];

const RANDOM_CLIENT = { namespace: 'app', labels: { run: 'random-client' } };

describe('the seed lab as constructs', () => {
  test('holds every flow the seed guide states', () => {
    // GIVEN the lab's manifests next to the platform pods they talk to
    const model = modelOf(seedLab(), ...PLATFORM);
    // WHEN the seed's flows are checked as `netpol check` would
    const reports = check(model, [
      { name: 'frontend reaches api', from: 'app/frontend', to: 'app/api', port: 80 },
      { name: 'random client cannot reach api', from: RANDOM_CLIENT, to: 'app/api', port: 80, expect: 'deny' },
      { name: 'frontend cannot skip to api on another port', from: 'app/frontend', to: 'app/api', port: 8080, expect: 'deny' },
      { name: 'api resolves names', from: 'app/api', to: 'kube-system/coredns', port: 53, protocol: 'UDP' },
      { name: 'frontend resolves names over TCP', from: 'app/frontend', to: 'kube-system/coredns', port: 53 },
      { name: 'prometheus scrapes api', from: 'monitoring/prometheus-agent', to: 'app/api', port: 8080 },
      { name: 'prometheus scrapes only the metrics port', from: 'monitoring/prometheus-agent', to: 'app/api', port: 80, expect: 'deny' },
      { name: 'api pays', from: 'app/api', to: { cidr: '203.0.113.0/24', except: ['203.0.113.99/32'] }, port: 443 },
      { name: 'api never reaches the excluded host', from: 'app/api', to: '203.0.113.99', port: 443, expect: 'deny' },
      { name: 'frontend cannot pay', from: 'app/frontend', to: '203.0.113.5', port: 443, expect: 'deny' },
      { name: 'api cannot call the frontend', from: 'app/api', to: 'app/frontend', port: 80, expect: 'deny' },
    ]);
    // THEN every flow is as the guide says
    expect(reports.filter((r) => !r.ok).map((r) => `${r.name}: ${r.verdict} ${r.reasons.join('; ')}`)).toEqual([]);
  });

  test('synthesizes the same YAML on every run', () => {
    expect(synthYaml(seedLab())).toBe(synthYaml(seedLab()));
  });

  test('synthesizes the same YAML when the same chart is synthesized twice', () => {
    const chart = seedLab();
    expect(Testing.synth(chart)).toEqual(Testing.synth(chart));
  });

  test('synthesizes the lab policies as snapshotted', () => {
    const policiesOnly = Testing.synth(seedLab()).filter((o: { kind: string }) => o.kind === 'NetworkPolicy');
    expect(Yaml.stringify(...policiesOnly)).toMatchSnapshot();
  });
});
