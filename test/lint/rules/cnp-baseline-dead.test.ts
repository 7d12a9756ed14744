import { cnpBaselineDead } from '../../../src/lint/rules/cnp-baseline-dead';
import { clusterPolicy, EVERY_NAMESPACE, inNamespace } from '../../cluster-policy/builders';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const app = [
  namespace('app'),
  workload('Deployment', 'app/api', { labels: { app: 'api' } }),
  workload('Deployment', 'app/web', { labels: { app: 'web' } }),
];
const baseline = clusterPolicy('app-baseline', {
  tier: 'Baseline',
  subject: inNamespace('app'),
  ingress: [{ name: 'deny-all', action: 'Deny', from: [EVERY_NAMESPACE] }],
  egress: [{ action: 'Deny', to: [EVERY_NAMESPACE] }],
});
const denyIngress = policy('app/default-deny', { policyTypes: ['Ingress'] });

describe('cnp-baseline-dead', () => {
  test('fires as info on the direction whose every subject pod a NetworkPolicy selects', () => {
    expect(findingsOf(cnpBaselineDead, [...app, baseline, denyIngress])).toEqual([expect.objectContaining({
      severity: 'info',
      object: 'ClusterNetworkPolicy app-baseline',
      field: 'spec.ingress',
      message: 'its ingress rule 0 "deny-all" never applies: every pod it selects (app/api (Deployment), app/web (Deployment)) is selected for ingress by a NetworkPolicy (app/default-deny), which decides first',
    })]);
  });

  test('does not fire while one subject pod is left to the Baseline, nor for an Admin policy, nor without subject pods', () => {
    const apiOnly = policy('app/api-only', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'] });
    const admin = clusterPolicy('admin', { subject: inNamespace('app'), ingress: [{ action: 'Deny', from: [EVERY_NAMESPACE] }] });
    const empty = clusterPolicy('empty', { tier: 'Baseline', subject: inNamespace('nobody'), ingress: [{ action: 'Deny', from: [EVERY_NAMESPACE] }] });

    expect(findingsOf(cnpBaselineDead, [...app, baseline, apiOnly, admin, empty])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the ClusterNetworkPolicy', () => {
    const [finding] = findingsOf(cnpBaselineDead, [...app, suppressed(baseline, 'cnp-baseline-dead', 'fallback for namespaces added later'), denyIngress]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
