import { FlowEndpoint, NetworkChecks, Port } from '../../src';

const pods = (namespace: string, app: string) => FlowEndpoint.pod(namespace, app);

/**
 * The flows the platform promises, beside the lab's own: each is decided in a different tier,
 * and synth fails if any does not hold.
 */
export function declarePlatformFlows(checks: NetworkChecks): void {
  const scraper = FlowEndpoint.pods('monitoring', { app: 'prometheus-agent' });
  const dns = FlowEndpoint.pods('kube-system', { 'k8s-app': 'kube-dns' });
  // Admin: the guardrail and the platform's accepts, whatever the namespaces say.
  checks.allow(pods('app', 'api'), pods('payments', 'ledger'), Port.tcp(8443), { name: 'the shop api settles payments' });
  checks.deny(pods('tools', 'toolbox'), pods('payments', 'ledger'), Port.tcp(8443), { name: 'the toolbox cannot reach payments' });
  checks.deny(pods('app', 'api'), pods('payments', 'ledger'), Port.tcp(9090), { name: 'the api reaches only the ledger\'s HTTPS port' });
  checks.allow(scraper, pods('payments', 'ledger'), Port.tcp(9090), { name: 'monitoring scrapes the ledger' });
  checks.allow(pods('legacy', 'cron'), dns, Port.DNS_UDP, { name: 'legacy pods resolve names' });
  // NetworkPolicy: a namespace with its own policies decides for itself.
  checks.allow(pods('tools', 'toolbox'), FlowEndpoint.address('203.0.113.10'), Port.HTTPS, { name: 'the toolbox reaches the internet' });
  // Baseline: what no NetworkPolicy covers is denied by default.
  checks.deny(pods('legacy', 'cron'), pods('legacy', 'wiki'), Port.HTTP, { name: 'legacy pods are denied by default' });
  checks.deny(pods('tools', 'toolbox'), pods('legacy', 'wiki'), Port.HTTP, { name: 'the wiki accepts nobody by default' });
  checks.deny(pods('legacy', 'wiki'), FlowEndpoint.address('203.0.113.10'), Port.HTTPS, { name: 'legacy pods cannot reach the internet' });
}
