import { Tier } from './cluster-policy';
import { getOrCompute } from './get-or-compute';
import { ClusterModel, PodInfo } from './model';
import { Direction } from './policy';

/** Which policies select a pod: the NetworkPolicies, or one tier's ClusterNetworkPolicies, or all three lists. */
export type SelectionKind = 'NetworkPolicy' | Tier | 'all';

/** The three lists of policies that may select a pod. */
export const SELECTION_LISTS = ['NetworkPolicy', 'Admin', 'Baseline'] as const;

/**
 * Small integer ids for the lists of policies that select each pod of a model, per direction:
 * pods with equal lists have equal ids. Whatever a side admits depends on these lists (and, for
 * named ports, on the pod's ports), so the matrices key their shared rows on them. Computed once
 * per model and kept for every port.
 */
export class PodSelections {
  public static of(model: ClusterModel): PodSelections {
    return getOrCompute(CACHE, model, () => new PodSelections(model));
  }

  private readonly ids: Record<SelectionKind, Partial<Record<Direction, Int32Array>>> = { NetworkPolicy: {}, Admin: {}, Baseline: {}, all: {} };

  private constructor(private readonly model: ClusterModel) {}

  /** The id of the list of policies of a kind that select a pod of the model for a direction. */
  public idOf(pod: PodInfo, kind: SelectionKind, direction: Direction): number {
    const ids = this.ids[kind][direction] ??= this.index(kind, direction);
    return ids[pod.index];
  }

  private index(kind: SelectionKind, direction: Direction): Int32Array {
    if (kind === 'Admin' || kind === 'Baseline') return this.refine(kind, direction);
    const interned = new ListIds();
    return Int32Array.from(this.model.pods, (pod) => interned.idOf(this.list(pod, kind, direction)));
  }

  /** The NetworkPolicies' indices, or for `all` the ids of the three lists. */
  private list(pod: PodInfo, kind: 'NetworkPolicy' | 'all', direction: Direction): readonly number[] {
    return kind === 'NetworkPolicy' ? this.model.selectingPolicies(pod, direction) : SELECTION_LISTS.map((list) => this.idOf(pod, list, direction));
  }

  /**
   * A tier's ids by partition refinement: every pod starts in one class (no policy), and each
   * policy, in order, moves its subjects out of their classes into new ones. Pods end in the same
   * class iff the same policies select them, with array lookups per subject instead of a trie
   * walk along each pod's list (dozens of policies per pod where platform teams layer guardrails).
   */
  private refine(tier: Tier, direction: Direction): Int32Array {
    const ids = new Int32Array(this.model.pods.length);
    // Per class: the last policy that moved pods out of it, and the class they went to.
    const splitBy = [-1];
    const splitInto = [0];
    for (const policy of this.model.clusterPolicies) {
      if (policy.tier !== tier || policy.rules[direction].length === 0) continue;
      this.model.podsInSelection(policy.subject).forEach((pod) => {
        const id = ids[pod];
        if (splitBy[id] !== policy.index) {
          splitBy[id] = policy.index;
          splitInto[id] = splitBy.length;
          splitBy.push(-1);
          splitInto.push(0);
        }
        ids[pod] = splitInto[id];
      });
    }
    return ids;
  }
}

/** Ids for lists of numbers, equal lists equal ids: a trie walked number by number (no string keys for thousands of pods). */
class ListIds {
  private readonly root: TrieNode = { next: new Map() };
  private count = 0;

  public idOf(list: readonly number[]): number {
    let node = this.root;
    for (const n of list) {
      let child = node.next.get(n);
      if (!child) node.next.set(n, child = { next: new Map() });
      node = child;
    }
    return node.id ??= this.count++;
  }
}

interface TrieNode {
  readonly next: Map<number, TrieNode>;
  id?: number;
}

const CACHE = new WeakMap<ClusterModel, PodSelections>();
