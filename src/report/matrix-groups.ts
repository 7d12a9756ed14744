import { describePod } from '../evaluator/endpoint';
import { dig, isWorkloadKind, KubeObject, namespaceOf, WORKLOAD_TEMPLATE_PATHS } from '../evaluator/kube';
import { ClusterModel, PodInfo } from '../evaluator/model';
import { CompiledSelector, compileSelector } from '../evaluator/selector';
import { compareStrings } from '../evaluator/text';

/** How a matrix gathers pods into rows and columns. */
export type Grouping = 'pod' | 'workload' | 'namespace';

export const GROUPINGS: readonly Grouping[] = ['pod', 'workload', 'namespace'];

/** Pods that share a row and a column of a matrix: one pod, a workload's pods, or a namespace's. */
export interface PodGroup {
  /** Unique among the groups: `ns/name` (a kind is added when two groups would share it), or the namespace. */
  readonly id: string;
  readonly kind: Grouping;
  readonly namespace: string;
  /** The workload's, pod's or namespace's name. */
  readonly name: string;
  /** For a workload: its kind (`Deployment`, ...), or `Pod` for a pod that no workload owns. */
  readonly workloadKind?: string;
  /** Indices into `model.pods`, ascending. */
  readonly pods: readonly number[];
}

/** The workload a pod stands for. */
export interface WorkloadRef {
  readonly kind: string;
  readonly name: string;
}

/**
 * Gathers the given pods (indices into `model.pods`) into groups, sorted by namespace then id.
 * By workload, a workload template is its workload, and a live Pod belongs to the workload in
 * its namespace whose selector matches its labels (the first by kind and name when several
 * do); a Pod that none selects is a group of its own.
 */
export function groupPods(model: ClusterModel, pods: readonly number[], grouping: Grouping): PodGroup[] {
  const workloadOf = grouping === 'workload' ? workloadFinder(model) : undefined;
  const byKey = new Map<string, { namespace: string; name: string; workloadKind?: string; pods: number[] }>();
  for (const index of pods) {
    const pod = model.pods[index];
    const key = groupKey(pod, grouping, workloadOf);
    const group = byKey.get(key.id) ?? { namespace: pod.namespace, name: key.name, workloadKind: key.workloadKind, pods: [] };
    group.pods.push(index);
    byKey.set(key.id, group);
  }
  const groups = [...byKey.values()].map((g) => ({
    ...g,
    kind: grouping,
    label: grouping === 'namespace' ? g.namespace : grouping === 'pod' ? describePod(model.pods[g.pods[0]]) : `${g.namespace}/${g.name}`,
  }));
  groups.sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.label, b.label) || compareStrings(a.workloadKind ?? '', b.workloadKind ?? ''));
  const ids = uniqueIds(groups.map((g) => ({ label: g.label, qualifier: g.workloadKind })));
  return groups.map((g, i) => ({
    id: ids[i],
    kind: g.kind,
    namespace: g.namespace,
    name: g.name,
    ...(g.workloadKind !== undefined ? { workloadKind: g.workloadKind } : {}),
    pods: g.pods.sort((a, b) => a - b),
  }));
}

function groupKey(
  pod: PodInfo, grouping: Grouping, workloadOf?: (pod: PodInfo) => WorkloadRef | undefined,
): { id: string; name: string; workloadKind?: string } {
  switch (grouping) {
    case 'namespace': return { id: pod.namespace, name: pod.namespace };
    case 'pod': return { id: `${pod.index}`, name: pod.name };
    case 'workload': {
      const workload = workloadOf!(pod) ?? { kind: 'Pod', name: pod.name };
      return { id: `${workload.kind} ${pod.namespace}/${workload.name}`, name: workload.name, workloadKind: workload.kind };
    }
  }
}

/** Labels made unique: a repeated label gets its qualifier (`app/api (StatefulSet)`), then a number. */
function uniqueIds(items: ReadonlyArray<{ label: string; qualifier?: string }>): string[] {
  const counts = new Map<string, number>();
  for (const { label } of items) counts.set(label, (counts.get(label) ?? 0) + 1);
  const used = new Set<string>();
  return items.map(({ label, qualifier }) => {
    let id = (counts.get(label) ?? 0) > 1 && qualifier ? `${label} (${qualifier})` : label;
    for (let n = 2; used.has(id); n++) id = `${label} #${n}`;
    used.add(id);
    return id;
  });
}

interface WorkloadSelector extends WorkloadRef {
  readonly selector: CompiledSelector;
}

/**
 * The workload each pod stands for: a template is its own; a live Pod's is found by the
 * selectors of the workloads in its namespace that the model knows (those no other workload owns).
 */
export function workloadFinder(model: ClusterModel): (pod: PodInfo) => WorkloadRef | undefined {
  const byNamespace = new Map<string, WorkloadSelector[]>();
  for (const { object } of model.objects) {
    const workload = knownWorkload(model, object);
    if (!workload) continue;
    const namespace = namespaceOf(object);
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), workload]);
  }
  for (const list of byNamespace.values()) list.sort((a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.name, b.name));
  return (pod) => {
    if (pod.kind !== 'Pod') return { kind: pod.kind, name: pod.name };
    const owner = (byNamespace.get(pod.namespace) ?? []).find((w) => w.selector.matches(pod.labels));
    return owner && { kind: owner.kind, name: owner.name };
  };
}

/** A workload object with the selector its controller uses, when the model made it a workload. */
function knownWorkload(model: ClusterModel, object: KubeObject): WorkloadSelector | undefined {
  if (!isWorkloadKind(object?.kind)) return undefined;
  const name = object.metadata?.name;
  const template = (model.workloads.get(`${namespaceOf(object)}/${name}`) ?? []).find((t) => t.kind === object.kind);
  if (!template) return undefined;
  const declared = object.kind === 'ReplicationController'
    ? (object.spec?.selector ? { matchLabels: object.spec.selector } : undefined)
    : object.spec?.selector;
  // Without a selector the controller selects its template's labels.
  const raw = declared ?? { matchLabels: dig(object, [...WORKLOAD_TEMPLATE_PATHS[object.kind], 'metadata', 'labels']) ?? {} };
  return { kind: object.kind, name, selector: compileSelector(raw, 'spec.selector', []) };
}
