import {
  addressesOf, cidrContains, containerPorts, labelsOf, naiveNetworkPolicyTier, NaiveOptions, NaiveVerdict, namespaceLabels, namespaceOf,
  podIps, sameIp, selectorMatches,
} from './naive-evaluator';

/**
 * A deliberately naive reference for ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2)
 * together with NetworkPolicy, for the property tests. Written straight from the network-policy-api
 * API docs over the raw objects, with no model and no compilation; the NetworkPolicy tier is
 * naive-evaluator.ts's.
 *
 * For each direction of a flow, at the pod that direction belongs to (egress at the source,
 * ingress at the destination; host-network pods and addresses have no side to decide):
 * 1. Admin tier: the policies whose subject selects the pod, by ascending priority; in each
 *    policy, the first rule whose peers and protocols match. Accept and Deny are final; Pass ends
 *    the tier. Two policies of one priority that match with different actions: the API lets the
 *    plugin pick, so the reference does not decide.
 * 2. NetworkPolicy tier: when some NetworkPolicy isolates the pod for the direction, it decides.
 * 3. Baseline tier: as Admin.
 * 4. Default: allowed.
 * The flow is allowed when both directions are. A pod reaching itself is not subject to
 * ClusterNetworkPolicy; the reference leaves it to the plugin, as for NetworkPolicy.
 */

type Obj = Record<string, any>;

/** A flow end: a Pod object (in the manifests or not), or an address reached by IP (and maybe a DNS name). */
export type TieredEndpoint = { readonly pod: Obj } | { readonly ip: string; readonly domain?: string };

export interface TieredQuery {
  readonly from: TieredEndpoint;
  readonly to: TieredEndpoint;
  readonly port: number;
  readonly protocol: string;
}

export type Tier = 'Admin' | 'NetworkPolicy' | 'Baseline' | 'Default';

/** A verdict, and for a decided flow the tier that decided each side. */
export interface TieredAnswer {
  readonly verdict: NaiveVerdict;
  readonly egressTier?: Tier;
  readonly ingressTier?: Tier;
  /** Whether a side met same-priority policies that disagree (then the verdict is implementation-defined). */
  readonly tie: boolean;
}

/** A pod (never a host-network one) or an address (none for a host-network pod without a known IP). */
type End = { readonly pod: Obj } | { readonly ip?: string; readonly domain?: string };

type Direction = 'Ingress' | 'Egress';
/** A side's answer; `tie` and `plugin` are the two reasons the reference does not decide. */
type Decision = { readonly allowed: boolean; readonly tier: Tier } | 'tie' | 'plugin';

export function naiveTieredVerdict(objects: readonly Obj[], query: TieredQuery, options: NaiveOptions): TieredAnswer {
  const from = resolve(objects, query.from);
  const to = resolve(objects, query.to);
  if ('pod' in from && 'pod' in to && from.pod === to.pod) return { verdict: 'implementation-defined', tie: false };
  const egress = 'pod' in from ? decideSide(objects, from.pod, 'Egress', to, to, query, options) : OPEN;
  const ingress = 'pod' in to ? decideSide(objects, to.pod, 'Ingress', from, to, query, options) : OPEN;
  const tie = egress === 'tie' || ingress === 'tie';
  if (typeof egress === 'string' || typeof ingress === 'string') return { verdict: 'implementation-defined', tie };
  return { verdict: egress.allowed && ingress.allowed ? 'allow' : 'deny', egressTier: egress.tier, ingressTier: ingress.tier, tie };
}

/** Every address of a range outside the cluster, one flow each: allow, deny, or partial. */
export function naiveTieredRangeVerdict(
  objects: readonly Obj[], range: { cidr: string; except?: string[] }, side: 'from' | 'to', other: TieredEndpoint,
  port: number, protocol: string, options: NaiveOptions,
): { verdict: NaiveVerdict | 'partial'; tie: boolean } {
  const answers = addressesOf(range).map((ip) => naiveTieredVerdict(objects, side === 'from'
    ? { from: { ip }, to: other, port, protocol }
    : { from: other, to: { ip }, port, protocol }, options));
  const verdicts = answers.map((a) => a.verdict);
  const tie = answers.some((a) => a.tie);
  if (verdicts.includes('implementation-defined')) return { verdict: 'implementation-defined', tie };
  if (verdicts.every((v) => v === 'allow')) return { verdict: 'allow', tie };
  if (verdicts.every((v) => v === 'deny')) return { verdict: 'deny', tie };
  return { verdict: 'partial', tie };
}

const OPEN: Decision = { allowed: true, tier: 'Default' };

/** A host-network pod is its IP; an address of a (non-host-network) pod is that pod. */
function resolve(objects: readonly Obj[], endpoint: TieredEndpoint): End {
  if ('pod' in endpoint) return endpoint.pod.spec?.hostNetwork === true ? { ip: podIps(endpoint.pod)[0] } : endpoint;
  const pod = objects.find((o) => o.kind === 'Pod' && o.spec?.hostNetwork !== true && podIps(o).some((ip) => sameIp(ip, endpoint.ip)));
  return pod ? { pod } : endpoint;
}

function decideSide(
  objects: readonly Obj[], pod: Obj, direction: Direction, remote: End, destination: End, query: TieredQuery, options: NaiveOptions,
): Decision {
  const admin = tierAction(objects, 'Admin', pod, direction, remote, destination, query);
  if (admin === 'ambiguous') return 'tie';
  if (admin === 'Accept' || admin === 'Deny') return { allowed: admin === 'Accept', tier: 'Admin' };
  const { port, protocol } = query;
  const networkPolicy = naiveNetworkPolicyTier(objects, { from: asNaive(query.from), to: asNaive(query.to), port, protocol }, direction, options);
  if (networkPolicy === 'implementation-defined') return 'plugin';
  if (networkPolicy !== 'not-isolated') return { allowed: networkPolicy === 'allow', tier: 'NetworkPolicy' };
  const baseline = tierAction(objects, 'Baseline', pod, direction, remote, destination, query);
  if (baseline === 'ambiguous') return 'tie';
  if (baseline === 'Accept' || baseline === 'Deny') return { allowed: baseline === 'Accept', tier: 'Baseline' };
  return OPEN;
}

/** The NetworkPolicy reference has no DNS names: a named host is its address. */
function asNaive(endpoint: TieredEndpoint): { pod: Obj } | { ip: string } {
  return 'pod' in endpoint ? endpoint : { ip: endpoint.ip };
}

/** The action of the first priority that has a matching rule; `ambiguous` when its policies disagree. */
function tierAction(objects: readonly Obj[], tier: 'Admin' | 'Baseline', pod: Obj, direction: Direction, remote: End, destination: End, query: TieredQuery): string | undefined {
  const policies = objects.filter((o) => o.kind === 'ClusterNetworkPolicy' && o.spec.tier === tier && selects(objects, o.spec.subject, pod));
  const priorities = [...new Set(policies.map((p) => p.spec.priority as number))].sort((a, b) => a - b);
  for (const priority of priorities) {
    const actions = new Set<string>();
    for (const policy of policies.filter((p) => p.spec.priority === priority)) {
      const rules: Obj[] = policy.spec[direction === 'Ingress' ? 'ingress' : 'egress'] ?? [];
      const first = rules.find((rule) => ruleMatches(objects, rule, direction, remote, destination, query));
      if (first) actions.add(first.action);
    }
    if (actions.size > 1) return 'ambiguous';
    if (actions.size === 1) return [...actions][0];
  }
  return undefined;
}

function ruleMatches(objects: readonly Obj[], rule: Obj, direction: Direction, remote: End, destination: End, query: TieredQuery): boolean {
  const peers: Obj[] = rule[direction === 'Ingress' ? 'from' : 'to'];
  return peers.some((peer) => peerMatches(objects, peer, remote)) && protocolsMatch(rule.protocols, destination, query);
}

function peerMatches(objects: readonly Obj[], peer: Obj, remote: End): boolean {
  if (peer.namespaces || peer.pods) return 'pod' in remote && selects(objects, peer, remote.pod);
  if ('pod' in remote) return peer.networks !== undefined && podIps(remote.pod).some((ip) => inNetworks(peer.networks, ip));
  const ip = remote.ip;
  if (peer.networks) return ip !== undefined && inNetworks(peer.networks, ip);
  if (peer.nodes) return ip !== undefined && nodes(objects).some((node) => selectorMatches(peer.nodes, nodeLabels(node)) && hasAddress(node, ip));
  return remote.domain !== undefined && peer.domainNames.some((name: string) => domainMatches(name, remote.domain!));
}

/** A `namespaces` or `pods` subject or peer: pods of the matching namespaces, filtered by podSelector. */
function selects(objects: readonly Obj[], selection: Obj, pod: Obj): boolean {
  if (pod.spec?.hostNetwork === true) return false;
  const namespaceSelector = selection.namespaces ?? selection.pods?.namespaceSelector ?? {};
  if (!selectorMatches(namespaceSelector, namespaceLabels(objects, namespaceOf(pod)))) return false;
  return selection.pods === undefined || selectorMatches(selection.pods.podSelector, labelsOf(pod));
}

function inNetworks(cidrs: string[], ip: string): boolean {
  return cidrs.some((cidr) => sameFamily(cidr, ip) && cidrContains(cidr, ip));
}

function sameFamily(cidr: string, ip: string): boolean {
  return cidr.includes(':') === ip.includes(':');
}

/** Protocols are destination ports; a named port is the destination pod's container port of that name. */
function protocolsMatch(protocols: Obj[] | undefined, destination: End, query: TieredQuery): boolean {
  if (protocols === undefined) return true;
  return protocols.some((entry) => {
    if (entry.destinationNamedPort !== undefined) {
      return 'pod' in destination && containerPorts(destination.pod).some((p) => p.name === entry.destinationNamedPort && (p.protocol ?? 'TCP') === query.protocol && p.containerPort === query.port);
    }
    const port = entry[query.protocol.toLowerCase()]?.destinationPort;
    if (port === undefined) return false;
    return port.number !== undefined ? port.number === query.port : port.range.start <= query.port && query.port <= port.range.end;
  });
}

/** `*.` matches one or more whole labels in front of the rest; otherwise the exact name. Case and a final dot do not matter. */
function domainMatches(pattern: string, domain: string): boolean {
  const want = pattern.toLowerCase().replace(/\.$/, '');
  const have = domain.toLowerCase().replace(/\.$/, '');
  if (!want.startsWith('*.')) return want === have;
  const labels = have.split('.');
  const suffix = want.slice(2).split('.');
  return labels.length > suffix.length && labels.slice(labels.length - suffix.length).join('.') === suffix.join('.');
}

function hasAddress(node: Obj, ip: string): boolean {
  return (node.status?.addresses ?? []).some((a: Obj) => sameIp(a.address, ip));
}

function nodes(objects: readonly Obj[]): Obj[] {
  return objects.filter((o) => o.kind === 'Node');
}

/** A Node's labels, with the hostname label the kubelet sets on every node. */
function nodeLabels(node: Obj): Record<string, string> {
  return { 'kubernetes.io/hostname': node.metadata.name, ...labelsOf(node) };
}
