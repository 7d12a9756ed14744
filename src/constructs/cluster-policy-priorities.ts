import { Construct, IConstruct } from 'constructs';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { rootSingleton } from './root-singleton';

/** Properties for `ClusterPolicyPriorities`. */
export interface ClusterPolicyPrioritiesProps {
  /**
   * The first priority handed out in each tier. Explicit priorities below it take precedence
   * over every allocated one.
   * @default 100
   */
  readonly base?: number;

  /**
   * The gap between consecutive allocated priorities: room to slot a policy in between later
   * without renumbering the others.
   * @default 10
   */
  readonly step?: number;
}

const PRIORITIES = Symbol.for('cdk8s-netpol.ClusterPolicyPriorities');
const SINGLETON_ID = 'cdk8s-netpol-cluster-policy-priorities';
const MAX_PRIORITY = 1000;

/**
 * Hands out ClusterNetworkPolicy priorities in creation order, per tier: `base`, `base + step`,
 * ... skipping priorities already taken explicitly. Lower numbers take precedence, so the policy
 * made first wins. One per app, at its root: `ClusterPolicyPriorities.of(scope)` finds or makes it;
 * to change base or step, make it yourself before the first ClusterNetworkPolicy.
 */
export class ClusterPolicyPriorities extends Construct {
  /** The app's allocator, created with the defaults when the app has none yet. */
  public static of(scope: IConstruct): ClusterPolicyPriorities {
    const existing = rootSingleton(scope, ClusterPolicyPriorities.isClusterPolicyPriorities);
    return existing ?? new ClusterPolicyPriorities(scope.node.root as Construct, SINGLETON_ID);
  }

  /** Whether `x` is a `ClusterPolicyPriorities` (works across copies of this library). */
  public static isClusterPolicyPriorities(x: any): x is ClusterPolicyPriorities {
    return x !== null && typeof x === 'object' && PRIORITIES in x;
  }

  /** The first priority handed out in each tier. */
  public readonly base: number;
  /** The gap between consecutive allocated priorities. */
  public readonly step: number;

  private readonly taken: Record<ClusterPolicyTier, Set<number>> = { [ClusterPolicyTier.ADMIN]: new Set(), [ClusterPolicyTier.BASELINE]: new Set() };

  constructor(scope: Construct, id: string, props: ClusterPolicyPrioritiesProps = {}) {
    if (scope.node.scope !== undefined) {
      throw new Error(`ClusterPolicyPriorities belongs at the app's root, not under ${scope.node.path}; use ClusterPolicyPriorities.of(scope) to reach it`);
    }
    if (rootSingleton(scope, ClusterPolicyPriorities.isClusterPolicyPriorities)) {
      throw new Error('this app already allocates ClusterNetworkPolicy priorities; make ClusterPolicyPriorities before the first ClusterNetworkPolicy to set base and step');
    }
    super(scope, id);
    Object.defineProperty(this, PRIORITIES, { value: true });
    this.base = props.base ?? 100;
    this.step = props.step ?? 10;
    if (!Number.isInteger(this.base) || this.base < 0 || this.base > MAX_PRIORITY) {
      throw new Error(`ClusterPolicyPriorities: base: Invalid value: ${this.base}: must be an integer from 0 to ${MAX_PRIORITY}`);
    }
    if (!Number.isInteger(this.step) || this.step < 1) throw new Error(`ClusterPolicyPriorities: step: Invalid value: ${this.step}: must be a positive integer`);
  }

  /** The priorities taken so far in a tier (explicit and allocated), ascending. */
  public takenIn(tier: ClusterPolicyTier): number[] {
    return [...this.taken[tier]].sort((a, b) => a - b);
  }

  /** The next free priority of the tier, now taken. @internal */
  public _allocate(tier: ClusterPolicyTier): number {
    for (let priority = this.base; priority <= MAX_PRIORITY; priority += this.step) {
      if (this.taken[tier].has(priority)) continue;
      this.taken[tier].add(priority);
      return priority;
    }
    const allocated = this.takenIn(tier).filter((p) => p >= this.base).length;
    throw new Error(`ClusterPolicyPriorities: no priority left in the ${tier} tier after ${allocated} from ${this.base} in steps of ${this.step} (the highest is ${MAX_PRIORITY}): make ClusterPolicyPriorities with a smaller base or step`);
  }

  /** Records an explicit priority, so allocation skips it. @internal */
  public _reserve(tier: ClusterPolicyTier, priority: number): void {
    this.taken[tier].add(priority);
  }
}
