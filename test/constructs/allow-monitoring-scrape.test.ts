import * as kplus from 'cdk8s-plus-27';
import { modelOf, newChart, policies, synthYaml } from './support';
import { AllowMonitoringScrape, ClusterProfile, Peer, PodSelection, Port } from '../../src';
import { namespace, pod, verdict } from '../support/builders';

const NEIGHBOURS = [
  namespace('app'),
  namespace('monitoring'),
  namespace('other'),
  pod('app/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 8080 }] }),
  pod('monitoring/prometheus-agent', { labels: { app: 'prometheus-agent' } }),
  pod('monitoring/grafana', { labels: { app: 'grafana' } }),
  pod('other/prometheus-agent', { labels: { app: 'prometheus-agent' } }),
];

describe('AllowMonitoringScrape', () => {
  test('synthesizes the seed scrape: monitoring/app=prometheus-agent to the api on 8080', () => {
    const chart = newChart();
    new AllowMonitoringScrape(chart, 'scrape', {
      namespace: 'app',
      pods: PodSelection.labels({ app: 'api' }),
      ports: [Port.tcp(8080)],
      from: [Peer.podsInNamespace('monitoring', { app: 'prometheus-agent' })],
    });
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('admits the scraper on the metrics port and denies the neighbours', () => {
    // GIVEN the seed's scraper, through a profile override this time
    const chart = newChart();
    const profile = ClusterProfile.upstream().with({ monitoring: { namespace: 'monitoring', podLabels: { app: 'prometheus-agent' } } });
    new AllowMonitoringScrape(chart, 'scrape', { namespace: 'app', pods: PodSelection.labels({ app: 'api' }), ports: [Port.tcp(8080)], profile });
    const model = modelOf(chart, ...NEIGHBOURS);
    // THEN
    expect(verdict(model, 'monitoring/prometheus-agent', 'app/api', 8080)).toBe('allow');
    expect(verdict(model, 'monitoring/prometheus-agent', 'app/api', 80)).toBe('deny');
    expect(verdict(model, 'monitoring/grafana', 'app/api', 8080)).toBe('deny');
    expect(verdict(model, 'other/prometheus-agent', 'app/api', 8080)).toBe('deny');
  });

  test('scrapes a cdk8s-plus-27 workload by its named metrics port, with the upstream profile', () => {
    const chart = newChart();
    const api = new kplus.Deployment(chart, 'api', {
      metadata: { name: 'api', namespace: 'app' },
      containers: [{ image: 'api', ports: [{ name: 'metrics', number: 9102 }] }],
    });
    new AllowMonitoringScrape(chart, 'scrape', { pods: PodSelection.workload(api), ports: [Port.named('metrics')] });
    expect(policies(chart)[0].metadata.namespace).toBe('app');
    const model = modelOf(chart, namespace('monitoring'), pod('monitoring/prometheus-k8s-0', { labels: { 'app.kubernetes.io/name': 'prometheus' } }));
    expect(verdict(model, 'monitoring/prometheus-k8s-0', 'app/api', 9102)).toBe('allow');
    expect(verdict(model, 'monitoring/prometheus-k8s-0', 'app/api', 9103)).toBe('deny');
  });
});
