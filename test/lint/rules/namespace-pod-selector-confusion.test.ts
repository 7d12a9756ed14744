import { namespacePodSelectorConfusion } from '../../../src/lint/rules/namespace-pod-selector-confusion';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const cluster = [
  namespace('app', { team: 'shop' }),
  namespace('monitoring', { team: 'ops' }),
  workload('Deployment', 'app/api', { labels: { app: 'api' } }),
  workload('Deployment', 'app/worker', { labels: { app: 'worker' } }),
  workload('Deployment', 'monitoring/prometheus', { labels: { app: 'prometheus' } }),
];
const OPS = { matchLabels: { team: 'ops' } };

function allowFrom(...peers: object[]) {
  return policy('app/api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: peers }] });
}

describe('namespace-pod-selector-confusion', () => {
  test('fires on two list items that were meant as one (OR written, AND meant)', () => {
    // GIVEN prometheus runs in the team=ops namespace, and the rule lists the namespace and the pods as two peers
    const objects = [...cluster, allowFrom({ namespaceSelector: OPS }, { podSelector: { matchLabels: { app: 'prometheus' } } })];

    // WHEN linted
    const findings = findingsOf(namespacePodSelectorConfusion, objects);

    // THEN the finding explains the OR and how to merge the peers
    expect(findings).toEqual([expect.objectContaining({
      object: 'NetworkPolicy app/api',
      field: 'spec.ingress[0].from',
      message: expect.stringContaining('from[0] admits every pod of monitoring, and from[1] matches no pod in app, the policy\'s own namespace, while the pods it names (monitoring/prometheus (Deployment))'),
      fix: 'merge them into one peer (delete the "-" before podSelector in from[1]) to select only the {app=prometheus} pods of monitoring',
    })]);
  });

  test('fires on one item that was meant as two (AND written, OR meant)', () => {
    const objects = [...cluster, allowFrom({ namespaceSelector: OPS, podSelector: { matchLabels: { app: 'worker' } } })];

    const findings = findingsOf(namespacePodSelectorConfusion, objects);

    expect(findings).toEqual([expect.objectContaining({
      field: 'spec.ingress[0].from[0]',
      message: expect.stringContaining('selects {app=worker} pods in monitoring, and there are none; the pods that carry these labels (app/worker (Deployment)) are in app'),
    })]);
  });

  test('does not fire on one item whose pods live in the selected namespaces', () => {
    const objects = [...cluster, allowFrom({ namespaceSelector: OPS, podSelector: { matchLabels: { app: 'prometheus' } } })];

    expect(findingsOf(namespacePodSelectorConfusion, objects)).toEqual([]);
  });

  test('does not fire on two items that each select pods', () => {
    const objects = [...cluster, allowFrom({ namespaceSelector: OPS }, { podSelector: { matchLabels: { app: 'worker' } } })];

    expect(findingsOf(namespacePodSelectorConfusion, objects)).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(allowFrom({ namespaceSelector: OPS }, { podSelector: { matchLabels: { app: 'prometheus' } } }), 'namespace-pod-selector-confusion', 'a local prometheus sidecar is coming');

    const [finding] = findingsOf(namespacePodSelectorConfusion, [...cluster, annotated]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
