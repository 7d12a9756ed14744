import { flowLabel, FlowConflict } from './conflicts';
import { rangeHas } from './connections';
import { describeEnd, FlowEnd, FlowEnds, isInScope } from './ends';
import { describePod } from '../evaluator/endpoint';
import { evaluateFlow, FlowResult, SideResult } from '../evaluator/evaluate';
import { aggregateVerdict } from '../evaluator/flows';
import { ClusterModel } from '../evaluator/model';
import { compareStrings } from '../evaluator/text';

/** Conflicts found before anything is generated, and the allow flows they rule out. */
export interface Preflight {
  readonly conflicts: FlowConflict[];
  /** Indices (`spec.index`) of flows not to plan. */
  readonly skip: Set<number>;
}

/**
 * What the list asks that no policy in the scope can give, decided on the model as it is:
 * - an allow flow with an end no selector picks exactly, a host-network pod without IP at the
 *   other end of a scoped one, an empty range, a Service without pods, or a range whose ipBlock
 *   would admit pod IPs too;
 * - an allow flow with both ends outside the scope that is denied today, or one whose end outside
 *   the scope denies it (the generator never touches other namespaces);
 * - a deny flow with both ends outside the scope that is allowed today, or from a pod to itself.
 */
export function preflight(model: ClusterModel, ends: readonly FlowEnds[], scope: ReadonlySet<string>): Preflight {
  const conflicts: FlowConflict[] = [];
  const skip = new Set<number>();
  for (const flow of ends) {
    const found = flow.flow.spec.expect === 'allow' ? allowConflicts(model, flow, scope) : denyConflicts(model, flow, scope);
    if (found.length > 0) skip.add(flow.flow.spec.index);
    conflicts.push(...found);
  }
  return { conflicts, skip };
}

function allowConflicts(model: ClusterModel, flow: FlowEnds, scope: ReadonlySet<string>): FlowConflict[] {
  const { source, destination } = flow;
  const label = flowLabel(flow.flow.spec);
  const conflict = (code: FlowConflict['code'], message: string, hint?: string): FlowConflict => ({ code, flows: [label], message: `${label}: ${message}`, hint });
  const found: FlowConflict[] = [];
  for (const end of [source, destination]) {
    if (end.kind === 'block' && end.block.addresses.isEmpty()) found.push(conflict('empty-range', `${end.block.label} holds no address: its except list removes all of it`));
  }
  if (flow.flow.service && flow.flow.targets.length === 0) {
    found.push(conflict('service-without-pods', `${describeEnd(destination)} selects no pod, so nothing can receive the flow`, 'check the Service\'s selector against its pods\' labels'));
  }
  const sourceIn = isInScope(source, scope);
  const destinationIn = isInScope(destination, scope);
  if (!sourceIn && !destinationIn) {
    if (found.length === 0 && verdictToday(model, flow) !== 'allow') {
      const namespaces = outsideNamespaces([source, destination], scope);
      found.push(conflict('outside-scope', `neither ${describeEnd(source)} nor ${describeEnd(destination)} is in the scope (${[...scope].join(', ') || 'empty'}), and the flow is denied today`,
        namespaces.length ? `add ${namespaces.join(' or ')} to the scope` : undefined));
    }
    return found;
  }
  for (const [end, other, otherIn] of [[source, destination, destinationIn], [destination, source, sourceIn]] as const) {
    const needed = isInScope(end, scope) || (otherIn && end.kind !== 'block');
    if (needed && end.kind === 'unselectable') found.push(conflict('unselectable', end.reason, 'give those pods a label of their own'));
    if (otherIn && end.kind === 'pods' && end.hostNetwork) {
      found.push(conflict('host-network', `${describeEnd(end)} uses the host network: no pod selector matches it, and the manifests give no IP for an ipBlock`, 'name it by its node\'s address instead'));
    }
    if (end.kind === 'block' && isInScope(other, scope)) found.push(...rangeCoversPods(model, end, label));
  }
  if (found.length === 0) found.push(...deniedOutsideScope(model, flow, sourceIn, destinationIn, label));
  return found;
}

function denyConflicts(model: ClusterModel, flow: FlowEnds, scope: ReadonlySet<string>): FlowConflict[] {
  const { source, destination, flow: resolved } = flow;
  const label = flowLabel(resolved.spec);
  const from = resolved.from;
  const to = resolved.targets[0]?.to;
  if (!resolved.service && from.kind === 'pod' && to?.kind === 'pod' && from.pod === to.pod) {
    return [{ code: 'self-traffic', flows: [label], message: `${label}: ${describePod(from.pod)} sending to itself is never blocked by the network plugins NetworkPolicy runs on`, hint: 'drop this flow' }];
  }
  if (isInScope(source, scope) || isInScope(destination, scope) || verdictToday(model, flow) === 'deny') return [];
  const namespaces = outsideNamespaces([source, destination], scope);
  return [{
    code: 'allowed-outside-scope',
    flows: [label],
    message: `${label}: neither ${describeEnd(source)} nor ${describeEnd(destination)} is in the scope (${[...scope].join(', ') || 'empty'}), and the flow is allowed today`,
    hint: namespaces.length ? `add ${namespaces.join(' or ')} to the scope` : undefined,
  }];
}

/** Pod IPs inside a range the flow names: an ipBlock for it would admit those pods (most plugins match pod IPs). */
function rangeCoversPods(model: ClusterModel, end: Extract<FlowEnd, { kind: 'block' }>, label: string): FlowConflict[] {
  if (!model.options.ipBlockMatchesPodIps) return [];
  const inside = model.pods.filter((pod) => !pod.hostNetwork && pod.ips.some((ip) => rangeHas(end.block.addresses, ip.family, ip.value)));
  if (inside.length === 0) return [];
  const pods = inside.slice(0, 5).map(describePod).join(', ') + (inside.length > 5 ? ` and ${inside.length - 5} more` : '');
  return [{
    code: 'range-covers-pods',
    flows: [label],
    message: `${label}: ${end.block.label} holds the IPs of ${pods}, and an ipBlock for it would admit those pods too`,
    hint: 'narrow the range or add the pod network to its except list',
  }];
}

/** The side of a flow at its end outside the scope must allow it already: the generator does not write there. */
function deniedOutsideScope(model: ClusterModel, flow: FlowEnds, sourceIn: boolean, destinationIn: boolean, label: string): FlowConflict[] {
  if (sourceIn && destinationIn) return [];
  const outside = sourceIn ? flow.destination : flow.source;
  if (outside.kind === 'block') return [];
  const sideOf = (result: FlowResult): SideResult => (sourceIn ? result.ingress : result.egress);
  const denying = evaluateTargets(model, flow).map(sideOf).filter((side) => !side.allowed);
  if (denying.length === 0) return [];
  const side = denying[0];
  const tier = side.decidedBy.tier;
  const by = tier === 'Admin' || tier === 'Baseline'
    ? `ClusterNetworkPolicy ${side.decidedBy.policy ?? ''} (${tier} tier) denies it`
    : `it is isolated by ${side.selectedBy.join(', ')}, and no rule of them allows it`;
  return [{
    code: 'denied-outside-scope',
    flows: [label],
    message: `${label}: ${side.direction.toLowerCase()} of ${side.subject ?? describeEnd(outside)} in namespace ${outside.namespace}, outside the scope, denies it: ${by}`,
    hint: `add ${outside.namespace} to the scope, or allow the flow there`,
  }];
}

function evaluateTargets(model: ClusterModel, { flow }: FlowEnds): FlowResult[] {
  const viaService = flow.service !== undefined;
  return flow.targets.map((t) => evaluateFlow(model, { from: flow.from, to: t.to, port: t.port, protocol: flow.spec.protocol, viaService }));
}

function verdictToday(model: ClusterModel, flow: FlowEnds): string {
  const results = evaluateTargets(model, flow);
  return results.length === 0 ? 'deny' : aggregateVerdict(results.map((r) => r.verdict));
}

function outsideNamespaces(ends: readonly FlowEnd[], scope: ReadonlySet<string>): string[] {
  const names = ends.filter((end) => end.kind !== 'block' && !scope.has(end.namespace)).map((end) => (end as { namespace: string }).namespace);
  return [...new Set(names)].sort(compareStrings);
}
