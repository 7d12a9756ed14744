import * as path from 'node:path';
import * as fc from 'fast-check';
import { syntheticCluster } from '../../bench/synthetic-cluster';
import { AddressEndpoint, PodEndpoint } from '../../src/evaluator/endpoint';
import { evaluateFlow } from '../../src/evaluator/evaluate';
import { IpAddress, parseIp } from '../../src/evaluator/ip';
import { KubeObject, Protocol, SourcedObject } from '../../src/evaluator/kube';
import { computeExternalMatrix, computeMatrix } from '../../src/evaluator/matrix';
import { ClusterModel, ModelOptions } from '../../src/evaluator/model';
import { clusterPolicy, podsLabelled, tcp } from '../cluster-policy/builders';
import { baseObjects, loadScenarios, stepObjects } from '../conformance/cnp/scenario';
import { cluster, namespace, node, pod, policy, workload } from '../support/builders';
import { caseManifests, loadCases } from '../support/conformance-case';
import { randomClusterArb } from '../support/random-cluster';

/**
 * The matrix must give `evaluateFlow`'s verdict for every pair: each test computes whole
 * matrices and compares every cell with a separate evaluation.
 * Replay a random failure with NETPOL_MATRIX_SEED=<seed> (fast-check prints it).
 */
const SEED = Number(process.env.NETPOL_MATRIX_SEED ?? 20261128);

interface PortProtocol {
  readonly port: number;
  readonly protocol: Protocol;
}

/** Ports where rules of every kind begin, end or miss; plus those the caller names. */
const COMMON_PORTS: readonly PortProtocol[] = [
  { port: 80, protocol: 'TCP' },
  { port: 8080, protocol: 'TCP' },
  { port: 53, protocol: 'UDP' },
  { port: 9090, protocol: 'SCTP' },
];

function podEndpoint(model: ClusterModel, index: number): PodEndpoint {
  return { kind: 'pod', pod: model.pods[index] };
}

function externalEndpoint(ip: IpAddress): AddressEndpoint {
  return { kind: 'address', ip, role: 'external', label: ip.text };
}

function isAllowed(result: ReturnType<typeof evaluateFlow>): boolean {
  return result.verdict === 'allow';
}

/** Every pod pair on which the matrix and evaluateFlow differ, in words (empty when they agree). */
function podDisagreements(model: ClusterModel, { port, protocol }: PortProtocol): string[] {
  const matrix = computeMatrix(model, { port, protocol });
  const out: string[] = [];
  for (const from of model.pods) {
    for (const to of model.pods) {
      const expected = isAllowed(evaluateFlow(model, { from: podEndpoint(model, from.index), to: podEndpoint(model, to.index), port, protocol }));
      const actual = matrix.isAllowed(from.index, to.index);
      if (actual !== expected) out.push(`${from.namespace}/${from.name} -> ${to.namespace}/${to.name} ${protocol} ${port}: matrix ${actual}, evaluateFlow ${expected}`);
    }
  }
  return out;
}

/** The same for every pod -> address and address -> pod pair. */
function externalDisagreements(model: ClusterModel, externals: readonly IpAddress[], { port, protocol }: PortProtocol): string[] {
  const matrix = computeExternalMatrix(model, { port, protocol, externals });
  const out: string[] = [];
  model.pods.forEach((p, row) => {
    externals.forEach((ip, column) => {
      const egress = isAllowed(evaluateFlow(model, { from: podEndpoint(model, p.index), to: externalEndpoint(ip), port, protocol }));
      const ingress = isAllowed(evaluateFlow(model, { from: externalEndpoint(ip), to: podEndpoint(model, p.index), port, protocol }));
      const where = `${p.namespace}/${p.name} ${protocol} ${port}`;
      if (matrix.egress.has(row, column) !== egress) out.push(`${where} -> ${ip.text}: matrix ${!egress}, evaluateFlow ${egress}`);
      if (matrix.ingress.has(row, column) !== ingress) out.push(`${ip.text} -> ${where}: matrix ${!ingress}, evaluateFlow ${ingress}`);
    });
  });
  return out;
}

function allDisagreements(model: ClusterModel, externals: readonly IpAddress[], ports: readonly PortProtocol[]): string[] {
  return ports.flatMap((p) => [...podDisagreements(model, p), ...externalDisagreements(model, externals, p)]);
}

function addresses(texts: readonly string[]): IpAddress[] {
  return texts.map((text) => parseIp(text)!);
}

/** Each distinct numeric port of a list of flows, with its protocol. */
function portsOf(flows: ReadonlyArray<{ port: number | string; protocol?: string }>): PortProtocol[] {
  const seen = new Map<string, PortProtocol>();
  for (const flow of flows) {
    if (typeof flow.port !== 'number') continue;
    const protocol = (flow.protocol ?? 'TCP') as Protocol;
    seen.set(`${flow.port}/${protocol}`, { port: flow.port, protocol });
  }
  return [...seen.values()];
}

function nodeAddresses(objects: readonly SourcedObject[]): string[] {
  return objects
    .filter(({ object }) => object.kind === 'Node')
    .flatMap(({ object }) => (object.status?.addresses ?? []).map((a: KubeObject) => a.address).filter((a: string) => parseIp(a) !== undefined));
}

describe('computeMatrix on hand-made clusters', () => {
  const conformanceDir = path.join(__dirname, '..', 'conformance', 'cases');
  const cases = ['shared', 'own'].flatMap((dir) => loadCases(path.join(conformanceDir, dir)));

  test.each(cases.map((c) => ({ c, title: c.file })))('agrees with evaluateFlow on every pod and external pair of conformance case $title', ({ c }) => {
    // GIVEN the case's cluster, its external addresses and node addresses
    const manifests = caseManifests(c);
    const model = ClusterModel.build(manifests);
    const externals = addresses([...(c.externals ?? []).map((e) => String(e.ip)), ...nodeAddresses(manifests)]);
    // WHEN every pair is computed at the case's ports and the common ones THEN each cell is evaluateFlow's verdict
    expect(allDisagreements(model, externals, [...portsOf(c.flows), ...COMMON_PORTS])).toEqual([]);
  });

  const base = baseObjects();
  const steps = loadScenarios().flatMap((scenario) => scenario.steps.map((step) => ({ scenario, step, title: `${scenario.file} step ${step.step}` })));

  test.each(steps)('agrees with evaluateFlow on every pair of ClusterNetworkPolicy scenario $title', ({ scenario, step }) => {
    // GIVEN the upstream suite's cluster with the step's ClusterNetworkPolicies and NetworkPolicies
    const objects = [...base, ...stepObjects(scenario, step)];
    const model = ClusterModel.build(objects);
    // Node addresses (node peers), an address inside the suite's CIDR tests, and one outside all of them.
    const externals = addresses([...nodeAddresses(objects), '10.244.0.77', '192.0.2.1']);
    // WHEN / THEN
    expect(allDisagreements(model, externals, [...portsOf(step.checks), ...COMMON_PORTS])).toEqual([]);
  });

  test('agrees with evaluateFlow with workload templates, host-network pods, a Pod listed twice and named ports that differ per pod', () => {
    // GIVEN templates standing for their replicas, a pod on the host network, a duplicated Pod
    // object, "http" on 80 in one pod and 8080 in another, and policies that name it
    const model = cluster([
      namespace('shop', { team: 'blue' }),
      namespace('ops', { team: 'red' }),
      pod('shop/web-1', { labels: { app: 'web' }, ips: ['10.0.0.1'], ports: [{ name: 'http', port: 80 }] }),
      pod('shop/web-1', { labels: { app: 'web' }, ips: ['10.0.0.1'], ports: [{ name: 'http', port: 80 }] }),
      pod('shop/api-1', { labels: { app: 'api' }, ips: ['10.0.0.2'], ports: [{ name: 'http', port: 8080 }] }),
      workload('Deployment', 'shop/worker', { labels: { app: 'worker' }, ports: [{ name: 'http', port: 8080 }] }),
      workload('CronJob', 'ops/backup', { labels: { app: 'backup' } }),
      pod('ops/agent', { labels: { app: 'agent' }, ips: ['10.0.100.1'], hostNetwork: true }),
      node('worker-1', ['10.0.100.1']),
      policy('shop/deny-all', { policyTypes: ['Ingress', 'Egress'] }),
      policy('shop/http-in', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }, { ipBlock: { cidr: '10.0.100.0/24' } }], ports: [{ port: 'http' }] }] }),
      policy('shop/http-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }], ports: [{ port: 'http' }] }, { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }] }),
    ]);
    const externals = addresses(['10.0.100.1', '203.0.113.9', '10.0.0.99']);
    // WHEN / THEN
    expect(allDisagreements(model, externals, [{ port: 443, protocol: 'TCP' }, ...COMMON_PORTS])).toEqual([]);
  });

  test('keeps an Admin walk and a Baseline walk apart when their selections and rule effects look alike', () => {
    // GIVEN web under a two-rule Admin deny and batch under two one-rule Baseline accepts:
    // both walks are two rules that admit the port everywhere, over their tier's second selection
    const model = cluster([
      pod('default/a-client', { ips: ['10.0.0.1'] }),
      pod('default/b-web', { labels: { app: 'web' }, ips: ['10.0.0.2'] }),
      pod('default/c-batch', { labels: { app: 'batch' }, ips: ['10.0.0.3'] }),
      clusterPolicy('guard', {
        subject: podsLabelled({ app: 'web' }),
        egress: [
          { action: 'Deny', to: [{ networks: ['10.0.0.0/24'] }] },
          { action: 'Deny', to: [{ networks: ['10.9.0.0/24'] }] },
        ],
      }),
      clusterPolicy('open', { tier: 'Baseline', egress: [{ action: 'Accept', to: [{ networks: ['10.0.0.0/24'] }] }] }),
      clusterPolicy('batch-open', { tier: 'Baseline', subject: podsLabelled({ app: 'batch' }), egress: [{ action: 'Accept', to: [{ networks: ['10.0.0.0/24'] }] }] }),
    ]);
    // WHEN the matrix is computed THEN web is denied by its Admin rule and batch accepted by Baseline, as evaluateFlow says
    const matrix = computeMatrix(model, { port: 80, protocol: 'TCP' });
    const [client, web, batch] = [0, 1, 2];
    expect(model.pods.map((p) => p.name)).toEqual(['a-client', 'b-web', 'c-batch']);
    expect(matrix.isAllowed(web, client)).toBe(false);
    expect(matrix.isAllowed(batch, client)).toBe(true);
    expect(allDisagreements(model, addresses(['10.0.0.9']), COMMON_PORTS)).toEqual([]);
  });

  test.each([true, false])('agrees with evaluateFlow when ipBlock matches pod IPs is %s', (ipBlockMatchesPodIps) => {
    // GIVEN an ipBlock that covers a pod's IP, with the plugin choice either way
    const model = cluster([
      pod('a/client', { labels: { app: 'client' }, ips: ['10.1.0.5'] }),
      pod('b/server', { labels: { app: 'server' }, ips: ['10.1.0.6'], ports: [{ name: 'http', port: 80 }] }),
      policy('b/from-block', { ingress: [{ from: [{ ipBlock: { cidr: '10.1.0.0/24', except: ['10.1.0.6/32'] } }] }] }),
      clusterPolicy('deny-block', { tier: 'Baseline', egress: [{ action: 'Deny', to: [{ networks: ['10.1.0.6/32'] }], protocols: [tcp(80)] }] }),
    ], { ipBlockMatchesPodIps });
    // WHEN / THEN
    expect(allDisagreements(model, addresses(['10.1.0.7', '10.2.0.1']), COMMON_PORTS)).toEqual([]);
  });
});

describe('computeMatrix on random clusters (fast-check, seeded)', () => {
  const NAMESPACE_SELECTOR_LABELS = [{}, { team: 'blue' }, { 'kubernetes.io/metadata.name': 'apps' }, { env: 'prod' }];
  const POD_SELECTOR_LABELS = [{}, { app: 'web' }, { tier: 'db' }, { env: 'prod', app: 'api' }];
  const portProtocolArb = fc.record({
    port: fc.constantFrom(1, 53, 80, 443, 8000, 8080, 8100, 9090),
    protocol: fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP'),
  });

  const clusterPeerArb: fc.Arbitrary<KubeObject> = fc.oneof(
    fc.constantFrom(...NAMESPACE_SELECTOR_LABELS).map((matchLabels) => ({ namespaces: { matchLabels } })),
    fc.tuple(fc.constantFrom(...NAMESPACE_SELECTOR_LABELS), fc.constantFrom(...POD_SELECTOR_LABELS))
      .map(([ns, pods]) => ({ pods: { namespaceSelector: { matchLabels: ns }, podSelector: { matchLabels: pods } } })),
    fc.constantFrom(['10.0.0.0/29'], ['10.0.0.1/32', '192.0.2.0/24'], ['fd00::/64'], ['0.0.0.0/0']).map((networks) => ({ networks })),
    fc.constantFrom({}, { 'kubernetes.io/hostname': 'worker-1' }, { 'kubernetes.io/os': 'windows' }).map((matchLabels) => ({ nodes: { matchLabels } })),
  );
  const clusterProtocolArb: fc.Arbitrary<KubeObject> = fc.oneof(
    fc.record({ key: fc.constantFrom('tcp', 'udp', 'sctp'), port: fc.constantFrom(53, 80, 8080) })
      .map(({ key, port }) => ({ [key]: { destinationPort: { number: port } } })),
    fc.constantFrom(
      { tcp: { destinationPort: { range: { start: 8000, end: 8100 } } } },
      { udp: { destinationPort: { range: { start: 1, end: 100 } } } },
    ),
    fc.constantFrom('http', 'metrics', 'dns').map((name) => ({ destinationNamedPort: name })),
  );
  const clusterRuleArb = (peerField: 'from' | 'to') => fc.record({
    action: fc.constantFrom('Accept', 'Deny', 'Pass'),
    [peerField]: fc.array(clusterPeerArb, { minLength: 1, maxLength: 2 }),
    protocols: fc.option(fc.array(clusterProtocolArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  }, { requiredKeys: ['action', peerField] });
  const clusterPoliciesArb = fc.array(fc.record({
    tier: fc.constantFrom<'Admin' | 'Baseline'>('Admin', 'Baseline'),
    priority: fc.integer({ min: 0, max: 3 }),
    subject: fc.oneof(
      fc.constantFrom(...NAMESPACE_SELECTOR_LABELS).map((matchLabels) => ({ namespaces: { matchLabels } })),
      fc.constantFrom(...POD_SELECTOR_LABELS).map((matchLabels) => ({ pods: { namespaceSelector: {}, podSelector: { matchLabels } } })),
    ),
    ingress: fc.array(clusterRuleArb('from'), { maxLength: 3 }),
    egress: fc.array(clusterRuleArb('to'), { maxLength: 3 }),
  }), { maxLength: 3 }).map((specs) => specs.map((spec, i) => clusterPolicy(`cnp-${i}`, spec)));

  function modelOf(objects: readonly KubeObject[], options: ModelOptions): ClusterModel {
    return ClusterModel.build(objects.map((object, i) => ({ object, source: `random object ${i}` })), options);
  }

  const portsArb = fc.array(portProtocolArb, { minLength: 1, maxLength: 3 });

  test('agrees with evaluateFlow on every pair of random clusters of NetworkPolicies', () => {
    fc.assert(fc.property(randomClusterArb, fc.boolean(), portsArb, (random, ipBlockMatchesPodIps, ports) => {
      const model = modelOf(random.objects, { ipBlockMatchesPodIps });
      expect(allDisagreements(model, addresses(random.addresses), ports)).toEqual([]);
    }), { seed: SEED, numRuns: 300 });
  });

  test('agrees with evaluateFlow on every pair of random clusters with ClusterNetworkPolicies', () => {
    fc.assert(fc.property(randomClusterArb, clusterPoliciesArb, portsArb, (random, clusterPolicies, ports) => {
      const model = modelOf([...random.objects, ...clusterPolicies], {});
      expect(allDisagreements(model, addresses(random.addresses), ports)).toEqual([]);
    }), { seed: SEED, numRuns: 300 });
  });

  test.each([1, 2, 3])('agrees with evaluateFlow on every pair of a small synthetic cluster of the benchmark (seed %i)', (seed) => {
    // GIVEN the benchmark's generator at a size where every pair can be evaluated
    const synthetic = syntheticCluster({ seed, namespaces: 6, pods: 60, policies: 40, externals: 16, nodes: 3 });
    const model = ClusterModel.build(synthetic.objects);
    // WHEN / THEN: on every port the generated pods and policies use
    expect(allDisagreements(model, addresses(synthetic.externals), synthetic.ports)).toEqual([]);
  });
});

describe('matrix shape and helpers', () => {
  const model = cluster([
    pod('a/one', { labels: { app: 'one' } }),
    pod('a/two', { labels: { app: 'two' } }),
    pod('b/three', { labels: { app: 'three' } }),
    policy('a/only-from-one', { podSelector: { matchLabels: { app: 'two' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'one' } } }] }] }),
  ]);

  test('computes only the requested sources and destinations, in the requested order', () => {
    // GIVEN the full matrix WHEN a subset is asked for in another order
    const full = computeMatrix(model, { port: 80, protocol: 'TCP' });
    const part = computeMatrix(model, { port: 80, protocol: 'TCP', sources: [2, 0], destinations: [1] });
    // THEN it has one row per source and one column per destination, with the full matrix's cells
    expect(part.allowed.rows.map((row) => row.size)).toEqual([1, 1]);
    expect([part.isAllowed(2, 1), part.isAllowed(0, 1)]).toEqual([full.isAllowed(2, 1), full.isAllowed(0, 1)]);
    expect([part.allowed.has(0, 0), part.allowed.has(1, 0)]).toEqual([false, true]);
  });

  test('counts the allowed pairs, self pairs included', () => {
    // a/two admits only a/one (and itself); everything else is open: 9 pairs minus b/three -> a/two
    expect(computeMatrix(model, { port: 80, protocol: 'TCP' }).count()).toBe(8);
  });

  test('counts pod -> external and external -> pod pairs separately', () => {
    const matrix = computeExternalMatrix(model, { port: 80, protocol: 'TCP', externals: addresses(['192.0.2.1', '2001:db8::1']) });
    // a/two admits no address; every pod may send anywhere
    expect(matrix.count()).toEqual({ egress: 6, ingress: 4 });
  });

  test('refuses pod indices outside the model', () => {
    expect(() => computeMatrix(model, { port: 80, protocol: 'TCP', sources: [3] })).toThrow('sources: 3 is not a pod index (the model has 3 pods)');
    expect(() => computeMatrix(model, { port: 80, protocol: 'TCP', destinations: [0] }).isAllowed(0, 1)).toThrow('pod 0 -> pod 1 is outside this matrix');
  });
});
