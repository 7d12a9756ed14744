import { cnpBlocksPlatform } from '../../../src/lint/rules/cnp-blocks-platform';
import { UPSTREAM_PROFILE } from '../../../src/profile/platform-profile';
import { clusterPolicy, EVERY_NAMESPACE, inNamespace, podsLabelled, tcp } from '../../cluster-policy/builders';
import { namespace, pod, policy, workload } from '../../support/builders';
import { findingsOf, KUBE_DNS_PEER, suppressed } from '../lint-helpers';

const cluster = [
  namespace('app'),
  namespace('kube-system'),
  namespace('monitoring'),
  workload('Deployment', 'app/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 8080 }] }),
  pod('kube-system/coredns', { labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] }),
  pod('monitoring/prometheus', { labels: { 'app.kubernetes.io/name': 'prometheus' } }),
];

const dnsPorts = [{ udp: { destinationPort: { number: 53 } } }, tcp(53)];
const baselineDenyEgress = clusterPolicy('baseline-deny', { tier: 'Baseline', subject: inNamespace('app'), egress: [{ name: 'deny-all', action: 'Deny', to: [EVERY_NAMESPACE, { networks: ['0.0.0.0/0', '::/0'] }] }] });

describe('cnp-blocks-platform', () => {
  test('fires as an error on a Baseline egress deny that leaves pods without DNS', () => {
    expect(findingsOf(cnpBlocksPlatform, [...cluster, baselineDenyEgress])).toEqual([expect.objectContaining({
      severity: 'error',
      object: 'ClusterNetworkPolicy baseline-deny',
      field: 'spec.egress[0]',
      message: 'egress rule 0 "deny-all" (Deny) blocks DNS (DNS: app/api (Deployment) -> kube-system/coredns on UDP 53; app/api (Deployment) -> kube-system/coredns on TCP 53)',
      fix: 'accept DNS (kube-system/{k8s-app=kube-dns}) before this rule: AlwaysAllowPlatform in the Admin tier with a lower priority number, or an Accept rule above it',
    })]);
  });

  test('fires on an Admin ingress deny at the DNS pods and the scraped pods, for every pod it cuts off', () => {
    // GIVEN an Admin policy that denies all ingress from other namespaces, on every namespace
    const wall = clusterPolicy('wall', { ingress: [{ name: 'deny-all', action: 'Deny', from: [EVERY_NAMESPACE] }] });
    const [finding] = findingsOf(cnpBlocksPlatform, [...cluster, wall]);
    // THEN both DNS queries (at CoreDNS) and the scrape of the api's metrics port are named
    expect(finding.field).toBe('spec.ingress[0]');
    expect(finding.message).toMatch(/^ingress rule 0 "deny-all" \(Deny\) blocks DNS and the metrics scrape \(DNS: app\/api \(Deployment\) -> kube-system\/coredns on UDP 53; .* and \d+ more; the metrics scrape: monitoring\/prometheus -> app\/api \(Deployment\) on TCP 8080\)$/);
    expect(finding.fix).toContain('accept DNS (kube-system/{k8s-app=kube-dns}) and the scraper (monitoring/{app.kubernetes.io/name=prometheus}) before this rule');
  });

  test('checks a stand-in pod for a subject the manifests have no pod for, and the profile\'s DNS addresses', () => {
    const profile = { ...UPSTREAM_PROFILE, dnsAddresses: ['169.254.20.10/32'] };
    const denyNetworks = clusterPolicy('payments-egress', { subject: inNamespace('payments'), egress: [{ action: 'Deny', to: [{ networks: ['169.254.0.0/16'] }] }] });
    const [finding] = findingsOf(cnpBlocksPlatform, [denyNetworks], { profile });
    expect(finding.message).toBe('egress rule 0 (Deny) blocks DNS (DNS: payments/{} (stand-in for the subject of payments-egress) -> 169.254.20.10 on UDP 53; payments/{} (stand-in for the subject of payments-egress) -> 169.254.20.10 on TCP 53)');
  });

  test.each([
    ['DNS is accepted before the deny', [clusterPolicy('baseline-deny', { tier: 'Baseline', subject: inNamespace('app'), egress: [{ action: 'Accept', to: [podsLabelled({ 'k8s-app': 'kube-dns' }, 'kube-system')], protocols: dnsPorts }, { action: 'Deny', to: [EVERY_NAMESPACE] }] })]],
    ['an Admin accept for DNS comes first', [baselineDenyEgress, clusterPolicy('platform', { egress: [{ action: 'Accept', to: [podsLabelled({ 'k8s-app': 'kube-dns' }, 'kube-system')], protocols: dnsPorts }] })]],
    ['the namespace\'s NetworkPolicy allows DNS, so the Baseline never applies', [baselineDenyEgress, policy('app/allow-dns', { policyTypes: ['Egress'], egress: [{ to: [KUBE_DNS_PEER], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] })]],
    ['the deny spares the platform', [clusterPolicy('deny-other', { egress: [{ action: 'Deny', to: [inNamespace('other')] }] })]],
  ])('does not fire when %s', (_title, policies) => {
    expect(findingsOf(cnpBlocksPlatform, [...cluster, ...policies])).toEqual([]);
  });

  test('leaves a NetworkPolicy that blocks DNS to the NetworkPolicy rules', () => {
    expect(findingsOf(cnpBlocksPlatform, [...cluster, policy('app/deny-egress', { policyTypes: ['Egress'] })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the ClusterNetworkPolicy', () => {
    const [finding] = findingsOf(cnpBlocksPlatform, [...cluster, suppressed(baselineDenyEgress, 'cnp-blocks-platform', 'app uses NodeLocal DNS by address')]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
