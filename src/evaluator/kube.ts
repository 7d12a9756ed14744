/** Shapes of the Kubernetes objects the evaluator reads, as they appear in manifests (loosely typed). */
export type KubeObject = Record<string, any>;

/** An object plus where it came from (a file and document, or a construct path). */
export interface SourcedObject {
  readonly object: KubeObject;
  /** `deploy/app.yaml (document 3, line 40)` or a construct path; used in every message. */
  readonly source?: string;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const DEFAULT_NAMESPACE = 'default';

export function isProtocol(value: unknown): value is Protocol {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value);
}

/** `Kind ns/name` (or `Kind name` for cluster-scoped objects): how messages name an object. */
export function describeObject(object: KubeObject, namespace?: string): string {
  const kind = typeof object?.kind === 'string' ? object.kind : 'object';
  const name = typeof object?.metadata?.name === 'string' ? object.metadata.name : '(unnamed)';
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

export function namespaceOf(object: KubeObject): string {
  const ns = object?.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : DEFAULT_NAMESPACE;
}

/** Kinds whose pod template the model turns into pods, with the path to the template. */
export const WORKLOAD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export function isWorkloadKind(kind: unknown): kind is string {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(WORKLOAD_TEMPLATE_PATHS, kind);
}

export function dig(object: unknown, path: readonly string[]): any {
  let current: any = object;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = current[key];
  }
  return current;
}
