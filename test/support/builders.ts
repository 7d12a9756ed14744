import { evaluateFlow, FlowResult } from '../../src/evaluator/evaluate';
import { checkFlows, EndpointSpec, FlowReport, parseFlowsDocument, resolveFlows } from '../../src/evaluator/flows';
import { KubeObject, Protocol, WORKLOAD_TEMPLATE_PATHS } from '../../src/evaluator/kube';
import { ClusterModel, ModelOptions } from '../../src/evaluator/model';

/**
 * Small builders for evaluator tests: plain Kubernetes objects, as a manifest would hold them,
 * and one-line ways to ask the evaluator about a flow.
 */

export type Labels = Record<string, string>;

/** A container port: `{name: 'http', port: 80}`; protocol defaults to TCP as in the API. */
export interface PortSpec {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: Protocol;
}

export interface PodOptions {
  readonly labels?: Labels;
  /** status.podIP is the first, status.podIPs all of them (dual-stack). */
  readonly ips?: readonly string[];
  readonly ports?: readonly PortSpec[];
  readonly hostNetwork?: boolean;
}

/** Splits `ns/name`; a bare `name` is in no namespace (the object then belongs to `default`). */
function splitId(id: string): { namespace?: string; name: string } {
  const slash = id.indexOf('/');
  return slash < 0 ? { name: id } : { namespace: id.slice(0, slash), name: id.slice(slash + 1) };
}

function metadata(id: string, labels?: Labels): KubeObject {
  const { namespace: ns, name } = splitId(id);
  return { name, ...(ns !== undefined ? { namespace: ns } : {}), ...(labels ? { labels: { ...labels } } : {}) };
}

function containerPorts(ports: readonly PortSpec[] = []): KubeObject[] {
  return ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), containerPort: p.port, protocol: p.protocol ?? 'TCP' }));
}

function podSpec(options: PodOptions): KubeObject {
  const ports = containerPorts(options.ports);
  return {
    containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.9', ...(ports.length ? { ports } : {}) }],
    ...(options.hostNetwork ? { hostNetwork: true } : {}),
  };
}

/** A Namespace; the model adds `kubernetes.io/metadata.name` itself, as the API server does. */
export function namespace(name: string, labels: Labels = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...labels } } };
}

/** A Pod `ns/name` with labels, IPs (status.podIP/podIPs) and container ports. */
export function pod(id: string, options: PodOptions = {}): KubeObject {
  const ips = options.ips ?? [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: metadata(id, options.labels ?? {}),
    spec: podSpec(options),
    ...(ips.length ? { status: { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } } : {}),
  };
}

/** A workload of any kind the model reads, whose selector is its template's labels. */
export function workload(kind: string, id: string, options: PodOptions = {}): KubeObject {
  const labels = options.labels ?? {};
  const template = { metadata: { labels: { ...labels } }, spec: podSpec(options) };
  const path = WORKLOAD_TEMPLATE_PATHS[kind];
  if (!path) throw new Error(`not a workload kind: ${kind}`);
  const object: KubeObject = { apiVersion: kind === 'ReplicationController' ? 'v1' : kind.endsWith('Job') ? 'batch/v1' : 'apps/v1', kind, metadata: metadata(id) };
  let parent = object;
  for (const key of path.slice(0, -1)) parent = parent[key] ??= {};
  parent[path[path.length - 1]] = template;
  const selector = kind === 'ReplicationController' ? { ...labels } : { matchLabels: { ...labels } };
  if (kind !== 'CronJob') object.spec.selector = selector;
  return object;
}

/** A NetworkPolicy `ns/name` with the given spec (podSelector defaults to `{}`). */
export function policy(id: string, spec: KubeObject = {}): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: metadata(id), spec: { podSelector: {}, ...spec } };
}

export interface ServicePortSpec {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: Protocol;
}

/** A Service `ns/name`; `selector: undefined` is a Service without selector (manual endpoints). */
export function service(id: string, selector: Labels | undefined, ports: readonly ServicePortSpec[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(id),
    spec: { ...(selector ? { selector: { ...selector } } : {}), ports: ports.map((p) => ({ protocol: 'TCP', ...p })) },
  };
}

/** A Node with InternalIP addresses. */
export function node(name: string, addresses: readonly string[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { addresses: addresses.map((address) => ({ type: 'InternalIP', address })) } };
}

/** The model of these objects, each sourced as `test object N`. */
export function cluster(objects: readonly KubeObject[], options?: ModelOptions): ClusterModel {
  return ClusterModel.build(objects.map((object, i) => ({ object, source: `test object ${i + 1}` })), options);
}

/**
 * Evaluates one flow with `evaluateFlow`, endpoints written as in a flows file
 * (`ns/name`, an IP, `{namespace, labels}`, `{cidr, except}`); a named port resolves on the destination.
 */
export function evaluate(model: ClusterModel, from: EndpointSpec, to: EndpointSpec, port: number | string, protocol: Protocol = 'TCP'): FlowResult {
  const [resolved] = resolveFlows(model, parseFlowsDocument({ flows: [{ from, to, port, protocol, expect: 'allow' }] }));
  const [target] = resolved.targets;
  return evaluateFlow(model, { from: resolved.from, to: target.to, port: target.port, protocol });
}

/** Just the verdict of `evaluate`. */
export function verdict(model: ClusterModel, from: EndpointSpec, to: EndpointSpec, port: number | string, protocol: Protocol = 'TCP'): FlowResult['verdict'] {
  return evaluate(model, from, to, port, protocol).verdict;
}

/** Flows (flows-file entries; `expect` defaults to allow) through parse, resolve and check, as `netpol check` runs them. */
export function check(model: ClusterModel, flows: ReadonlyArray<Record<string, unknown>>): FlowReport[] {
  const specs = parseFlowsDocument({ flows: flows.map((f) => ({ expect: 'allow', ...f })) });
  return checkFlows(model, resolveFlows(model, specs)).flows;
}

/** The InputError message that `action` throws (fails the test when it throws nothing). */
export function inputErrorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if ((error as Error).name === 'InputError') return (error as Error).message;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

/**
 * The upstream e2e lab: namespaces x, y, z (label `ns`), pods a, b, c in each (label `pod`),
 * pod IP 10.<n>.0.<m>, serving named ports on TCP 80/81, UDP 80/81 and SCTP 80/81 like the e2e agnhost pods.
 */
export function lab(...extra: KubeObject[]): KubeObject[] {
  const objects: KubeObject[] = [];
  ['x', 'y', 'z'].forEach((ns, n) => {
    objects.push(namespace(ns, { ns }));
    ['a', 'b', 'c'].forEach((name, m) => {
      objects.push(pod(`${ns}/${name}`, { labels: { pod: name }, ips: [`10.${n + 1}.0.${m + 1}`], ports: LAB_PORTS }));
    });
  });
  return [...objects, ...extra];
}

export const LAB_PORTS: readonly PortSpec[] = (['TCP', 'UDP', 'SCTP'] as const).flatMap((protocol) => [80, 81].map((port) => ({
  name: `serve-${port}-${protocol.toLowerCase()}`, port, protocol,
})));
