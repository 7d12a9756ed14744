import { flowLabel, FlowConflict } from './conflicts';
import { Connection, ConnectionSpace, externalRepresentatives, forEachConnection, PortProtocol, sortPorts } from './connections';
import { describeEnd, FlowEnds, isInScope } from './ends';
import { FlowIntent } from './intent';
import { RenderedPolicy } from './render';
import { describePod, Endpoint } from '../evaluator/endpoint';
import { formatProblem } from '../evaluator/errors';
import { evaluateFlow, SideResult } from '../evaluator/evaluate';
import { CheckReport, checkFlows, FlowReport, FlowSpec, resolveFlows, SideReport } from '../evaluator/flows';
import { ClusterModel } from '../evaluator/model';
import { compareStrings } from '../evaluator/text';
import { activeFindings, ALL_RULES, runLint } from '../lint';
import { PlatformProfile } from '../profile/platform-profile';
import { validateManifests } from '../validation';

/** Connections beyond the list that are looked at one by one to name the policy behind them. */
const EXPLAINED_VIOLATIONS = 1000;

/** Everything the re-check needs: the model with the generated policies, and what was asked. */
export interface RecheckInput {
  readonly model: ClusterModel;
  readonly flows: readonly FlowSpec[];
  readonly flowsSource: string;
  /** The flows' ends (their pod indices are the same in every model of these objects). */
  readonly ends: readonly FlowEnds[];
  readonly scope: ReadonlySet<string>;
  readonly policies: readonly RenderedPolicy[];
  readonly profile: PlatformProfile;
  readonly dns: boolean;
  /** Flows already reported as unsatisfiable. */
  readonly skip: ReadonlySet<number>;
  /** Models whose connections will be counted over the same addresses (the model before generation). */
  readonly alsoCompare: readonly ClusterModel[];
}

export interface Recheck {
  /** The flows' verdicts with the generated policies, as `netpol check --output json` prints them. */
  readonly report: CheckReport;
  /** What makes the list unsatisfiable, found only once the policies exist. */
  readonly conflicts: FlowConflict[];
  /** What the generated policies got wrong (a generator bug). */
  readonly failures: string[];
  /** The connections least privilege was checked over. */
  readonly space: ConnectionSpace;
  readonly intent: FlowIntent;
}

/**
 * Re-checks the generated policies before anyone sees them, with the same code as `netpol check`
 * and `netpol lint`: each is valid; each lives in the scope; every flow has its expected verdict;
 * every scoped pod is isolated both ways; no lint error is about them; and least privilege: every
 * connection at a scoped pod (to or from every pod, and every external address the flows name, on
 * every port of the model) is one the flows list, or DNS.
 */
export function recheck(input: RecheckInput): Recheck {
  const failures: string[] = [];
  const generated = new Map(input.policies.map((p) => [p.id, p]));
  failures.push(...validateManifests(input.policies.map(({ object, id }) => ({ object, source: `generated ${id}` }))).map(formatProblem));
  for (const { id, object } of input.policies) {
    if (!input.scope.has(object.metadata.namespace)) failures.push(`${id} is outside the scope`);
  }
  const report = checkFlows(input.model, resolveFlows(input.model, input.flows, input.flowsSource));
  const conflicts = report.flows.flatMap((flow, i) => (flow.ok || input.skip.has(i) ? [] : flowConflicts(flow, input.ends[i], input, generated)));
  const scoped = input.model.pods.filter((pod) => !pod.hostNetwork && input.scope.has(pod.namespace)).map((pod) => pod.index);
  for (const index of scoped) {
    const pod = input.model.pods[index];
    for (const direction of ['Ingress', 'Egress'] as const) {
      if (input.model.selectingPolicies(pod, direction).length === 0) failures.push(`${describePod(pod)} is not isolated for ${direction.toLowerCase()}`);
    }
  }
  failures.push(...lintErrors(input, generated));
  const intent = new FlowIntent(input.model, input.ends, input.profile, input.dns);
  const externals = externalRepresentatives([input.model, ...input.alsoCompare], intent.namedExternals);
  const space: ConnectionSpace = { scoped, ports: modelPorts(input.model, intent), externals };
  const privilege = leastPrivilege(input.model, space, intent, generated);
  return { report, conflicts: [...conflicts, ...privilege.conflicts], failures: [...failures, ...privilege.failures], space, intent };
}

/** Why a flow does not have its expected verdict with the generated policies. */
function flowConflicts(flow: FlowReport, ends: FlowEnds, input: RecheckInput, generated: ReadonlyMap<string, RenderedPolicy>): FlowConflict[] {
  const label = flowLabel(ends.flow.spec);
  if (flow.expect === 'allow') {
    return [{ code: 'does-not-hold', flows: [label], message: `${label}: expected allow, got ${flow.verdict} with the generated policies: ${flow.reasons.join('; ') || 'no reason given'}` }];
  }
  const sides: SideReport[] = [];
  if (isInScope(ends.source, input.scope)) sides.push(flow.egress);
  if (isInScope(ends.destination, input.scope)) sides.push(flow.ingress);
  // Both sides of one allow flow admit the deny flow alike: say it once.
  const found = new Map<string, FlowConflict>();
  for (const side of sides) {
    for (const { policy } of side.allowedBy) {
      const ours = generated.get(policy);
      const conflict = allowedByConflict(label, policy, ours, ends);
      const key = ours?.plan ? conflict.flows.join() : conflict.message;
      if (!found.has(key)) found.set(key, conflict);
    }
    if (side.allowedBy.length === 0 && side.decidedBy?.action === 'Accept' && side.decidedBy.tier !== 'Default') {
      const conflict = existingPolicyConflict(`ClusterNetworkPolicy ${side.decidedBy.policy} (${side.decidedBy.tier} tier)`, `it accepts ${label}`, [label]);
      found.set(conflict.message, conflict);
    }
  }
  if (found.size > 0) return [...found.values()];
  return [{ code: 'existing-policy-allows', flows: [label], message: `${label}: expected deny, got ${flow.verdict}: ${flow.reasons.join('; ') || 'no policy in the scope denies it'}` }];
}

/** A deny flow that a policy allows: DNS, a generated rule serving allow flows, or a policy the generator keeps. */
function allowedByConflict(label: string, policy: string, ours: RenderedPolicy | undefined, ends: FlowEnds): FlowConflict {
  if (ours?.role === 'dns') {
    return { code: 'indistinguishable', flows: [label], message: `${label}: ${policy} lets every isolated pod reach the cluster DNS, which this flow denies`, hint: 'turn DNS off (--no-dns) and list the DNS flows that must hold' };
  }
  if (!ours?.plan) return existingPolicyConflict(policy, `it allows ${label}`, [label]);
  const plan = ours.plan;
  const same = plan.flows.find((f) => sameConnection(f, ends.flow.spec));
  if (same) return { code: 'indistinguishable', flows: [label, flowLabel(same)], message: `${label}: it denies the connection ${flowLabel(same)} allows`, hint: 'drop one of the two' };
  const peer = plan.peer.kind === 'pods' ? plan.peer.selection.description : plan.peer.block.label;
  const [from, to] = plan.direction === 'Ingress' ? [peer, plan.subject.description] : [plan.subject.description, peer];
  const ports = plan.ports.map((p) => `${p.protocol} ${p.port}`).join(', ');
  const served = plan.flows.map(flowLabel);
  return {
    code: 'indistinguishable',
    flows: [label, ...served],
    message: `${label}: ${policy} must let ${from} reach ${to} on ${ports} for ${served.join(', ')}, and ${describeEnd(ends.source)} -> ${describeEnd(ends.destination)} is among that: NetworkPolicies tell pods apart only by namespace and labels, and addresses by CIDR`,
    hint: 'give the pods distinct labels, or drop one of the flows',
  };
}

/** Two flows of one connection: the same ends, port and protocol as written. */
function sameConnection(a: FlowSpec, b: FlowSpec): boolean {
  return JSON.stringify([a.from, a.to, a.port, a.protocol]) === JSON.stringify([b.from, b.to, b.port, b.protocol]);
}

function existingPolicyConflict(policy: string, what: string, flows: string[]): FlowConflict {
  return {
    code: 'existing-policy-allows',
    flows,
    message: `${policy} is kept (the generator adds policies, it never removes one it did not write), and ${what}`,
    hint: `delete or narrow ${policy}`,
  };
}

/** Lint errors about the generated policies (DNS egress is not asked for when DNS is off). */
function lintErrors(input: RecheckInput, generated: ReadonlyMap<string, RenderedPolicy>): string[] {
  const rules = ALL_RULES.filter((rule) => rule.severity === 'error' && !(rule.id === 'egress-without-dns' && !input.dns));
  const findings = activeFindings(runLint(input.model, { profile: input.profile, rules }));
  return findings
    .filter((f) => f.severity === 'error' && generated.has(f.object.replace(/^NetworkPolicy /, '')))
    .map((f) => `lint ${f.ruleId}: ${f.object}: ${f.message}`);
}

/** Every port a pod declares, a flow uses, DNS answers on, or a policy names (both ends of a range). */
function modelPorts(model: ClusterModel, intent: FlowIntent): PortProtocol[] {
  const ports: PortProtocol[] = [...intent.ports];
  for (const pod of model.pods) ports.push(...pod.ports);
  for (const policy of model.policies) {
    for (const rule of [...policy.rules.Ingress, ...policy.rules.Egress]) {
      for (const entry of rule.ports ?? []) {
        if (entry.port !== undefined) ports.push({ port: entry.port, protocol: entry.protocol });
        if (entry.endPort !== undefined) ports.push({ port: entry.endPort, protocol: entry.protocol });
      }
    }
  }
  return sortPorts(ports);
}

/** Connections beyond the list: a generated policy behind one is a bug; a kept policy makes the list unsatisfiable. */
function leastPrivilege(
  model: ClusterModel, space: ConnectionSpace, intent: FlowIntent, generated: ReadonlyMap<string, RenderedPolicy>,
): { conflicts: FlowConflict[]; failures: string[] } {
  const beyond: Connection[] = [];
  let total = 0;
  forEachConnection(model, space, (connection) => {
    if (intent.lists(connection)) return;
    total++;
    if (beyond.length < EXPLAINED_VIOLATIONS) beyond.push(connection);
  });
  const failures: string[] = [];
  const byPolicy = new Map<string, { count: number; example: string }>();
  const scoped = new Set(space.scoped);
  for (const connection of beyond) {
    const text = describeConnection(model, connection);
    for (const cause of allowingPolicies(model, scoped, connection)) {
      if (generated.has(cause)) {
        failures.push(`generated policy ${cause} allows ${text}, which no flow lists`);
      } else {
        const entry = byPolicy.get(cause) ?? { count: 0, example: text };
        entry.count++;
        byPolicy.set(cause, entry);
      }
    }
  }
  const more = total - beyond.length;
  const conflicts = [...byPolicy.keys()].sort(compareStrings).map((policy) => {
    const { count, example } = byPolicy.get(policy)!;
    return existingPolicyConflict(policy, `it allows ${count}${more > 0 ? '+' : ''} connection${count === 1 ? '' : 's'} that no flow lists, e.g. ${example}`, []);
  });
  if (beyond.length > 0 && conflicts.length === 0 && failures.length === 0) failures.push(`${total} connection(s) beyond the list that no policy explains, e.g. ${describeConnection(model, beyond[0])}`);
  return { conflicts, failures: [...new Set(failures)] };
}

/** The policies (`ns/name`, or a ClusterNetworkPolicy) that allow a connection at its scoped end(s). */
function allowingPolicies(model: ClusterModel, scoped: ReadonlySet<number>, connection: Connection): string[] {
  const pod = (index: number): Endpoint => ({ kind: 'pod', pod: model.pods[index] });
  const sides: SideResult[] = [];
  if (connection.kind === 'pods') {
    const result = evaluateFlow(model, { from: pod(connection.from), to: pod(connection.to), port: connection.port, protocol: connection.protocol });
    if (scoped.has(connection.from)) sides.push(result.egress);
    if (scoped.has(connection.to)) sides.push(result.ingress);
  } else {
    const external: Endpoint = { kind: 'address', ip: connection.external, role: 'external', label: connection.external.text };
    const [from, to] = connection.kind === 'egress' ? [pod(connection.pod), external] : [external, pod(connection.pod)];
    const result = evaluateFlow(model, { from, to, port: connection.port, protocol: connection.protocol });
    sides.push(connection.kind === 'egress' ? result.egress : result.ingress);
  }
  return sides.flatMap((side) => {
    const { tier, policy } = side.decidedBy;
    if ((tier === 'Admin' || tier === 'Baseline') && policy) return [`ClusterNetworkPolicy ${policy} (${tier} tier)`];
    return side.allowedBy.map((ref) => ref.policy);
  });
}

/** `app/a -> app/b:80/TCP`, `app/a -> 203.0.113.5:443/TCP`. */
export function describeConnection(model: ClusterModel, connection: Connection): string {
  const port = `${connection.port}/${connection.protocol}`;
  if (connection.kind === 'pods') return `${describePod(model.pods[connection.from])} -> ${describePod(model.pods[connection.to])}:${port}`;
  const pod = describePod(model.pods[connection.pod]);
  return connection.kind === 'egress' ? `${pod} -> ${connection.external.text}:${port}` : `${connection.external.text} -> ${pod}:${port}`;
}
