import { cnpBaselinePass } from '../../../src/lint/rules/cnp-baseline-pass';
import { clusterPolicy, EVERY_NAMESPACE, inNamespace } from '../../cluster-policy/builders';
import { findingsOf, lint, suppressed } from '../lint-helpers';

const baselinePass = clusterPolicy('baseline-pass', {
  tier: 'Baseline',
  ingress: [{ name: 'let-app-decide', action: 'Pass', from: [inNamespace('app')] }, { action: 'Deny', from: [EVERY_NAMESPACE] }],
});

describe('cnp-baseline-pass', () => {
  test('fires on a Pass in the Baseline tier, saying it acts as an Accept', () => {
    expect(findingsOf(cnpBaselinePass, [baselinePass])).toEqual([expect.objectContaining({
      severity: 'warning',
      object: 'ClusterNetworkPolicy baseline-pass',
      field: 'spec.ingress[0].action',
      message: 'ingress rule 0 "let-app-decide" passes traffic out of the Baseline tier, where only the default (allow) is left: it acts as an Accept',
    })]);
  });

  test('does not fire on a Pass in the Admin tier, nor on Baseline Accept and Deny', () => {
    const adminPass = clusterPolicy('admin-pass', { ingress: [{ action: 'Pass', from: [inNamespace('app')] }] });
    const baseline = clusterPolicy('baseline', { tier: 'Baseline', egress: [{ action: 'Accept', to: [inNamespace('app')] }, { action: 'Deny', to: [EVERY_NAMESPACE] }] });

    expect(findingsOf(cnpBaselinePass, [adminPass, baseline])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the ClusterNetworkPolicy', () => {
    const [finding] = findingsOf(cnpBaselinePass, [suppressed(baselinePass, 'cnp-baseline-pass', 'skips the later deny on purpose')]);

    expect(finding.suppressed?.by).toBe('annotation');
  });

  test('a suppression annotation on a ClusterNetworkPolicy without a real reason is itself an error', () => {
    const findings = lint(cnpBaselinePass, [suppressed(baselinePass, 'cnp-baseline-pass', 'ok')]);

    expect(findings.find((f) => f.ruleId === 'invalid-suppression')).toEqual(expect.objectContaining({
      object: 'ClusterNetworkPolicy baseline-pass',
      field: 'metadata.annotations.netpol.cdk8s.io/suppress.cnp-baseline-pass',
      message: 'suppression of "cnp-baseline-pass" needs a reason of at least 10 characters (got "ok")',
    }));
    expect(findings.find((f) => f.ruleId === 'cnp-baseline-pass')?.suppressed).toBeUndefined();
  });

  test('is suppressed by a suppression option naming the ClusterNetworkPolicy', () => {
    const [finding] = findingsOf(cnpBaselinePass, [baselinePass], { suppressions: [{ ruleId: 'cnp-baseline-pass', target: 'baseline-pass', reason: 'reviewed with the platform team' }] });

    expect(finding.suppressed).toEqual({ reason: 'reviewed with the platform team', by: 'option' });
  });
});
