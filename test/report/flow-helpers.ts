import { EndpointSpec, parseFlowsDocument, ResolvedFlow, resolveFlows } from '../../src/evaluator/flows';
import { Protocol } from '../../src/evaluator/kube';
import { ClusterModel } from '../../src/evaluator/model';
import { UPSTREAM_PROFILE } from '../../src/profile/platform-profile';
import { evaluateTargets, flowCauses } from '../../src/report/causes';
import { explainFlow, Explanation } from '../../src/report/explain';

/** One flow resolved exactly as `netpol check` resolves a flows-file entry. */
export function resolveFlow(model: ClusterModel, from: EndpointSpec, to: EndpointSpec, port: number | string, protocol: Protocol = 'TCP'): ResolvedFlow {
  const [flow] = resolveFlows(model, parseFlowsDocument({ flows: [{ from, to, port, protocol, expect: 'allow' }] }));
  return flow;
}

/** The likely causes of one flow, with the upstream profile unless one is given. */
export function causesOf(model: ClusterModel, from: EndpointSpec, to: EndpointSpec, port: number | string, protocol: Protocol = 'TCP', profile = UPSTREAM_PROFILE): string[] {
  return flowCauses(model, evaluateTargets(model, resolveFlow(model, from, to, port, protocol)), profile);
}

/** The explanation of one flow, with the upstream profile. */
export function explain(model: ClusterModel, from: EndpointSpec, to: EndpointSpec, port: number | string, protocol: Protocol = 'TCP'): Explanation {
  return explainFlow(model, resolveFlow(model, from, to, port, protocol), UPSTREAM_PROFILE);
}

/** Every change text of every path, in order. */
export function changeTexts(explanation: Explanation): string[] {
  return explanation.paths.flatMap((path) => path.changes?.sides.flatMap((side) => side.changes.map((c) => c.text)) ?? []);
}
