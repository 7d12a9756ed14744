import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AdminNamespaceGuardrail, AlwaysAllowPlatform, BaselineDefaultDeny, ClusterPeer, ClusterPort, DefaultDenyNamespace, FlowEndpoint,
  NetworkChecks, Port,
} from '../../../src';

const quiet = { warn: () => undefined };

/** A shop namespace with NetworkPolicies (default deny), a payments namespace without, and the three cluster patterns. */
function tieredApp() {
  const app = Testing.app();
  const checks = new NetworkChecks(app, 'checks', { reporter: quiet });
  const chart = new Chart(app, 'cluster', { disableResourceNameHashes: true });
  new AlwaysAllowPlatform(chart, 'platform');
  new AdminNamespaceGuardrail(chart, 'payments-guardrail', {
    namespace: 'payments',
    callers: [{ name: 'shop', peers: [ClusterPeer.podsInNamespace('shop', { app: 'web' })], protocols: [ClusterPort.tcp(8443)] }],
  });
  new BaselineDefaultDeny(chart, 'baseline');
  new DefaultDenyNamespace(chart, 'shop', { name: 'shop', allowDns: true });
  const workload = (namespace: string, name: string, port: number) => new kplus.Deployment(chart, `${namespace}-${name}`, {
    metadata: { name, namespace },
    podMetadata: { labels: { app: name } },
    containers: [{ image: 'nginx:1.27', ports: [{ name: 'serve', number: port }], securityContext: { ensureNonRoot: false } }],
  });
  const web = workload('shop', 'web', 80);
  const ledger = workload('payments', 'ledger', 8443);
  return { chart, checks, web: FlowEndpoint.workload(web), ledger: FlowEndpoint.workload(ledger) };
}

describe('flows declared at synth, through every tier', () => {
  test('hold when each tier decides as declared, and the report names the deciding tier', () => {
    // GIVEN flows decided in the Admin, NetworkPolicy and Baseline tiers
    const { chart, checks, web, ledger } = tieredApp();
    checks.deny(web, ledger, Port.tcp(8443), { name: 'web is a named caller, but its own namespace denies its egress' });
    checks.deny(FlowEndpoint.pods('other', { app: 'x' }), ledger, Port.tcp(8443), { name: 'the guardrail denies other namespaces' });
    checks.allow(web, FlowEndpoint.pods('kube-system', { 'k8s-app': 'kube-dns' }), Port.DNS_UDP, { name: 'web resolves names' });
    checks.deny(ledger, FlowEndpoint.pods('payments', { app: 'batch' }), Port.tcp(80), { name: 'the baseline denies what no NetworkPolicy covers' });
    // WHEN synthesized, THEN nothing throws
    expect(() => Testing.synth(chart)).not.toThrow();
    const [shop, guardrail, dns, baseline] = checks.verify().report.flows;
    expect(shop.egress.decidedBy).toMatchObject({ tier: 'NetworkPolicy', action: 'Deny' });
    expect(shop.ingress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Accept', name: 'accept-shop' });
    expect(guardrail.ingress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Deny', policy: 'payments-guardrail', name: 'deny-other-namespaces' });
    expect([dns.egress.decidedBy?.tier, dns.ingress.decidedBy?.tier]).toEqual(['Admin', 'Admin']);
    expect(baseline.egress.decidedBy).toMatchObject({ tier: 'Baseline', action: 'Deny', policy: 'baseline-default-deny' });
  });

  test('fail synth when a ClusterNetworkPolicy decides otherwise, naming the tier, policy and rule', () => {
    const { chart, checks, ledger } = tieredApp();
    checks.allow(FlowEndpoint.pods('other', { app: 'x' }), ledger, Port.tcp(8443), { name: 'other reaches the ledger' });
    expect(() => Testing.synth(chart)).toThrow(/flow "other reaches the ledger": expected allow, got deny: .*payments-guardrail.*deny-other-namespaces/s);
  });
});
