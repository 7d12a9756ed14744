import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ClusterNetworkPolicy, ClusterPeer, ClusterPolicyAction, ClusterPolicyPriorities, ClusterPolicyTier, ClusterPort, ClusterSubject,
} from '../../../src';

function appAndChart(): { app: ReturnType<typeof Testing.app>; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'platform') };
}

function policy(
  scope: Construct, id: string, tier: ClusterPolicyTier, priority?: number,
  action = ClusterPolicyAction.DENY, subject = ClusterSubject.allNamespaces(),
): ClusterNetworkPolicy {
  return new ClusterNetworkPolicy(scope, id, {
    tier,
    priority,
    subject,
    metadata: { name: id },
    ingress: [{ name: `${action.toLowerCase()}-all`, action, peers: [ClusterPeer.allNamespaces()] }],
  });
}

describe('ClusterPolicyPriorities', () => {
  test('hands out priorities in creation order, per tier, from 100 in steps of 10', () => {
    const { chart } = appAndChart();
    const made = [
      policy(chart, 'first', ClusterPolicyTier.ADMIN),
      policy(chart, 'baseline', ClusterPolicyTier.BASELINE),
      policy(chart, 'second', ClusterPolicyTier.ADMIN, undefined, ClusterPolicyAction.ACCEPT),
      policy(chart, 'third', ClusterPolicyTier.ADMIN),
    ];
    expect(made.map((p) => `${p.tier} ${p.priority}`)).toEqual(['Admin 100', 'Baseline 100', 'Admin 110', 'Admin 120']);
    expect(Testing.synth(chart).map((o) => o.spec.priority)).toEqual([100, 100, 110, 120]);
  });

  test('skips priorities already taken explicitly', () => {
    const { chart } = appAndChart();
    policy(chart, 'explicit', ClusterPolicyTier.ADMIN, 110);
    const allocated = [policy(chart, 'a', ClusterPolicyTier.ADMIN), policy(chart, 'b', ClusterPolicyTier.ADMIN)];
    expect(allocated.map((p) => p.priority)).toEqual([100, 120]);
    expect(ClusterPolicyPriorities.of(chart).takenIn(ClusterPolicyTier.ADMIN)).toEqual([100, 110, 120]);
  });

  test('takes base and step from an allocator made before the first policy', () => {
    const { app, chart } = appAndChart();
    new ClusterPolicyPriorities(app, 'priorities', { base: 500, step: 5 });
    expect([policy(chart, 'a', ClusterPolicyTier.BASELINE), policy(chart, 'b', ClusterPolicyTier.BASELINE)].map((p) => p.priority)).toEqual([500, 505]);
    expect(ClusterPolicyPriorities.of(chart).node.path).toBe('priorities');
  });

  test('fails clearly when the tier runs out of priorities', () => {
    const { app, chart } = appAndChart();
    new ClusterPolicyPriorities(app, 'priorities', { base: 990, step: 10 });
    policy(chart, 'a', ClusterPolicyTier.ADMIN);
    policy(chart, 'b', ClusterPolicyTier.ADMIN);
    expect(() => policy(chart, 'c', ClusterPolicyTier.ADMIN)).toThrow('ClusterPolicyPriorities: no priority left in the Admin tier after 2 from 990 in steps of 10 (the highest is 1000): make ClusterPolicyPriorities with a smaller base or step');
  });

  test.each([
    ['below the root', (app: Construct) => new ClusterPolicyPriorities(new Chart(app, 'c'), 'p'), /belongs at the app's root, not under c/],
    ['a second time', (app: Construct) => { ClusterPolicyPriorities.of(app); return new ClusterPolicyPriorities(app, 'p'); }, /this app already allocates ClusterNetworkPolicy priorities/],
    ['with a base above 1000', (app: Construct) => new ClusterPolicyPriorities(app, 'p', { base: 1001 }), /base: Invalid value: 1001: must be an integer from 0 to 1000/],
    ['with a step of 0', (app: Construct) => new ClusterPolicyPriorities(app, 'p', { step: 0 }), /step: Invalid value: 0: must be a positive integer/],
  ])('refuses to be made %s', (_title, make, message) => {
    expect(() => make(Testing.app())).toThrow(message);
  });

  test('is one per app, and recognised by its type guard', () => {
    const { chart } = appAndChart();
    const allocator = ClusterPolicyPriorities.of(chart);
    expect(ClusterPolicyPriorities.of(chart.node.root)).toBe(allocator);
    const isAllocator = ClusterPolicyPriorities.isClusterPolicyPriorities;
    expect([isAllocator(allocator), isAllocator(chart)]).toEqual([true, false]);
  });
});

describe('same-priority clashes at synth', () => {
  test('fail synth once, naming both policies and the rules that may decide differently', () => {
    // GIVEN two Admin policies at priority 10 on every pod: one accepts monitoring, one denies everyone
    const { chart } = appAndChart();
    policy(chart, 'deny-everyone', ClusterPolicyTier.ADMIN, 10);
    new ClusterNetworkPolicy(chart, 'accept-monitoring', {
      tier: ClusterPolicyTier.ADMIN,
      priority: 10,
      subject: ClusterSubject.allNamespaces(),
      metadata: { name: 'accept-monitoring' },
      ingress: [{ name: 'scrape', action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.namespace('monitoring')], protocols: [ClusterPort.tcp(9090)] }],
    });
    // THEN synth fails with one message, on the later of the two
    let message = '';
    try {
      Testing.synth(chart);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('[platform/accept-monitoring] ClusterNetworkPolicy accept-monitoring has the same tier and priority (Admin, 10) as ClusterNetworkPolicy deny-everyone (platform/deny-everyone), and both may match the same traffic with different actions: Admin ClusterNetworkPolicy deny-everyone (priority 10) ingress rule 0 "deny-all" (Deny) and Admin ClusterNetworkPolicy accept-monitoring (priority 10) ingress rule 0 "scrape" (Accept); the network plugin may apply either.');
    expect(message.match(/has the same tier and priority/g)).toHaveLength(1);
  });

  test.each([
    ['subjects in different namespaces', ClusterSubject.namespace('payments'), ClusterSubject.namespace('app'), ClusterPolicyAction.ACCEPT],
    ['the same action', ClusterSubject.allNamespaces(), ClusterSubject.allNamespaces(), ClusterPolicyAction.DENY],
  ])('let synth pass for %s', (_title, first, second, action) => {
    const { chart } = appAndChart();
    policy(chart, 'one', ClusterPolicyTier.ADMIN, 10, ClusterPolicyAction.DENY, first);
    policy(chart, 'two', ClusterPolicyTier.ADMIN, 10, action, second);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('let synth pass for different actions on disjoint ports, or on the same priority of different tiers', () => {
    const { chart } = appAndChart();
    const peers = [ClusterPeer.allNamespaces()];
    const rule = (action: ClusterPolicyAction, port: number) => [{ action, peers, protocols: [ClusterPort.tcp(port)] }];
    new ClusterNetworkPolicy(chart, 'http', { tier: ClusterPolicyTier.ADMIN, priority: 10, subject: ClusterSubject.allNamespaces(), ingress: rule(ClusterPolicyAction.ACCEPT, 80) });
    new ClusterNetworkPolicy(chart, 'https', { tier: ClusterPolicyTier.ADMIN, priority: 10, subject: ClusterSubject.allNamespaces(), ingress: rule(ClusterPolicyAction.DENY, 443) });
    new ClusterNetworkPolicy(chart, 'baseline', { tier: ClusterPolicyTier.BASELINE, priority: 10, subject: ClusterSubject.allNamespaces(), ingress: rule(ClusterPolicyAction.DENY, 80) });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('are found against ClusterNetworkPolicies written as raw API objects too', () => {
    const { chart } = appAndChart();
    new ApiObject(chart, 'raw', {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'raw' },
      spec: { tier: 'Baseline', priority: 100, subject: { namespaces: {} }, egress: [{ action: 'Accept', to: [{ networks: ['0.0.0.0/0'] }] }] },
    });
    new ClusterNetworkPolicy(chart, 'ours', {
      tier: ClusterPolicyTier.BASELINE,
      subject: ClusterSubject.allNamespaces(),
      metadata: { name: 'ours' },
      egress: [{ action: ClusterPolicyAction.DENY, peers: [ClusterPeer.podsInNamespace('payments', { app: 'ledger' })] }],
    });
    expect(() => Testing.synth(chart)).toThrow(/\[platform\/ours\] ClusterNetworkPolicy ours has the same tier and priority \(Baseline, 100\) as ClusterNetworkPolicy raw \(platform\/raw\)/);
  });
});
