import { changeTexts, explain } from './flow-helpers';
import { KubeObject } from '../../src/evaluator/kube';
import { renderExplanation } from '../../src/report/explain';
import { clusterPolicy, EVERY_NAMESPACE, inNamespace } from '../cluster-policy/builders';
import { cluster, namespace, node, pod, policy, service, workload } from '../support/builders';

/** Namespace app: api-0 (stable) and api-1 (canary) behind Service api, a frontend Deployment. */
function app(...extra: KubeObject[]): KubeObject[] {
  return [
    namespace('app'),
    pod('app/api-0', { labels: { app: 'api', track: 'stable' }, ips: ['10.0.1.10'], ports: [{ name: 'http', port: 8080 }] }),
    pod('app/api-1', { labels: { app: 'api', track: 'canary' }, ips: ['10.0.1.11'], ports: [{ name: 'http', port: 8080 }] }),
    workload('Deployment', 'app/frontend', { labels: { app: 'frontend' } }),
    service('app/api', { app: 'api' }, [{ port: 80, targetPort: 'http' }]),
    ...extra,
  ];
}

const apiFromFrontend = policy('app/api-from-frontend', {
  podSelector: { matchLabels: { app: 'api' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8080 }] }],
});

describe('explaining each side of a flow', () => {
  test('lists every rule of every selecting policy, with why it matched or not', () => {
    const tester = policy('app/canary-from-tester', { podSelector: { matchLabels: { track: 'canary' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'tester' } } }] }] });
    const explanation = explain(cluster(app(apiFromFrontend, tester)), 'app/frontend', 'app/api-1', 8080);

    const ingress = explanation.paths[0].ingress;
    expect(ingress.selectedBy).toEqual(['app/api-from-frontend', 'app/canary-from-tester']);
    expect(ingress.policies.map((p) => [p.policy, p.rules.map((r) => [r.text, r.allowed, r.peers, r.ports])])).toEqual([
      ['app/api-from-frontend', [['from podSelector {app=frontend}; ports TCP 8080', true, 'peer 0 (podSelector {app=frontend}) selects app/frontend (Deployment)', 'TCP 8080 matches TCP 8080']]],
      ['app/canary-from-tester', [['from podSelector {app=tester}; every port', false, 'peer 0: app/frontend (Deployment) {app=frontend} lacks app=tester (podSelector)', 'no ports: TCP 8080 matches']]],
    ]);
  });

  test('says a policy without rules for the direction denies all of it', () => {
    const explanation = explain(cluster(app(policy('app/deny-all', { policyTypes: ['Ingress', 'Egress'] }))), 'app/frontend', 'app/api-0', 8080);

    expect(explanation.paths[0].egress.policies).toEqual([{ policy: 'app/deny-all', source: 'test object 6', rules: [] }]);
    expect(renderExplanation(explanation)).toContain('  app/deny-all (test object 6):\n    no egress rule: denies all egress\n');
  });

  test('describes a Node destination by its labels and address', () => {
    const explanation = explain(cluster(app(node('worker-1', ['192.168.0.5']))), 'app/frontend', '192.168.0.5', 10250);

    expect(explanation.destination).toEqual({ kind: 'node', text: 'node worker-1 (192.168.0.5)', labels: { 'kubernetes.io/hostname': 'worker-1' }, ips: ['192.168.0.5'] });
    expect(explanation.implementationDefined).toEqual([expect.stringContaining('node worker-1 (192.168.0.5) is a node')]);
  });
});

describe('explaining a flow decided by ClusterNetworkPolicy tiers', () => {
  const blockPayments = clusterPolicy('block-payments', { subject: EVERY_NAMESPACE, egress: [{ name: 'no-payments', action: 'Deny', to: [{ networks: ['203.0.113.0/24'] }] }] });

  test('shows the Admin rule that denied, and that only a change to it flips the verdict', () => {
    const explanation = explain(cluster(app(blockPayments)), 'app/api-0', '203.0.113.5', 443);

    const egress = explanation.paths[0].egress;
    expect(egress.decidedBy).toEqual({ tier: 'Admin', action: 'Deny', policy: 'block-payments', rule: 0, name: 'no-payments', priority: 10 });
    expect(egress.tiers).toEqual(['Admin ClusterNetworkPolicy block-payments (priority 10) egress rule 0 "no-payments" matches 203.0.113.5: Deny']);
    expect(changeTexts(explanation)).toEqual(['change Admin ClusterNetworkPolicy block-payments rule 0 "no-payments" (Deny, priority 10): it denies this egress before any NetworkPolicy is asked']);
  });

  test('shows a Pass before the NetworkPolicy tier decides, in the order the tiers run', () => {
    const passApp = clusterPolicy('pass-app', { subject: inNamespace('app'), ingress: [{ action: 'Pass', from: [{ namespaces: {} }] }] });
    const text = renderExplanation(explain(cluster(app(passApp, apiFromFrontend)), { namespace: 'app', labels: { run: 'x' } }, 'app/api-0', 8080));

    expect(text).toContain([
      'Ingress to app/api-0: denied',
      '  Admin ClusterNetworkPolicy pass-app (priority 10) ingress rule 0 matches app/{run=x} (Pod (not in manifests)): Pass (on to the next tier)',
      '  isolated for ingress by app/api-from-frontend',
    ].join('\n'));
    expect(text).toContain('  the NetworkPolicy tier decides: denied\n');
    expect(text).toContain('  - add label app=frontend to app/{run=x}\n');
  });

  test('offers a NetworkPolicy or a Baseline change when the Baseline tier denies an unisolated pod', () => {
    const baselineDeny = clusterPolicy('baseline-deny', { tier: 'Baseline', subject: EVERY_NAMESPACE, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] });
    const explanation = explain(cluster(app(baselineDeny)), 'app/frontend', 'app/api-0', 8080);

    expect(explanation.paths[0].ingress.decidedBy).toMatchObject({ tier: 'Baseline', action: 'Deny', policy: 'baseline-deny' });
    expect(changeTexts(explanation)).toEqual([
      'add a NetworkPolicy that selects app/api-0 for ingress and allows podSelector {app=frontend} on TCP 8080 (NetworkPolicies come before the Baseline tier; it isolates app/api-0 for ingress)',
      'change Baseline ClusterNetworkPolicy baseline-deny rule 0 (Deny, priority 10): it denies this ingress of pods no NetworkPolicy isolates',
    ]);
  });
});

describe('explaining a Service destination', () => {
  test('explains each backing pod, and what would allow the ones that deny', () => {
    // GIVEN a canary backend that admits only testers
    const canaryFromTester = policy('app/canary-from-tester', { podSelector: { matchLabels: { track: 'canary' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'tester' } } }] }] });
    const canaryOnly = policy('app/canary-only', { podSelector: { matchLabels: { track: 'canary' } }, policyTypes: ['Ingress'] });

    // WHEN the frontend's flow to the Service is explained
    const explanation = explain(cluster(app(canaryFromTester, canaryOnly)), 'app/frontend', { service: 'app/api' }, 80);

    // THEN the verdict is partial, each backend has its own path, and only the canary needs a change
    expect(explanation.verdict).toBe('partial');
    expect(explanation.destination).toMatchObject({ kind: 'service', text: 'Service app/api', service: { selector: { app: 'api' }, ports: ['TCP 80 -> "http"'], backends: ['app/api-0', 'app/api-1'] } });
    expect(explanation.paths.map((p) => [p.to, p.port, p.verdict, p.changes !== undefined])).toEqual([['app/api-0', 8080, 'allow', false], ['app/api-1', 8080, 'deny', true]]);
    expect(changeTexts(explanation)).toEqual(['add label app=tester to the pod template of Deployment app/frontend']);
    expect(renderExplanation(explanation)).toContain('To app/api-1 on port 8080: deny\n');
  });
});

describe('explaining a Service that selects no pod', () => {
  test('has no path, and gives the reason netpol check gives', () => {
    const explanation = explain(cluster(app(service('app/empty', { app: 'nothing' }, [{ port: 80 }]))), 'app/frontend', { service: 'app/empty' }, 80);

    expect([explanation.verdict, explanation.paths, explanation.reasons]).toEqual(['deny', [], ['Service app/empty selects no pod']]);
    expect(renderExplanation(explanation)).toMatch(/ {2}backends none\n\nService app\/empty selects no pod\n$/);
  });
});

describe('explaining a range of external addresses', () => {
  test('says how much of the range is allowed, and which ipBlock would cover all of it', () => {
    const halfRange = policy('app/api-egress', {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/25' } }], ports: [{ port: 443 }] }],
    });
    const explanation = explain(cluster(app(halfRange)), 'app/api-0', { cidr: '203.0.113.0/24' }, 443);

    expect(explanation.verdict).toBe('partial');
    expect(explanation.destination).toEqual({ kind: 'range', text: '203.0.113.0/24' });
    expect(explanation.paths[0].egress).toMatchObject({ allowed: false, coverage: 'some' });
    expect(explanation.paths[0].egress.policies[0].rules[0].peers).toBe('peer 0 (ipBlock 203.0.113.0/25) covers part of 203.0.113.0/24');
    expect(changeTexts(explanation)).toEqual(['add ipBlock 203.0.113.0/24 to rule 0 of app/api-egress']);
    expect(explanation.likelyCauses).toEqual([expect.stringContaining('no egress rule covers all of 203.0.113.0/24 on TCP 443')]);
  });
});

describe('the smallest change that flips the verdict', () => {
  test('adds the namespace label a namespaceSelector asks for', () => {
    const fromTeamWeb = policy('app/from-web', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'web' } } }] }] });
    const explanation = explain(cluster(app(fromTeamWeb, namespace('web'), pod('web/client', { labels: { app: 'client' } }))), 'web/client', 'app/api-0', 8080);

    expect(changeTexts(explanation)).toEqual(['add label team=web to namespace web']);
  });

  test('adds a namespaceSelector when a podSelector alone looks in the wrong namespace', () => {
    const explanation = explain(cluster(app(apiFromFrontend, namespace('web'), pod('web/frontend', { labels: { app: 'frontend' } }))), 'web/frontend', 'app/api-0', 8080);

    expect(changeTexts(explanation)).toEqual(['add namespaceSelector {kubernetes.io/metadata.name=web} to peer 0 of rule 0 of app/api-from-frontend']);
  });

  test('prefers one label and one port over a new rule when the rule misses both', () => {
    const explanation = explain(cluster(app(apiFromFrontend)), { namespace: 'app', labels: { run: 'x' } }, 'app/api-0', 9090);

    expect(changeTexts(explanation)).toEqual(['add label app=frontend to app/{run=x}, and add TCP 9090 to rule 0 of app/api-from-frontend']);
  });

  test('asks for a change on each side when both sides deny', () => {
    const frontendEgress = policy('app/frontend-egress', { podSelector: { matchLabels: { app: 'frontend' } }, policyTypes: ['Egress'] });
    const explanation = explain(cluster(app(apiFromFrontend, frontendEgress)), 'app/frontend', 'app/api-0', 9090);

    const plan = explanation.paths[0].changes!;
    expect(plan).toMatchObject({ to: 'allow', needs: 'all' });
    expect(plan.sides.map((s) => [s.direction, s.changes.map((c) => c.text)])).toEqual([
      ['Egress', ['add an egress rule to app/frontend-egress that allows podSelector {app=api, track=stable} on TCP 9090']],
      ['Ingress', ['add TCP 9090 to rule 0 of app/api-from-frontend']],
    ]);
    expect(renderExplanation(explanation)).toContain('Smallest change that would allow it (every side listed needs one):\n  egress of app/frontend (Deployment):\n');
  });

  test('for an allowed flow, names the rule to narrow and the side that could be isolated', () => {
    const explanation = explain(cluster(app(apiFromFrontend)), 'app/frontend', 'app/api-0', 8080);

    expect(explanation.paths[0].changes).toMatchObject({ to: 'deny', needs: 'any' });
    expect(changeTexts(explanation)).toEqual([
      'isolate app/frontend (Deployment) for egress: a NetworkPolicy that selects it with policyTypes [Egress] and no rule for app/api-0 on TCP 8080',
      'narrow rule 0 of app/api-from-frontend so that app/frontend (Deployment) or this port no longer matches: it is the only rule that allows this flow',
    ]);
  });

  test('offers nothing for a pod reaching itself, which plugins allow whatever the policies', () => {
    const explanation = explain(cluster(app(apiFromFrontend)), 'app/api-0', 'app/api-0', 8080);

    expect(explanation.verdict).toBe('allow');
    expect(changeTexts(explanation)).toEqual([]);
    expect(renderExplanation(explanation)).toContain('Smallest change that would deny it: none that is obvious\n');
  });
});
