import { cnpSamePriorityOverlap } from '../../../src/lint/rules/cnp-same-priority-overlap';
import { clusterPolicy, EVERY_NAMESPACE, inNamespace, podsLabelled, tcp } from '../../cluster-policy/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const acceptMonitoring = clusterPolicy('accept-monitoring', { ingress: [{ name: 'scrape', action: 'Accept', from: [inNamespace('monitoring')], protocols: [tcp(9090)] }] });
const denyAll = clusterPolicy('deny-all', { ingress: [{ name: 'deny', action: 'Deny', from: [EVERY_NAMESPACE] }] });

describe('cnp-same-priority-overlap', () => {
  test('fires on the second of two same-priority policies that may decide the same traffic differently, naming both rules', () => {
    expect(findingsOf(cnpSamePriorityOverlap, [acceptMonitoring, denyAll])).toEqual([expect.objectContaining({
      severity: 'warning',
      object: 'ClusterNetworkPolicy deny-all',
      field: 'spec.ingress[0]',
      message: 'has the same tier and priority (Admin, 10) as ClusterNetworkPolicy accept-monitoring, and both may match the same traffic with different actions: Admin ClusterNetworkPolicy accept-monitoring (priority 10) ingress rule 0 "scrape" (Accept) and Admin ClusterNetworkPolicy deny-all (priority 10) ingress rule 0 "deny" (Deny); the plugin may apply either',
      fix: 'give deny-all or accept-monitoring another priority: the one that should win gets the lower number',
    })]);
  });

  test('fires for networks against pods, because networks match pod IPs', () => {
    const acceptNetworks = clusterPolicy('accept-10', { egress: [{ action: 'Accept', to: [{ networks: ['10.0.0.0/8'] }] }] });
    const denyPods = clusterPolicy('deny-payments', { egress: [{ action: 'Deny', to: [inNamespace('payments')] }] });
    expect(findingsOf(cnpSamePriorityOverlap, [acceptNetworks, denyPods]).map((f) => f.object)).toEqual(['ClusterNetworkPolicy deny-payments']);
  });

  test.each([
    ['different priorities', [acceptMonitoring, clusterPolicy('deny-all', { priority: 11, ingress: [{ action: 'Deny', from: [EVERY_NAMESPACE] }] })]],
    ['subjects in different namespaces', [
      clusterPolicy('a', { subject: inNamespace('a'), ingress: [{ action: 'Accept', from: [EVERY_NAMESPACE] }] }),
      clusterPolicy('b', { subject: inNamespace('b'), ingress: [{ action: 'Deny', from: [EVERY_NAMESPACE] }] }),
    ]],
    ['subjects with contradicting pod labels', [
      clusterPolicy('a', { subject: podsLabelled({ app: 'a' }), ingress: [{ action: 'Accept', from: [EVERY_NAMESPACE] }] }),
      clusterPolicy('b', { subject: podsLabelled({ app: 'b' }), ingress: [{ action: 'Deny', from: [EVERY_NAMESPACE] }] }),
    ]],
    ['the same action', [acceptMonitoring, clusterPolicy('accept-all', { ingress: [{ action: 'Accept', from: [EVERY_NAMESPACE] }] })]],
    ['disjoint ports', [acceptMonitoring, clusterPolicy('deny-80', { ingress: [{ action: 'Deny', from: [EVERY_NAMESPACE], protocols: [tcp(80)] }] })]],
    ['disjoint CIDRs', [
      clusterPolicy('a', { egress: [{ action: 'Accept', to: [{ networks: ['10.0.0.0/8'] }] }] }),
      clusterPolicy('b', { egress: [{ action: 'Deny', to: [{ networks: ['192.168.0.0/16', 'fd00::/8'] }] }] }),
    ]],
    ['pods against domain names', [
      clusterPolicy('a', { egress: [{ action: 'Accept', to: [{ domainNames: ['*.example.com'] }] }] }),
      clusterPolicy('b', { egress: [{ action: 'Deny', to: [EVERY_NAMESPACE] }] }),
    ]],
    ['a differing rule its own policy shadows', [
      clusterPolicy('a', { ingress: [{ action: 'Deny', from: [EVERY_NAMESPACE] }, { action: 'Accept', from: [inNamespace('monitoring')] }] }),
      clusterPolicy('b', { ingress: [{ action: 'Deny', from: [inNamespace('monitoring')] }] }),
    ]],
  ])('does not fire for %s', (_title, objects) => {
    expect(findingsOf(cnpSamePriorityOverlap, objects)).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy it is reported on', () => {
    const [finding] = findingsOf(cnpSamePriorityOverlap, [acceptMonitoring, suppressed(denyAll, 'cnp-same-priority-overlap', 'our plugin orders equal priorities by name')]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
