import { defaultDenyOverridden } from '../../../src/lint/rules/default-deny-overridden';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const app = [namespace('app'), workload('Deployment', 'app/api', { labels: { app: 'api' } })];
const defaultDeny = policy('app/default-deny', { policyTypes: ['Ingress'] });
const allowAll = policy('app/allow-all', { ingress: [{}] });

describe('default-deny-overridden', () => {
  test('fires on a namespace-wide allow-all beside a namespace-wide default deny', () => {
    const findings = findingsOf(defaultDenyOverridden, [...app, defaultDeny, allowAll]);

    expect(findings).toEqual([expect.objectContaining({
      object: 'NetworkPolicy app/allow-all',
      field: 'spec.ingress[0]',
      message: 'selects every pod of app and allows all ingress, which voids the default deny of NetworkPolicy app/default-deny and every narrower ingress rule in app',
    })]);
  });

  test('does not fire on an allow-all for some pods only (a public frontend)', () => {
    const publicApi = policy('app/public-api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{}] });

    expect(findingsOf(defaultDenyOverridden, [...app, defaultDeny, publicApi])).toEqual([]);
  });

  test('does not fire without a default deny for the same direction', () => {
    expect(findingsOf(defaultDenyOverridden, [...app, policy('app/default-deny-egress', { policyTypes: ['Egress'] }), allowAll])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the allow-all policy', () => {
    const annotated = suppressed(allowAll, 'default-deny-overridden', 'incident 4711: opened until the fix ships');

    const [finding] = findingsOf(defaultDenyOverridden, [...app, defaultDeny, annotated]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
