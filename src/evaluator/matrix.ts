import { Bitset } from './bitset';
import { ClusterAction, ClusterProtocol, ClusterRule, CompiledClusterPolicy, Tier } from './cluster-policy';
import { portEntryMatches } from './evaluate';
import { getOrCompute } from './get-or-compute';
import { IpAddress, IpRangeSet } from './ip';
import { Protocol } from './kube';
import { ClusterModel, PodInfo } from './model';
import { PodSelections, SelectionKind } from './pod-selections';
import { CompiledRule, Direction, IpBlockPeer } from './policy';

/** One destination port, and optionally which pods make the rows and columns. */
export interface PodMatrixOptions {
  readonly port: number;
  readonly protocol: Protocol;
  /** Pod indices (into `model.pods`) for the rows, in this order. @default every pod */
  readonly sources?: readonly number[];
  /** Pod indices for the columns, in this order. @default every pod */
  readonly destinations?: readonly number[];
}

/** One destination port, the external addresses, and optionally which pods. */
export interface ExternalMatrixOptions {
  readonly port: number;
  readonly protocol: Protocol;
  /** Addresses outside the cluster (flow endpoints of role `external`). */
  readonly externals: readonly IpAddress[];
  /** Pod indices, in this order. @default every pod */
  readonly pods?: readonly number[];
}

/** A boolean matrix kept as one bitset per row; rows and columns are positions, not pod indices. */
export class BitMatrix {
  constructor(public readonly rows: readonly Bitset[], public readonly columns: number) {}

  public has(row: number, column: number): boolean {
    return this.rows[row].has(column);
  }

  /** How many cells are true. */
  public count(): number {
    let total = 0;
    for (const row of this.rows) total += row.count();
    return total;
  }
}

/** Which pod may open a connection to which pod on one port, with the verdicts of `evaluateFlow`. */
export class PodMatrix {
  private readonly sourcePosition: Int32Array;
  private readonly destinationPosition: Int32Array;

  constructor(
    public readonly port: number,
    public readonly protocol: Protocol,
    /** Pod index of each row. */
    public readonly sources: readonly number[],
    /** Pod index of each column. */
    public readonly destinations: readonly number[],
    /** Row i, column j: `sources[i]` may connect to `destinations[j]`. */
    public readonly allowed: BitMatrix,
    podCount: number,
  ) {
    this.sourcePosition = positionsOf(sources, podCount);
    this.destinationPosition = positionsOf(destinations, podCount);
  }

  /** The verdict for two pod indices; both must be among the matrix's sources and destinations. */
  public isAllowed(source: number, destination: number): boolean {
    const row = this.sourcePosition[source] ?? -1;
    const column = this.destinationPosition[destination] ?? -1;
    if (row < 0 || column < 0) throw new RangeError(`pod ${source} -> pod ${destination} is outside this matrix`);
    return this.allowed.has(row, column);
  }

  /** How many (source, destination) pairs are allowed. */
  public count(): number {
    return this.allowed.count();
  }
}

/** Which pod may reach which external address, and which address may reach which pod, on one port. */
export class ExternalMatrix {
  constructor(
    public readonly port: number,
    public readonly protocol: Protocol,
    /** Pod index of each row. */
    public readonly pods: readonly number[],
    /** The address of each column. */
    public readonly externals: readonly IpAddress[],
    /** Row i, column j: `pods[i]` may connect to `externals[j]`. */
    public readonly egress: BitMatrix,
    /** Row i, column j: `externals[j]` may connect to `pods[i]`. */
    public readonly ingress: BitMatrix,
  ) {}

  /** How many pod -> external and external -> pod pairs are allowed. */
  public count(): { egress: number; ingress: number } {
    return { egress: this.egress.count(), ingress: this.ingress.count() };
  }
}

/**
 * Every pod-to-pod verdict on one port, by set algebra over the model's selections instead of
 * one evaluation per pair:
 * 1. For each destination, the sources its ingress admits; for each source, the destinations its
 *    egress admits. A side walks the tiers as `evaluateFlow` does (Admin ClusterNetworkPolicies,
 *    then NetworkPolicies, then Baseline, then allow), each rule acting on a whole set of remote
 *    pods: the peers it covers, narrowed to where its ports admit the port (a named port on the
 *    destination pod).
 * 2. A pair is allowed iff both sides admit it; a Pod sending to itself always is.
 * Agrees with `evaluateFlow` on every pair (test/evaluator/matrix.test.ts checks every cell).
 */
export function computeMatrix(model: ClusterModel, options: PodMatrixOptions): PodMatrix {
  const sources = podIndices(model, options.sources, 'sources');
  const destinations = podIndices(model, options.destinations, 'destinations');
  const rows = Bitset.many(sources.length, destinations.length);
  visitMatrixRows(model, options, (i, row) => rows[i].orInPlace(row));
  return new PodMatrix(options.port, options.protocol, sources, destinations, new BitMatrix(rows, destinations.length), model.pods.length);
}

/**
 * The rows of `computeMatrix` one at a time, without keeping them: `visit` gets each source's
 * position and its row over the destinations, in a set that the next row overwrites (copy what
 * should stay). For callers that only count: a matrix of 5,000 pods is 3 MB per port.
 */
export function visitMatrixRows(model: ClusterModel, options: PodMatrixOptions, visit: (source: number, row: Bitset) => void): void {
  const sources = podIndices(model, options.sources, 'sources');
  const destinations = podIndices(model, options.destinations, 'destinations');
  const reach = portReachOf(model, options.port, options.protocol);
  const scratch = transposeBuffers.get(model);
  transposeBuffers.delete(model); // a visit that computes another matrix of the model gets its own
  const admittedBy = transpose(destinations.map((d) => reach.fromPods(model.pods[d])), model.pods.length, scratch);
  const everyPod = isEveryPodInOrder(destinations, model.pods.length);
  const columnOf = positionsOf(destinations, model.pods.length);
  // Sources of one selection share their egress, so each is renumbered onto the columns once.
  const gathered = new Map<Bitset, Bitset>();
  const row = new Bitset(destinations.length);
  sources.forEach((s, i) => {
    const egress = reach.toPods(model.pods[s]);
    andWithRow(row.words, (everyPod ? egress : getOrCompute(gathered, egress, () => gather(egress, destinations))).words, admittedBy, s);
    for (const self of samePod(model, s)) if (columnOf[self] >= 0) row.add(columnOf[self]);
    visit(i, row);
  });
  transposeBuffers.set(model, admittedBy.words);
}

/** Each model's buffer for the transposed ingress of a matrix, kept between matrices (3 MB for 5,000 pods). */
const transposeBuffers = new WeakMap<ClusterModel, Uint32Array>();

/**
 * Every pod <-> external address verdict on one port, by the same set algebra. Addresses are
 * matched by ipBlock and `networks` peers, by Node peers when they are a node's, and by rules
 * without peers; a named port never admits an address as the destination.
 */
export function computeExternalMatrix(model: ClusterModel, options: ExternalMatrixOptions): ExternalMatrix {
  const pods = podIndices(model, options.pods, 'pods');
  const reach = portReachOf(model, options.port, options.protocol);
  const externals = externalRemotesOf(model, options.externals);
  const columns = options.externals.length;
  const egress = Bitset.many(pods.length, columns);
  const ingress = Bitset.many(pods.length, columns);
  pods.forEach((p, i) => {
    egress[i].orInPlace(reach.side(model.pods[p], 'Egress', externals));
    ingress[i].orInPlace(reach.side(model.pods[p], 'Ingress', externals));
  });
  return new ExternalMatrix(options.port, options.protocol, pods, options.externals, new BitMatrix(egress, columns), new BitMatrix(ingress, columns));
}

/** The endpoints at the other end of a side, as bitsets: every pod, or a list of external addresses. */
interface Remotes {
  /** Every remote (shared: never modified). */
  readonly all: Bitset;
  /** No remote (shared: never modified). */
  readonly none: Bitset;
  /** Whether these are the model's pods, which can be destinations with named ports. */
  readonly arePods: boolean;
  /** Results over these remotes, kept for every port (see `PortReach`). */
  readonly results: ReachResults;
  /** The remotes a NetworkPolicy rule's peers cover (shared). */
  peers(rule: CompiledRule): Bitset;
  /** The remotes a ClusterNetworkPolicy rule's peers cover (shared). */
  clusterPeers(rule: ClusterRule): Bitset;
}

/**
 * What sides admit, by what decides it rather than by port: which policies select the pod, and
 * what the port makes of each of their rules (the `effects` of `PortReach`). Another port that
 * changes nothing for a selection's rules finds its answers here.
 */
class ReachResults {
  public readonly rows = new Map<string, Bitset>();
  public readonly networkPolicies = new Map<string, Bitset>();
  public readonly tiers = new Map<string, TierSets>();
  private chunk = new Uint32Array(0);
  private used = 0;

  /**
   * An empty set in memory kept with these results: thousands of sets, kept as long as the
   * model, share large buffers instead of one allocation each.
   */
  public empty(size: number): Bitset {
    const length = Math.ceil(size / 32);
    if (this.used + length > this.chunk.length) {
      this.chunk = new Uint32Array(Math.max(length, ARENA_WORDS));
      this.used = 0;
    }
    return new Bitset(size, this.chunk.subarray(this.used, this.used += length));
  }

  /** A copy of a set, kept the same way. */
  public copy(set: Bitset): Bitset {
    return this.empty(set.size).orInPlace(set);
  }
}

/** Words per buffer of `ReachResults` (256 KiB: 400 sets of 5,000 pods). */
const ARENA_WORDS = 65536;

/** The effects of a list of policies' rules on one port, and the rules' port targets that hold some pods only (named ports). */
interface SelectionEffects {
  /** The selection's id and its effects' id (`PodRemotes.effectsId`). */
  readonly prefix: string;
  readonly partial: readonly Bitset[];
  /** When `partial` is empty: the side's answer over every pod, for every pod of the selection. */
  podSide?: Bitset;
  /** Otherwise: the answers by which of the `partial` targets hold the pod ('1' or '0' each). */
  podSideByBits?: Map<string, Bitset>;
}

/** The effects of one policy's rules of a direction on one port (see `PortReach.effectCode`). */
interface PolicyEffects {
  readonly codes: string;
  /** By rule: whether its ports admit the port nowhere (a tier walk skips it). */
  readonly nowhere: readonly boolean[];
  readonly partial: readonly Bitset[];
}

/** The effect code of a rule that admits the port at some destination pods only. */
const PARTIAL = 'P';
/** The effect code of a rule that admits the port at no pod. */
const NOWHERE = 'N';

/** A ClusterNetworkPolicy rule as a tier walk over some remotes on one port uses it. */
interface WalkStep {
  readonly action: ClusterAction;
  /** The remotes its peers cover (shared), nonempty only within words [first, end). */
  readonly peers: Bitset;
  readonly first: number;
  readonly end: number;
  /** The pods at which its protocols admit the port (`clusterTargets`). */
  readonly targets: Bitset;
}

/** After a tier: the remotes accepted so far and those still undecided (both shared). */
interface TierSets {
  readonly accepted: Bitset;
  readonly undecided: Bitset;
  /** The cache key of the walk that produced them. */
  readonly key: string;
}

/**
 * What one port opens: which destinations each rule's ports admit, and so what each side admits.
 * A side's answer depends on the port only through each rule's effect there (admits it anywhere,
 * nowhere, or at the pods with a named port), so answers are kept by selection and effects in
 * the remotes' `results`, for every port of the model.
 */
class PortReach {
  private readonly pods: PodRemotes;
  private readonly selections: PodSelections;
  private readonly targetsByRule = new Map<CompiledRule | ClusterRule, Bitset>();
  private readonly namedPortUnions = new Map<string, Bitset>();
  /** `policyEffects` by direction and policy index, for NetworkPolicies and for ClusterNetworkPolicies. */
  private readonly effectsByPolicy: Record<'NetworkPolicy' | 'cluster', Record<Direction, PolicyEffects[]>> = {
    NetworkPolicy: { Ingress: [], Egress: [] },
    cluster: { Ingress: [], Egress: [] },
  };
  /** The names behind each of `namedPortUnions`. */
  private readonly namedPortKeys = new Map<Bitset, string>();
  /** By kind, direction and selection id: the effects of the rules on this port. */
  private readonly deciding: Record<SelectionKind, Record<Direction, SelectionEffects[]>> = {
    NetworkPolicy: { Ingress: [], Egress: [] },
    Admin: { Ingress: [], Egress: [] },
    Baseline: { Ingress: [], Egress: [] },
    all: { Ingress: [], Egress: [] },
  };
  private readonly stepsByRemotes = new WeakMap<Remotes, Record<Direction, Array<readonly WalkStep[] | undefined>>>();
  private readonly scratchSets = new WeakMap<Remotes, { readonly hit: Bitset; readonly passed: Bitset }>();

  constructor(private readonly model: ClusterModel, private readonly port: number, private readonly protocol: Protocol) {
    this.pods = podRemotesOf(model);
    this.selections = PodSelections.of(model);
  }

  /**
   * The remotes a pod's side admits (shared: do not modify):
   * 1. Admin ClusterNetworkPolicies, in order: Accept and Deny decide their hits, Pass hands them on.
   * 2. If NetworkPolicies isolate the side, they decide everything still undecided.
   * 3. Baseline ClusterNetworkPolicies, the same way; what is left is allowed.
   */
  private admitted(pod: PodInfo, direction: Direction, remotes: Remotes): Bitset {
    const networkPolicies = this.networkPolicyAllowed(pod, direction, remotes);
    const admin = this.model.clusterPoliciesFor(pod, 'Admin', direction);
    const baseline = this.model.clusterPoliciesFor(pod, 'Baseline', direction);
    if (admin.length === 0 && baseline.length === 0) return networkPolicies ?? remotes.all;
    const afterAdmin = this.tierOutcome('Admin', undefined, pod, direction, remotes);
    if (networkPolicies) return withUndecided(afterAdmin, networkPolicies, remotes);
    const afterBaseline = this.tierOutcome('Baseline', afterAdmin, pod, direction, remotes);
    return withUndecided(afterBaseline, remotes.all, remotes);
  }

  /** A side's answer over some remotes, shared by pods of the same selection and effects (shared: do not modify). */
  public side(pod: PodInfo, direction: Direction, remotes: Remotes): Bitset {
    return getOrCompute(remotes.results.rows, `${direction} ${this.decidingKey(pod, 'all', direction)}`, () => this.admitted(pod, direction, remotes));
  }

  /** A source's egress over every pod (shared: do not modify). */
  public toPods(pod: PodInfo): Bitset {
    return this.podSide(pod, 'Egress');
  }

  /** A destination's ingress over every pod (shared: do not modify). */
  public fromPods(pod: PodInfo): Bitset {
    return this.podSide(pod, 'Ingress');
  }

  /** `side` over every pod, found by the pod's selection without building its key where no named port tells its pods apart. */
  private podSide(pod: PodInfo, direction: Direction): Bitset {
    const effects = this.effectsOfSelection(pod, 'all', direction);
    if (effects.partial.length === 0) return effects.podSide ??= this.side(pod, direction, this.pods);
    let bits = '';
    for (const set of effects.partial) bits += set.has(pod.index) ? '1' : '0';
    return getOrCompute(effects.podSideByBits ??= new Map(), bits, () => this.side(pod, direction, this.pods));
  }

  /**
   * One tier's walk: what it accepts, and what it leaves undecided (passed on or unmatched).
   * It depends only on the tier's policies and their effects, and what earlier tiers left, so
   * pods that share those share the walk (shared: do not modify).
   */
  private tierOutcome(tier: Tier, before: TierSets | undefined, pod: PodInfo, direction: Direction, remotes: Remotes): TierSets {
    const start = before ?? { accepted: remotes.none, undecided: remotes.all, key: '' };
    const policies = this.model.clusterPoliciesFor(pod, tier, direction);
    if (policies.length === 0) return start;
    const key = `${direction} ${start.key}|${tier} ${this.decidingKey(pod, tier, direction)}`;
    return getOrCompute(remotes.results.tiers, key, () => {
      // Copied on first change: many walks decide nothing, or accept nothing.
      let accepted = start.accepted;
      let undecided = start.undecided;
      const { hit, passed } = this.scratch(remotes);
      // The words where `passed` may have members (none when first >= end).
      let passedFirst = Infinity;
      let passedEnd = 0;
      const stepsByPolicy = this.walkSteps(remotes, direction);
      for (const policy of policies) {
        // Once every remote is decided or passed on, the rest of the tier cannot apply.
        if (undecided.isEmpty()) break;
        for (const { action, peers, first, end, targets } of stepsByPolicy[policy.index] ??= this.stepsOf(policy, direction, remotes)) {
          // An ingress rule's ports are about this pod, the destination: known before any set work.
          if (direction === 'Ingress' && targets !== this.pods.all && !targets.has(pod.index)) continue;
          if (!hit.assignAnd(undecided, peers, first, end)) continue;
          if (direction === 'Egress' && !this.narrowToEgressTargets(hit, first, end, targets, remotes)) continue;
          if (action === 'Accept') (accepted = ownCopy(accepted, start.accepted, remotes.results)).orInPlace(hit, first, end);
          if (action === 'Pass') {
            passed.orInPlace(hit, first, end);
            passedFirst = Math.min(first, passedFirst);
            passedEnd = Math.max(end, passedEnd);
          }
          (undecided = ownCopy(undecided, start.undecided, remotes.results)).andNotInPlace(hit, first, end);
        }
      }
      if (passedFirst < passedEnd) {
        // A pass also took its hits out of `undecided`, which is then a copy.
        undecided.orInPlace(passed, passedFirst, passedEnd);
        passed.clearWords(passedFirst, passedEnd);
      }
      return { accepted, undecided, key };
    });
  }

  /** By policy index, the walk steps of ClusterNetworkPolicies for a direction over some remotes (filled as walks need them). */
  private walkSteps(remotes: Remotes, direction: Direction): Array<readonly WalkStep[] | undefined> {
    return getOrCompute(this.stepsByRemotes, remotes, () => ({ Ingress: [], Egress: [] }))[direction];
  }

  /**
   * A policy's rules of a direction as walk steps on this port: what each one's lookups give, found
   * once. Rules that can never hit are left out: ports that admit the port nowhere, or peers that
   * cover none of the remotes (a node or domain-name peer among pods).
   */
  private stepsOf(policy: CompiledClusterPolicy, direction: Direction, remotes: Remotes): WalkStep[] {
    const { nowhere } = this.clusterPolicyEffects(policy, direction);
    return policy.rules[direction].flatMap((rule, i) => {
      if (nowhere[i]) return [];
      const peers = remotes.clusterPeers(rule);
      const { first, end } = peers.wordSpan();
      return first >= end ? [] : [{ action: rule.action, peers, first, end, targets: this.clusterTargets(rule) }];
    });
  }

  /**
   * Scratch sets the size of the remotes, for the tier walks. Only the words of `hit` within the
   * current rule's peers are ever meaningful (most peers are one namespace), so it is never
   * cleared; `passed` is empty between walks.
   */
  private scratch(remotes: Remotes): { readonly hit: Bitset; readonly passed: Bitset } {
    return getOrCompute(this.scratchSets, remotes, () => ({ hit: new Bitset(remotes.all.size), passed: new Bitset(remotes.all.size) }));
  }

  /** `narrowToPorts` for egress in place on the words [first, end) of the tier walk's scratch set; false when nothing is left there. */
  private narrowToEgressTargets(set: Bitset, first: number, end: number, targets: Bitset, remotes: Remotes): boolean {
    if (targets === this.pods.all) return true;
    return remotes.arePods && !set.andInPlace(targets, first, end).isEmpty(first, end);
  }

  /**
   * What decides a pod's answer for a list of its policies on this port: the list (its id), the
   * effects of its rules here, and for ingress a '1' or '0' per rule that admits the port at some
   * pods only (a named port): whether this pod, the destination, is one.
   */
  private decidingKey(pod: PodInfo, kind: SelectionKind, direction: Direction): string {
    const { prefix, partial } = this.effectsOfSelection(pod, kind, direction);
    if (partial.length === 0) return prefix;
    let key = `${prefix}:`;
    for (const set of partial) key += set.has(pod.index) ? '1' : '0';
    return key;
  }

  /** `selectionEffects` of the pod's selection of a kind, found once per selection. */
  private effectsOfSelection(pod: PodInfo, kind: SelectionKind, direction: Direction): SelectionEffects {
    const id = this.selections.idOf(pod, kind, direction);
    return this.deciding[kind][direction][id] ??= this.selectionEffects(pod, kind, direction, id);
  }

  /** The effects on this port of the rules of the policies of a kind that select the pod, as a key, with the rules that hold some pods only. */
  private selectionEffects(pod: PodInfo, kind: SelectionKind, direction: Direction, id: number): SelectionEffects {
    if (kind === 'all') {
      const networkPolicies = this.effectsOfSelection(pod, 'NetworkPolicy', direction);
      // Without ClusterNetworkPolicies the NetworkPolicies decide alone: their key serves (and is not shared with other pods' keys, which have tiers).
      if (this.model.clusterPoliciesFor(pod, 'Admin', direction).length + this.model.clusterPoliciesFor(pod, 'Baseline', direction).length === 0) return networkPolicies;
      const admin = this.effectsOfSelection(pod, 'Admin', direction);
      const baseline = this.effectsOfSelection(pod, 'Baseline', direction);
      const tiersPartial = admin.partial.length + baseline.partial.length > 0;
      return {
        prefix: `${networkPolicies.prefix} ${admin.prefix} ${baseline.prefix}`,
        partial: tiersPartial ? [...networkPolicies.partial, ...admin.partial, ...baseline.partial] : networkPolicies.partial,
      };
    }
    const policies = kind === 'NetworkPolicy'
      ? this.model.selectingPolicies(pod, direction).map((index) => this.networkPolicyEffects(index, direction))
      : this.model.clusterPoliciesFor(pod, kind, direction).map((policy) => this.clusterPolicyEffects(policy, direction));
    // One flat string (a tier lists dozens of policies; appending would build and then flatten a rope).
    const codes = policies.map((effects) => effects.codes).join('');
    const partial = policies.some((effects) => effects.partial.length > 0) ? policies.flatMap((effects) => effects.partial) : [];
    return { prefix: `${id}:${this.pods.effectsId(codes)}`, partial };
  }

  private networkPolicyEffects(index: number, direction: Direction): PolicyEffects {
    return this.effectsByPolicy.NetworkPolicy[direction][index] ??= this.policyEffects(this.model.policies[index].rules[direction], direction);
  }

  private clusterPolicyEffects(policy: CompiledClusterPolicy, direction: Direction): PolicyEffects {
    return this.effectsByPolicy.cluster[direction][policy.index] ??= this.policyEffects(policy.rules[direction], direction);
  }

  /** The effect codes of one policy's rules for a direction (`effectCode` each), and the targets of its partial ones. */
  private policyEffects(rules: readonly CompiledRule[] | readonly ClusterRule[], direction: Direction): PolicyEffects {
    const targets = rules.map((rule) => ('action' in rule ? this.clusterTargets(rule) : this.targets(rule)));
    const codes = targets.map((set) => this.effectCode(set, direction));
    return { codes: codes.join(''), nowhere: codes.map((code) => code === NOWHERE), partial: targets.filter((_, i) => codes[i] === PARTIAL) };
  }

  /**
   * A rule's effect on this port, from the pods at which its ports admit it: everywhere, nowhere,
   * or (a named port) at some pods. For egress those pods are remotes, so which ones counts.
   */
  private effectCode(targets: Bitset, direction: Direction): string {
    if (targets === this.pods.all) return 'A';
    if (targets.isEmpty()) return NOWHERE;
    return direction === 'Ingress' ? PARTIAL : `(${this.port}/${this.protocol} ${this.namedPortKeys.get(targets)})`;
  }

  /** What the NetworkPolicies selecting the pod allow; undefined when none selects it (unisolated). */
  private networkPolicyAllowed(pod: PodInfo, direction: Direction, remotes: Remotes): Bitset | undefined {
    const selecting = this.model.selectingPolicies(pod, direction);
    if (selecting.length === 0) return undefined;
    const key = `${direction} ${this.decidingKey(pod, 'NetworkPolicy', direction)}`;
    const narrowed = (rule: CompiledRule) => this.narrowToPorts(remotes.peers(rule), this.targets(rule), pod, direction, remotes);
    return getOrCompute(remotes.results.networkPolicies, key, () =>
      union(remotes.results, remotes.all.size, selecting.flatMap((index) => this.model.policies[index].rules[direction].map(narrowed))));
  }

  /**
   * `set` (remotes, shared) restricted to where the port is admitted, given the pods at which a
   * rule's ports admit it. The destination is the subject pod for ingress and the remote for egress.
   */
  private narrowToPorts(set: Bitset, targets: Bitset, pod: PodInfo, direction: Direction, remotes: Remotes): Bitset {
    if (targets === this.pods.all) return set;
    if (direction === 'Ingress') return targets.has(pod.index) ? set : remotes.none;
    return remotes.arePods ? remotes.results.copy(set).andInPlace(targets) : remotes.none;
  }

  /** Pods at which a NetworkPolicy rule's ports admit the port: `pods.all` itself when no named port is needed. */
  private targets(rule: CompiledRule): Bitset {
    return getOrCompute(this.targetsByRule, rule, () => {
      if (rule.ports === undefined || rule.ports.some((entry) => portEntryMatches(entry, this.port, this.protocol, undefined))) return this.pods.all;
      const named = rule.ports.filter((entry) => entry.name !== undefined && entry.protocol === this.protocol);
      return this.withNamedPorts(named.map((entry) => entry.name!));
    });
  }

  /** The same for a ClusterNetworkPolicy rule's `protocols`. */
  private clusterTargets(rule: ClusterRule): Bitset {
    return getOrCompute(this.targetsByRule, rule, () => {
      const inRange = (entry: ClusterProtocol) =>
        entry.kind === 'ports' && entry.protocol === this.protocol && entry.start <= this.port && this.port <= entry.end;
      if (rule.protocols === undefined || rule.protocols.some(inRange)) return this.pods.all;
      return this.withNamedPorts(rule.protocols.flatMap((entry) => (entry.kind === 'named' ? [entry.name] : [])));
    });
  }

  private withNamedPorts(names: readonly string[]): Bitset {
    const key = [...new Set(names)].sort().join(',');
    return getOrCompute(this.namedPortUnions, key, () => {
      const set = union(this.pods.results, this.model.pods.length, names.map((name) => this.pods.withNamedPort(name, this.protocol, this.port)));
      this.namedPortKeys.set(set, key);
      return set;
    });
  }
}

/** Every pod as a remote: port-independent selections of one model, kept for every matrix on it. */
class PodRemotes implements Remotes {
  public readonly all: Bitset;
  public readonly none: Bitset;
  public readonly arePods = true;
  public readonly results = new ReachResults();
  private readonly effectIds = new Map<string, number>();
  private readonly byKey = new Map<string, Bitset>();
  private readonly byRule = new Map<CompiledRule | ClusterRule, Bitset>();
  private podIps?: ReadonlyArray<{ readonly ip: IpAddress; readonly pod: number }>;
  private namedPorts?: Map<string, Bitset>;

  constructor(private readonly model: ClusterModel) {
    this.all = Bitset.full(model.pods.length);
    this.none = new Bitset(model.pods.length);
  }

  public peers(rule: CompiledRule): Bitset {
    if (rule.peers === undefined) return this.all;
    return getOrCompute(this.byRule, rule, () => union(this.results, this.all.size, rule.peers!.map((peer) => (peer.kind === 'selector'
      ? this.model.podsSelectedBy(peer.namespaceSelector, peer.podSelector, peer.policyNamespace)
      : this.ipBlockPods(peer)))));
  }

  public clusterPeers(rule: ClusterRule): Bitset {
    return getOrCompute(this.byRule, rule, () => union(this.results, this.all.size, rule.peers.map((peer) => {
      switch (peer.kind) {
        case 'pods':
          return this.model.podsInSelection(peer.selection);
        case 'networks':
          return getOrCompute(this.byKey, `networks[${rangeKey(peer.addresses)}]`, () => this.podsWithIpIn(peer.addresses));
        default:
          // Node and domain-name peers match addresses, never pods.
          return this.none;
      }
    })));
  }

  /** A small id for a string of rule effects (see `PortReach`), the same on every port. */
  public effectsId(effects: string): number {
    return getOrCompute(this.effectIds, effects, () => this.effectIds.size);
  }

  /** Pods declaring a container port with this name, protocol and number. */
  public withNamedPort(name: string, protocol: Protocol, port: number): Bitset {
    this.namedPorts ??= this.indexNamedPorts();
    return this.namedPorts.get(namedPortKey(name, protocol, port)) ?? this.none;
  }

  /** Every named container port, in one pass over the pods. */
  private indexNamedPorts(): Map<string, Bitset> {
    const index = new Map<string, Bitset>();
    for (const pod of this.model.pods) {
      for (const { name, protocol, port } of pod.ports) {
        if (name === undefined) continue;
        getOrCompute(index, namedPortKey(name, protocol, port), () => new Bitset(this.model.pods.length)).add(pod.index);
      }
    }
    return index;
  }

  private ipBlockPods(peer: IpBlockPeer): Bitset {
    if (!this.model.options.ipBlockMatchesPodIps) return this.none;
    return getOrCompute(this.byKey, `ip[${rangeKey(peer.addresses)}]`, () => this.podsWithIpIn(peer.addresses));
  }

  private podsWithIpIn(addresses: IpRangeSet): Bitset {
    this.podIps ??= this.model.pods
      .flatMap((pod) => pod.ips.map((ip) => ({ ip, pod: pod.index })))
      .sort((a, b) => compareIps(a.ip, b.ip));
    const set = this.results.empty(this.model.pods.length);
    for (const { pod } of entriesInside(this.podIps, addresses)) set.add(pod);
    return set;
  }
}

/** A list of external addresses as remotes; matched by address only. */
class ExternalRemotes implements Remotes {
  public readonly all: Bitset;
  public readonly none: Bitset;
  public readonly arePods = false;
  public readonly results = new ReachResults();
  private readonly byRule = new Map<CompiledRule | ClusterRule, Bitset>();
  private readonly sorted: ReadonlyArray<{ readonly ip: IpAddress; readonly index: number }>;

  constructor(private readonly model: ClusterModel, private readonly externals: readonly IpAddress[]) {
    this.all = Bitset.full(externals.length);
    this.none = new Bitset(externals.length);
    this.sorted = externals.map((ip, index) => ({ ip, index })).sort((a, b) => compareIps(a.ip, b.ip));
  }

  public peers(rule: CompiledRule): Bitset {
    if (rule.peers === undefined) return this.all;
    return getOrCompute(this.byRule, rule, () => union(this.results, this.all.size, rule.peers!.map((peer) => (peer.kind === 'ipBlock' ? this.inside(peer.addresses) : this.none))));
  }

  public clusterPeers(rule: ClusterRule): Bitset {
    return getOrCompute(this.byRule, rule, () => union(this.results, this.all.size, rule.peers.map((peer) => {
      switch (peer.kind) {
        case 'networks': return this.inside(peer.addresses);
        case 'nodes': return this.matching((ip) => this.model.nodeLabelsMatch(ip, peer.selector));
        default: return this.none;
      }
    })));
  }

  private inside(addresses: IpRangeSet): Bitset {
    const set = new Bitset(this.externals.length);
    for (const { index } of entriesInside(this.sorted, addresses)) set.add(index);
    return set;
  }

  private matching(test: (ip: IpAddress) => boolean): Bitset {
    const set = new Bitset(this.externals.length);
    this.externals.forEach((ip, index) => { if (test(ip)) set.add(index); });
    return set;
  }
}

function namedPortKey(name: string, protocol: Protocol, port: number): string {
  return `${name}/${protocol}/${port}`;
}

const podRemotesCache = new WeakMap<ClusterModel, PodRemotes>();

function podRemotesOf(model: ClusterModel): PodRemotes {
  return getOrCompute(podRemotesCache, model, () => new PodRemotes(model));
}

const portReachCache = new WeakMap<ClusterModel, Map<string, PortReach>>();

/** One port's reach, kept with the model: the pod and the external matrices of a port share it. */
function portReachOf(model: ClusterModel, port: number, protocol: Protocol): PortReach {
  const byPort = getOrCompute(portReachCache, model, () => new Map());
  return getOrCompute(byPort, `${port}/${protocol}`, () => new PortReach(model, port, protocol));
}

const externalRemotesCache = new WeakMap<ClusterModel, WeakMap<readonly IpAddress[], ExternalRemotes>>();

/** The remotes of a list of addresses, kept while the list is (a report passes the same list for every port). */
function externalRemotesOf(model: ClusterModel, externals: readonly IpAddress[]): ExternalRemotes {
  const byList = getOrCompute(externalRemotesCache, model, () => new WeakMap());
  return getOrCompute(byList, externals, () => new ExternalRemotes(model, externals));
}

/**
 * What a side admits once the tiers have run: what they accepted, and of what they left undecided,
 * what `rest` allows (the NetworkPolicies, or everything by default). A shared set where one
 * serves: a walk that decided nothing, or everything, leaves its start sets as they were.
 */
function withUndecided(after: TierSets, rest: Bitset, remotes: Remotes): Bitset {
  if (after.undecided.isEmpty()) return after.accepted;
  if (after.accepted === remotes.none && after.undecided === remotes.all) return rest;
  if (after.accepted === remotes.none && rest === remotes.all) return after.undecided;
  return remotes.results.copy(after.accepted).orAndInPlace(after.undecided, rest);
}

/** A set to change: `set` itself once it is no longer the shared `original`, else a copy. */
function ownCopy(set: Bitset, original: Bitset, results: ReachResults): Bitset {
  return set === original ? results.copy(set) : set;
}

/** The union of shared sets (shared: do not modify); the set itself when there is one. */
function union(results: ReachResults, size: number, sets: readonly Bitset[]): Bitset {
  if (sets.length === 1) return sets[0];
  const out = results.empty(size);
  for (const set of sets) out.orInPlace(set);
  return out;
}

function podIndices(model: ClusterModel, indices: readonly number[] | undefined, what: string): readonly number[] {
  if (indices === undefined) return model.pods.map((pod) => pod.index);
  const bad = indices.find((i) => !Number.isInteger(i) || i < 0 || i >= model.pods.length);
  if (bad !== undefined) throw new RangeError(`${what}: ${bad} is not a pod index (the model has ${model.pods.length} pods)`);
  return indices;
}

function positionsOf(indices: readonly number[], podCount: number): Int32Array {
  const positions = new Int32Array(podCount).fill(-1);
  indices.forEach((pod, position) => { positions[pod] = position; });
  return positions;
}

function isEveryPodInOrder(indices: readonly number[], podCount: number): boolean {
  return indices.length === podCount && indices.every((pod, position) => pod === position);
}

/** The members of `set` among `indices`, renumbered by position in `indices`. */
function gather(set: Bitset, indices: readonly number[]): Bitset {
  const out = new Bitset(indices.length);
  indices.forEach((pod, position) => { if (set.has(pod)) out.add(position); });
  return out;
}

/**
 * The Pods that are the same Pod `ns/name` as pod `index` (itself, and duplicates of its object):
 * traffic to them is a pod sending to itself, which `evaluateFlow` allows. Pods are sorted by
 * namespace, name and kind, so they are its neighbours.
 */
function samePod(model: ClusterModel, index: number): readonly number[] {
  return getOrCompute(samePodsCache, model, () => model.pods.map((_, i) => findSamePod(model, i)))[index];
}

const samePodsCache = new WeakMap<ClusterModel, ReadonlyArray<readonly number[]>>();

function findSamePod(model: ClusterModel, index: number): number[] {
  const pod = model.pods[index];
  if (pod.kind !== 'Pod') return [];
  const same = (i: number) => i >= 0 && i < model.pods.length && model.pods[i].namespace === pod.namespace && model.pods[i].name === pod.name;
  let start = index;
  let end = index + 1;
  while (same(start - 1)) start--;
  while (same(end)) end++;
  const indices: number[] = [];
  for (let i = start; i < end; i++) if (model.pods[i].kind === 'Pod') indices.push(i);
  return indices;
}

/* eslint-disable no-bitwise -- block transposition is word arithmetic */

/** A bit matrix as one array: row r is words [r * stride, (r + 1) * stride). */
interface FlatBits {
  readonly words: Uint32Array;
  readonly stride: number;
}

/**
 * The transpose of a bit matrix (`rows[i].has(j)` becomes row j, bit i, of the result), 32 x 32
 * blocks at a time: a few word operations per block instead of one per cell. It is written into
 * `buffer` (zeroed first), or a new array when that is too small.
 */
function transpose(rows: readonly Bitset[], width: number, buffer?: Uint32Array): FlatBits {
  const stride = (rows.length + 31) >>> 5;
  const words = buffer && buffer.length >= width * stride ? buffer.fill(0, 0, width * stride) : new Uint32Array(width * stride);
  const block = new Uint32Array(32);
  const empty = new Uint32Array((width + 31) >>> 5);
  const rowWords: Uint32Array[] = new Array(32);
  for (let rowWord = 0; rowWord < stride; rowWord++) {
    // The 32 rows of this band, looked up once for all of its blocks.
    let alike = true;
    for (let k = 0; k < 32; k++) {
      rowWords[k] = rows[(rowWord << 5) + k]?.words ?? empty;
      alike &&= rowWords[k] === rowWords[0];
    }
    for (let columnWord = 0; columnWord < (width + 31) >>> 5; columnWord++) {
      const columns = Math.min(32, width - (columnWord << 5));
      const out = (k: number) => ((columnWord << 5) + k) * stride + rowWord;
      if (alike) {
        // One shared row (32 destinations of one selection): each column is all or nothing.
        const word = rowWords[0][columnWord];
        if (word !== 0) for (let k = 0; k < columns; k++) words[out(k)] = (word >>> k) & 1 ? 0xffffffff : 0;
        continue;
      }
      let any = 0;
      let every = 0xffffffff;
      for (let k = 0; k < 32; k++) {
        const word = rowWords[k][columnWord];
        block[k] = word;
        any |= word;
        every &= word;
      }
      // Most blocks are empty or full (whole namespaces denied or open): nothing to swap.
      if (any === 0) continue;
      if (every !== -1) transpose32(block);
      for (let k = 0; k < columns; k++) words[out(k)] = block[k];
    }
  }
  return { words, stride };
}

/** Sets `out` to `words` and row r of a flat matrix. */
function andWithRow(out: Uint32Array, words: Uint32Array, matrix: FlatBits, r: number): void {
  for (let w = 0, at = r * matrix.stride; w < matrix.stride; w++, at++) out[w] = words[w] & matrix.words[at];
}

/** Transposes a 32 x 32 bit block in place (bit c of word r is cell (r, c)) by recursive swaps. */
function transpose32(a: Uint32Array): void {
  let mask = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, mask ^= mask << j) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const swap = ((a[k] >>> j) ^ a[k + j]) & mask;
      a[k] ^= swap << j;
      a[k + j] ^= swap;
    }
  }
}

/* eslint-enable no-bitwise */

function compareIps(a: IpAddress, b: IpAddress): number {
  return a.family - b.family || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/** The entries of a list sorted by IP whose address lies in the range set (binary search per interval). */
function* entriesInside<T extends { readonly ip: IpAddress }>(sorted: readonly T[], addresses: IpRangeSet): Generator<T> {
  for (const interval of addresses.intervals) {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const ip = sorted[middle].ip;
      if (ip.family < interval.family || (ip.family === interval.family && ip.value < interval.start)) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < sorted.length && sorted[i].ip.family === interval.family && sorted[i].ip.value <= interval.end; i++) yield sorted[i];
  }
}

function rangeKey(addresses: IpRangeSet): string {
  return addresses.intervals.map((i) => `${i.family}:${i.start}-${i.end}`).join(',');
}
