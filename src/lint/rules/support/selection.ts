import { ClusterModel, NamespaceInfo, PodInfo } from '../../../evaluator/model';
import { CompiledPeer, CompiledPolicy, CompiledRule, Direction, DIRECTIONS, SelectorPeer } from '../../../evaluator/policy';
import { CompiledSelector } from '../../../evaluator/selector';
import { closest } from '../../../evaluator/text';

/** One `from`/`to` entry of a policy, with the rule it belongs to and its field path. */
export interface PeerEntry {
  readonly direction: Direction;
  readonly rule: CompiledRule;
  readonly peer: CompiledPeer;
  /** `spec.ingress[0].from[1]`. */
  readonly field: string;
}

/** No peers and no ports (`{}`): every endpoint on every port. */
export function allowsAll(rule: CompiledRule): boolean {
  return rule.peers === undefined && rule.ports === undefined;
}

/** `spec.ingress[0]` or `spec.egress[2]`. */
export function ruleField(direction: Direction, rule: CompiledRule): string {
  return `spec.${direction.toLowerCase()}[${rule.index}]`;
}

/** `spec.ingress[0].from[1]` or `spec.egress[2].to[0]`. */
export function peerField(direction: Direction, rule: CompiledRule, peer: CompiledPeer): string {
  return `${ruleField(direction, rule)}.${direction === 'Ingress' ? 'from' : 'to'}[${peer.index}]`;
}

/** `spec.ingress[0].ports[1]`. */
export function portField(direction: Direction, rule: CompiledRule, portIndex: number): string {
  return `${ruleField(direction, rule)}.ports[${portIndex}]`;
}

/** Every peer of every rule of the policy, ingress first. */
export function peerEntries(policy: CompiledPolicy): PeerEntry[] {
  return DIRECTIONS.flatMap((direction) => policy.rules[direction].flatMap((rule) =>
    (rule.peers ?? []).map((peer) => ({ direction, rule, peer, field: peerField(direction, rule, peer) }))));
}

/** The namespaces a selector peer reaches into: those its namespaceSelector matches, else the policy's own. */
export function peerNamespaces(model: ClusterModel, peer: SelectorPeer): NamespaceInfo[] {
  if (!peer.namespaceSelector) return [model.namespace(peer.policyNamespace)];
  return [...model.namespacesMatching(peer.namespaceSelector)].map((index) => model.namespaces[index]);
}

/** Pods (never host-network ones: selectors do not match them) of these namespaces that a selector matches. */
export function podsIn(model: ClusterModel, namespaces: readonly NamespaceInfo[], selector?: CompiledSelector): PodInfo[] {
  const pods: PodInfo[] = [];
  forEachPodIn(model, namespaces, selector, (pod) => { pods.push(pod); return true; });
  return pods;
}

/** Whether `podsIn` would return any pod (without collecting them). */
export function hasPodsIn(model: ClusterModel, namespaces: readonly NamespaceInfo[], selector?: CompiledSelector): boolean {
  let found = false;
  forEachPodIn(model, namespaces, selector, () => { found = true; return false; });
  return found;
}

/** Visits the matching pods namespace by namespace (each is one index range), until `visit` returns false. */
function forEachPodIn(
  model: ClusterModel, namespaces: readonly NamespaceInfo[], selector: CompiledSelector | undefined, visit: (pod: PodInfo) => boolean,
): void {
  const matching = selector ? model.podsMatching(selector) : undefined;
  for (const ns of namespaces) {
    const { start, end } = model.podIndexRange(ns.name);
    for (let i = start; i < end; i++) {
      const pod = model.pods[i];
      if (pod.hostNetwork || (matching !== undefined && !matching.has(i))) continue;
      if (!visit(pod)) return;
    }
  }
}

/** Peers repeat across policies (every DNS rule, every namespace's monitoring rule): select each once per model. */
const peerPodsByModel = new WeakMap<ClusterModel, Map<string, PodInfo[]>>();

/** The pods a selector peer selects. */
export function peerPods(model: ClusterModel, peer: SelectorPeer): PodInfo[] {
  let byKey = peerPodsByModel.get(model);
  if (!byKey) peerPodsByModel.set(model, byKey = new Map());
  let pods = byKey.get(peer.key);
  if (!pods) byKey.set(peer.key, pods = podsIn(model, peerNamespaces(model, peer), peer.podSelector));
  return pods;
}

/** The pods a policy selects (its subject) for a direction. */
export function subjectPods(model: ClusterModel, policy: CompiledPolicy, direction: Direction): PodInfo[] {
  return policy.affects[direction] ? podsIn(model, [model.namespace(policy.namespace)], policy.subject) : [];
}

/**
 * The pods a rule's ports apply to: the policy's subject for ingress; for egress, the pods its
 * selector peers select, or every pod when it has no peers.
 */
export function ruleDestinations(model: ClusterModel, policy: CompiledPolicy, direction: Direction, rule: CompiledRule): PodInfo[] {
  if (direction === 'Ingress') return subjectPods(model, policy, direction);
  if (rule.peers === undefined) return model.pods.filter((pod) => !pod.hostNetwork);
  const pods = new Map<number, PodInfo>();
  for (const peer of rule.peers) {
    if (peer.kind === 'selector') for (const pod of peerPods(model, peer)) pods.set(pod.index, pod);
  }
  return [...pods.values()].sort((a, b) => a.index - b.index);
}

/** `{app=api}` for a selector, `{} (everything)` for the empty one. */
export function describeSelector(selector: CompiledSelector): string {
  return selector.isEmpty ? selector.toString() : `{${selector.key}}`;
}

/** Every `key=value` label that these objects carry, sorted. */
export function labelPairs(objects: ReadonlyArray<{ readonly labels: Readonly<Record<string, string>> }>): string[] {
  const pairs = new Set<string>();
  for (const { labels } of objects) for (const [key, value] of Object.entries(labels)) pairs.add(`${key}=${value}`);
  return [...pairs].sort();
}

/** The labels some objects carry, for typo checks: sorted `key=value` pairs and a fast lookup. */
export interface CarriedLabels {
  readonly pairs: readonly string[];
  has(key: string, value: string): boolean;
}

export function carriedLabels(objects: ReadonlyArray<{ readonly labels: Readonly<Record<string, string>> }>): CarriedLabels {
  const pairs = labelPairs(objects);
  const set = new Set(pairs);
  return { pairs, has: (key, value) => set.has(`${key}=${value}`) };
}

/** The carried `key=value` closest to the wanted one, when close enough to be a typo. */
export function closestLabel(key: string, value: string, carried: readonly string[]): string | undefined {
  return closest(`${key}=${value}`, carried);
}

/** The values that a label key has among carried `key=value` pairs. */
export function valuesOf(key: string, carried: readonly string[]): string[] {
  return carried.filter((pair) => pair.startsWith(`${key}=`)).map((pair) => pair.slice(key.length + 1));
}
