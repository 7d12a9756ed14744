import { labelGaps, LabelGap, remoteOf } from './causes';
import { describeEndpoint, describeLabels, Endpoint } from '../evaluator/endpoint';
import { FlowQuery, RuleCheck, RuleRef, SideResult } from '../evaluator/evaluate';
import { NAMESPACE_NAME_LABEL } from '../evaluator/kube';
import { ClusterModel, PodInfo } from '../evaluator/model';
import { Direction } from '../evaluator/policy';
import { TierStep } from '../evaluator/tiers';

// The smallest change that flips a verdict: for a denied side, the label, port, ipBlock or rule
// that would let the flow through; for an allowed one, the rule to narrow or the side to isolate.

/**
 * Changes that flip a path's verdict. Within a side, each change alone is enough for that side;
 * `needs: all` means every listed side must change (both sides deny), `any` that one side is enough.
 */
export interface FlipPlan {
  readonly to: 'allow' | 'deny';
  readonly needs: 'all' | 'any';
  readonly sides: SideChanges[];
}

export interface SideChanges {
  readonly direction: Direction;
  readonly subject?: string;
  /** Alternatives, smallest first; any one of them flips this side. */
  readonly changes: Change[];
}

/** One change, possibly of several steps (a label and a port). */
export interface Change {
  readonly text: string;
  readonly steps: ChangeStep[];
}

export interface ChangeStep {
  readonly kind: ChangeKind;
  readonly text: string;
  readonly policy?: string;
  readonly rule?: number;
  /** For `add-pod-labels` and `add-namespace-labels`: the labels to add. */
  readonly labels?: Record<string, string>;
}

export type ChangeKind =
  | 'add-pod-labels' | 'change-pod-labels' | 'add-namespace-labels' | 'change-namespace-labels' | 'add-namespace-selector'
  | 'add-port' | 'add-ip-block' | 'add-rule' | 'add-policy' | 'change-cluster-policy' | 'narrow-rules' | 'isolate';

/** What each kind of step costs, to rank alternatives: a label is cheaper than a new rule. */
const STEP_COST: Record<ChangeKind, number> = {
  'add-pod-labels': 1,
  'add-namespace-labels': 1,
  'add-namespace-selector': 1,
  'add-port': 1,
  'add-ip-block': 1,
  'change-pod-labels': 2,
  'change-namespace-labels': 2,
  'add-rule': 3,
  'add-policy': 3,
  'change-cluster-policy': 3,
  'narrow-rules': 1,
  'isolate': 2,
};

/** The smallest changes that would turn a path's verdict into `goal`, per side that stands in the way. */
export function flipPlan(model: ClusterModel, query: FlowQuery, sides: readonly SideResult[], goal: FlipPlan['to']): FlipPlan {
  const wanted = goal === 'allow';
  const planned = sides
    .filter((side) => side.allowed !== wanted && side.subject !== undefined)
    .map((side) => ({
      direction: side.direction,
      subject: side.subject,
      changes: wanted ? allowChanges(model, side, query) : denyChanges(side, query),
    }))
    .filter((side) => side.changes.length > 0);
  return { to: goal, needs: wanted ? 'all' : 'any', sides: planned };
}

function change(steps: ChangeStep[]): Change {
  return { text: steps.map((s) => s.text).join(', and '), steps };
}

/** A step adding three labels costs three. */
function cost(candidate: Change): number {
  return candidate.steps.reduce((sum, step) => sum + STEP_COST[step.kind] * Math.max(1, Object.keys(step.labels ?? {}).length), 0);
}

/** The cheapest candidates, in the order they were found; duplicates dropped. */
function cheapest(candidates: readonly Change[]): Change[] {
  const unique = [...new Map(candidates.map((c) => [c.text, c])).values()];
  const least = Math.min(...unique.map(cost));
  return unique.filter((c) => cost(c) === least);
}

/** Changes that make a denying side allow the flow. */
function allowChanges(model: ClusterModel, side: SideResult, query: FlowQuery): Change[] {
  const remote = remoteOf(side, query);
  const step = side.decidedBy;
  const direction = side.direction.toLowerCase();
  if (step.tier === 'Admin') {
    return [change([clusterPolicyStep(step, `it denies this ${direction} before any NetworkPolicy is asked`)])];
  }
  if (step.tier === 'Baseline') {
    return [
      change([{ kind: 'add-policy', text: `add a NetworkPolicy that selects ${side.subject} for ${direction} and allows ${peerSuggestion(remote, subjectNamespace(query, side))} on ${query.protocol} ${query.port} (NetworkPolicies come before the Baseline tier; it isolates ${side.subject} for ${direction})` }]),
      change([clusterPolicyStep(step, `it denies this ${direction} of pods no NetworkPolicy isolates`)]),
    ];
  }
  // A range that is only partly allowed can grow through the rules that allow part of it.
  const open = side.checks.filter((c) => !c.allowed || (remote.kind === 'range' && c.portMismatch === undefined));
  const candidates = open.flatMap((check) => ruleFixes(model, side, check, query));
  candidates.push(change([{
    kind: 'add-rule',
    policy: side.selectedBy[0],
    text: `add an ${direction} rule to ${side.selectedBy[0]} that allows ${peerSuggestion(remote, subjectNamespace(query, side))} on ${query.protocol} ${query.port}`,
  }]));
  return cheapest(candidates);
}

function clusterPolicyStep(step: TierStep, why: string): ChangeStep {
  return {
    kind: 'change-cluster-policy',
    policy: step.policy,
    rule: step.rule,
    text: `change ${step.tier} ClusterNetworkPolicy ${step.policy} rule ${step.rule}${step.name ? ` "${step.name}"` : ''} (${step.action}, priority ${step.priority}): ${why}`,
  };
}

function subjectNamespace(query: FlowQuery, side: SideResult): string | undefined {
  const subject = side.direction === 'Egress' ? query.from : query.to;
  return subject.kind === 'pod' ? subject.pod.namespace : undefined;
}

/** Ways one rule could allow the flow: fix its peer side (labels, ipBlock), its ports, or both. */
function ruleFixes(model: ClusterModel, side: SideResult, check: RuleCheck, query: FlowQuery): Change[] {
  const remote = remoteOf(side, query);
  const portSteps: ChangeStep[] = check.portMismatch === undefined ? [] : [{
    kind: 'add-port', policy: check.policy, rule: check.rule, text: `add ${query.protocol} ${query.port} to rule ${check.rule} of ${check.policy}`,
  }];
  if (check.peerMismatch === undefined && remote.kind !== 'range') return [change(portSteps)];
  const ofThisRule = (gap: LabelGap) => gap.policy.id === check.policy && gap.rule.index === check.rule;
  const ipBlockStep: ChangeStep = { kind: 'add-ip-block', policy: check.policy, rule: check.rule, text: `add ${ipBlockOf(remote)} to rule ${check.rule} of ${check.policy}` };
  const peerOptions = remote.kind === 'pod' ? labelGaps(model, side, remote).filter(ofThisRule).map((gap) => gapSteps(gap, remote.pod)) : [[ipBlockStep]];
  return peerOptions.map((steps) => change([...steps, ...portSteps]));
}

/** The label and selector changes that would close one peer's gap. */
function gapSteps(gap: LabelGap, pod: PodInfo): ChangeStep[] {
  const steps: ChangeStep[] = [];
  const at = { policy: gap.policy.id, rule: gap.rule.index };
  if (gap.otherNamespace) {
    steps.push({ kind: 'add-namespace-selector', ...at, text: `add namespaceSelector {${NAMESPACE_NAME_LABEL}=${pod.namespace}} to peer ${gap.peer.index} of rule ${gap.rule.index} of ${gap.policy.id}` });
  }
  if (gap.namespaceUnmet.length > 0) {
    steps.push(gap.namespaceLabels
      ? { kind: 'add-namespace-labels', text: labelStepText(gap.namespaceLabels, `namespace ${pod.namespace}`), labels: gap.namespaceLabels }
      : { kind: 'change-namespace-labels', text: `change the labels of namespace ${pod.namespace} to meet ${gap.namespaceUnmet.join(', ')}` });
  }
  if (gap.podUnmet.length > 0) {
    steps.push(gap.podLabels
      ? { kind: 'add-pod-labels', text: labelStepText(gap.podLabels, podTarget(pod)), labels: gap.podLabels }
      : { kind: 'change-pod-labels', text: `change the labels of ${podTarget(pod)} to meet ${gap.podUnmet.join(', ')}` });
  }
  return steps;
}

function labelStepText(labels: Record<string, string>, target: string): string {
  const pairs = Object.keys(labels).sort().map((key) => `${key}=${labels[key]}`);
  return `add label${pairs.length === 1 ? '' : 's'} ${pairs.join(', ')} to ${target}`;
}

/** `app/frontend`, `the pod template of Deployment app/frontend`, or `app/{run=client}` for a pod not in the manifests. */
function podTarget(pod: PodInfo): string {
  if (pod.index < 0) return `${pod.namespace}/${describeLabels(pod.labels)}`;
  return pod.kind === 'Pod' ? `${pod.namespace}/${pod.name}` : `the pod template of ${pod.kind} ${pod.namespace}/${pod.name}`;
}

function ipBlockOf(remote: Endpoint): string {
  if (remote.kind === 'range') return `ipBlock ${remote.label}`;
  const ips = remote.kind === 'address' ? [remote.ip] : remote.pod.ips;
  return ips.length ? `ipBlock ${ips[0].text}/${ips[0].family === 4 ? 32 : 128}` : `an ipBlock for ${describeEndpoint(remote)}`;
}

/** A peer that would select the remote endpoint, as a policy in `namespace` would write it. */
function peerSuggestion(remote: Endpoint, namespace: string | undefined): string {
  if (remote.kind !== 'pod' || remote.pod.hostNetwork) return ipBlockOf(remote);
  const pod = remote.pod;
  const podSelector = `podSelector ${describeLabels(pod.labels)}`;
  return pod.namespace === namespace ? podSelector : `namespaceSelector {${NAMESPACE_NAME_LABEL}=${pod.namespace}} and ${podSelector}`;
}

/** Changes that make an allowing side deny the flow. */
function denyChanges(side: SideResult, query: FlowQuery): Change[] {
  const remote = remoteOf(side, query);
  const step = side.decidedBy;
  const direction = side.direction.toLowerCase();
  if (isSelf(query)) return [];
  if (step.tier === 'Admin') return [change([clusterPolicyStep(step, `it accepts this ${direction} before any NetworkPolicy is asked`)])];
  if (side.isolated) return [change([narrowStep(side.allowedBy, remote)])];
  const isolate = change([{
    kind: 'isolate',
    text: `isolate ${side.subject} for ${direction}: a NetworkPolicy that selects it with policyTypes [${side.direction}] and no rule for ${describeEndpoint(remote)} on ${query.protocol} ${query.port}`,
  }]);
  return step.tier === 'Baseline' ? [isolate, change([clusterPolicyStep(step, `it accepts this ${direction} of pods no NetworkPolicy isolates`)])] : [isolate];
}

function narrowStep(rules: readonly RuleRef[], remote: Endpoint): ChangeStep {
  const list = rules.map((r) => `rule ${r.rule} of ${r.policy}`).join(' and ');
  const why = rules.length === 1 ? 'it is the only rule that allows this flow' : 'each of them allows this flow';
  return {
    kind: 'narrow-rules',
    ...(rules.length === 1 ? { policy: rules[0].policy, rule: rules[0].rule } : {}),
    text: `narrow ${list} so that ${describeEndpoint(remote)} or this port no longer matches: ${why}`,
  };
}

function isSelf(query: FlowQuery): boolean {
  const { from, to } = query;
  return !query.viaService && from.kind === 'pod' && to.kind === 'pod' && from.pod === to.pod;
}
