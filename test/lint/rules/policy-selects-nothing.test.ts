import { policySelectsNothing } from '../../../src/lint/rules/policy-selects-nothing';
import { namespace, pod, policy, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const app = [
  namespace('app'),
  workload('Deployment', 'app/api', { labels: { app: 'api' } }),
  workload('Deployment', 'app/web', { labels: { app: 'web' } }),
];

describe('policy-selects-nothing', () => {
  test('fires when spec.podSelector matches none of the namespace\'s pods, with the closest label as the fix', () => {
    const findings = findingsOf(policySelectsNothing, [...app, policy('app/api', { podSelector: { matchLabels: { app: 'apii' } } })]);

    expect(findings).toEqual([expect.objectContaining({
      object: 'NetworkPolicy app/api',
      field: 'spec.podSelector',
      message: 'spec.podSelector {app=apii} matches none of the 2 pods in namespace app (app/api (Deployment), app/web (Deployment)): the policy has no effect',
      fix: 'change app=apii to app=api',
    })]);
  });

  test('fires when the only pods matched use the host network, which policies never select', () => {
    const objects = [namespace('infra'), pod('infra/agent', { labels: { app: 'agent' }, hostNetwork: true }), policy('infra/agent', { podSelector: { matchLabels: { app: 'agent' } } })];

    const [finding] = findingsOf(policySelectsNothing, objects);

    expect(finding.message).toContain('matches only the host-network pods infra/agent');
  });

  test('does not fire when the policy selects a pod', () => {
    expect(findingsOf(policySelectsNothing, [...app, policy('app/api', { podSelector: { matchLabels: { app: 'api' } } })])).toEqual([]);
  });

  test('does not judge a namespace whose pods are not in the manifests', () => {
    expect(findingsOf(policySelectsNothing, [...app, policy('other/api', { podSelector: { matchLabels: { app: 'api' } } })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(policy('app/future', { podSelector: { matchLabels: { app: 'cache' } } }), 'policy-selects-nothing', 'cache is rolled out next sprint');

    const [finding] = findingsOf(policySelectsNothing, [...app, annotated]);

    expect(finding.suppressed).toEqual({ reason: 'cache is rolled out next sprint', by: 'annotation' });
  });
});
