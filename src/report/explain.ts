import { EvaluatedTarget, evaluateTargets, flowCauses, policyById, remoteOf } from './causes';
import { FlipPlan, flipPlan } from './flip-plan';
import { describeEndpoint, describeLabels, describePod, Endpoint } from '../evaluator/endpoint';
import { describePortEntry, FlowQuery, matchPeer, portEntryMatches, RuleCheck, SideResult, Verdict } from '../evaluator/evaluate';
import { checkFlows, EndpointSpec, endpointText, ResolvedFlow, servicePods } from '../evaluator/flows';
import { Protocol } from '../evaluator/kube';
import { ClusterModel, PodInfo, ServiceInfo } from '../evaluator/model';
import { CompiledPeer, CompiledPolicy, CompiledRule, Direction } from '../evaluator/policy';
import { describeTierPath, TierStep } from '../evaluator/tiers';
import { describeSelector, ruleField } from '../lint/rules/support/selection';
import { PlatformProfile } from '../profile/platform-profile';

/**
 * `netpol explain --output json`: the whole reasoning behind one flow's verdict.
 *
 * ```json
 * {
 *   "flow": { "from": ..., "to": "app/api", "port": 80, "protocol": "TCP" },
 *   "verdict": "deny",
 *   "source": { "kind": "pod not in the manifests", "text": "app/{run=random-client}", "namespace": "app", ... },
 *   "destination": { "kind": "workload", "text": "app/api (Deployment)", "workload": "Deployment app/api", ... },
 *   "paths": [{ "to": "app/api (Deployment)", "port": 80, "verdict": "deny",
 *               "egress": { ...SideExplanation }, "ingress": { ...SideExplanation },
 *               "changes": { "to": "allow", "needs": "all", "sides": [...] } }],
 *   "reasons": [...], "likelyCauses": [...], "implementationDefined": [...]
 * }
 * ```
 * Field order and list order are stable, so the JSON can be compared byte for byte.
 */
export interface Explanation {
  /** The flow as asked: endpoints as written (flows-file forms), the port as written. */
  readonly flow: ExplainedFlow;
  /** The verdict `netpol check` gives this flow. */
  readonly verdict: Verdict;
  readonly source: EndpointFacts;
  readonly destination: EndpointFacts;
  /** One per destination pod: one, or one per backing pod of a Service (none when it selects no pod). */
  readonly paths: PathExplanation[];
  /** The sentences `netpol check` gives as `reasons` for this flow. */
  readonly reasons: string[];
  /** Causes in the words of the symptom table (see `likelyCauses`); empty for an allowed flow. */
  readonly likelyCauses: string[];
  /** What the answer leaves to the network plugin. */
  readonly implementationDefined: string[];
}

export interface ExplainedFlow {
  readonly from: EndpointSpec;
  readonly to: EndpointSpec;
  readonly port: number | string;
  readonly protocol: Protocol;
}

/** What an endpoint is, as the model resolved it. */
export interface EndpointFacts {
  /**
   * `pod`, `workload` (a workload's pod template), `pod not in the manifests`, `address` (a host
   * outside the cluster), `node`, `host-network pod`, `range` (addresses outside the cluster) or `service`.
   */
  readonly kind: EndpointKind;
  /** How the rest of the explanation names it. */
  readonly text: string;
  readonly namespace?: string;
  /** The namespace's labels (with `kubernetes.io/metadata.name`). */
  readonly namespaceLabels?: Record<string, string>;
  readonly labels?: Record<string, string>;
  /** `Deployment app/api`, for a workload's pod template. */
  readonly workload?: string;
  readonly ips?: string[];
  /** Container ports: `TCP 80 "http"`. */
  readonly ports?: string[];
  /** Where it was read (file, document, line). */
  readonly source?: string;
  /** For a Service: its selector, its ports (`TCP 80 -> 8080`) and the pods it sends to. */
  readonly service?: { readonly selector?: Record<string, string>; readonly ports: string[]; readonly backends: string[] };
}

export type EndpointKind = 'pod' | 'workload' | 'pod not in the manifests' | 'address' | 'node' | 'host-network pod' | 'range' | 'service';

/** The flow to one destination pod (or address): both sides and what would flip it. */
export interface PathExplanation {
  readonly to: string;
  /** The destination port, after a Service's targetPort and named ports are resolved. */
  readonly port: number;
  readonly verdict: Verdict;
  readonly egress: SideExplanation;
  readonly ingress: SideExplanation;
  /** The smallest changes that would flip this path's verdict; absent when it already has the wanted one. */
  readonly changes?: FlipPlan;
}

/** One side: egress at the source, ingress at the destination. */
export interface SideExplanation {
  readonly direction: Direction;
  /** The pod this side is about; absent for an endpoint outside the cluster. */
  readonly subject?: string;
  readonly allowed: boolean;
  /** For a range of addresses: how much of it is allowed (`all`, `some`, `none`). */
  readonly coverage?: string;
  readonly isolated: boolean;
  /** NetworkPolicies that select the pod for this direction. */
  readonly selectedBy: string[];
  /** Every ClusterNetworkPolicy rule that matched, in evaluation order. */
  readonly tierPath: TierStep[];
  /** The step that decided this side. */
  readonly decidedBy: TierStep;
  /** The path through the tiers in words, ending with who decided. */
  readonly tiers: string[];
  /** Every selecting policy with every rule for this direction, whether it matched and why. */
  readonly policies: PolicyConsidered[];
}

export interface PolicyConsidered {
  readonly policy: string;
  readonly source?: string;
  /** Empty: the policy has no rule for this direction, so it denies all of it. */
  readonly rules: RuleConsidered[];
}

export interface RuleConsidered {
  readonly rule: number;
  /** `spec.ingress[0]`. */
  readonly field: string;
  /** The rule in words: `from podSelector {app=frontend}; ports TCP 80`. */
  readonly text: string;
  readonly allowed: boolean;
  readonly peersMatch: boolean;
  /** Which peer matched, or what each peer lacks. */
  readonly peers: string;
  readonly portsMatch: boolean;
  /** Which port entry matched, or why none did. */
  readonly ports: string;
}

/** Explains one resolved flow: the same resolution and evaluation as `netpol check`, in full. */
export function explainFlow(model: ClusterModel, flow: ResolvedFlow, profile: PlatformProfile): Explanation {
  const [report] = checkFlows(model, [flow]).flows;
  const targets = evaluateTargets(model, flow);
  const goal = report.verdict === 'allow' ? 'deny' : 'allow';
  const { spec } = flow;
  return {
    flow: { from: spec.from, to: spec.to, port: spec.port, protocol: spec.protocol },
    verdict: report.verdict,
    source: endpointFacts(model, flow.from),
    destination: flow.service ? serviceFacts(model, flow.service) : endpointFacts(model, flow.targets[0].to),
    paths: targets.map((target) => explainPath(model, target, goal)),
    reasons: report.reasons,
    likelyCauses: report.verdict === 'allow' ? [] : flowCauses(model, targets, profile),
    implementationDefined: report.implementationDefined,
  };
}

function endpointFacts(model: ClusterModel, endpoint: Endpoint): EndpointFacts {
  const text = describeEndpoint(endpoint);
  if (endpoint.kind === 'range') return { kind: 'range', text };
  if (endpoint.kind === 'address') {
    const ips = [endpoint.ip.text];
    if (endpoint.role === 'node') return { kind: 'node', text, labels: { ...model.nodeWithAddress(endpoint.ip)?.labels }, ips };
    if (endpoint.role === 'external') return { kind: 'address', text, ips };
    const pod = model.podsWithIp(endpoint.ip).find((p) => p.hostNetwork);
    return { kind: 'host-network pod', text, ...(pod ? podFacts(model, pod) : {}), ips };
  }
  const pod = endpoint.pod;
  const kind: EndpointKind = pod.index < 0 ? 'pod not in the manifests' : pod.kind === 'Pod' ? 'pod' : 'workload';
  return { kind, text, ...(kind === 'workload' ? { workload: `${pod.kind} ${pod.namespace}/${pod.name}` } : {}), ...podFacts(model, pod) };
}

function podFacts(model: ClusterModel, pod: PodInfo): Partial<EndpointFacts> {
  return {
    namespace: pod.namespace,
    namespaceLabels: { ...model.namespace(pod.namespace).labels },
    labels: { ...pod.labels },
    ips: pod.ips.map((ip) => ip.text),
    ports: pod.ports.map((p) => `${p.protocol} ${p.port}${p.name !== undefined ? ` "${p.name}"` : ''}`),
    ...(pod.source !== undefined ? { source: pod.source } : {}),
  };
}

function serviceFacts(model: ClusterModel, service: ServiceInfo): EndpointFacts {
  const ports = service.ports.map((p) => `${p.protocol} ${p.port}${p.name !== undefined ? ` "${p.name}"` : ''} -> ${typeof p.targetPort === 'number' ? p.targetPort : `"${p.targetPort}"`}`);
  return {
    kind: 'service',
    text: `Service ${service.namespace}/${service.name}`,
    namespace: service.namespace,
    namespaceLabels: { ...model.namespace(service.namespace).labels },
    service: { ...(service.selector ? { selector: { ...service.selector } } : {}), ports, backends: servicePods(model, service).map(describePod) },
  };
}

function explainPath(model: ClusterModel, { query, result }: EvaluatedTarget, goal: 'allow' | 'deny'): PathExplanation {
  const egress = explainSide(model, result.egress, query);
  const ingress = explainSide(model, result.ingress, query);
  const changes = result.verdict === goal ? undefined : flipPlan(model, query, [result.egress, result.ingress], goal);
  return { to: describeEndpoint(query.to), port: query.port, verdict: result.verdict, egress, ingress, ...(changes ? { changes } : {}) };
}

function explainSide(model: ClusterModel, side: SideResult, query: FlowQuery): SideExplanation {
  const remote = remoteOf(side, query);
  const outcome = { allowed: side.allowed, decidedBy: side.decidedBy, path: side.tierPath, implementationDefined: side.implementationDefined };
  return {
    direction: side.direction,
    ...(side.subject !== undefined ? { subject: side.subject } : {}),
    allowed: side.allowed,
    ...(side.coverage !== undefined ? { coverage: side.coverage } : {}),
    isolated: side.isolated,
    selectedBy: side.selectedBy,
    tierPath: side.tierPath,
    decidedBy: side.decidedBy,
    tiers: [
      ...(model.clusterPolicies.length > 0 && side.tierPath.length === 0 ? ['no ClusterNetworkPolicy rule matches'] : []),
      ...describeTierPath(outcome, side.direction, remote),
    ],
    policies: side.selectedBy.map((id) => considerPolicy(model, policyById(model, id), side, query)),
  };
}

function considerPolicy(model: ClusterModel, policy: CompiledPolicy, side: SideResult, query: FlowQuery): PolicyConsidered {
  const checks = side.checks.filter((check) => check.policy === policy.id);
  return {
    policy: policy.id,
    ...(policy.source !== undefined ? { source: policy.source } : {}),
    rules: checks.map((check) => considerRule(model, policy, check, side.direction, query)),
  };
}

function considerRule(model: ClusterModel, policy: CompiledPolicy, check: RuleCheck, direction: Direction, query: FlowQuery): RuleConsidered {
  const rule = policy.rules[direction][check.rule];
  const remote = direction === 'Egress' ? query.to : query.from;
  const peersMatch = check.peerMismatch === undefined;
  const portsMatch = check.portMismatch === undefined;
  return {
    rule: rule.index,
    field: ruleField(direction, rule),
    text: describeRule(rule, direction),
    allowed: check.allowed,
    peersMatch,
    peers: peersMatch ? matchingPeer(model, policy, rule, remote, direction) : check.peerMismatch!,
    portsMatch,
    ports: portsMatch ? matchingPort(rule, query) : check.portMismatch!,
  };
}

/** `from podSelector {app=frontend}; ports TCP 80`. */
function describeRule(rule: CompiledRule, direction: Direction): string {
  const word = direction === 'Ingress' ? 'from' : 'to';
  const peers = rule.peers === undefined ? 'anywhere' : rule.peers.map(describePeer).join(' or ');
  const ports = rule.ports === undefined ? 'every port' : `ports ${rule.ports.map(describePortEntry).join(', ')}`;
  return `${word} ${peers}; ${ports}`;
}

function describePeer(peer: CompiledPeer): string {
  if (peer.kind === 'ipBlock') return ipBlockText(peer.block.cidr.text, peer.block.except.map((e) => e.text));
  const parts = [
    ...(peer.namespaceSelector ? [`namespaceSelector ${describeSelector(peer.namespaceSelector)}`] : []),
    ...(peer.podSelector ? [`podSelector ${describeSelector(peer.podSelector)}`] : []),
  ];
  return parts.join(' and ');
}

function ipBlockText(cidr: string, except: readonly string[]): string {
  return `ipBlock ${cidr}${except.length ? ` except ${except.join(', ')}` : ''}`;
}

/** Which peer of a matching rule selects the remote endpoint. */
function matchingPeer(model: ClusterModel, policy: CompiledPolicy, rule: CompiledRule, remote: Endpoint, direction: Direction): string {
  if (rule.peers === undefined) return `no peers: every ${direction === 'Ingress' ? 'source' : 'destination'} matches`;
  const peer = rule.peers.find((p) => peerSelects(model, policy, p, remote));
  if (!peer) return `its peers match ${describeEndpoint(remote)}`;
  const verb = peer.kind !== 'ipBlock' ? 'selects' : remote.kind === 'range' && !remote.addresses.minus(peer.addresses).isEmpty() ? 'covers part of' : 'covers';
  return `peer ${peer.index} (${describePeer(peer)}) ${verb} ${describeEndpoint(remote)}`;
}

function peerSelects(model: ClusterModel, policy: CompiledPolicy, peer: CompiledPeer, remote: Endpoint): boolean {
  if (remote.kind !== 'range') return matchPeer(model, peer, remote, policy).matched;
  return peer.kind === 'ipBlock' && !peer.addresses.intersect(remote.addresses).isEmpty();
}

function matchingPort(rule: CompiledRule, query: FlowQuery): string {
  const flowPort = `${query.protocol} ${query.port}`;
  if (rule.ports === undefined) return `no ports: ${flowPort} matches`;
  const destination = query.to.kind === 'pod' ? query.to.pod : undefined;
  const entry = rule.ports.find((p) => portEntryMatches(p, query.port, query.protocol, destination));
  return entry ? `${flowPort} matches ${describePortEntry(entry)}` : `${flowPort} matches`;
}

// ---------------------------------------------------------------------------------------------
// Text

/** The explanation as text for people: endpoints, each side's reasoning, the verdict and what would flip it. */
export function renderExplanation(explanation: Explanation): string {
  const { flow } = explanation;
  const lines = [
    `Flow: ${endpointText(flow.from)} -> ${endpointText(flow.to)} on ${flow.protocol} ${flow.port}`,
    `Verdict: ${explanation.verdict}`,
    '',
    ...renderEndpoint('Source', explanation.source),
    ...renderEndpoint('Destination', explanation.destination),
  ];
  const several = explanation.paths.length > 1;
  if (explanation.paths.length === 0) lines.push('', ...explanation.reasons);
  for (const path of explanation.paths) lines.push(...renderPath(path, several));
  if (explanation.likelyCauses.length > 0) lines.push('', 'Likely cause:', ...explanation.likelyCauses.map((c) => `  - ${c}`));
  // One path: what would flip it closes the explanation; several: each path carries its own.
  const single = several ? undefined : explanation.paths[0]?.changes;
  if (single) lines.push('', ...renderFlipPlan(single));
  if (explanation.implementationDefined.length > 0) {
    lines.push('', 'Left to the network plugin:', ...explanation.implementationDefined.map((n) => `  - ${n}`));
  }
  return `${lines.join('\n')}\n`;
}

const KIND_TEXT: Record<EndpointKind, string> = {
  'pod': 'a Pod',
  'workload': 'a workload\'s pod template',
  'pod not in the manifests': 'a pod that is not in the manifests',
  'address': 'an address outside the cluster',
  'node': 'a Node',
  'host-network pod': 'a pod on the host network',
  'range': 'a range of addresses outside the cluster',
  'service': 'a Service',
};

function renderEndpoint(title: string, facts: EndpointFacts): string[] {
  const what = facts.workload ? `the pod template of ${facts.workload}` : KIND_TEXT[facts.kind];
  const lines = [`${title}: ${facts.text}: ${what}${facts.source ? ` (${facts.source})` : ''}`];
  if (facts.namespace !== undefined) lines.push(`  namespace ${facts.namespace} ${describeLabels(facts.namespaceLabels ?? {})}`);
  if (facts.labels !== undefined) lines.push(`  labels ${describeLabels(facts.labels)}`);
  if (facts.ips?.length) lines.push(`  IPs ${facts.ips.join(', ')}`);
  if (facts.ports?.length) lines.push(`  container ports ${facts.ports.join(', ')}`);
  if (facts.service) {
    const { selector, ports, backends } = facts.service;
    lines.push(`  selector ${selector ? describeLabels(selector) : 'none (endpoints managed by hand)'}`, `  ports ${ports.join(', ') || 'none'}`);
    lines.push(`  backends ${backends.join(', ') || 'none'}`);
  }
  return lines;
}

function renderPath(path: PathExplanation, several: boolean): string[] {
  const lines = several ? ['', `To ${path.to} on port ${path.port}: ${path.verdict}`] : [];
  for (const side of [path.egress, path.ingress]) lines.push('', ...renderSide(side));
  if (several && path.changes) lines.push('', ...renderFlipPlan(path.changes));
  return several ? lines.map((line) => (line === '' || line.startsWith('To ') ? line : `  ${line}`)) : lines;
}

function renderSide(side: SideExplanation): string[] {
  const head = side.direction === 'Egress' ? `Egress from ${side.subject ?? 'outside the cluster'}` : `Ingress to ${side.subject ?? 'outside the cluster'}`;
  const verdict = side.coverage !== undefined ? `${side.allowed ? 'allowed' : 'denied'} (covers ${side.coverage} of the range)` : side.allowed ? 'allowed' : 'denied';
  const lines = [`${head}: ${verdict}`];
  if (side.subject === undefined) return [...lines, '  outside the cluster: no policy applies'];
  const direction = side.direction.toLowerCase();
  const tierLines = (tier: string) => side.tiers.filter((line) => line.startsWith(`${tier} ClusterNetworkPolicy`)).map((line) => `  ${line}`);
  lines.push(...tierLines('Admin'));
  if (!side.isolated) lines.push(`  not isolated: no NetworkPolicy selects it for ${direction}`);
  else lines.push(`  isolated for ${direction} by ${side.selectedBy.join(', ')}`);
  for (const policy of side.policies) {
    lines.push(`  ${policy.policy}${policy.source ? ` (${policy.source})` : ''}:`);
    if (policy.rules.length === 0) lines.push(`    no ${direction} rule: denies all ${direction}`);
    for (const rule of policy.rules) {
      lines.push(`    rule ${rule.rule} (${rule.field}): ${rule.text}: ${rule.allowed ? 'allows' : 'does not allow'}`);
      lines.push(`      peers: ${rule.peersMatch ? 'match: ' : 'no match: '}${rule.peers}`);
      lines.push(`      ports: ${rule.portsMatch ? 'match: ' : 'no match: '}${rule.ports}`);
    }
  }
  lines.push(...tierLines('Baseline'));
  lines.push(...side.tiers.filter((line) => !/^(Admin|Baseline) ClusterNetworkPolicy/.test(line)).map((line) => `  ${line}`));
  return lines;
}

function renderFlipPlan(plan: FlipPlan): string[] {
  const title = `Smallest change that would ${plan.to} it`;
  if (plan.sides.length === 0) return [`${title}: none that is obvious`];
  const both = plan.sides.length > 1;
  const lines = [`${title}${both ? (plan.needs === 'all' ? ' (every side listed needs one)' : ' (one of the sides is enough)') : ''}:`];
  for (const side of plan.sides) {
    const indent = both ? '    ' : '  ';
    if (both) lines.push(`  ${side.direction.toLowerCase()} of ${side.subject}:`);
    lines.push(...side.changes.map((c) => `${indent}- ${c.text}`));
  }
  return lines;
}
