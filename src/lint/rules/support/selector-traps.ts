import { hasPodsIn, peerNamespaces, peerPods, podsIn } from './selection';
import { ClusterModel, PodInfo } from '../../../evaluator/model';
import { CompiledPolicy, CompiledRule, Direction, DIRECTIONS, SelectorPeer } from '../../../evaluator/policy';

/**
 * The AND/OR trap: `- namespaceSelector: X` and `- podSelector: Y` as two list items select
 * every pod of the X namespaces OR the Y pods of the policy's own namespace, while one item
 * `- namespaceSelector: X\n  podSelector: Y` selects the Y pods of the X namespaces.
 */
export type SelectorTrap = OrWrittenTrap | AndWrittenTrap;

/** Two items where one was meant: Y matches nothing at home but matches pods in the X namespaces. */
export interface OrWrittenTrap {
  readonly kind: 'or-written';
  readonly direction: Direction;
  readonly rule: CompiledRule;
  readonly namespacePeer: SelectorPeer;
  readonly podPeer: SelectorPeer;
  /** The pods the podSelector matches in the namespaces the namespaceSelector selects. */
  readonly intended: readonly PodInfo[];
}

/** One item where two were meant: Y matches nothing in the X namespaces but matches pods at home. */
export interface AndWrittenTrap {
  readonly kind: 'and-written';
  readonly direction: Direction;
  readonly rule: CompiledRule;
  readonly peer: SelectorPeer;
  /** The pods the podSelector alone matches in the policy's own namespace. */
  readonly intended: readonly PodInfo[];
}

/** Every AND/OR trap in a policy's rules. */
export function selectorTraps(model: ClusterModel, policy: CompiledPolicy): SelectorTrap[] {
  const traps: SelectorTrap[] = [];
  for (const direction of DIRECTIONS) {
    for (const rule of policy.rules[direction]) {
      const peers = (rule.peers ?? []).filter((peer): peer is SelectorPeer => peer.kind === 'selector');
      traps.push(...orWrittenTraps(model, direction, rule, peers), ...andWrittenTraps(model, direction, rule, peers));
    }
  }
  return traps;
}

function orWrittenTraps(model: ClusterModel, direction: Direction, rule: CompiledRule, peers: readonly SelectorPeer[]): OrWrittenTrap[] {
  const namespaceOnly = peers.filter((peer) => peer.namespaceSelector && !peer.podSelector);
  const podOnly = peers.filter((peer) => !peer.namespaceSelector && peer.podSelector && !peer.podSelector.isEmpty);
  const traps: OrWrittenTrap[] = [];
  for (const podPeer of podOnly) {
    if (peerPods(model, podPeer).length > 0) continue;
    for (const namespacePeer of namespaceOnly) {
      const intended = podsIn(model, peerNamespaces(model, namespacePeer), podPeer.podSelector);
      if (intended.length > 0) traps.push({ kind: 'or-written', direction, rule, namespacePeer, podPeer, intended });
    }
  }
  return traps;
}

function andWrittenTraps(model: ClusterModel, direction: Direction, rule: CompiledRule, peers: readonly SelectorPeer[]): AndWrittenTrap[] {
  const traps: AndWrittenTrap[] = [];
  for (const peer of peers) {
    if (!peer.namespaceSelector || !peer.podSelector || peer.podSelector.isEmpty) continue;
    // Judge only when the selected namespaces hold pods: otherwise they are just not in the manifests.
    if (!hasPodsIn(model, peerNamespaces(model, peer)) || peerPods(model, peer).length > 0) continue;
    const intended = podsIn(model, [model.namespace(peer.policyNamespace)], peer.podSelector);
    if (intended.length > 0) traps.push({ kind: 'and-written', direction, rule, peer, intended });
  }
  return traps;
}

/** Whether a peer takes part in a trap (other rules then leave it to namespace-pod-selector-confusion). */
export function isTrapped(traps: readonly SelectorTrap[], peer: SelectorPeer): boolean {
  return traps.some((trap) => (trap.kind === 'or-written' ? trap.podPeer === peer || trap.namespacePeer === peer : trap.peer === peer));
}
