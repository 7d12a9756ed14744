import { hiddenAllowAll } from '../../../src/lint/rules/hidden-allow-all';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const app = [namespace('app'), workload('Deployment', 'app/api', { labels: { app: 'api' } })];
const fromFrontend = { from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8080 }] };

function apiIngress(...rules: object[]) {
  return policy('app/api', { podSelector: { matchLabels: { app: 'api' } }, ingress: rules });
}

describe('hidden-allow-all', () => {
  test('fires on an empty rule beside a narrow one, naming the rules it makes pointless', () => {
    const findings = findingsOf(hiddenAllowAll, [...app, apiIngress(fromFrontend, {})]);

    expect(findings).toEqual([expect.objectContaining({
      field: 'spec.ingress[1]',
      message: 'spec.ingress[1] has no from and no ports, so it allows all ingress on every port for the selected pods, and spec.ingress[0] has no effect',
    })]);
  });

  test('fires on a rule with an empty from list and no ports', () => {
    const findings = findingsOf(hiddenAllowAll, [...app, apiIngress({ from: [], ports: [] }, fromFrontend)]);

    expect(findings.map((f) => f.field)).toEqual(['spec.ingress[0]']);
  });

  test('does not fire on a policy that only allows all (nothing is hidden)', () => {
    expect(findingsOf(hiddenAllowAll, [...app, apiIngress({})])).toEqual([]);
  });

  test('does not fire on a rule with ports but no peers', () => {
    expect(findingsOf(hiddenAllowAll, [...app, apiIngress(fromFrontend, { ports: [{ port: 8080 }] })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(apiIngress(fromFrontend, {}), 'hidden-allow-all', 'temporarily open during the migration');

    const [finding] = findingsOf(hiddenAllowAll, [...app, annotated]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
