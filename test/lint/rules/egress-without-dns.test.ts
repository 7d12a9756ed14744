import { egressWithoutDns } from '../../../src/lint/rules/egress-without-dns';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, KUBE_DNS_PEER, suppressed } from '../lint-helpers';

const app = [namespace('app'), workload('Deployment', 'app/api', { labels: { app: 'api' } })];
const denyEgress = policy('app/deny-egress', { policyTypes: ['Egress'] });

describe('egress-without-dns', () => {
  test('fires as an error when egress isolation leaves the pods no way to the cluster DNS', () => {
    const findings = findingsOf(egressWithoutDns, [...app, denyEgress]);

    expect(findings).toEqual([expect.objectContaining({
      severity: 'error',
      object: 'NetworkPolicy app/deny-egress',
      field: 'spec.policyTypes',
      message: 'isolates egress of app/api (Deployment), and no policy lets them reach DNS at kube-system/{k8s-app=kube-dns} (UDP 53 and TCP 53)',
    })]);
  });

  test('does not fire when another policy allows DNS to the kube-dns pods', () => {
    const allowDns = policy('app/allow-dns', { policyTypes: ['Egress'], egress: [{ to: [KUBE_DNS_PEER], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] });

    expect(findingsOf(egressWithoutDns, [...app, denyEgress, allowDns])).toEqual([]);
  });

  test('does not fire for ingress-only isolation', () => {
    expect(findingsOf(egressWithoutDns, [...app, policy('app/deny-ingress', { policyTypes: ['Ingress'] })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(denyEgress, 'egress-without-dns', 'batch job that only talks to IPs');

    const [finding] = findingsOf(egressWithoutDns, [...app, annotated]);

    expect(finding.suppressed).toEqual({ reason: 'batch job that only talks to IPs', by: 'annotation' });
  });
});
