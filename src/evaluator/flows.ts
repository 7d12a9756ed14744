import { describeLabels, describePod, Endpoint } from './endpoint';
import { InputError, Problem } from './errors';
import { evaluateFlow, FlowResult, RuleRef, SideResult, Verdict } from './evaluate';
import { IpRangeSet, parseCidr, parseIp } from './ip';
import { isProtocol, Protocol } from './kube';
import { ClusterModel, ContainerPort, PodInfo, ServiceInfo } from './model';
import { closest, compareStrings } from './text';
import { TierStep } from './tiers';

/** An endpoint as written in a flows file (see conformance/FLOWS.md). */
export type EndpointSpec = string | Record<string, unknown>;

export type Expectation = 'allow' | 'deny';

/** One entry of a flows file, checked for shape but not yet resolved. */
export interface FlowSpec {
  readonly name: string;
  readonly from: EndpointSpec;
  readonly to: EndpointSpec;
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly expect: Expectation;
  /** Position in the file, for messages. */
  readonly index: number;
}

const FLOW_KEYS = new Set(['name', 'from', 'to', 'port', 'protocol', 'expect']);

/** Reads a parsed flows file (`{flows: [...]}`), reporting every problem at once. */
export function parseFlowsDocument(document: unknown, source = 'flows file'): FlowSpec[] {
  const problems: Problem[] = [];
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InputError([{ code: 'invalid-flows', source, message: 'a flows file is a mapping with a `flows` list' }]);
  }
  const unknownTop = Object.keys(document).filter((k) => k !== 'flows');
  if (unknownTop.length > 0) {
    problems.push({ code: 'unknown-key', source, message: `unknown key(s) ${unknownTop.map((k) => JSON.stringify(k)).join(', ')}: a flows file has only \`flows\`` });
  }
  const list = (document as Record<string, unknown>).flows;
  if (!Array.isArray(list)) {
    problems.push({ code: 'invalid-flows', source, field: 'flows', message: 'Required value: a list of flows' });
    throw new InputError(problems);
  }
  const flows = list.map((raw, index) => parseFlow(raw, index, source, problems));
  if (problems.length > 0) throw new InputError(problems);
  return flows as FlowSpec[];
}

function parseFlow(raw: unknown, index: number, source: string, problems: Problem[]): FlowSpec | undefined {
  const where = (name?: string) => ({ source, object: `flows[${index}]${name ? ` "${name}"` : ''}` });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ code: 'invalid-flow', ...where(), message: 'a flow is a mapping with from, to, port, protocol and expect' });
    return undefined;
  }
  const flow = raw as Record<string, unknown>;
  const label = typeof flow.name === 'string' ? flow.name : undefined;
  const at = where(label);
  const before = problems.length;
  for (const key of Object.keys(flow)) {
    if (!FLOW_KEYS.has(key)) problems.push({ code: 'unknown-key', ...at, field: key, message: `unknown key; a flow has ${[...FLOW_KEYS].join(', ')}` });
  }
  for (const key of ['from', 'to', 'port', 'expect']) {
    if (flow[key] === undefined || flow[key] === null) problems.push({ code: 'required', ...at, field: key, message: 'Required value' });
  }
  if (flow.name !== undefined && typeof flow.name !== 'string') problems.push({ code: 'invalid-type', ...at, field: 'name', message: 'must be a string' });
  const protocol = flow.protocol ?? 'TCP';
  if (!isProtocol(protocol)) {
    problems.push({ code: 'unsupported-protocol', ...at, field: 'protocol', message: `Unsupported value: ${JSON.stringify(protocol)}: supported values: "SCTP", "TCP", "UDP"` });
  }
  const port = flow.port;
  if (port !== undefined && port !== null) {
    const numeric = typeof port === 'number';
    if (numeric ? !Number.isInteger(port) || port < 1 || port > 65535 : typeof port !== 'string' || port === '') {
      problems.push({ code: 'invalid-port', ...at, field: 'port', message: `Invalid value: ${JSON.stringify(port)}: must be a number between 1 and 65535, inclusive, or a port name` });
    }
  }
  if (flow.expect !== undefined && flow.expect !== 'allow' && flow.expect !== 'deny') {
    problems.push({ code: 'unsupported-value', ...at, field: 'expect', message: `Unsupported value: ${JSON.stringify(flow.expect)}: supported values: "allow", "deny"` });
  }
  for (const side of ['from', 'to'] as const) {
    const value = flow[side];
    if (value !== undefined && value !== null) checkEndpointShape(value, side, at, problems);
  }
  if (problems.length > before) return undefined;
  const from = flow.from as EndpointSpec;
  const to = flow.to as EndpointSpec;
  return {
    name: label ?? `${endpointText(from)} -> ${endpointText(to)}:${port}/${protocol}`,
    from,
    to,
    port: port as number | string,
    protocol: protocol as Protocol,
    expect: flow.expect as Expectation,
    index,
  };
}

const ENDPOINT_SHAPES: ReadonlyArray<{ keys: string[]; optional: string[] }> = [
  { keys: ['namespace', 'labels'], optional: ['ports'] },
  { keys: ['service'], optional: [] },
  { keys: ['ip'], optional: ['domain'] },
  { keys: ['cidr'], optional: ['except'] },
];

function checkEndpointShape(value: unknown, side: 'from' | 'to', at: FlowPlace, problems: Problem[]): void {
  if (typeof value === 'string') {
    if (!value.includes('/') && !parseIp(value)) {
      problems.push({ code: 'invalid-endpoint', ...at, field: side, message: `Invalid value: ${JSON.stringify(value)}: an endpoint is "NAMESPACE/NAME", an IP address, or a mapping` });
    }
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ code: 'invalid-endpoint', ...at, field: side, message: `Invalid value: ${JSON.stringify(value)}: an endpoint is "NAMESPACE/NAME", an IP address, or a mapping` });
    return;
  }
  const keys = Object.keys(value);
  const shape = ENDPOINT_SHAPES.find((s) => s.keys.every((k) => keys.includes(k)) && keys.every((k) => s.keys.includes(k) || s.optional.includes(k)));
  if (!shape) {
    problems.push({ code: 'invalid-endpoint', ...at, field: side, message: `Invalid value: keys ${JSON.stringify(keys)}: an endpoint mapping is {namespace, labels, ports?}, {service}, {ip, domain?} or {cidr, except?}` });
    return;
  }
  const ep = value as Record<string, unknown>;
  if (shape.keys[0] === 'service' && side === 'from') {
    problems.push({ code: 'invalid-endpoint', ...at, field: 'from.service', message: 'Forbidden: a Service can only be a destination' });
  }
  if (shape.keys[0] === 'service' && (typeof ep.service !== 'string' || !ep.service.includes('/'))) {
    problems.push({ code: 'invalid-endpoint', ...at, field: `${side}.service`, message: `Invalid value: ${JSON.stringify(ep.service)}: must be "NAMESPACE/NAME"` });
  }
  if (shape.keys[0] === 'namespace') checkAdHocPod(ep, `${side}`, at, problems);
  if (shape.keys[0] === 'ip' && (typeof ep.ip !== 'string' || !parseIp(ep.ip))) {
    problems.push({ code: 'invalid-ip', ...at, field: `${side}.ip`, message: `Invalid value: ${JSON.stringify(ep.ip)}: must be a valid IP address` });
  }
  if (shape.keys[0] === 'ip' && ep.domain !== undefined && (typeof ep.domain !== 'string' || ep.domain === '')) {
    problems.push({ code: 'invalid-domain', ...at, field: `${side}.domain`, message: `Invalid value: ${JSON.stringify(ep.domain)}: must be a DNS name` });
  }
  if (shape.keys[0] === 'cidr') checkRange(ep, side, at, problems);
}

function checkAdHocPod(ep: Record<string, unknown>, side: string, at: FlowPlace, problems: Problem[]): void {
  if (typeof ep.namespace !== 'string' || ep.namespace === '') {
    problems.push({ code: 'invalid-endpoint', ...at, field: `${side}.namespace`, message: 'Required value: a namespace name' });
  }
  const labels = ep.labels;
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels) || Object.values(labels).some((v) => typeof v !== 'string')) {
    problems.push({ code: 'invalid-endpoint', ...at, field: `${side}.labels`, message: 'Invalid value: must be a map of label keys to string values' });
  }
  if (ep.ports !== undefined) {
    const ok = Array.isArray(ep.ports) && ep.ports.every((p) => p && typeof p === 'object' && Number.isInteger((p as any).containerPort)
      && (p as any).containerPort >= 1 && (p as any).containerPort <= 65535 && isProtocol((p as any).protocol ?? 'TCP'));
    if (!ok) problems.push({ code: 'invalid-endpoint', ...at, field: `${side}.ports`, message: 'Invalid value: a list of {name, containerPort, protocol}' });
  }
}

function checkRange(ep: Record<string, unknown>, side: string, at: FlowPlace, problems: Problem[]): void {
  if (typeof ep.cidr !== 'string' || !parseCidr(ep.cidr)) {
    problems.push({ code: 'invalid-cidr', ...at, field: `${side}.cidr`, message: `Invalid value: ${JSON.stringify(ep.cidr)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)` });
  }
  const except = ep.except ?? [];
  if (!Array.isArray(except)) {
    problems.push({ code: 'invalid-cidr', ...at, field: `${side}.except`, message: 'Invalid value: must be a list of CIDRs' });
    return;
  }
  except.forEach((e, i) => {
    if (typeof e !== 'string' || !parseCidr(e)) {
      problems.push({ code: 'invalid-cidr', ...at, field: `${side}.except[${i}]`, message: `Invalid value: ${JSON.stringify(e)}: must be a valid CIDR value` });
    }
  });
}

/** A short form of an endpoint as written, for default flow names. */
export function endpointText(ep: EndpointSpec): string {
  if (typeof ep === 'string') return ep;
  if (typeof ep.service === 'string') return `service ${ep.service}`;
  if (typeof ep.ip === 'string') return typeof ep.domain === 'string' ? `${ep.domain} (${ep.ip})` : ep.ip;
  if (typeof ep.cidr === 'string') {
    const except = Array.isArray(ep.except) && ep.except.length ? ` except ${ep.except.join(',')}` : '';
    return `${ep.cidr}${except}`;
  }
  return `${String(ep.namespace)}/${describeLabels((ep.labels ?? {}) as Record<string, string>)}`;
}

/** A flow resolved against the model: one query per destination pod (several for a Service). */
export interface ResolvedFlow {
  readonly spec: FlowSpec;
  readonly from: Endpoint;
  readonly targets: readonly FlowTarget[];
  /** Set when the destination is a Service. */
  readonly service?: ServiceInfo;
  /** Why a Service flow has no target even though the Service selects pods. */
  readonly noTargetReason?: string;
}

export interface FlowTarget {
  readonly to: Endpoint;
  readonly port: number;
}

/** Where a flow is in its file, for messages. */
interface FlowPlace {
  readonly source: string;
  readonly object: string;
}

/** The destination side of a resolved flow. */
interface Destination {
  readonly targets: FlowTarget[];
  readonly service?: ServiceInfo;
  readonly noTargetReason?: string;
}

/** Resolves every flow, reporting every endpoint or port that names nothing. */
export function resolveFlows(model: ClusterModel, flows: readonly FlowSpec[], source = 'flows file'): ResolvedFlow[] {
  const problems: Problem[] = [];
  const resolved = flows.map((flow) => {
    const at = { source, object: `flows[${flow.index}] "${flow.name}"` };
    const before = problems.length;
    const from = resolveEndpoint(model, flow.from, 'from', at, problems);
    const to = resolveDestination(model, flow, at, problems);
    return problems.length > before ? undefined : { spec: flow, from: from!, ...to! };
  });
  if (problems.length > 0) throw new InputError(problems);
  return resolved as ResolvedFlow[];
}

function resolveDestination(model: ClusterModel, flow: FlowSpec, at: FlowPlace, problems: Problem[]): Destination | undefined {
  const to = flow.to;
  if (typeof to === 'object' && typeof to.service === 'string') return resolveService(model, flow, to.service, at, problems);
  const endpoint = resolveEndpoint(model, to, 'to', at, problems);
  if (!endpoint) return undefined;
  if (typeof flow.port === 'number') return { targets: [{ to: endpoint, port: flow.port }] };
  if (endpoint.kind !== 'pod') {
    problems.push({ code: 'unknown-named-port', ...at, field: 'port', message: `Invalid value: ${JSON.stringify(flow.port)}: a named port needs a destination pod, and ${endpointText(to)} is not one` });
    return undefined;
  }
  const port = namedPort(endpoint.pod.ports, flow.port, flow.protocol);
  if (port === undefined) {
    problems.push({ code: 'unknown-named-port', ...at, field: 'port', message: `Invalid value: ${JSON.stringify(flow.port)}: ${describePod(endpoint.pod)} declares no ${flow.protocol} port with that name`, hint: portHint(endpoint.pod.ports, flow.port, flow.protocol) });
    return undefined;
  }
  return { targets: [{ to: endpoint, port }] };
}

function namedPort(ports: readonly ContainerPort[], name: string, protocol: Protocol): number | undefined {
  return ports.find((p) => p.name === name && p.protocol === protocol)?.port;
}

function portHint(ports: readonly ContainerPort[], name: string, protocol: Protocol): string | undefined {
  const sameName = ports.find((p) => p.name === name);
  if (sameName) return `"${name}" is ${sameName.protocol} ${sameName.port}; set protocol: ${sameName.protocol}`;
  const names = ports.filter((p) => p.name !== undefined && p.protocol === protocol).map((p) => p.name!);
  const guess = closest(name, names);
  if (guess) return `did you mean "${guess}"?`;
  return names.length ? `its ${protocol} ports are named ${names.map((n) => `"${n}"`).join(', ')}` : undefined;
}

function resolveService(model: ClusterModel, flow: FlowSpec, id: string, at: FlowPlace, problems: Problem[]): Destination | undefined {
  const service = model.services.find((s) => `${s.namespace}/${s.name}` === id);
  if (!service) {
    const guess = closest(id, model.services.map((s) => `${s.namespace}/${s.name}`));
    problems.push({ code: 'unknown-endpoint', ...at, field: 'to.service', message: `Invalid value: "${id}": no Service with that namespace and name`, hint: guess ? `did you mean "${guess}"?` : undefined });
    return undefined;
  }
  const servicePort = service.ports.find((p) => p.protocol === flow.protocol && (typeof flow.port === 'number' ? p.port === flow.port : p.name === flow.port));
  const backends = servicePods(model, service);
  if (!servicePort && typeof flow.port === 'number') {
    const ports = service.ports.map((p) => `${p.protocol} ${p.port}`).join(', ') || 'none';
    problems.push({ code: 'unknown-service-port', ...at, field: 'port', message: `Invalid value: ${flow.port}: Service ${id} has no ${flow.protocol} port ${flow.port} (its ports: ${ports})` });
    return undefined;
  }
  const targets: FlowTarget[] = [];
  for (const pod of backends) {
    const target = servicePort ? servicePort.targetPort : flow.port;
    const port = typeof target === 'number' ? target : namedPort(pod.ports, target, flow.protocol);
    if (port !== undefined) targets.push({ to: { kind: 'pod', pod }, port });
  }
  if (!servicePort && backends.length > 0 && targets.length === 0) {
    problems.push({ code: 'unknown-named-port', ...at, field: 'port', message: `Invalid value: ${JSON.stringify(flow.port)}: neither Service ${id} nor its pods have a ${flow.protocol} port with that name` });
    return undefined;
  }
  if (servicePort && backends.length > 0 && targets.length === 0) {
    const target = servicePort.targetPort;
    return { targets, service, noTargetReason: `Service ${id} selects ${backends.length} pod(s), but none declares its targetPort ${JSON.stringify(target)} (${flow.protocol}): the Service routes nowhere` };
  }
  return { targets, service };
}

/** The pods a Service sends to (never host-network-only matches are excluded: kube-proxy routes to them too). */
export function servicePods(model: ClusterModel, service: ServiceInfo): PodInfo[] {
  if (!service.selector || Object.keys(service.selector).length === 0) return [];
  const selector = service.selector;
  return model.podsInNamespace(service.namespace).filter((pod) => Object.entries(selector).every(([k, v]) => pod.labels[k] === v));
}

function resolveEndpoint(model: ClusterModel, spec: EndpointSpec, side: 'from' | 'to', at: FlowPlace, problems: Problem[]): Endpoint | undefined {
  if (typeof spec === 'string') {
    const ip = parseIp(spec);
    return ip ? addressEndpoint(model, ip) : namedPodEndpoint(model, spec, side, at, problems);
  }
  if (typeof spec.ip === 'string') {
    const ip = parseIp(spec.ip)!;
    const endpoint = addressEndpoint(model, ip);
    return typeof spec.domain === 'string' && endpoint.kind === 'address' ? { ...endpoint, domain: spec.domain.toLowerCase().replace(/\.$/, '') } : endpoint;
  }
  if (typeof spec.cidr === 'string') {
    const cidr = parseCidr(spec.cidr)!;
    const except = ((spec.except ?? []) as string[]).map((e) => parseCidr(e)!);
    return { kind: 'range', addresses: IpRangeSet.ofBlock({ cidr, except }), label: endpointText(spec) };
  }
  const namespace = String(spec.namespace);
  const labels = spec.labels as Record<string, string>;
  const ports = ((spec.ports ?? []) as Array<Record<string, any>>).map((p) => ({ ...(typeof p.name === 'string' ? { name: p.name } : {}), port: p.containerPort, protocol: (p.protocol ?? 'TCP') as Protocol }));
  const pod: PodInfo = { index: -1, kind: 'Pod (not in manifests)', namespace, name: describeLabels(labels), labels, ips: [], ports, hostNetwork: false };
  return { kind: 'pod', pod };
}

function namedPodEndpoint(model: ClusterModel, id: string, side: string, at: FlowPlace, problems: Problem[]): Endpoint | undefined {
  const pod = model.pod(id);
  if (pod) return pod.hostNetwork && pod.ips.length ? { kind: 'address', ip: pod.ips[0], role: 'host-network-pod', label: `host-network pod ${describePod(pod)} (${pod.ips[0].text})` } : { kind: 'pod', pod };
  const templates = model.workloads.get(id) ?? [];
  if (templates.length > 1) {
    problems.push({ code: 'ambiguous-endpoint', ...at, field: side, message: `Invalid value: "${id}": names ${templates.map((t) => `${t.kind} ${id}`).sort().join(' and ')}; use a {namespace, labels} endpoint to say which` });
    return undefined;
  }
  const known = [...model.pods.map((p) => `${p.namespace}/${p.name}`), ...model.workloads.keys()];
  const guess = closest(id, known);
  problems.push({ code: 'unknown-endpoint', ...at, field: side, message: `Invalid value: "${id}": no Pod or workload with that namespace and name`, hint: guess ? `did you mean "${guess}"?` : undefined });
  return undefined;
}

/** An address is a pod (not host-network), else a Node, else a host-network pod, else outside the cluster. */
export function addressEndpoint(model: ClusterModel, ip: ReturnType<typeof parseIp> & {}): Endpoint {
  const pods = model.podsWithIp(ip);
  const pod = pods.find((p) => !p.hostNetwork);
  if (pod) return { kind: 'pod', pod };
  const node = model.nodeWithAddress(ip);
  if (node) return { kind: 'address', ip, role: 'node', label: `node ${node.name} (${ip.text})` };
  const hostPod = pods.find((p) => p.hostNetwork);
  if (hostPod) return { kind: 'address', ip, role: 'host-network-pod', label: `host-network pod ${describePod(hostPod)} (${ip.text})` };
  return { kind: 'address', ip, role: 'external', label: ip.text };
}

/** A side as FLOWS.md prints it (plus the additive `decidedBy`). */
export interface SideReport {
  readonly isolated: boolean;
  readonly selectedBy: string[];
  readonly allowedBy: RuleRef[];
  /** The tier, policy, rule and action that decided; absent when a Service's backends differ. */
  readonly decidedBy?: TierStep;
}

/** One flow's entry in `netpol check --output json` (FLOWS.md). */
export interface FlowReport {
  readonly name: string;
  readonly from: EndpointSpec;
  readonly to: EndpointSpec;
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly expect: Expectation;
  readonly verdict: Verdict;
  readonly ok: boolean;
  readonly egress: SideReport;
  readonly ingress: SideReport;
  readonly reasons: string[];
  readonly resolvedPort?: number | Record<string, number>;
  readonly implementationDefined: string[];
  /** For a Service destination: the verdict per backing pod. */
  readonly backends?: Array<{ pod: string; port: number; verdict: Verdict }>;
}

export interface CheckReport {
  readonly flows: FlowReport[];
  readonly summary: { total: number; passed: number; failed: number };
}

/** Evaluates resolved flows and reports them in the FLOWS.md shape, in file order. */
export function checkFlows(model: ClusterModel, flows: readonly ResolvedFlow[]): CheckReport {
  const reports = flows.map((flow) => {
    const viaService = flow.service !== undefined;
    const { from, spec } = flow;
    const results = flow.targets.map((t) => evaluateFlow(model, { from, to: t.to, port: t.port, protocol: spec.protocol, viaService }));
    return reportFlow(flow, results);
  });
  const passed = reports.filter((r) => r.ok).length;
  return { flows: reports, summary: { total: reports.length, passed, failed: reports.length - passed } };
}

function reportFlow(flow: ResolvedFlow, results: FlowResult[]): FlowReport {
  const { spec } = flow;
  const base = { name: spec.name, from: spec.from, to: spec.to, port: spec.port, protocol: spec.protocol, expect: spec.expect };
  const resolvedPort = typeof spec.port === 'string' ? resolvedPortOf(flow) : undefined;
  if (results.length === 0) {
    const reason = flow.noTargetReason
      ?? (flow.service ? `Service ${flow.service.namespace}/${flow.service.name} selects no pod${flow.service.selector ? '' : ' (it has no selector)'}` : 'no destination');
    const closed: SideReport = { isolated: false, selectedBy: [], allowedBy: [] };
    return { ...base, verdict: 'deny', ok: false, egress: closed, ingress: closed, reasons: [reason], implementationDefined: [], ...(flow.service ? { backends: [] } : {}) };
  }
  const verdict = aggregateVerdict(results.map((r) => r.verdict));
  const reasons = unique(results.flatMap((r, i) => (flow.service && r.reasons.length ? [`via ${describeTarget(flow.targets[i])}:`, ...r.reasons] : r.reasons)));
  if (flow.service && verdict === 'partial') reasons.unshift(`some pods behind Service ${flow.service.namespace}/${flow.service.name} allow this flow and some do not`);
  return {
    ...base,
    verdict,
    ok: verdict === spec.expect,
    egress: mergeSides(results.map((r) => r.egress)),
    ingress: mergeSides(results.map((r) => r.ingress)),
    reasons,
    ...(resolvedPort !== undefined ? { resolvedPort } : {}),
    implementationDefined: unique(results.flatMap((r) => r.implementationDefined)),
    ...(flow.service ? { backends: flow.targets.map((t, i) => ({ pod: describeTarget(t), port: t.port, verdict: results[i].verdict })) } : {}),
  };
}

function describeTarget(target: FlowTarget): string {
  return target.to.kind === 'pod' ? describePod(target.to.pod) : target.to.label;
}

function resolvedPortOf(flow: ResolvedFlow): number | Record<string, number> {
  const ports = new Set(flow.targets.map((t) => t.port));
  if (ports.size <= 1) return flow.targets[0]?.port ?? 0;
  const byPod: Record<string, number> = {};
  for (const t of [...flow.targets].sort((a, b) => compareStrings(describeTarget(a), describeTarget(b)))) byPod[describeTarget(t)] = t.port;
  return byPod;
}

export function aggregateVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.every((v) => v === 'allow')) return 'allow';
  if (verdicts.every((v) => v === 'deny')) return 'deny';
  return 'partial';
}

function mergeSides(sides: readonly SideResult[]): SideReport {
  const allowedBy = new Map<string, RuleRef>();
  for (const side of sides) for (const ref of side.allowedBy) allowedBy.set(`${ref.policy}\u0000${String(ref.rule).padStart(6, '0')}`, ref);
  const decisions = unique(sides.map((s) => JSON.stringify(s.decidedBy)));
  return {
    isolated: sides.some((s) => s.isolated),
    selectedBy: unique(sides.flatMap((s) => s.selectedBy)).sort(),
    allowedBy: [...allowedBy.keys()].sort().map((k) => allowedBy.get(k)!),
    ...(decisions.length === 1 ? { decidedBy: sides[0].decidedBy } : {}),
  };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

