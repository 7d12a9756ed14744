import { clusterPolicy, EVERY_NAMESPACE, inNamespace, podsLabelled } from './builders';
import { KubeObject } from '../../src/evaluator/kube';
import { check, cluster, evaluate, namespace, node, pod, policy, service, verdict } from '../support/builders';

/**
 * ClusterNetworkPolicy tiers mixed with NetworkPolicy: Admin, then NetworkPolicy, then Baseline,
 * then the default (allow), per direction, on a small cluster:
 * app/web and app/api, db/pg, a host-network agent in ops on node worker-1, and worker-2.
 */
function objects(...extra: KubeObject[]): KubeObject[] {
  return [
    namespace('app', { team: 'shop' }),
    namespace('db', { team: 'data' }),
    namespace('ops'),
    pod('app/web', { labels: { app: 'web' }, ips: ['10.1.0.1'], ports: [{ name: 'http', port: 8080 }] }),
    pod('app/api', { labels: { app: 'api' }, ips: ['10.1.0.2'], ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }] }),
    pod('db/pg', { labels: { app: 'pg' }, ips: ['10.2.0.1'], ports: [{ name: 'pg', port: 5432 }] }),
    pod('ops/agent', { labels: { app: 'agent' }, ips: ['10.0.100.1'], hostNetwork: true }),
    { ...node('worker-1', ['10.0.100.1']), metadata: { name: 'worker-1', labels: { role: 'infra' } } },
    { ...node('worker-2', ['10.0.100.2']), metadata: { name: 'worker-2', labels: { role: 'app' } } },
    service('app/api', { app: 'api' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
    ...extra,
  ];
}

const denyAllIngress = (ns: string) => policy(`${ns}/deny-all-ingress`, { policyTypes: ['Ingress'] });
const denyAllEgress = (ns: string) => policy(`${ns}/deny-all-egress`, { policyTypes: ['Egress'] });

describe('the Admin tier over the NetworkPolicy tier', () => {
  test('an Admin Pass hands the flow to the NetworkPolicy tier, which then decides alone', () => {
    // GIVEN an Admin Pass for ingress to db, and db isolated by a NetworkPolicy that allows app/api only
    const passToNamespaces = clusterPolicy('delegate-db', { subject: inNamespace('db'), ingress: [{ name: 'db-decides', action: 'Pass', from: [EVERY_NAMESPACE] }] });
    const apiOnly = policy('db/api-only', { ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'api' } } }] }] });
    const model = cluster(objects(passToNamespaces, apiOnly));
    // WHEN web and api reach pg
    const fromWeb = evaluate(model, 'app/web', 'db/pg', 5432);
    const fromApi = evaluate(model, 'app/api', 'db/pg', 5432);
    // THEN the NetworkPolicy decides both, after the Pass
    expect(fromWeb.verdict).toBe('deny');
    expect(fromWeb.ingress.decidedBy).toEqual({ tier: 'NetworkPolicy', action: 'Deny' });
    expect(fromWeb.ingress.tierPath).toEqual([{ tier: 'Admin', action: 'Pass', policy: 'delegate-db', rule: 0, name: 'db-decides', priority: 10 }]);
    expect(fromApi.verdict).toBe('allow');
    expect(fromApi.ingress.decidedBy).toEqual({ tier: 'NetworkPolicy', action: 'Accept', policy: 'db/api-only', rule: 0 });
  });

  test('an Admin Pass with no NetworkPolicy goes on to the Baseline tier', () => {
    const pass = clusterPolicy('delegate', { subject: inNamespace('db'), ingress: [{ action: 'Pass', from: [EVERY_NAMESPACE] }] });
    const baselineDeny = clusterPolicy('default-deny', { tier: 'Baseline', priority: 1, subject: inNamespace('db'), ingress: [{ name: 'deny', action: 'Deny', from: [EVERY_NAMESPACE] }] });
    const result = evaluate(cluster(objects(pass, baselineDeny)), 'app/web', 'db/pg', 5432);
    expect(result.verdict).toBe('deny');
    expect(result.ingress.decidedBy).toEqual({ tier: 'Baseline', action: 'Deny', policy: 'default-deny', rule: 0, name: 'deny', priority: 1 });
  });

  test('an Admin Accept overrides a NetworkPolicy that denies the ingress', () => {
    // GIVEN db denies all ingress, and an Admin policy accepts app into db
    const accept = clusterPolicy('app-to-db', { subject: inNamespace('db'), ingress: [{ action: 'Accept', from: [inNamespace('app')] }] });
    const model = cluster(objects(denyAllIngress('db'), accept));
    // THEN app reaches db, other namespaces' pods do not
    expect(verdict(model, 'app/web', 'db/pg', 5432)).toBe('allow');
    expect(evaluate(model, 'app/web', 'db/pg', 5432).ingress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Accept', policy: 'app-to-db' });
    expect(verdict(model, { namespace: 'ops', labels: { app: 'debug' } }, 'db/pg', 5432)).toBe('deny');
  });

  test('an egress Accept at the source still needs the ingress of the destination', () => {
    // GIVEN an Admin egress Accept from app to db, and db isolated for ingress with no rule
    const acceptEgress = clusterPolicy('app-may-call-db', { subject: inNamespace('app'), egress: [{ action: 'Accept', to: [inNamespace('db')] }] });
    const result = evaluate(cluster(objects(acceptEgress, denyAllIngress('db'))), 'app/web', 'db/pg', 5432);
    // THEN the egress side is accepted, and the flow is denied at ingress by the NetworkPolicy tier
    expect(result.egress).toMatchObject({ allowed: true, decidedBy: { tier: 'Admin', action: 'Accept', policy: 'app-may-call-db' } });
    expect(result.ingress).toMatchObject({ allowed: false, decidedBy: { tier: 'NetworkPolicy', action: 'Deny' } });
    expect(result.verdict).toBe('deny');
  });

  test('an Admin Deny beats a NetworkPolicy that allows, in both directions', () => {
    const deny = clusterPolicy('isolate-db', { subject: inNamespace('db'), ingress: [{ action: 'Deny', from: [inNamespace('app')] }], egress: [{ action: 'Deny', to: [inNamespace('app')] }] });
    const allowAll = policy('db/allow-all', { policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] });
    const model = cluster(objects(deny, allowAll));
    expect(verdict(model, 'app/web', 'db/pg', 5432)).toBe('deny');
    expect(verdict(model, 'db/pg', 'app/web', 8080)).toBe('deny');
  });

  test('lower priority numbers come first within the Admin tier, and rules in written order within a policy', () => {
    const accept = clusterPolicy('accept-api', { priority: 5, subject: inNamespace('db'), ingress: [{ action: 'Accept', from: [podsLabelled({ app: 'api' })] }] });
    const deny = clusterPolicy('deny-app', { priority: 6, subject: inNamespace('db'), ingress: [{ action: 'Deny', from: [inNamespace('app')] }, { action: 'Accept', from: [inNamespace('app')] }] });
    const model = cluster(objects(deny, accept));
    expect(verdict(model, 'app/api', 'db/pg', 5432)).toBe('allow');
    expect(verdict(model, 'app/web', 'db/pg', 5432)).toBe('deny');
    expect(evaluate(model, 'app/web', 'db/pg', 5432).ingress.decidedBy).toMatchObject({ policy: 'deny-app', rule: 0 });
  });
});

describe('the Baseline tier under the NetworkPolicy tier', () => {
  const baselineDeny = clusterPolicy('cluster-default-deny', { tier: 'Baseline', subject: EVERY_NAMESPACE, ingress: [{ name: 'deny-all', action: 'Deny', from: [EVERY_NAMESPACE] }] });

  test('a Baseline deny is overridden by a NetworkPolicy that selects the pod', () => {
    // GIVEN a cluster-wide Baseline default deny, and db's own policy letting app in
    const appToDb = policy('db/from-app', { ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } } }] }] });
    const model = cluster(objects(baselineDeny, appToDb));
    // THEN db follows its NetworkPolicy; app, which has none, gets the Baseline deny
    expect(evaluate(model, 'app/web', 'db/pg', 5432).ingress.decidedBy).toEqual({ tier: 'NetworkPolicy', action: 'Accept', policy: 'db/from-app', rule: 0 });
    expect(verdict(model, 'app/web', 'db/pg', 5432)).toBe('allow');
    expect(evaluate(model, 'db/pg', 'app/api', 8080).ingress.decidedBy).toMatchObject({ tier: 'Baseline', action: 'Deny', policy: 'cluster-default-deny' });
    expect(verdict(model, 'db/pg', 'app/api', 8080)).toBe('deny');
  });

  test('a NetworkPolicy that selects the pod but allows nothing denies before the Baseline tier is read', () => {
    const baselineAccept = clusterPolicy('baseline-accept', { tier: 'Baseline', subject: inNamespace('db'), ingress: [{ action: 'Accept', from: [EVERY_NAMESPACE] }] });
    const result = evaluate(cluster(objects(baselineAccept, denyAllIngress('db'))), 'app/web', 'db/pg', 5432);
    expect(result.verdict).toBe('deny');
    expect(result.ingress.decidedBy).toMatchObject({ tier: 'NetworkPolicy', action: 'Deny' });
  });

  test('a Baseline Pass ends the Baseline tier: the default allows', () => {
    // GIVEN a Baseline Pass for app at priority 1 and the default deny at priority 10
    const pass = clusterPolicy('app-opts-out', { tier: 'Baseline', priority: 1, subject: inNamespace('app'), ingress: [{ action: 'Pass', from: [EVERY_NAMESPACE] }] });
    const result = evaluate(cluster(objects(pass, baselineDeny)), 'db/pg', 'app/api', 8080);
    // THEN the deny is never read
    expect(result.verdict).toBe('allow');
    expect(result.ingress.decidedBy).toEqual({ tier: 'Default', action: 'Accept' });
    expect(result.ingress.tierPath.map((step) => `${step.tier} ${step.action} ${step.policy}`)).toEqual(['Baseline Pass app-opts-out']);
  });

  test('no rule that matches in any tier is the Kubernetes default: allowed', () => {
    const unrelated = clusterPolicy('db-only', { subject: inNamespace('db'), ingress: [{ action: 'Deny', from: [inNamespace('ops')] }] });
    const result = evaluate(cluster(objects(unrelated)), 'app/web', 'db/pg', 5432);
    expect(result.verdict).toBe('allow');
    expect(result.ingress).toMatchObject({ decidedBy: { tier: 'Default', action: 'Accept' }, tierPath: [] });
  });
});

describe('networks peers', () => {
  const denyNetwork = (cidr: string) => clusterPolicy('no-range', { subject: inNamespace('app'), egress: [{ action: 'Deny', to: [{ networks: [cidr] }] }] });

  test('match pod IPs inside the CIDR, unlike v1 ipBlock where that is plugin-defined', () => {
    const result = evaluate(cluster(objects(denyNetwork('10.2.0.0/16'))), 'app/web', 'db/pg', 5432);
    expect(result.verdict).toBe('deny');
    expect(result.implementationDefined).toEqual([]);
    expect(verdict(cluster(objects(denyNetwork('10.2.0.0/16'))), 'app/web', 'app/api', 8080)).toBe('allow');
  });

  test('match external addresses inside the CIDR and not those outside', () => {
    const model = cluster(objects(denyNetwork('203.0.113.0/24')));
    expect(verdict(model, 'app/web', '203.0.113.9', 443)).toBe('deny');
    expect(verdict(model, 'app/web', '198.51.100.9', 443)).toBe('allow');
  });

  test('split a {cidr} range: partial when the tiers decide parts of it differently', () => {
    // GIVEN an Admin Accept for the low half of a /24, and app's egress otherwise closed by a NetworkPolicy
    const acceptLowHalf = clusterPolicy('low-half', { subject: inNamespace('app'), egress: [{ action: 'Accept', to: [{ networks: ['203.0.113.0/25'] }] }] });
    const model = cluster(objects(acceptLowHalf, denyAllEgress('app')));
    // THEN the whole /24 is partial, each half is all or nothing
    expect(verdict(model, 'app/web', { cidr: '203.0.113.0/24' }, 443)).toBe('partial');
    expect(verdict(model, 'app/web', { cidr: '203.0.113.0/25' }, 443)).toBe('allow');
    expect(verdict(model, 'app/web', { cidr: '203.0.113.128/25' }, 443)).toBe('deny');
    expect(verdict(model, 'app/web', { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] }, 443)).toBe('allow');
  });

  test('split a {cidr} range between an Admin Deny and the default', () => {
    const model = cluster(objects(denyNetwork('203.0.113.0/25')));
    const result = evaluate(model, 'app/web', { cidr: '203.0.113.0/24' }, 443);
    expect(result.verdict).toBe('partial');
    expect(result.egress.coverage).toBe('some');
    expect(result.reasons).toContain('egress of app/web allows only part of 203.0.113.0/24');
  });
});

describe('domainNames peers', () => {
  // GIVEN app may reach api.example.com and any name under example.org, and nothing else outside
  const allowList = clusterPolicy('egress-allow-list', {
    subject: inNamespace('app'),
    egress: [
      { name: 'allowed-names', action: 'Accept', to: [{ domainNames: ['api.example.com', '*.example.org'] }] },
      { name: 'internet', action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] },
    ],
  });
  const model = cluster(objects(allowList));
  const to = (domain: string) => verdict(model, 'app/web', { ip: '198.51.100.7', domain }, 443);

  test('match an exact name only', () => {
    expect(to('api.example.com')).toBe('allow');
    expect(to('www.api.example.com')).toBe('deny');
    expect(to('example.com')).toBe('deny');
  });

  test('match one or more whole labels before a `*.` suffix, but not the apex or a partial label', () => {
    expect(to('a.example.org')).toBe('allow');
    expect(to('b.a.example.org')).toBe('allow');
    expect(to('example.org')).toBe('deny');
    expect(to('myexample.org')).toBe('deny');
  });

  test('compare names without case and without the trailing dot', () => {
    expect(to('API.Example.COM.')).toBe('allow');
  });

  test('never match an address reached without a name', () => {
    expect(verdict(model, 'app/web', '198.51.100.7', 443)).toBe('deny');
  });
});

describe('nodes peers', () => {
  const denyInfraNodes = clusterPolicy('no-infra-nodes', { subject: inNamespace('app'), egress: [{ name: 'infra', action: 'Deny', to: [{ nodes: { matchLabels: { role: 'infra' } } }] }] });
  const model = cluster(objects(denyInfraNodes));

  test('match the addresses of the Nodes whose labels match', () => {
    expect(verdict(model, 'app/web', '10.0.100.1', 10250)).toBe('deny');
    expect(verdict(model, 'app/web', '10.0.100.2', 10250)).toBe('allow');
  });

  test('match a host-network pod named by name, whose address is its node\'s', () => {
    expect(verdict(model, 'app/web', 'ops/agent', 9100)).toBe('deny');
  });

  test('match no pod', () => {
    const everyNode = clusterPolicy('no-nodes', { subject: inNamespace('app'), egress: [{ action: 'Deny', to: [{ nodes: {} }] }] });
    expect(verdict(cluster(objects(everyNode)), 'app/web', 'db/pg', 5432)).toBe('allow');
  });
});

describe('host-network pods', () => {
  test('are never subjects', () => {
    // GIVEN Admin denies all ingress and egress of every pod
    const lockdown = clusterPolicy('lockdown', { subject: EVERY_NAMESPACE, ingress: [{ action: 'Deny', from: [EVERY_NAMESPACE] }], egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] });
    const model = cluster(objects(lockdown));
    // THEN the host-network agent's own egress and ingress are not governed by it
    const result = evaluate(model, 'ops/agent', '203.0.113.5', 443);
    expect(result.verdict).toBe('allow');
    expect(result.egress.decidedBy).toEqual({ tier: 'Default', action: 'Accept' });
    expect(verdict(model, '203.0.113.5', 'ops/agent', 9100)).toBe('allow');
  });

  test('are never matched by namespaces or pods peers', () => {
    const denyOps = clusterPolicy('deny-ops', { subject: inNamespace('app'), egress: [{ action: 'Deny', to: [inNamespace('ops'), podsLabelled({ app: 'agent' })] }] });
    expect(verdict(cluster(objects(denyOps)), 'app/web', 'ops/agent', 9100)).toBe('allow');
  });
});

describe('a pod reaching itself', () => {
  const denyOwnNamespace = clusterPolicy('no-intra-app', { subject: inNamespace('app'), ingress: [{ action: 'Deny', from: [inNamespace('app')] }] });
  const model = cluster(objects(denyOwnNamespace));

  test('by its own IP is not subject to ClusterNetworkPolicy', () => {
    expect(verdict(model, 'app/api', 'app/api', 8080)).toBe('allow');
    expect(verdict(model, 'app/web', 'app/api', 8080)).toBe('deny');
  });

  test('through a Service that sends it back to itself (hairpin) is subject to it', () => {
    const [report] = check(model, [{ from: 'app/api', to: { service: 'app/api' }, port: 80 }]);
    expect(report.verdict).toBe('deny');
    expect(report.implementationDefined.join(' ')).toContain('hairpin');
  });
});

describe('same-priority policies of one tier', () => {
  test('that both match with different actions leave the verdict implementation-defined, naming both', () => {
    // GIVEN two Admin policies at priority 20, one accepting and one denying app -> db
    const accept = clusterPolicy('accept-app', { priority: 20, subject: inNamespace('db'), ingress: [{ name: 'accept', action: 'Accept', from: [inNamespace('app')] }] });
    const deny = clusterPolicy('deny-all', { priority: 20, subject: inNamespace('db'), ingress: [{ name: 'deny', action: 'Deny', from: [EVERY_NAMESPACE] }] });
    const result = evaluate(cluster(objects(accept, deny)), 'app/web', 'db/pg', 5432);
    // THEN the flow is flagged, and the note names both policies and their rules
    const note = result.implementationDefined.find((text) => text.includes('same priority'));
    expect(note).toContain('accept-app');
    expect(note).toContain('deny-all');
  });

  test('that split a {cidr} range between them leave it defined, and clash only where they overlap', () => {
    // GIVEN two Admin policies at priority 20: one denies the low half of a /24, the other accepts the high half or all of it
    const denyLow = clusterPolicy('deny-low', { priority: 20, subject: inNamespace('app'), egress: [{ action: 'Deny', to: [{ networks: ['203.0.113.0/25'] }] }] });
    const acceptHigh = clusterPolicy('accept-high', { priority: 20, subject: inNamespace('app'), egress: [{ action: 'Accept', to: [{ networks: ['203.0.113.128/25'] }] }] });
    const acceptAll = clusterPolicy('accept-all', { priority: 20, subject: inNamespace('app'), egress: [{ action: 'Accept', to: [{ networks: ['203.0.113.0/24'] }] }] });
    const range = { cidr: '203.0.113.0/24' };
    // THEN disjoint halves are no clash, overlapping ones are
    const disjoint = evaluate(cluster(objects(denyLow, acceptHigh)), 'app/web', range, 443);
    expect(disjoint).toMatchObject({ verdict: 'partial', implementationDefined: [] });
    const overlapping = evaluate(cluster(objects(denyLow, acceptAll)), 'app/web', range, 443);
    expect(overlapping.implementationDefined.join(' ')).toContain('have the same priority');
  });

  test('that match disjoint traffic leave it defined', () => {
    const fromApp = clusterPolicy('deny-app', { priority: 20, subject: inNamespace('db'), ingress: [{ action: 'Deny', from: [inNamespace('app')] }] });
    const fromOps = clusterPolicy('accept-ops', { priority: 20, subject: inNamespace('db'), ingress: [{ action: 'Accept', from: [inNamespace('ops')] }] });
    expect(evaluate(cluster(objects(fromApp, fromOps)), 'app/web', 'db/pg', 5432).implementationDefined).toEqual([]);
  });
});

describe('protocols', () => {
  test('a destinationNamedPort resolves on the destination pod, for ingress and for egress', () => {
    const namedPorts = clusterPolicy('named', {
      subject: inNamespace('app'),
      ingress: [{ action: 'Accept', from: [EVERY_NAMESPACE], protocols: [{ destinationNamedPort: 'metrics' }] }, { action: 'Deny', from: [EVERY_NAMESPACE] }],
      egress: [{ action: 'Deny', to: [inNamespace('db')], protocols: [{ destinationNamedPort: 'pg' }] }],
    });
    const model = cluster(objects(namedPorts));
    expect(verdict(model, 'db/pg', 'app/api', 9090)).toBe('allow');
    expect(verdict(model, 'db/pg', 'app/api', 8080)).toBe('deny');
    expect(verdict(model, 'app/web', 'db/pg', 5432)).toBe('deny');
    expect(verdict(model, 'app/web', 'db/pg', 5433)).toBe('allow');
  });

  test('a port range is inclusive and a protocol-less rule matches every protocol', () => {
    const ranges = clusterPolicy('ranges', { subject: inNamespace('db'), ingress: [{ action: 'Accept', from: [EVERY_NAMESPACE], protocols: [{ tcp: { destinationPort: { range: { start: 5432, end: 5433 } } } }] }, { action: 'Deny', from: [EVERY_NAMESPACE] }] });
    const model = cluster(objects(ranges));
    expect(verdict(model, 'app/web', 'db/pg', 5433)).toBe('allow');
    expect(verdict(model, 'app/web', 'db/pg', 5434)).toBe('deny');
    expect(verdict(model, 'app/web', 'db/pg', 5432, 'UDP')).toBe('deny');
    expect(verdict(model, 'app/web', 'db/pg', 5432, 'SCTP')).toBe('deny');
  });
});

describe('explanations', () => {
  test('name the deciding tier, policy, priority, rule and action, and the Passes on the way', () => {
    // GIVEN an Admin Pass, then a Baseline Deny
    const pass = clusterPolicy('delegate', { priority: 3, subject: inNamespace('db'), ingress: [{ name: 'to-namespaces', action: 'Pass', from: [EVERY_NAMESPACE] }] });
    const deny = clusterPolicy('db-default', { tier: 'Baseline', priority: 7, subject: inNamespace('db'), ingress: [{ action: 'Deny', from: [EVERY_NAMESPACE] }, { action: 'Accept', from: [EVERY_NAMESPACE] }] });
    const [report] = check(cluster(objects(pass, deny)), [{ from: 'app/web', to: 'db/pg', port: 5432, expect: 'deny' }]);
    // THEN the report says which rule decided, and its reasons read the path
    expect(report.ingress.decidedBy).toEqual({ tier: 'Baseline', action: 'Deny', policy: 'db-default', rule: 0, priority: 7 });
    expect(report.egress.decidedBy).toEqual({ tier: 'Default', action: 'Accept' });
    expect(report.reasons).toEqual(['ingress to db/pg is denied by Baseline ClusterNetworkPolicy db-default (priority 7) rule 0']);
  });

  test('say which rule denied, by name when it has one', () => {
    const deny = clusterPolicy('guard', { subject: inNamespace('db'), ingress: [{ name: 'nobody-from-app', action: 'Deny', from: [inNamespace('app')] }] });
    const result = evaluate(cluster(objects(deny)), 'app/web', 'db/pg', 5432);
    expect(result.reasons).toEqual(['ingress to db/pg is denied by Admin ClusterNetworkPolicy guard (priority 10) rule 0 "nobody-from-app"']);
  });

  test('name the Pass that handed a denied flow to the NetworkPolicy tier', () => {
    const pass = clusterPolicy('delegate', { subject: inNamespace('db'), ingress: [{ action: 'Pass', from: [EVERY_NAMESPACE] }] });
    const result = evaluate(cluster(objects(pass, denyAllIngress('db'))), 'app/web', 'db/pg', 5432);
    expect(result.reasons).toEqual([
      'ingress to db/pg was passed to the NetworkPolicy tier by Admin ClusterNetworkPolicy delegate rule 0',
      'ingress to db/pg is isolated by db/deny-all-ingress, and no policy has a rule for this direction (deny all)',
    ]);
  });
});
