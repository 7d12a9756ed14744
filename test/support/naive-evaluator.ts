/**
 * A deliberately naive NetworkPolicy (networking.k8s.io/v1) evaluator: the reference the property
 * tests compare `evaluateFlow` against. It is written straight from conformance/SEMANTICS.md over the
 * raw manifest objects, with no model, no compilation, no indices and no caching: every question
 * re-reads every object. Slow on purpose, short enough to check by eye.
 *
 * Scope: Namespaces, Pods, Nodes and NetworkPolicies (no workload templates, no Services). Addresses
 * are IPv4 dotted quads and IPv6 in hex groups with at most one `::` (the forms the random clusters use).
 */

type Obj = Record<string, any>;

/** A flow end: a Pod object (in the manifests or not), or an address. */
export type NaiveEndpoint = { readonly pod: Obj } | { readonly ip: string };

export interface NaiveQuery {
  readonly from: NaiveEndpoint;
  readonly to: NaiveEndpoint;
  readonly port: number;
  readonly protocol: string;
}

export interface NaiveOptions {
  /** SEMANTICS.md rule 20 leaves this to the plugin; the reference answers either way. */
  readonly ipBlockMatchesPodIps: boolean;
}

/** `implementation-defined`: rules 27-29 (self traffic, host-network pods, nodes); the reference does not decide. */
export type NaiveVerdict = 'allow' | 'deny' | 'implementation-defined';

const NAME_LABEL = 'kubernetes.io/metadata.name';

/** Rule 9: allowed iff the source's egress and the destination's ingress both allow. */
export function naiveVerdict(objects: readonly Obj[], query: NaiveQuery, options: NaiveOptions): NaiveVerdict {
  const from = resolve(objects, query.from);
  const to = resolve(objects, query.to);
  if (from === 'plugin-defined' || to === 'plugin-defined') return 'implementation-defined';
  if (from.pod !== undefined && from.pod === to.pod) return 'implementation-defined';
  const egress = from.pod === undefined || sideAllows(objects, from.pod, 'Egress', to, to, query, options);
  const ingress = to.pod === undefined || sideAllows(objects, to.pod, 'Ingress', from, to, query, options);
  return egress && ingress ? 'allow' : 'deny';
}

/**
 * A flow to or from every address of `cidr` minus `except` (at most a few hundred addresses):
 * `allow` when every address is allowed, `deny` when none is, `partial` otherwise.
 */
export function naiveRangeVerdict(
  objects: readonly Obj[], range: { cidr: string; except?: string[] }, side: 'from' | 'to', other: NaiveEndpoint,
  port: number, protocol: string, options: NaiveOptions,
): NaiveVerdict | 'partial' {
  const verdicts = addressesOf(range).map((ip) => naiveVerdict(objects, side === 'from'
    ? { from: { ip }, to: other, port, protocol }
    : { from: other, to: { ip }, port, protocol }, options));
  if (verdicts.includes('implementation-defined')) return 'implementation-defined';
  if (verdicts.every((v) => v === 'allow')) return 'allow';
  if (verdicts.every((v) => v === 'deny')) return 'deny';
  return 'partial';
}

interface Resolved {
  readonly pod?: Obj;
  readonly ips: readonly string[];
}

/** An address is the pod with that IP, else (a node or host-network pod) plugin-defined, else outside the cluster. */
function resolve(objects: readonly Obj[], endpoint: NaiveEndpoint): Resolved | 'plugin-defined' {
  if ('pod' in endpoint) {
    return endpoint.pod.spec?.hostNetwork === true ? 'plugin-defined' : { pod: endpoint.pod, ips: podIps(endpoint.pod) };
  }
  const owners = objects.filter((o) => o.kind === 'Pod' && podIps(o).some((ip) => sameIp(ip, endpoint.ip)));
  const pod = owners.find((o) => o.spec?.hostNetwork !== true);
  if (pod) return { pod, ips: podIps(pod) };
  const isNode = objects.some((o) => o.kind === 'Node' && (o.status?.addresses ?? []).some((a: Obj) => sameIp(a.address, endpoint.ip)));
  if (isNode || owners.length > 0) return 'plugin-defined';
  return { ips: [endpoint.ip] };
}

/**
 * The NetworkPolicy tier alone, for the ClusterNetworkPolicy reference: at the pod the direction
 * belongs to, `not-isolated` when no policy selects it for that direction, else its answer.
 */
export function naiveNetworkPolicyTier(
  objects: readonly Obj[], query: NaiveQuery, direction: 'Ingress' | 'Egress', options: NaiveOptions,
): 'not-isolated' | 'allow' | 'deny' | 'implementation-defined' {
  const from = resolve(objects, query.from);
  const to = resolve(objects, query.to);
  const own = direction === 'Egress' ? from : to;
  if (own === 'plugin-defined') return 'implementation-defined';
  if (own.pod === undefined || selectingPolicies(objects, own.pod, direction).length === 0) return 'not-isolated';
  if (from === 'plugin-defined' || to === 'plugin-defined') return 'implementation-defined';
  return sideAllows(objects, own.pod, direction, direction === 'Egress' ? to : from, to, query, options) ? 'allow' : 'deny';
}

/** Rules 2-4 and 10: the policies that isolate the pod for the direction. */
function selectingPolicies(objects: readonly Obj[], pod: Obj, direction: 'Ingress' | 'Egress'): Obj[] {
  return objects.filter((o) => o.kind === 'NetworkPolicy'
    && namespaceOf(o) === namespaceOf(pod)
    && selectorMatches(o.spec?.podSelector ?? {}, labelsOf(pod))
    && policyTypes(o.spec ?? {}).includes(direction));
}

/** Rules 1-8 for one pod and one direction. */
function sideAllows(objects: readonly Obj[], pod: Obj, direction: 'Ingress' | 'Egress', remote: Resolved, destination: Resolved, query: NaiveQuery, options: NaiveOptions): boolean {
  const selecting = selectingPolicies(objects, pod, direction);
  if (selecting.length === 0) return true;
  const rulesKey = direction === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = direction === 'Ingress' ? 'from' : 'to';
  return selecting.some((policy) => (policy.spec[rulesKey] ?? []).some((rule: Obj) =>
    peersMatch(objects, rule[peersKey], namespaceOf(policy), remote, options) && portsMatch(rule.ports, query, destination)));
}

/** Rule 3: absent or empty policyTypes mean Ingress, plus Egress when there are egress rules. */
function policyTypes(spec: Obj): string[] {
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) return spec.policyTypes;
  return Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Rules 6, 12-15, 18-20. */
function peersMatch(objects: readonly Obj[], peers: Obj[] | undefined, policyNamespace: string, remote: Resolved, options: NaiveOptions): boolean {
  if (peers === undefined || peers === null || peers.length === 0) return true;
  return peers.some((peer) => {
    if (peer.ipBlock) {
      if (remote.pod !== undefined && !options.ipBlockMatchesPodIps) return false;
      const holes: string[] = peer.ipBlock.except ?? [];
      return remote.ips.some((ip) => cidrContains(peer.ipBlock.cidr, ip) && !holes.some((hole) => cidrContains(hole, ip)));
    }
    if (remote.pod === undefined) return false;
    const podNamespace = namespaceOf(remote.pod);
    const namespaceOk = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, namespaceLabels(objects, podNamespace))
      : podNamespace === policyNamespace;
    const podOk = peer.podSelector ? selectorMatches(peer.podSelector, labelsOf(remote.pod)) : true;
    return namespaceOk && podOk;
  });
}

/** Rules 21-26: ports are the destination's; named ports resolve on the destination pod. */
function portsMatch(ports: Obj[] | undefined, query: NaiveQuery, destination: Resolved): boolean {
  if (ports === undefined || ports === null || ports.length === 0) return true;
  return ports.some((entry) => {
    const protocol = entry.protocol ?? 'TCP';
    if (protocol !== query.protocol) return false;
    if (entry.port === undefined) return true;
    if (typeof entry.port === 'string') {
      return destination.pod !== undefined && containerPorts(destination.pod).some((cp) =>
        cp.name === entry.port && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === query.port);
    }
    const last = entry.endPort ?? entry.port;
    return entry.port <= query.port && query.port <= last;
  });
}

/** Rule 16. */
export function selectorMatches(selector: Obj, labels: Record<string, string>): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || labels[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const { key, operator } = expression;
    const values: string[] = expression.values ?? [];
    const ok = operator === 'In' ? has(key) && values.includes(labels[key])
      : operator === 'NotIn' ? !has(key) || !values.includes(labels[key])
        : operator === 'Exists' ? has(key)
          : operator === 'DoesNotExist' ? !has(key)
            : false;
    if (!ok) return false;
  }
  return true;
}

export function namespaceOf(object: Obj): string {
  return object.metadata?.namespace || 'default';
}

export function labelsOf(object: Obj): Record<string, string> {
  return object.metadata?.labels ?? {};
}

/** Rule 17: the name label always, whatever the manifest says; an undeclared namespace has only it. */
export function namespaceLabels(objects: readonly Obj[], name: string): Record<string, string> {
  const declared = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === name);
  return { ...(declared?.metadata?.labels ?? {}), [NAME_LABEL]: name };
}

export function podIps(pod: Obj): string[] {
  const ips = (pod.status?.podIPs ?? []).map((entry: Obj) => entry.ip);
  if (pod.status?.podIP) ips.push(pod.status.podIP);
  return ips;
}

export function containerPorts(pod: Obj): Obj[] {
  return (pod.spec?.containers ?? []).flatMap((container: Obj) => container.ports ?? []);
}

// ---- addresses, as plain BigInts (arithmetic, not bit operations: easier to check by eye) ----

interface Address {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

function parseAddress(text: string): Address {
  if (text.includes(':')) return { bits: 128, value: groupsToBigint(expandIpv6(text), 65536n) };
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255)) throw new Error(`naive evaluator: not an IPv4 address: ${text}`);
  return { bits: 32, value: groupsToBigint(parts.map(Number), 256n) };
}

function expandIpv6(text: string): number[] {
  const halves = text.split('::');
  if (halves.length > 2) throw new Error(`naive evaluator: not an IPv6 address: ${text}`);
  const groups = halves.map((half) => (half === '' ? [] : half.split(':').map((g) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`naive evaluator: not an IPv6 address: ${text}`);
    return parseInt(g, 16);
  })));
  if (groups.length === 1) {
    if (groups[0].length !== 8) throw new Error(`naive evaluator: not an IPv6 address: ${text}`);
    return groups[0];
  }
  const zeros = 8 - groups[0].length - groups[1].length;
  if (zeros < 1) throw new Error(`naive evaluator: not an IPv6 address: ${text}`);
  return [...groups[0], ...new Array(zeros).fill(0), ...groups[1]];
}

/** Groups as digits in base 256 (IPv4) or 65536 (IPv6). */
function groupsToBigint(groups: number[], base: bigint): bigint {
  return groups.reduce((value, group) => value * base + BigInt(group), 0n);
}

export function sameIp(a: string, b: string): boolean {
  const x = parseAddress(a);
  const y = parseAddress(b);
  return x.bits === y.bits && x.value === y.value;
}

/** Host bits of the CIDR are ignored, as Go's net.ParseCIDR does. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, prefix] = cidr.split('/');
  const network = parseAddress(base);
  const address = parseAddress(ip);
  const blockSize = 2n ** BigInt(network.bits - Number(prefix));
  return network.bits === address.bits && network.value / blockSize === address.value / blockSize;
}

export function addressesOf(range: { cidr: string; except?: string[] }): string[] {
  const [base, prefix] = range.cidr.split('/');
  const network = parseAddress(base);
  const blockSize = 2n ** BigInt(network.bits - Number(prefix));
  if (blockSize > 1024n) throw new Error(`naive evaluator: range ${range.cidr} is too large to enumerate`);
  const first = (network.value / blockSize) * blockSize;
  const out: string[] = [];
  for (let value = first; value < first + blockSize; value++) {
    const text = formatAddress(network.bits, value);
    if (!(range.except ?? []).some((hole) => cidrContains(hole, text))) out.push(text);
  }
  return out;
}

function formatAddress(bits: 32 | 128, value: bigint): string {
  const base = bits === 32 ? 256n : 65536n;
  const groups: string[] = [];
  for (let rest = value, i = 0; i < (bits === 32 ? 4 : 8); i++, rest /= base) {
    const group = rest % base;
    groups.unshift(bits === 32 ? group.toString(10) : group.toString(16));
  }
  return groups.join(bits === 32 ? '.' : ':');
}
