import { policyTypesIgnoreRules } from '../../../src/lint/rules/policy-types-ignore-rules';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const app = [namespace('app'), workload('Deployment', 'app/api', { labels: { app: 'api' } })];
const toDb = { to: [{ podSelector: { matchLabels: { app: 'db' } } }] };

describe('policy-types-ignore-rules', () => {
  test('fires on egress rules in a policy whose policyTypes lists only Ingress', () => {
    const findings = findingsOf(policyTypesIgnoreRules, [...app, policy('app/api', { policyTypes: ['Ingress'], egress: [toDb] })]);

    expect(findings).toEqual([expect.objectContaining({
      field: 'spec.policyTypes',
      message: 'spec.egress has 1 rule, but spec.policyTypes ["Ingress"] leaves out Egress: every plugin ignores them',
      fix: 'add "Egress" to spec.policyTypes (and allow DNS: this isolates egress), or delete spec.egress',
    })]);
  });

  test('fires on ingress rules in a policy whose policyTypes lists only Egress', () => {
    const findings = findingsOf(policyTypesIgnoreRules, [...app, policy('app/api', { policyTypes: ['Egress'], ingress: [{}], egress: [toDb] })]);

    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^spec\.ingress has 1 rule, .* leaves out Ingress/)]);
  });

  test('does not fire when policyTypes is left to its default, which follows the rules', () => {
    expect(findingsOf(policyTypesIgnoreRules, [...app, policy('app/api', { egress: [toDb] })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(policy('app/api', { policyTypes: ['Ingress'], egress: [toDb] }), 'policy-types-ignore-rules', 'egress rules staged for the next rollout');

    const [finding] = findingsOf(policyTypesIgnoreRules, [...app, annotated]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
