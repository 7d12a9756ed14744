import { ClusterAction, ClusterPeer, ClusterProtocol, ClusterRule, CompiledClusterPolicy, describeClusterRule, domainMatches, Tier } from './cluster-policy';
import { describeEndpoint, Endpoint } from './endpoint';
import { intervalContains, IpRangeSet } from './ip';
import { Protocol } from './kube';
import { ClusterModel, PodInfo } from './model';
import { Direction } from './policy';

/** One step on a flow's path through the tiers. */
export interface TierStep {
  readonly tier: Tier | 'NetworkPolicy' | 'Default';
  readonly action: ClusterAction;
  /** The deciding ClusterNetworkPolicy (name) or NetworkPolicy (`ns/name`). */
  readonly policy?: string;
  readonly rule?: number;
  /** The ClusterNetworkPolicy rule's name, when it has one. */
  readonly name?: string;
  readonly priority?: number;
}

/**
 * Sets of remote endpoints the tiers carve up: a single endpoint (boolean) or a range of
 * addresses (IpRangeSet). The same ordered walk decides both.
 */
interface Space<S> {
  readonly all: S;
  readonly none: S;
  union(a: S, b: S): S;
  intersect(a: S, b: S): S;
  minus(a: S, b: S): S;
  isEmpty(a: S): boolean;
}

const SINGLE: Space<boolean> = {
  all: true,
  none: false,
  union: (a, b) => a || b,
  intersect: (a, b) => a && b,
  minus: (a, b) => a && !b,
  isEmpty: (a) => !a,
};

function rangeSpace(all: IpRangeSet): Space<IpRangeSet> {
  return {
    all,
    none: IpRangeSet.of([]),
    union: (a, b) => a.union(b),
    intersect: (a, b) => a.intersect(b),
    minus: (a, b) => a.minus(b),
    isEmpty: (a) => a.isEmpty(),
  };
}

/** What the NetworkPolicy tier says about the remote: whether the pod is isolated, and what it allows. */
export interface NetworkPolicyVerdict<S> {
  readonly isolated: boolean;
  readonly allowed: S;
  readonly decidingPolicy?: string;
  readonly decidingRule?: number;
}

export interface TierOutcome<S> {
  readonly allowed: S;
  /** The step that decided (for a single endpoint); for a range, the first decisive step. */
  readonly decidedBy: TierStep;
  /** Every ClusterNetworkPolicy rule that matched, in evaluation order (Pass steps included). */
  readonly path: TierStep[];
  readonly implementationDefined: string[];
}

export interface SideContext {
  readonly model: ClusterModel;
  readonly pod: PodInfo;
  readonly direction: Direction;
  readonly remote: Endpoint;
  readonly port: number;
  readonly protocol: Protocol;
  readonly destinationPod?: PodInfo;
}

/** Admin, then NetworkPolicy, then Baseline, then the default (allow), for one remote endpoint. */
export function decideSingle(context: SideContext, networkPolicy: NetworkPolicyVerdict<boolean>): TierOutcome<boolean> {
  return walkTiers(SINGLE, context, networkPolicy, (peer) => peerMatchesEndpoint(context, peer));
}

/** The same walk over a range of external addresses: which part each tier allows. */
export function decideRange(context: SideContext, range: IpRangeSet, networkPolicy: NetworkPolicyVerdict<IpRangeSet>): TierOutcome<IpRangeSet> {
  return walkTiers(rangeSpace(range), context, networkPolicy, (peer) => (peer.kind === 'networks' ? peer.addresses.intersect(range) : IpRangeSet.of([])));
}

type PeerSet<S> = (peer: ClusterPeer) => S;

function walkTiers<S>(space: Space<S>, context: SideContext, networkPolicy: NetworkPolicyVerdict<S>, peerSet: PeerSet<S>): TierOutcome<S> {
  const path: TierStep[] = [];
  const notes = new Set<string>();
  let accepted = space.none;
  let undecided = space.all;
  let decidedBy: TierStep | undefined;
  const runTier = (tier: Tier) => {
    let passed = space.none;
    const ordered = context.model.clusterPoliciesFor(context.pod, tier, context.direction);
    for (const policy of ordered) {
      // Everything is decided or passed on: the rest of the tier cannot apply (clashes are checked at each hit).
      if (space.isEmpty(undecided)) break;
      for (const rule of policy.rules[context.direction]) {
        if (space.isEmpty(undecided)) break;
        if (!protocolsMatch(rule.protocols, context)) continue;
        const hit = space.intersect(undecided, ruleSet(space, rule, peerSet));
        if (space.isEmpty(hit)) continue;
        // Two plain literals rather than a spread of the optional name: one hidden class each (see evaluateSide).
        const { action, index, name } = rule;
        const step: TierStep = name
          ? { tier, action, policy: policy.name, rule: index, name, priority: policy.priority }
          : { tier, action, policy: policy.name, rule: index, priority: policy.priority };
        path.push(step);
        if (rule.action !== 'Pass') decidedBy ??= step;
        if (rule.action === 'Accept') accepted = space.union(accepted, hit);
        if (rule.action === 'Pass') passed = space.union(passed, hit);
        undecided = space.minus(undecided, hit);
        const clash = samePriorityClash(context, ordered, policy, rule, hit, peerSet, space);
        if (clash) notes.add(clash);
      }
    }
    undecided = space.union(undecided, passed);
  };
  runTier('Admin');
  if (networkPolicy.isolated && !space.isEmpty(undecided)) {
    const allowedHere = space.intersect(undecided, networkPolicy.allowed);
    decidedBy ??= networkPolicyStep(networkPolicy, space.isEmpty(allowedHere) ? 'Deny' : 'Accept');
    accepted = space.union(accepted, allowedHere);
    undecided = space.none;
  }
  runTier('Baseline');
  if (!space.isEmpty(undecided)) decidedBy ??= { tier: 'Default', action: 'Accept' };
  accepted = space.union(accepted, undecided);
  return { allowed: accepted, decidedBy: decidedBy ?? { tier: 'Default', action: 'Accept' }, path, implementationDefined: [...notes].sort() };
}

/** The NetworkPolicy tier's step: plain literals, not a spread (one hidden class each; see evaluateSide). */
function networkPolicyStep(networkPolicy: NetworkPolicyVerdict<unknown>, action: ClusterAction): TierStep {
  const { decidingPolicy: policy, decidingRule: rule } = networkPolicy;
  return policy ? { tier: 'NetworkPolicy', action, policy, rule } : { tier: 'NetworkPolicy', action };
}

function ruleSet<S>(space: Space<S>, rule: ClusterRule, peerSet: PeerSet<S>): S {
  let set = space.none;
  for (const peer of rule.peers) {
    set = space.union(set, peerSet(peer));
    // A single endpoint matched: the other peers cannot add to it.
    if (set === space.all) break;
  }
  return set;
}

/**
 * Two policies of one tier and priority that both match with different actions: the spec lets
 * the implementation pick either, so the verdict cannot be known. Only where the winning rule
 * decides (`hit`) does the other policy compete, each part of it by its own first matching rule.
 */
function samePriorityClash<S>(
  context: SideContext,
  ordered: readonly CompiledClusterPolicy[],
  winner: CompiledClusterPolicy,
  winningRule: ClusterRule,
  hit: S,
  peerSet: PeerSet<S>,
  space: Space<S>,
): string | undefined {
  for (const other of ordered) {
    if (other === winner || other.priority !== winner.priority) continue;
    let unmatched = hit;
    for (const rule of other.rules[context.direction]) {
      if (space.isEmpty(unmatched)) break;
      if (!protocolsMatch(rule.protocols, context)) continue;
      const overlap = space.intersect(unmatched, ruleSet(space, rule, peerSet));
      if (space.isEmpty(overlap)) continue;
      if (rule.action !== winningRule.action) {
        return `${describeClusterRule(winner, winningRule, context.direction)} (${winningRule.action}) and ${describeClusterRule(other, rule, context.direction)} (${rule.action}) have the same priority and both match: the plugin may apply either`;
      }
      unmatched = space.minus(unmatched, overlap);
    }
  }
  return undefined;
}

function protocolsMatch(protocols: readonly ClusterProtocol[] | undefined, context: SideContext): boolean {
  if (protocols === undefined) return true;
  const { port, protocol, destinationPod } = context;
  // Loops, not `some` with closures: this runs for every rule of every tier of every flow.
  for (const entry of protocols) {
    if (entry.kind === 'ports') {
      if (entry.protocol === protocol && entry.start <= port && port <= entry.end) return true;
      continue;
    }
    for (const p of destinationPod?.ports ?? []) if (p.name === entry.name && p.protocol === protocol && p.port === port) return true;
  }
  return false;
}

function peerMatchesEndpoint(context: SideContext, peer: ClusterPeer): boolean {
  const { model, remote } = context;
  switch (peer.kind) {
    case 'pods':
      if (remote.kind !== 'pod') return false;
      return remote.pod.index >= 0 ? model.podsInSelection(peer.selection).has(remote.pod.index) : model.selectionMatches(peer.selection, remote.pod);
    case 'nodes':
      // A host-network pod's address is its node's: the peer matches Node addresses, whatever named the endpoint.
      return remote.kind === 'address' && model.nodeLabelsMatch(remote.ip, peer.selector);
    case 'networks':
      if (remote.kind === 'address') return peer.cidrs.some((cidr) => intervalContains(cidr, remote.ip));
      if (remote.kind === 'pod') return remote.pod.ips.some((ip) => peer.cidrs.some((cidr) => intervalContains(cidr, ip)));
      return false;
    case 'domainNames':
      return remote.kind === 'address' && remote.domain !== undefined && peer.names.some((name) => domainMatches(name, remote.domain!));
  }
}

/** Sentences for the path through the tiers. */
export function describeTierPath(outcome: TierOutcome<unknown>, direction: Direction, remote: Endpoint): string[] {
  const lines = outcome.path.map((step) => `${step.tier} ClusterNetworkPolicy ${step.policy} (priority ${step.priority}) ${direction.toLowerCase()} rule ${step.rule}${step.name ? ` "${step.name}"` : ''} matches ${describeEndpoint(remote)}: ${step.action}${step.action === 'Pass' ? ' (on to the next tier)' : ''}`);
  const decided = outcome.decidedBy;
  if (decided.tier === 'NetworkPolicy') lines.push(`the NetworkPolicy tier decides: ${decided.action === 'Accept' ? 'allowed' : 'denied'}`);
  if (decided.tier === 'Default') lines.push('no tier decides: allowed by default');
  return lines;
}
