import { Chart } from 'cdk8s';
import { KubeObject } from '../../../src/evaluator/kube';
import { manifests } from '../../constructs/support';
import { namespace, pod } from '../../support/builders';

export { modelOf, newChart, synthYaml } from '../../constructs/support';

/**
 * Around the policies under test: app (api, frontend), payments (ledger, vault), other
 * (client), CoreDNS in kube-system and Prometheus (and Grafana) in monitoring, as the upstream
 * cluster profile places them.
 */
export const NEIGHBOURHOOD: readonly KubeObject[] = [
  namespace('app', { team: 'shop' }),
  namespace('payments', { team: 'finance' }),
  namespace('other'),
  namespace('kube-system'),
  namespace('monitoring'),
  pod('app/api', { labels: { app: 'api' }, ips: ['10.1.0.1'], ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 8080 }] }),
  pod('app/frontend', { labels: { app: 'frontend' }, ips: ['10.1.0.2'], ports: [{ name: 'http', port: 80 }] }),
  pod('payments/ledger', { labels: { app: 'ledger' }, ips: ['10.2.0.1'], ports: [{ name: 'https', port: 8443 }, { name: 'metrics', port: 9090 }] }),
  pod('payments/vault', { labels: { app: 'vault' }, ips: ['10.2.0.2'], ports: [{ name: 'https', port: 8200 }] }),
  pod('other/client', { labels: { app: 'client' }, ips: ['10.3.0.1'], ports: [{ name: 'http', port: 80 }] }),
  pod('kube-system/coredns', { labels: { 'k8s-app': 'kube-dns' }, ips: ['10.0.0.10'], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] }),
  pod('monitoring/prometheus', { labels: { 'app.kubernetes.io/name': 'prometheus' }, ips: ['10.4.0.1'] }),
  pod('monitoring/grafana', { labels: { app: 'grafana' }, ips: ['10.4.0.2'] }),
];

/** The synthesized ClusterNetworkPolicy objects of the chart, in synth order. */
export function clusterPolicies(chart: Chart): KubeObject[] {
  return manifests(chart).filter((object) => object.kind === 'ClusterNetworkPolicy');
}
