import { ClusterPeer, ClusterProtocol, ClusterRule, CompiledClusterPolicy, describeClusterRule, PodSelection } from '../../../evaluator/cluster-policy';
import { IpRangeSet } from '../../../evaluator/ip';
import { Protocol } from '../../../evaluator/kube';
import { Direction, DIRECTIONS } from '../../../evaluator/policy';
import { CompiledSelector, Requirement } from '../../../evaluator/selector';

/*
 * What ClusterNetworkPolicy rules match, compared without a cluster: whether one selector,
 * peer or protocol list certainly covers another (for shadowing: claimed only when it is
 * certain), and whether two may overlap (for same-priority ambiguity: cleared only when they
 * are provably disjoint). Both are decided on the labels and values the policies name, so the
 * answers hold for pods and namespaces that do not exist yet.
 */

// ---- label selectors ---------------------------------------------------------------------------

/** What a set of requirements says about one label key. */
interface KeyConstraint {
  present: boolean;
  absent: boolean;
  /** The values an `In` allows (intersected); undefined when no `In` names the key. */
  allowed?: Set<string>;
  excluded: Set<string>;
}

function constraintsOf(requirements: readonly Requirement[]): Map<string, KeyConstraint> {
  const byKey = new Map<string, KeyConstraint>();
  for (const { key, operator, values } of requirements) {
    const c = byKey.get(key) ?? { present: false, absent: false, excluded: new Set<string>() };
    byKey.set(key, c);
    if (operator === 'In') {
      c.present = true;
      c.allowed = new Set([...values].filter((v) => c.allowed === undefined || c.allowed.has(v)));
    } else if (operator === 'NotIn') {
      values.forEach((v) => c.excluded.add(v));
    } else if (operator === 'Exists') {
      c.present = true;
    } else {
      c.absent = true;
    }
  }
  return byKey;
}

function satisfiable(c: KeyConstraint): boolean {
  if (c.present && c.absent) return false;
  return c.allowed === undefined || [...c.allowed].some((v) => !c.excluded.has(v));
}

/** Whether some label set matches both selectors (false only when they contradict on a key). */
export function selectorsMayOverlap(a: CompiledSelector, b: CompiledSelector): boolean {
  return [...constraintsOf([...a.requirements, ...b.requirements]).values()].every(satisfiable);
}

/** Whether every label set `inner` matches also matches `outer` (an `inner` that matches nothing covers nothing). */
export function selectorCovers(outer: CompiledSelector, inner: CompiledSelector): boolean {
  const constraints = constraintsOf(inner.requirements);
  if (![...constraints.values()].every(satisfiable)) return false;
  return outer.requirements.every((requirement) => implied(requirement, constraints.get(requirement.key)));
}

/** Whether a requirement holds for every label set that meets the constraint on its key. */
function implied(requirement: Requirement, c: KeyConstraint | undefined): boolean {
  const values = c?.allowed ? [...c.allowed].filter((v) => !c.excluded.has(v)) : undefined;
  switch (requirement.operator) {
    case 'Exists': return c?.present ?? false;
    case 'DoesNotExist': return c?.absent ?? false;
    case 'In': return values !== undefined && values.every((v) => requirement.values.has(v));
    case 'NotIn':
      if (c?.absent) return true;
      if (values !== undefined) return values.every((v) => !requirement.values.has(v));
      return [...requirement.values].every((v) => c?.excluded.has(v) ?? false);
  }
}

const EVERY_POD = new CompiledSelector([]);

/** Whether every pod `inner` selects, `outer` selects too. */
export function selectionCovers(outer: PodSelection, inner: PodSelection): boolean {
  return selectorCovers(outer.namespaceSelector, inner.namespaceSelector)
    && selectorCovers(outer.podSelector ?? EVERY_POD, inner.podSelector ?? EVERY_POD);
}

/** Whether some pod could be selected by both. */
export function selectionsMayOverlap(a: PodSelection, b: PodSelection): boolean {
  return selectorsMayOverlap(a.namespaceSelector, b.namespaceSelector) && selectorsMayOverlap(a.podSelector ?? EVERY_POD, b.podSelector ?? EVERY_POD);
}

// ---- peers -------------------------------------------------------------------------------------

const EVERY_ADDRESS = IpRangeSet.of([{ family: 4, start: 0n, end: 2n ** 32n - 1n }, { family: 6, start: 0n, end: 2n ** 128n - 1n }]);

/** `*.example.com` covers `a.example.com` and `*.a.example.com`; a name covers itself. */
function domainCovers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (!outer.startsWith('*.')) return false;
  const suffix = outer.slice(1);
  return inner.endsWith(suffix) && inner.length > suffix.length;
}

/** Whether every endpoint `inner` matches, `outer` matches too. */
export function peerCovers(outer: ClusterPeer, inner: ClusterPeer): boolean {
  switch (outer.kind) {
    case 'pods':
      return inner.kind === 'pods' && selectionCovers(outer.selection, inner.selection);
    case 'nodes':
      return inner.kind === 'nodes' && selectorCovers(outer.selector, inner.selector);
    case 'networks':
      if (inner.kind === 'networks') return inner.cidrs.length > 0 && inner.addresses.minus(outer.addresses).isEmpty();
      // Node addresses and the hosts a name resolves to are addresses of one family or the other.
      return (inner.kind === 'nodes' || inner.kind === 'domainNames') && EVERY_ADDRESS.minus(outer.addresses).isEmpty();
    case 'domainNames':
      return inner.kind === 'domainNames' && inner.names.length > 0 && inner.names.every((name) => outer.names.some((pattern) => domainCovers(pattern, name)));
  }
}

/** Whether some endpoint could match both peers. */
export function peersMayOverlap(a: ClusterPeer, b: ClusterPeer): boolean {
  if (a.kind === 'pods' && b.kind === 'pods') return selectionsMayOverlap(a.selection, b.selection);
  if (a.kind === 'nodes' && b.kind === 'nodes') return selectorsMayOverlap(a.selector, b.selector);
  if (a.kind === 'networks' && b.kind === 'networks') return !a.addresses.intersect(b.addresses).isEmpty();
  if (a.kind === 'domainNames' && b.kind === 'domainNames') return a.names.some((p) => b.names.some((q) => domainCovers(p, q) || domainCovers(q, p)));
  // Pod peers match pods (never host-network ones); nodes and domain names match addresses.
  const kinds = [a.kind, b.kind];
  if (kinds.includes('pods') && (kinds.includes('nodes') || kinds.includes('domainNames'))) return false;
  // Networks match pod IPs, node addresses and resolved hosts alike; nodes and names may share an address.
  return true;
}

// ---- protocols ---------------------------------------------------------------------------------

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const MAX_PORT = 65535;

/** The union of some rules' protocols: every port of every protocol, port ranges, named ports. */
class ProtocolCoverage {
  private everything = false;
  private readonly ranges: Record<Protocol, Array<[number, number]>> = { TCP: [], UDP: [], SCTP: [] };
  private readonly names = new Set<string>();

  /** Adds a rule's protocols (undefined: every protocol and port, ICMP included). */
  public add(protocols: readonly ClusterProtocol[] | undefined): this {
    if (protocols === undefined) this.everything = true;
    for (const entry of protocols ?? []) {
      if (entry.kind === 'named') this.names.add(entry.name);
      else this.ranges[entry.protocol].push([entry.start, entry.end]);
    }
    return this;
  }

  /** Whether the union matches everything these protocols match. */
  public covers(protocols: readonly ClusterProtocol[] | undefined): boolean {
    if (this.everything) return true;
    if (protocols === undefined) return false;
    return protocols.every((entry) => (entry.kind === 'named'
      // A named port is some port of some protocol: covered by its name, or by every port of all three.
      ? this.names.has(entry.name) || PROTOCOLS.every((p) => this.rangeCovered(p, 1, MAX_PORT))
      : this.rangeCovered(entry.protocol, entry.start, entry.end)));
  }

  private rangeCovered(protocol: Protocol, start: number, end: number): boolean {
    let next = start;
    for (const [from, to] of [...this.ranges[protocol]].sort((x, y) => x[0] - y[0])) {
      if (from > next) break;
      next = Math.max(next, to + 1);
      if (next > end) return true;
    }
    return false;
  }
}

/** Whether some connection could match both protocol lists (named ports resolve to unknown ports). */
export function protocolsMayOverlap(a: readonly ClusterProtocol[] | undefined, b: readonly ClusterProtocol[] | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return a.some((x) => b.some((y) => x.kind === 'named' || y.kind === 'named'
    || (x.protocol === y.protocol && x.start <= y.end && y.start <= x.end)));
}

// ---- rules -------------------------------------------------------------------------------------

/** A rule with its policy and direction, as the lint rules name it. */
export interface PlacedRule {
  readonly policy: CompiledClusterPolicy;
  readonly direction: Direction;
  readonly rule: ClusterRule;
}

/** `spec.ingress[2]`. */
export function clusterRuleField(direction: Direction, rule: ClusterRule): string {
  return `spec.${direction.toLowerCase()}[${rule.index}]`;
}

/** `Admin ClusterNetworkPolicy x (priority 10) ingress rule 0 "name"`. */
export function describePlaced({ policy, direction, rule }: PlacedRule): string {
  return describeClusterRule(policy, rule, direction);
}

/**
 * The rules evaluated before `rule` for every pod its policy selects: the earlier rules of its
 * own policy, after every rule of the policies of its tier with a strictly lower priority whose
 * subject covers its subject. Equal priorities are ambiguous, not earlier.
 */
export function precedingRules(
  policies: readonly CompiledClusterPolicy[], policy: CompiledClusterPolicy, direction: Direction, rule: ClusterRule,
): PlacedRule[] {
  const higher = policies
    .filter((other) => other.tier === policy.tier && other.priority < policy.priority && selectionCovers(other.subject, policy.subject))
    .sort((a, b) => a.priority - b.priority);
  const own = policy.rules[direction].filter((r) => r.index < rule.index);
  return [
    ...higher.flatMap((other) => other.rules[direction].map((r) => ({ policy: other, direction, rule: r }))),
    ...own.map((r) => ({ policy, direction, rule: r })),
  ];
}

/**
 * The earlier rules that together certainly match every connection `rule` matches, so it can
 * never apply; undefined when that is not certain. Each of the rule's peers must be covered
 * by peers of earlier rules whose protocols, together, cover the rule's protocols.
 */
export function shadowingRules(rule: ClusterRule, earlier: readonly PlacedRule[]): PlacedRule[] | undefined {
  if (rule.peers.length === 0) return undefined;
  const used = new Set<PlacedRule>();
  for (const peer of rule.peers) {
    const covering = earlier.filter((e) => e.rule.peers.some((p) => peerCovers(p, peer)));
    const together = new ProtocolCoverage();
    covering.forEach((e) => together.add(e.rule.protocols));
    if (!together.covers(rule.protocols)) return undefined;
    const alone = covering.find((e) => new ProtocolCoverage().add(e.rule.protocols).covers(rule.protocols));
    const relevant = alone ? [alone] : covering.filter((e) => protocolsMayOverlap(e.rule.protocols, rule.protocols));
    relevant.forEach((e) => used.add(e));
  }
  return earlier.filter((e) => used.has(e));
}

/** Whether some connection could match both rules. */
export function rulesMayOverlap(a: ClusterRule, b: ClusterRule): boolean {
  return a.peers.some((p) => b.peers.some((q) => peersMayOverlap(p, q))) && protocolsMayOverlap(a.protocols, b.protocols);
}

/** Two policies of one tier and priority with rules that may match the same connection with different actions. */
export interface PriorityConflict {
  readonly first: PlacedRule;
  readonly second: PlacedRule;
}

/**
 * Every pair of policies with the same tier and priority whose subjects may overlap and that
 * have, in one direction, rules that may match the same connection with different actions
 * (rules their own policy already shadows left out): the plugin may apply either. One conflict
 * per pair, in the policies' order.
 */
export function samePriorityConflicts(policies: readonly CompiledClusterPolicy[]): PriorityConflict[] {
  const conflicts: PriorityConflict[] = [];
  policies.forEach((a, i) => {
    for (const b of policies.slice(i + 1)) {
      if (a.tier !== b.tier || a.priority !== b.priority || !selectionsMayOverlap(a.subject, b.subject)) continue;
      const conflict = firstConflict(a, b);
      if (conflict) conflicts.push(conflict);
    }
  });
  return conflicts;
}

function firstConflict(a: CompiledClusterPolicy, b: CompiledClusterPolicy): PriorityConflict | undefined {
  for (const direction of DIRECTIONS) {
    const liveB = liveRules(b, direction);
    for (const ruleA of liveRules(a, direction)) {
      const ruleB = liveB.find((r) => r.action !== ruleA.action && rulesMayOverlap(ruleA, r));
      if (ruleB) return { first: { policy: a, direction, rule: ruleA }, second: { policy: b, direction, rule: ruleB } };
    }
  }
  return undefined;
}

/** The rules of a policy that its own earlier rules do not shadow. */
function liveRules(policy: CompiledClusterPolicy, direction: Direction): ClusterRule[] {
  const rules = policy.rules[direction];
  const earlier = (rule: ClusterRule) => rules.filter((r) => r.index < rule.index).map((r) => ({ policy, direction, rule: r }));
  return rules.filter((rule) => shadowingRules(rule, earlier(rule)) === undefined);
}
