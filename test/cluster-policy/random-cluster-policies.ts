import * as fc from 'fast-check';
import { KubeObject } from '../../src/evaluator/kube';
import { RandomCluster } from '../support/random-cluster';

/**
 * fast-check arbitraries for ClusterNetworkPolicies over a random cluster. Selectors, CIDRs and
 * port names are drawn from what the cluster holds (its labels, addresses and container port
 * names), plus values nothing has, so that subjects and peers hit often and sometimes miss.
 * Every policy is one the CRD accepts (the property test checks that too).
 */

/** What the cluster offers to select. */
interface Pools {
  readonly podLabels: ReadonlyArray<[string, string]>;
  readonly namespaceLabels: ReadonlyArray<[string, string]>;
  readonly nodeLabels: ReadonlyArray<[string, string]>;
  readonly addresses: readonly string[];
  readonly portNames: readonly string[];
}

/** Names a flow may reach an outside host by; the policies' domainNames come from the same pool. */
export const DOMAINS = ['api.example.com', 'www.api.example.com', 'example.com', 'a.example.org', 'b.a.example.org', 'example.org', 'API.Example.COM.'];
const DOMAIN_PATTERNS = ['api.example.com', '*.example.com', '*.example.org', 'example.org', '*.api.example.com'];
const MISSING: [string, string] = ['absent', 'nowhere'];

function poolsOf(cluster: RandomCluster): Pools {
  const labelPairs = (kind: string, extra: (o: KubeObject) => Record<string, string> = () => ({})): Array<[string, string]> => uniquePairs(
    cluster.objects.filter((o) => o.kind === kind).flatMap((o) => Object.entries<string>({ ...(o.metadata.labels ?? {}), ...extra(o) })),
  );
  const namespaceNames = [...new Set(cluster.pods.map((p) => p.metadata.namespace ?? 'default'))];
  return {
    podLabels: [...labelPairs('Pod'), MISSING],
    namespaceLabels: [...labelPairs('Namespace'), ...namespaceNames.map((name): [string, string] => ['kubernetes.io/metadata.name', name]), MISSING],
    nodeLabels: [...labelPairs('Node', (n) => ({ 'kubernetes.io/hostname': n.metadata.name })), MISSING],
    addresses: cluster.addresses,
    portNames: [...new Set(cluster.pods.flatMap((p) => (p.spec.containers ?? []).flatMap((c: KubeObject) => (c.ports ?? []).map((port: KubeObject) => port.name)).filter((n: unknown) => typeof n === 'string'))), 'nope'],
  };
}

function uniquePairs(pairs: Array<[string, string]>): Array<[string, string]> {
  const seen = new Map(pairs.map((pair) => [pair.join('='), pair]));
  return [...seen.values()];
}

/** `{}` often; else one matchLabels pair and/or one expression of any operator. */
function selectorArb(pairs: ReadonlyArray<[string, string]>): fc.Arbitrary<KubeObject> {
  const pair = fc.constantFrom(...pairs);
  const expression = fc.oneof(
    fc.tuple(pair, fc.constantFrom('In', 'NotIn')).map(([[key, value], operator]) => ({ key, operator, values: [value] })),
    fc.tuple(pair, fc.constantFrom('Exists', 'DoesNotExist')).map(([[key], operator]) => ({ key, operator })),
  );
  return fc.oneof(
    { arbitrary: fc.constant({}), weight: 2 },
    { arbitrary: pair.map(([key, value]) => ({ matchLabels: { [key]: value } })), weight: 2 },
    { arbitrary: expression.map((e) => ({ matchExpressions: [e] })), weight: 1 },
  );
}

function podSelectionArb(pools: Pools): fc.Arbitrary<KubeObject> {
  return fc.oneof(
    selectorArb(pools.namespaceLabels).map((namespaces) => ({ namespaces })),
    fc.record({ namespaceSelector: selectorArb(pools.namespaceLabels), podSelector: selectorArb(pools.podLabels) }, { requiredKeys: ['podSelector'] }).map((pods) => ({ pods })),
  );
}

/** A CIDR around an address the cluster knows; host bits may be set, as v1alpha2 allows. */
function cidrArb(pools: Pools): fc.Arbitrary<string> {
  return fc.constantFrom(...pools.addresses).chain((address) => fc.constantFrom(...(address.includes(':') ? [0, 64, 120, 126, 128] : [0, 8, 16, 24, 30, 32])).map((prefix) => `${address}/${prefix}`));
}

const domainNamesArb = fc.uniqueArray(fc.constantFrom(...DOMAIN_PATTERNS), { minLength: 1, maxLength: 2 });

function egressPeerArb(pools: Pools): fc.Arbitrary<KubeObject> {
  return fc.oneof(
    { arbitrary: podSelectionArb(pools), weight: 3 },
    { arbitrary: fc.uniqueArray(cidrArb(pools), { minLength: 1, maxLength: 2 }).map((networks) => ({ networks })), weight: 2 },
    { arbitrary: selectorArb(pools.nodeLabels).map((nodes) => ({ nodes })), weight: 1 },
    { arbitrary: domainNamesArb.map((names) => ({ domainNames: names })), weight: 1 },
  );
}

function protocolArb(pools: Pools): fc.Arbitrary<KubeObject> {
  const destinationPort = fc.oneof(
    fc.constantFrom(53, 80, 443, 8080, 9090).map((number) => ({ number })),
    fc.constantFrom([53, 80], [80, 8080], [8000, 8100], [1, 65535]).map(([start, end]) => ({ range: { start, end } })),
  );
  return fc.oneof(
    { arbitrary: fc.tuple(fc.constantFrom('tcp', 'udp', 'sctp'), destinationPort).map(([protocol, port]) => ({ [protocol]: { destinationPort: port } })), weight: 3 },
    { arbitrary: fc.constantFrom(...pools.portNames).map((destinationNamedPort) => ({ destinationNamedPort })), weight: 1 },
  );
}

const ADDRESS_PEERS = ['networks', 'nodes', 'domainNames'];

function ruleArb(peerField: 'from' | 'to', peer: fc.Arbitrary<KubeObject>, pools: Pools): fc.Arbitrary<KubeObject> {
  const isAddressPeer = (p: KubeObject) => ADDRESS_PEERS.some((field) => field in p);
  return fc.tuple(
    fc.constantFrom('Accept', 'Deny', 'Pass'),
    fc.array(peer, { minLength: 1, maxLength: 2 }),
    fc.option(fc.array(protocolArb(pools), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  )
    // The CRD refuses a named port in a rule with an address peer.
    .filter(([, peers, protocols]) => !(peers.some(isAddressPeer) && (protocols ?? []).some((p) => 'destinationNamedPort' in p)))
    .map(([action, peers, protocols]) => ({ action, [peerField]: peers, ...(protocols ? { protocols } : {}) }));
}

function clusterPolicyArb(pools: Pools, name: string): fc.Arbitrary<KubeObject> {
  const rules = (peerField: 'from' | 'to', peer: fc.Arbitrary<KubeObject>) => fc.option(fc.array(ruleArb(peerField, peer, pools), { minLength: 1, maxLength: 3 }), { nil: undefined });
  return fc.record({
    tier: fc.constantFrom('Admin', 'Baseline'),
    // Few priorities, so that ties (implementation-defined when they disagree) come up.
    priority: fc.constantFrom(1, 2, 3),
    subject: podSelectionArb(pools),
    ingress: rules('from', podSelectionArb(pools)),
    egress: rules('to', egressPeerArb(pools)),
  }).map((spec) => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name },
    spec: Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined)),
  }));
}

/** A random cluster and its objects with 0-4 ClusterNetworkPolicies added. */
export interface ClusterWithPolicies {
  readonly cluster: RandomCluster;
  readonly clusterPolicies: KubeObject[];
  readonly objects: KubeObject[];
}

export function withClusterPolicies(clusterArb: fc.Arbitrary<RandomCluster>): fc.Arbitrary<ClusterWithPolicies> {
  return clusterArb.chain((cluster) => {
    const pools = poolsOf(cluster);
    return fc.tuple(...[0, 1, 2, 3].map((i) => fc.option(clusterPolicyArb(pools, `cnp${i}`), { nil: undefined, freq: 3 })))
      .map((maybe) => {
        const clusterPolicies = maybe.filter((p): p is KubeObject => p !== undefined);
        return { cluster, clusterPolicies, objects: [...cluster.objects, ...clusterPolicies] };
      });
  });
}
