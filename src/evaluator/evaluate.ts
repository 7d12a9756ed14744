import { describeEndpoint, describeLabels, describePod, Endpoint } from './endpoint';
import { IpRangeSet } from './ip';
import { Protocol } from './kube';
import { ClusterModel, PodInfo } from './model';
import { CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule, Direction, ipBlockMatches } from './policy';
import { decideRange, decideSingle, TierOutcome, TierStep } from './tiers';

/** The first packet of a connection. `port` is the destination port, already a number. */
export interface FlowQuery {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  readonly protocol: Protocol;
  /**
   * The flow reached the destination through a Service: a pod reaching itself this way
   * (hairpin) is evaluated like any other flow, as ClusterNetworkPolicy requires.
   */
  readonly viaService?: boolean;
}

export interface RuleRef {
  readonly policy: string;
  readonly rule: number;
}

/** One rule of one selecting policy, and why it did or did not allow the flow. */
export interface RuleCheck extends RuleRef {
  readonly allowed: boolean;
  /** Why the peers did not match (empty when they did). */
  readonly peerMismatch?: string;
  /** Why the ports did not match (empty when they did). */
  readonly portMismatch?: string;
}

/** How much of a range of external addresses a side allows. */
export type Coverage = 'all' | 'some' | 'none';

/** One direction at one end of the flow: egress at the source, ingress at the destination. */
export interface SideResult {
  readonly direction: Direction;
  /** The pod this side is about (undefined for a side outside the cluster). */
  readonly subject?: string;
  readonly isolated: boolean;
  /** Policies (`ns/name`) that select the pod for this direction, sorted. */
  readonly selectedBy: string[];
  /** Rules that allow the flow, sorted. */
  readonly allowedBy: RuleRef[];
  readonly allowed: boolean;
  /** For a range of addresses: how much of it is allowed. */
  readonly coverage?: Coverage;
  /** Every rule of every selecting policy, in policy then rule order. */
  readonly checks: RuleCheck[];
  /** Why this side's answer depends on the network plugin (empty when it does not). */
  readonly implementationDefined: string[];
  /** The tier, policy, rule and action that decided this side. */
  readonly decidedBy: TierStep;
  /** Every ClusterNetworkPolicy rule that matched, in evaluation order (Pass steps included). */
  readonly tierPath: TierStep[];
}

export type Verdict = 'allow' | 'deny' | 'partial';

export interface FlowResult {
  readonly verdict: Verdict;
  readonly egress: SideResult;
  readonly ingress: SideResult;
  /** Sentences for people; empty when nothing needs explaining. */
  readonly reasons: string[];
  readonly implementationDefined: string[];
}

/**
 * networking.k8s.io/v1 semantics for one flow:
 * 1. A pod sending to itself is allowed (implementation-defined; common plugins never block it).
 * 2. Egress is evaluated at the source, ingress at the destination; an endpoint outside the
 *    cluster has no policies, so its side allows.
 * 3. A side is isolated iff some policy in the pod's namespace selects it for that direction;
 *    an unisolated side allows everything.
 * 4. An isolated side allows iff some rule of some selecting policy matches both the remote
 *    endpoint (its peers) and the destination port (its ports).
 * 5. The flow is allowed iff both sides allow (for an address range: by how much of it).
 */
export function evaluateFlow(model: ClusterModel, query: FlowQuery): FlowResult {
  if (isSelfTraffic(query) && !query.viaService) return selfTraffic(query);
  const destinationPod = query.to.kind === 'pod' ? query.to.pod : undefined;
  const egress = evaluateSide({ model, direction: 'Egress', subject: query.from, remote: query.to, query, destinationPod });
  const ingress = evaluateSide({ model, direction: 'Ingress', subject: query.to, remote: query.from, query, destinationPod });
  const verdict = combine(egress, ingress);
  const hairpin = isSelfTraffic(query) ? [`${describeEndpoint(query.from)} reaches itself through a Service (hairpin): NetworkPolicy plugins differ here; ClusterNetworkPolicy applies`] : [];
  const implementationDefined = [...hairpin, ...endpointNotes(query), ...egress.implementationDefined, ...ingress.implementationDefined];
  return { verdict, egress, ingress, reasons: explainSides(query, egress, ingress), implementationDefined };
}

/** One end of a flow: the endpoint whose policies are asked, and the one at the other end. */
interface SideQuery {
  readonly model: ClusterModel;
  readonly direction: Direction;
  readonly subject: Endpoint;
  readonly remote: Endpoint;
  readonly query: FlowQuery;
  readonly destinationPod?: PodInfo;
}

function evaluateSide({ model, direction, subject, remote, query, destinationPod }: SideQuery): SideResult {
  if (subject.kind !== 'pod') return openSide(direction, undefined, []);
  const pod = subject.pod;
  if (pod.hostNetwork) return openSide(direction, describePod(pod), []);
  const np = networkPolicyTier(model, direction, pod, remote, query, destinationPod);
  const context = { model, pod, direction, remote, port: query.port, protocol: query.protocol, destinationPod };
  const first = np.allowedBy[0];
  // A deny in the NetworkPolicy tier is every selecting policy's silence: no single policy decides it.
  const deciding = first ? { decidingPolicy: first.policy, decidingRule: first.rule } : {};
  const subjectText = describePod(pod);
  // Plain literals, not `{ ...base, ... }`: V8 gave each spread result here a fresh hidden class,
  // which made every side cost ~20 µs and a pile of garbage (measured with bench/run.ts).
  const side = (allowed: boolean, outcome: TierOutcome<unknown>, coverage?: Coverage): SideResult => {
    const { isolated, selectedBy, allowedBy, checks } = np;
    const { decidedBy, path: tierPath } = outcome;
    const implementationDefined = [...np.implementationDefined, ...outcome.implementationDefined];
    return coverage === undefined
      ? { direction, subject: subjectText, isolated, selectedBy, allowedBy, checks, allowed, decidedBy, tierPath, implementationDefined }
      : { direction, subject: subjectText, isolated, selectedBy, allowedBy, checks, allowed, coverage, decidedBy, tierPath, implementationDefined };
  };
  if (remote.kind === 'range') {
    const outcome = decideRange(context, remote.addresses, { isolated: np.isolated, allowed: np.coveredRange ?? IpRangeSet.of([]), ...deciding });
    const coverage = coverageOf(remote.addresses, outcome.allowed);
    return side(coverage === 'all', outcome, coverage);
  }
  const outcome = decideSingle(context, { isolated: np.isolated, allowed: np.allowedBy.length > 0, ...deciding });
  return side(outcome.allowed, outcome);
}

interface NetworkPolicyTierResult {
  readonly isolated: boolean;
  readonly selectedBy: string[];
  readonly allowedBy: RuleRef[];
  readonly checks: RuleCheck[];
  readonly implementationDefined: string[];
  /** For a range remote: the addresses the allowing rules cover. */
  readonly coveredRange?: IpRangeSet;
}

/** The v1 NetworkPolicy tier alone: isolation, and which rules of the selecting policies allow. */
function networkPolicyTier(
  model: ClusterModel, direction: Direction, pod: PodInfo, remote: Endpoint, query: FlowQuery, destinationPod: PodInfo | undefined,
): NetworkPolicyTierResult {
  const selecting = model.selectingPolicies(pod, direction).map((i) => model.policies[i]);
  if (selecting.length === 0) return { isolated: false, selectedBy: [], allowedBy: [], checks: [], implementationDefined: [] };
  const checks: RuleCheck[] = [];
  const implementationDefined = new Set<string>();
  let coveredRange = remote.kind === 'range' ? IpRangeSet.of([]) : undefined;
  for (const policy of sortById(selecting)) {
    for (const rule of policy.rules[direction]) {
      const peer = matchPeers(model, rule, remote, policy);
      const portsMiss = portsMismatch(rule, query, destinationPod);
      const allowed = peer.matched && portsMiss === undefined;
      // Flag a rule whose answer hinges on ipBlock vs pod IPs, whichever way the model decided it.
      if (portsMiss === undefined && peer.implementationDefined) implementationDefined.add(peer.implementationDefined);
      if (allowed && coveredRange && peer.addresses) coveredRange = coveredRange.union(peer.addresses);
      checks.push({ policy: policy.id, rule: rule.index, allowed, peerMismatch: peer.mismatch, portMismatch: portsMiss });
    }
  }
  return {
    isolated: true,
    selectedBy: selecting.map((p) => p.id).sort(),
    allowedBy: checks.filter((c) => c.allowed).map(({ policy, rule }) => ({ policy, rule })),
    checks,
    implementationDefined: [...implementationDefined].sort(),
    coveredRange,
  };
}

function openSide(direction: Direction, subject: string | undefined, implementationDefined: string[]): SideResult {
  return {
    isolated: false,
    selectedBy: [],
    allowedBy: [],
    checks: [],
    tierPath: [],
    direction,
    subject,
    allowed: true,
    implementationDefined,
    decidedBy: DEFAULT_STEP,
  };
}

const DEFAULT_STEP: TierStep = { tier: 'Default', action: 'Accept' };

export interface PeerMatch {
  readonly matched: boolean;
  readonly mismatch?: string;
  readonly implementationDefined?: string;
  /** For a range remote: the part of it this rule's peers allow. */
  readonly addresses?: IpRangeSet;
}

function matchPeers(model: ClusterModel, rule: CompiledRule, remote: Endpoint, policy: CompiledPolicy): PeerMatch {
  if (rule.peers === undefined) return { matched: true, addresses: remote.kind === 'range' ? remote.addresses : undefined };
  if (remote.kind === 'range') return matchRange(rule.peers, remote.addresses);
  const misses: string[] = [];
  let undecided: string | undefined;
  for (const peer of rule.peers) {
    const result = matchPeer(model, peer, remote, policy);
    if (result.matched) return result;
    misses.push(result.mismatch!);
    undecided ??= result.implementationDefined;
  }
  return { matched: false, mismatch: misses.join('; '), implementationDefined: undecided };
}

function matchRange(peers: readonly CompiledPeer[], range: IpRangeSet): PeerMatch {
  let covered = IpRangeSet.of([]);
  for (const peer of peers) if (peer.kind === 'ipBlock') covered = covered.union(peer.addresses.intersect(range));
  if (covered.isEmpty()) return { matched: false, mismatch: `no ipBlock of this rule covers ${range.toString()}` };
  return { matched: true, addresses: covered };
}

/** Whether one peer of a rule matches a pod or an address (not a range), and why not. */
export function matchPeer(model: ClusterModel, peer: CompiledPeer, remote: Endpoint, policy: CompiledPolicy): PeerMatch {
  const where = `peer ${peer.index}`;
  if (peer.kind === 'ipBlock') {
    const text = `ipBlock ${peer.block.cidr.text}${peer.block.except.length ? ` except ${peer.block.except.map((e) => e.text).join(', ')}` : ''}`;
    if (remote.kind === 'address') {
      return ipBlockMatches(peer, remote.ip) ? { matched: true } : { matched: false, mismatch: `${where}: ${remote.ip.text} is outside ${text}` };
    }
    const pod = (remote as Exclude<Endpoint, { kind: 'address' | 'range' }>).pod;
    const inside = pod.ips.find((ip) => ipBlockMatches(peer, ip));
    if (inside) {
      const note = `${text} matches the pod IP ${inside.text} of ${describePod(pod)}: plugins differ on ipBlock for pod IPs`;
      return model.options.ipBlockMatchesPodIps
        ? { matched: true, implementationDefined: note }
        : { matched: false, mismatch: `${where}: ${text} covers the pod IP ${inside.text} of ${describePod(pod)}, but this model does not apply ipBlock to pod IPs`, implementationDefined: note };
    }
    const ipText = pod.ips.length ? `pod IP ${pod.ips.map((ip) => ip.text).join(', ')}` : 'no known pod IP';
    return { matched: false, mismatch: `${where}: ${text} does not cover ${describePod(pod)} (${ipText}); select pods with podSelector/namespaceSelector` };
  }
  if (remote.kind !== 'pod') {
    return { matched: false, mismatch: `${where}: selectors match pods only, not ${describeEndpoint(remote)}` };
  }
  const pod = remote.pod;
  if (pod.hostNetwork) {
    return { matched: false, mismatch: `${where}: ${describePod(pod)} uses the host network; selectors do not match it` };
  }
  if (peer.namespaceSelector) {
    const ns = model.namespace(pod.namespace);
    if (!peer.namespaceSelector.matches(ns.labels)) {
      return { matched: false, mismatch: `${where}: namespace ${pod.namespace} ${describeLabels(ns.labels)} lacks ${peer.namespaceSelector.unmet(ns.labels).join(', ')} (namespaceSelector)` };
    }
  } else if (pod.namespace !== policy.namespace) {
    return { matched: false, mismatch: `${where}: a podSelector without namespaceSelector covers namespace ${policy.namespace} only, and ${describePod(pod)} is in ${pod.namespace}` };
  }
  if (peer.podSelector && !peer.podSelector.matches(pod.labels)) {
    return { matched: false, mismatch: `${where}: ${describePod(pod)} ${describeLabels(pod.labels)} lacks ${peer.podSelector.unmet(pod.labels).join(', ')} (podSelector)` };
  }
  return { matched: true };
}

/** Undefined when some entry matches; else why none does. */
function portsMismatch(rule: CompiledRule, query: FlowQuery, destinationPod: PodInfo | undefined): string | undefined {
  if (rule.ports === undefined) return undefined;
  const misses: string[] = [];
  for (const entry of rule.ports) {
    const miss = portMismatch(entry, query, destinationPod);
    if (miss === undefined) return undefined;
    misses.push(miss);
  }
  return `${query.protocol} ${query.port} is not among the rule's ports (${misses.join('; ')})`;
}

export function portEntryMatches(entry: CompiledPort, port: number, protocol: Protocol, destinationPod: PodInfo | undefined): boolean {
  if (entry.protocol !== protocol) return false;
  if (entry.name !== undefined) {
    return destinationPod !== undefined && destinationPod.ports.some((p) => p.name === entry.name && p.protocol === protocol && p.port === port);
  }
  if (entry.port === undefined) return true;
  return entry.endPort === undefined ? entry.port === port : entry.port <= port && port <= entry.endPort;
}

function portMismatch(entry: CompiledPort, query: FlowQuery, destinationPod: PodInfo | undefined): string | undefined {
  if (portEntryMatches(entry, query.port, query.protocol, destinationPod)) return undefined;
  const text = describePortEntry(entry);
  if (entry.protocol !== query.protocol || entry.name === undefined) return text;
  if (!destinationPod) return `${text}: a named port needs a destination pod`;
  const declared = destinationPod.ports.find((p) => p.name === entry.name && p.protocol === entry.protocol);
  return declared
    ? `${text} is ${declared.port} on ${describePod(destinationPod)}`
    : `${text}: ${describePod(destinationPod)} declares no ${entry.protocol} port named "${entry.name}"`;
}

export function describePortEntry(entry: CompiledPort): string {
  if (entry.name !== undefined) return `${entry.protocol} "${entry.name}"`;
  if (entry.port === undefined) return `${entry.protocol} any port`;
  return entry.endPort === undefined ? `${entry.protocol} ${entry.port}` : `${entry.protocol} ${entry.port}-${entry.endPort}`;
}

function coverageOf(range: IpRangeSet, covered: IpRangeSet): Coverage {
  const inside = covered.intersect(range);
  if (inside.isEmpty()) return 'none';
  return inside.equals(range) ? 'all' : 'some';
}

function combine(egress: SideResult, ingress: SideResult): Verdict {
  const coverage = egress.coverage ?? ingress.coverage;
  if (coverage !== undefined) {
    const other = egress.coverage !== undefined ? ingress : egress;
    if (!other.allowed || coverage === 'none') return 'deny';
    return coverage === 'all' ? 'allow' : 'partial';
  }
  return egress.allowed && ingress.allowed ? 'allow' : 'deny';
}

function isSelfTraffic(query: FlowQuery): boolean {
  const { from, to } = query;
  if (from.kind !== 'pod' || to.kind !== 'pod') return false;
  if (from.pod.kind !== 'Pod' || to.pod.kind !== 'Pod') return false;
  return from.pod.namespace === to.pod.namespace && from.pod.name === to.pod.name;
}

function selfTraffic(query: FlowQuery): FlowResult {
  const pod = describeEndpoint(query.from);
  const note = `${pod} connects to itself: Kubernetes leaves this to the plugin; common plugins allow it`;
  const egress = openSide('Egress', pod, [note]);
  const ingress = openSide('Ingress', pod, []);
  return { verdict: 'allow', egress, ingress, reasons: [note], implementationDefined: [note] };
}

/** Node and host-network endpoints: plugins treat their traffic as node traffic, each in its own way. */
function endpointNotes(query: FlowQuery): string[] {
  const notes: string[] = [];
  for (const endpoint of [query.from, query.to]) {
    if (endpoint.kind === 'address' && endpoint.role === 'node') {
      notes.push(`${endpoint.label} is a node: traffic between a node and its own pods is always allowed, other node traffic is plugin-defined`);
    }
    if (endpoint.kind === 'address' && endpoint.role === 'host-network-pod') {
      notes.push(`${endpoint.label} uses the host network: plugins treat its traffic as node traffic`);
    }
    if (endpoint.kind === 'pod' && endpoint.pod.hostNetwork) {
      notes.push(`${describePod(endpoint.pod)} uses the host network: plugins treat its traffic as node traffic`);
    }
  }
  return notes;
}

function sortById(policies: CompiledPolicy[]): CompiledPolicy[] {
  return [...policies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function explainSides(query: FlowQuery, egress: SideResult, ingress: SideResult): string[] {
  const reasons: string[] = [];
  for (const side of [egress, ingress]) {
    const remote = side.direction === 'Egress' ? query.to : query.from;
    if (side.coverage === 'some') reasons.push(`${side.direction.toLowerCase()} of ${side.subject} allows only part of ${describeEndpoint(remote)}`);
    // A partly covered range has allowing rules: "no rule allows" would be false.
    if (side.allowed || side.coverage === 'some') continue;
    const verb = side.direction === 'Egress' ? `egress from ${side.subject}` : `ingress to ${side.subject}`;
    const decided = side.decidedBy;
    if (decided.tier === 'Admin' || decided.tier === 'Baseline') {
      reasons.push(`${verb} is denied by ${decided.tier} ClusterNetworkPolicy ${decided.policy} (priority ${decided.priority}) rule ${decided.rule}${decided.name ? ` "${decided.name}"` : ''}`);
      continue;
    }
    const passes = side.tierPath.filter((step) => step.action === 'Pass');
    if (passes.length) reasons.push(`${verb} was passed to the NetworkPolicy tier by ${passes.map((p) => `${p.tier} ClusterNetworkPolicy ${p.policy} rule ${p.rule}`).join(', ')}`);
    const rules = side.checks.length;
    reasons.push(`${verb} is isolated by ${side.selectedBy.join(', ')}, and ${rules === 0 ? 'no policy has a rule for this direction (deny all)' : 'no rule allows this flow'}`);
    for (const check of side.checks) {
      const why = [check.peerMismatch, check.portMismatch].filter((x) => x !== undefined).join('; and ');
      reasons.push(`${check.policy} rule ${check.rule}: ${why}`);
    }
  }
  return reasons;
}
