import { describeLabels, describePod } from '../evaluator/endpoint';
import { dig, isWorkloadKind, KubeObject, namespaceOf, WORKLOAD_TEMPLATE_PATHS } from '../evaluator/kube';
import { ClusterModel, PodInfo, ServiceInfo } from '../evaluator/model';
import { CompiledSelector, compileSelector, Labels } from '../evaluator/selector';
import { compareStrings } from '../evaluator/text';

/** A label selector as a policy writes it (`podSelector`, a peer's `podSelector`). */
export interface SelectorSpec {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

/**
 * The pods a flow endpoint stands for, and the selector that picks exactly them among the pods of
 * their namespace: what a generated policy selects (its subject) or admits (a peer).
 */
export interface EndpointSelection {
  readonly namespace: string;
  readonly selector: SelectorSpec;
  /** Equal for equal selections: namespace and canonical selector. */
  readonly key: string;
  /** A short readable name for policy names: the workload, Pod or Service name, or a label value. */
  readonly name: string;
  /** `app/api (Deployment)`, `pods {run=random-client} in app`, `Service app/api`. */
  readonly description: string;
  /** The model pods (indices into `model.pods`) the endpoint stands for, sorted. */
  readonly pods: readonly number[];
}

/** A selection, or why no label selector picks exactly the endpoint's pods. */
export type SelectionOutcome =
  | { readonly kind: 'selection'; readonly selection: EndpointSelection }
  | { readonly kind: 'unselectable'; readonly reason: string };

/**
 * Labels that change on every rollout or per object: a policy that selected them would stop
 * matching at the next deploy, so they never identify a workload.
 */
const VOLATILE_LABEL_KEYS = new Set([
  'pod-template-hash', 'controller-revision-hash', 'pod-template-generation', 'controller-uid', 'batch.kubernetes.io/controller-uid',
]);

/** Keys tried first when looking for the smallest identifying label set (the conventional identity labels). */
const PREFERRED_LABEL_KEYS = [
  'app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app', 'k8s-app', 'name', 'component', 'role', 'tier', 'run',
];

/** Keys tried last: they change on upgrades. */
const UNSTABLE_LABEL_KEYS = new Set(['app.kubernetes.io/version', 'helm.sh/chart', 'version', 'chart']);

/** More keys than this and the search tries only the first ones (2^12 subsets). */
const MAX_SEARCHED_KEYS = 12;

/**
 * Selections of flow endpoints in one model, computed once each:
 * - a Pod of the manifests stands for every pod of its namespace with the same labels (no
 *   NetworkPolicy can tell those apart); its selector is the smallest set of its labels that picks
 *   exactly them, never an empty one when it has labels;
 * - a workload stands for its pods (its live Pods, else its template); its selector is its own
 *   `spec.selector` when that picks exactly them, else the smallest set of its template's labels;
 * - a pod that is not in the manifests (`{namespace, labels}`) stands for every pod of the
 *   namespace carrying those labels, selected by all of them;
 * - a Service stands for the pods it selects, selected by the Service's selector.
 */
export class Selections {
  private readonly workloadObjects = new Map<string, KubeObject>();
  private readonly cache = new Map<string, SelectionOutcome>();
  private ownersByNamespace?: Map<string, Array<{ readonly owner: string; readonly selector: CompiledSelector }>>;

  constructor(private readonly model: ClusterModel) {
    for (const { object } of model.objects) {
      if (!isWorkloadKind(object?.kind)) continue;
      this.workloadObjects.set(workloadKey(object.kind, namespaceOf(object), String(object.metadata?.name)), object);
    }
  }

  /** The selection of a pod endpoint (a Pod, a workload's template, or a pod outside the manifests). */
  public ofPod(pod: PodInfo): SelectionOutcome {
    const key = `${pod.kind} ${pod.namespace}/${pod.name} ${pod.index < 0 ? describeLabels(pod.labels) : ''}`;
    return this.cached(key, () => {
      if (pod.kind === 'Pod' && pod.index >= 0) return this.ofLabelClass(pod);
      if (isWorkloadKind(pod.kind)) return this.ofWorkload(pod);
      return this.ofLabels(pod.namespace, pod.labels, describeAdHoc(pod.namespace, pod.labels), nameFromLabels(pod.labels));
    });
  }

  /** The selection of a Service's backends (undefined selector: it selects nothing a policy can name). */
  public ofService(service: ServiceInfo): SelectionOutcome {
    return this.cached(`Service ${service.namespace}/${service.name}`, () => {
      const description = `Service ${service.namespace}/${service.name}`;
      if (!service.selector || Object.keys(service.selector).length === 0) {
        return { kind: 'unselectable', reason: `${description} has no selector, so no pod selector can name its backends` };
      }
      return this.ofLabels(service.namespace, service.selector, description, service.name);
    });
  }

  /** The workload (`ns/name (Kind)`) a pod belongs to, else the pod itself: how reports group pods. */
  public ownerOf(pod: PodInfo): string {
    if (pod.kind !== 'Pod') return describePod(pod);
    const owner = this.owners(pod.namespace).find(({ selector }) => selector.matches(pod.labels));
    return owner ? owner.owner : describePod(pod);
  }

  private cached(key: string, compute: () => SelectionOutcome): SelectionOutcome {
    let outcome = this.cache.get(key);
    if (!outcome) {
      outcome = compute();
      this.cache.set(key, outcome);
    }
    return outcome;
  }

  /** A Pod: every pod of its namespace with exactly its labels. */
  private ofLabelClass(pod: PodInfo): SelectionOutcome {
    const candidates = this.selectablePods(pod.namespace);
    const intended = candidates.filter((other) => sameLabels(other.labels, pod.labels)).map((other) => other.index);
    const labels = smallestIdentifyingLabels(pod.labels, candidates, new Set(intended));
    const description = describePod(pod);
    if (!labels) return { kind: 'unselectable', reason: unselectableReason(description, pod.labels, candidates, new Set(intended)) };
    return { kind: 'selection', selection: this.selection(pod.namespace, { matchLabels: labels }, pod.name, description, intended) };
  }

  /** A workload: its live pods (or its template), by its own selector when that is exact. */
  private ofWorkload(template: PodInfo): SelectionOutcome {
    const object = this.workloadObjects.get(workloadKey(template.kind, template.namespace, template.name));
    const description = describePod(template);
    const candidates = this.selectablePods(template.namespace);
    const own = object ? workloadSelector(object) : { matchLabels: { ...template.labels } };
    const compiled = compileSelector(own, 'spec.selector', []);
    const intended = new Set(candidates
      .filter((pod) => (pod.kind === 'Pod' ? compiled.matches(pod.labels) : pod.index === template.index))
      .map((pod) => pod.index));
    if (selectsExactly(compiled, candidates, intended)) {
      return { kind: 'selection', selection: this.selection(template.namespace, own, template.name, description, [...intended]) };
    }
    const labels = smallestIdentifyingLabels(template.labels, candidates, intended);
    if (!labels) return { kind: 'unselectable', reason: unselectableReason(description, template.labels, candidates, intended) };
    return { kind: 'selection', selection: this.selection(template.namespace, { matchLabels: labels }, template.name, description, [...intended]) };
  }

  /** Every pod of the namespace that carries the labels (a pod outside the manifests, a Service's backends). */
  private ofLabels(namespace: string, labels: Labels, description: string, name: string): SelectionOutcome {
    const compiled = compileSelector({ matchLabels: labels }, 'labels', []);
    const intended = this.selectablePods(namespace).filter((pod) => compiled.matches(pod.labels)).map((pod) => pod.index);
    return { kind: 'selection', selection: this.selection(namespace, { matchLabels: sortedLabels(labels) }, name, description, intended) };
  }

  private selection(namespace: string, selector: SelectorSpec, name: string, description: string, pods: readonly number[]): EndpointSelection {
    const compiled = compileSelector(selector, 'podSelector', []);
    return { namespace, selector, key: `${namespace}|${compiled.key}`, name, description, pods: [...pods].sort((a, b) => a - b) };
  }

  /** Pods a selector can match: host-network pods never are. */
  private selectablePods(namespace: string): PodInfo[] {
    return this.model.podsInNamespace(namespace).filter((pod) => !pod.hostNetwork);
  }

  /** The namespace's workloads with their selectors, sorted by kind and name. */
  private owners(namespace: string): ReadonlyArray<{ readonly owner: string; readonly selector: CompiledSelector }> {
    if (!this.ownersByNamespace) {
      this.ownersByNamespace = new Map();
      for (const key of [...this.workloadObjects.keys()].sort(compareStrings)) {
        const object = this.workloadObjects.get(key)!;
        const own = namespaceOf(object);
        const list = this.ownersByNamespace.get(own) ?? [];
        list.push({ owner: `${own}/${object.metadata.name} (${object.kind})`, selector: compileSelector(workloadSelector(object), 'spec.selector', []) });
        this.ownersByNamespace.set(own, list);
      }
    }
    return this.ownersByNamespace.get(namespace) ?? [];
  }
}

function workloadKey(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace}/${name}`;
}

/**
 * The selector a workload uses for its pods, as a policy would write it: `spec.selector` (a plain
 * map for a ReplicationController), else its template's labels (a Job or CronJob).
 */
export function workloadSelector(object: KubeObject): SelectorSpec {
  const templateLabels = dig(object, [...WORKLOAD_TEMPLATE_PATHS[object.kind], 'metadata', 'labels']) ?? {};
  const raw = object.spec?.selector;
  if (object.kind === 'ReplicationController') return { matchLabels: sortedLabels(raw && typeof raw === 'object' ? raw : templateLabels) };
  if (object.kind === 'Job' || object.kind === 'CronJob' || !raw || typeof raw !== 'object') return { matchLabels: sortedLabels(templateLabels) };
  const matchLabels = raw.matchLabels && typeof raw.matchLabels === 'object' ? sortedLabels(raw.matchLabels) : undefined;
  const matchExpressions = Array.isArray(raw.matchExpressions) && raw.matchExpressions.length > 0 ? raw.matchExpressions : undefined;
  return { ...(matchLabels ? { matchLabels } : {}), ...(matchExpressions ? { matchExpressions } : {}) };
}

/**
 * The smallest set of the labels that selects exactly `intended` among `candidates`, trying the
 * conventional identity keys first; undefined when none does. Never empty when there are labels:
 * `{}` would also select every pod added to the namespace later.
 */
export function smallestIdentifyingLabels(
  labels: Labels, candidates: readonly PodInfo[], intended: ReadonlySet<number>,
): Record<string, string> | undefined {
  const keys = identityKeys(labels);
  if (Object.keys(labels).length === 0) return selectsExactly(compileSelector({}, 'podSelector', []), candidates, intended) ? {} : undefined;
  for (let size = 1; size <= keys.length; size++) {
    for (const subset of combinations(keys, size)) {
      const chosen = Object.fromEntries(subset.map((key) => [key, labels[key]]));
      if (selectsExactly(compileSelector({ matchLabels: chosen }, 'podSelector', []), candidates, intended)) return sortedLabels(chosen);
    }
  }
  return undefined;
}

function identityKeys(labels: Labels): string[] {
  const rank = (key: string) => {
    const preferred = PREFERRED_LABEL_KEYS.indexOf(key);
    if (preferred >= 0) return preferred;
    return UNSTABLE_LABEL_KEYS.has(key) ? PREFERRED_LABEL_KEYS.length + 1 : PREFERRED_LABEL_KEYS.length;
  };
  return Object.keys(labels)
    .filter((key) => !VOLATILE_LABEL_KEYS.has(key))
    .sort((a, b) => rank(a) - rank(b) || compareStrings(a, b))
    .slice(0, MAX_SEARCHED_KEYS);
}

function* combinations<T>(items: readonly T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) {
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i], ...rest];
  }
}

function selectsExactly(selector: CompiledSelector, candidates: readonly PodInfo[], intended: ReadonlySet<number>): boolean {
  return candidates.every((pod) => selector.matches(pod.labels) === intended.has(pod.index));
}

/** Why no label set works: the pods that carry every identifying label of the endpoint too. */
function unselectableReason(description: string, labels: Labels, candidates: readonly PodInfo[], intended: ReadonlySet<number>): string {
  const keys = identityKeys(labels);
  const all = compileSelector({ matchLabels: Object.fromEntries(keys.map((key) => [key, labels[key]])) }, 'podSelector', []);
  const alike = candidates.filter((pod) => !intended.has(pod.index) && all.matches(pod.labels)).map(describePod);
  const volatile = Object.keys(labels).filter((key) => VOLATILE_LABEL_KEYS.has(key));
  const ignored = volatile.length ? ` (${volatile.join(', ')} change on every rollout and are not used)` : '';
  return `no set of the labels of ${description} ${describeLabels(labels)}${ignored} selects it without also selecting ${alike.join(', ')}`;
}

function sameLabels(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && a[key] === b[key]);
}

function sortedLabels(labels: Labels): Record<string, string> {
  return Object.fromEntries(Object.keys(labels).sort(compareStrings).map((key) => [key, labels[key]]));
}

function describeAdHoc(namespace: string, labels: Labels): string {
  return Object.keys(labels).length === 0 ? `every pod of ${namespace}` : `pods ${describeLabels(labels)} in ${namespace}`;
}

/** A name from labels: the most telling value (`random-client` for run=random-client); empty for no labels. */
function nameFromLabels(labels: Labels): string {
  const keys = identityKeys(labels);
  if (keys.length === 0) return '';
  const preferred = keys.find((key) => PREFERRED_LABEL_KEYS.includes(key));
  return preferred ? labels[preferred] : keys.map((key) => labels[key]).join('-');
}
