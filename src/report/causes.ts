import { describeEndpoint, describeLabels, describePod, Endpoint } from '../evaluator/endpoint';
import { evaluateFlow, FlowQuery, FlowResult, SideResult } from '../evaluator/evaluate';
import { CheckReport, ResolvedFlow } from '../evaluator/flows';
import { parseIp } from '../evaluator/ip';
import { ClusterModel, PodInfo } from '../evaluator/model';
import { CompiledPolicy, CompiledRule, SelectorPeer } from '../evaluator/policy';
import { Labels } from '../evaluator/selector';
import { PlatformPods, PlatformProfile } from '../profile/platform-profile';

/** One destination of a resolved flow, asked exactly as `netpol check` asks it. */
export interface EvaluatedTarget {
  readonly query: FlowQuery;
  readonly result: FlowResult;
}

/** Evaluates every destination of a resolved flow (several behind a Service), as `checkFlows` does. */
export function evaluateTargets(model: ClusterModel, flow: ResolvedFlow): EvaluatedTarget[] {
  const viaService = flow.service !== undefined;
  return flow.targets.map((target) => {
    const query: FlowQuery = { from: flow.from, to: target.to, port: target.port, protocol: flow.spec.protocol, viaService };
    return { query, result: evaluateFlow(model, query) };
  });
}

/** The endpoint at the other end of a side: the destination for egress, the source for ingress. */
export function remoteOf(side: SideResult, query: FlowQuery): Endpoint {
  return side.direction === 'Egress' ? query.to : query.from;
}

/** What one selector peer of a rule lacks to select a pod. */
export interface LabelGap {
  readonly policy: CompiledPolicy;
  readonly rule: CompiledRule;
  readonly peer: SelectorPeer;
  /** Whether the rule's ports admit the flow (so the labels are all that is missing). */
  readonly portsMatch: boolean;
  /** namespaceSelector requirements the pod's namespace fails (`team=web`). */
  readonly namespaceUnmet: string[];
  /** podSelector requirements the pod fails (`app=frontend`, `!debug`). */
  readonly podUnmet: string[];
  /** Labels that would meet `namespaceUnmet`; undefined when some requirement is not a plain `key=value`. */
  readonly namespaceLabels?: Record<string, string>;
  /** Labels that would meet `podUnmet`; undefined when some requirement is not a plain `key=value`. */
  readonly podLabels?: Record<string, string>;
  /** A podSelector without namespaceSelector reaches its policy's namespace only, and the pod is elsewhere. */
  readonly otherNamespace: boolean;
}

/**
 * For every rule of the side's selecting policies that did not allow the flow, how far each of
 * its selector peers is from selecting the remote pod. Empty when the remote is not a pod.
 */
export function labelGaps(model: ClusterModel, side: SideResult, remote: Endpoint): LabelGap[] {
  if (remote.kind !== 'pod' || remote.pod.hostNetwork) return [];
  const pod = remote.pod;
  const gaps: LabelGap[] = [];
  for (const check of side.checks) {
    if (check.allowed || check.peerMismatch === undefined) continue;
    const policy = policyById(model, check.policy);
    const rule = policy.rules[side.direction][check.rule];
    for (const peer of rule.peers ?? []) {
      if (peer.kind === 'selector') gaps.push(labelGap(model, policy, rule, peer, pod, check.portMismatch === undefined));
    }
  }
  return gaps;
}

function labelGap(model: ClusterModel, policy: CompiledPolicy, rule: CompiledRule, peer: SelectorPeer, pod: PodInfo, portsMatch: boolean): LabelGap {
  const namespaceLabels = model.namespace(pod.namespace).labels;
  const namespaceUnmet = peer.namespaceSelector ? peer.namespaceSelector.unmet(namespaceLabels) : [];
  const podUnmet = peer.podSelector ? peer.podSelector.unmet(pod.labels) : [];
  return {
    policy,
    rule,
    peer,
    portsMatch,
    namespaceUnmet,
    podUnmet,
    namespaceLabels: peer.namespaceSelector ? labelsToAdd(peer.namespaceSelector.requiredPairs, namespaceLabels, namespaceUnmet) : {},
    podLabels: peer.podSelector ? labelsToAdd(peer.podSelector.requiredPairs, pod.labels, podUnmet) : {},
    otherNamespace: !peer.namespaceSelector && pod.namespace !== peer.policyNamespace,
  };
}

/** The `key=value` labels that meet every unmet requirement, when each of them is one such label. */
function labelsToAdd(pairs: ReadonlyArray<[string, string]>, labels: Labels, unmet: readonly string[]): Record<string, string> | undefined {
  const missing = pairs.filter(([key, value]) => labels[key] !== value);
  return missing.length === unmet.length ? Object.fromEntries(missing) : undefined;
}

/** A gap of labels only: the peer's namespace scope and the rule's ports already fit. */
function isLabelsOnly(gap: LabelGap): boolean {
  return gap.portsMatch && !gap.otherNamespace;
}

export function policyById(model: ClusterModel, id: string): CompiledPolicy {
  const policy = model.policies.find((p) => p.id === id);
  if (!policy) throw new Error(`no compiled policy ${id}`);
  return policy;
}

/**
 * The likely cause of a denied flow, in the words of the seed's symptom table where one fits:
 * "DNS egress missing", "ingress controller not allowed", "default-deny with no same-namespace
 * allow", "namespace labels do not match", "pod labels do not match", "no egress rule for the
 * external CIDR or port". Each entry is `<cause>: <the concrete policies, pods and labels>`.
 * Empty for an allowed flow, or when no cause of the table fits.
 */
export function likelyCauses(model: ClusterModel, query: FlowQuery, result: FlowResult, profile: PlatformProfile): string[] {
  const { egress, ingress } = result;
  const egressDenied = isDenied(egress);
  const ingressDenied = isDenied(ingress);
  const causes: string[] = [];
  const flowText = `${query.protocol} ${query.port}`;
  const dns = egressDenied && isDnsFlow(query, profile);
  if (dns) causes.push(`DNS egress missing: ${sideText(egress)} ${denial(egress)}, and no rule lets it reach the cluster DNS ${describeEndpoint(query.to)} on ${flowText}`);
  if (ingressDenied && isPlatformPod(query.from, profile.ingressController)) {
    causes.push(`ingress controller not allowed: ${sideText(ingress)} ${denial(ingress)}, and no rule admits the ingress controller ${describeEndpoint(query.from)} on ${flowText}`);
  }
  for (const side of [egress, ingress].filter(isDenied)) {
    const remote = remoteOf(side, query);
    if (side.decidedBy.tier !== 'NetworkPolicy') continue;
    causes.push(...defaultDenyCauses(model, side, query));
    causes.push(...labelCauses(model, side, remote));
  }
  if (egressDenied && !dns && (query.to.kind === 'range' || (query.to.kind === 'address' && query.to.role === 'external'))) {
    const covers = egress.coverage === 'some' ? 'covers all of' : 'covers';
    causes.push(`no egress rule for the external CIDR or port: ${sideText(egress)} ${denial(egress)}, and no egress rule ${covers} ${describeEndpoint(query.to)} on ${flowText}`);
  }
  return [...new Set(causes)];
}

/** Denied, or (for a range of addresses) only partly allowed. */
function isDenied(side: SideResult): boolean {
  return !side.allowed;
}

function sideText(side: SideResult): string {
  return side.direction === 'Egress' ? `egress from ${side.subject}` : `ingress to ${side.subject}`;
}

/** `is isolated by a, b` or `is denied by Admin ClusterNetworkPolicy x (priority 10) rule 0`. */
function denial(side: SideResult): string {
  const step = side.decidedBy;
  if (step.tier === 'Admin' || step.tier === 'Baseline') {
    return `is denied by ${step.tier} ClusterNetworkPolicy ${step.policy} (priority ${step.priority}) rule ${step.rule}${step.name ? ` "${step.name}"` : ''}`;
  }
  return `is isolated by ${side.selectedBy.join(', ')}`;
}

/** A flow to the profile's DNS pods (or DNS addresses) on one of its DNS ports. */
function isDnsFlow(query: FlowQuery, profile: PlatformProfile): boolean {
  const onDnsPort = profile.dns.ports.some((p) => p.port === query.port && p.protocol === query.protocol);
  if (!onDnsPort) return false;
  const to = query.to;
  if (to.kind === 'address') return profile.dnsAddresses.some((text) => parseIp(text)?.text === to.ip.text);
  return isPlatformPod(to, profile.dns);
}

function isPlatformPod(endpoint: Endpoint, pods: PlatformPods): boolean {
  if (endpoint.kind !== 'pod') return false;
  const pod = endpoint.pod;
  return pod.namespace === pods.namespace && Object.entries(pods.podLabels).every(([key, value]) => pod.labels[key] === value);
}

/** A policy with no rule for the direction isolates the pod, and the peer in its namespace has no allow. */
function defaultDenyCauses(model: ClusterModel, side: SideResult, query: FlowQuery): string[] {
  const { from, to } = query;
  if (from.kind !== 'pod' || to.kind !== 'pod' || from.pod.namespace !== to.pod.namespace) return [];
  const denyAll = side.selectedBy.map((id) => policyById(model, id)).filter((policy) => policy.rules[side.direction].length === 0);
  const remote = side.direction === 'Egress' ? to.pod : from.pod;
  const direction = side.direction.toLowerCase();
  return denyAll.map((policy) => `default-deny with no same-namespace allow: ${policy.id} denies all ${direction} of ${side.subject}, and no policy allows ${describePod(remote)} in the same namespace (${remote.namespace})`);
}

/** Rules whose ports fit and whose peer misses only namespace labels, or only pod labels. */
function labelCauses(model: ClusterModel, side: SideResult, remote: Endpoint): string[] {
  if (remote.kind !== 'pod') return [];
  const pod = remote.pod;
  const causes: string[] = [];
  for (const gap of labelGaps(model, side, remote).filter(isLabelsOnly)) {
    const where = `rule ${gap.rule.index} of ${gap.policy.id} (peer ${gap.peer.index})`;
    if (gap.podUnmet.length === 0 && gap.namespaceUnmet.length > 0) {
      const labels = model.namespace(pod.namespace).labels;
      causes.push(`namespace labels do not match: ${where} would allow this flow, but namespace ${pod.namespace} ${describeLabels(labels)} lacks ${gap.namespaceUnmet.join(', ')} (namespaceSelector)`);
    }
    if (gap.namespaceUnmet.length === 0 && gap.podUnmet.length > 0) {
      causes.push(`pod labels do not match: ${where} would allow this flow, but ${describePod(pod)} ${describeLabels(pod.labels)} lacks ${gap.podUnmet.join(', ')} (podSelector)`);
    }
  }
  return causes;
}

/** The likely causes of every destination of a flow, without repeats. */
export function flowCauses(model: ClusterModel, targets: readonly EvaluatedTarget[], profile: PlatformProfile): string[] {
  return [...new Set(targets.flatMap(({ query, result }) => likelyCauses(model, query, result, profile)))];
}

/**
 * `netpol check`'s report with a `likely cause: ...` sentence added to the reasons of each
 * failed flow that is not allowed (FLOWS.md lets reasons grow; no field changes).
 */
export function withLikelyCauses(model: ClusterModel, flows: readonly ResolvedFlow[], report: CheckReport, profile: PlatformProfile): CheckReport {
  return {
    ...report,
    flows: report.flows.map((entry, i) => {
      if (entry.ok || entry.verdict === 'allow') return entry;
      const causes = flowCauses(model, evaluateTargets(model, flows[i]), profile);
      return causes.length === 0 ? entry : { ...entry, reasons: [...entry.reasons, ...causes.map((cause) => `likely cause: ${cause}`)] };
    }),
  };
}
