import { IConstruct } from 'constructs';
import { collectManifests } from '../checks/collect';
import { FlowEndpoint } from '../checks/flow-endpoint';
import { verify } from '../checks/verify';
import { ClusterProfile } from '../constructs/cluster-profile';
import { Port } from '../constructs/port';
import { FlowReport } from '../evaluator/flows';

/**
 * Evaluates one flow against every manifest in the app that `scope` belongs to, with the same
 * code as the synth-time checks, and returns its `netpol check` report entry (never throws on
 * a denied flow; throws only when the manifests or the endpoints are invalid).
 */
export function evaluateAppFlow(scope: IConstruct, from: FlowEndpoint, to: FlowEndpoint, port: Port, profile?: ClusterProfile): FlowReport {
  const { port: number, protocol } = port._toFlowPort();
  const flows = { flows: [{ from: from._toSpec(), to: to._toSpec(), port: number, protocol, expect: 'allow' }] };
  const result = verify(collectManifests(scope), flows, { profile: (profile ?? ClusterProfile.upstream())._toPlatformProfile(), skipLint: true });
  if (!result.report) throw new Error(`cannot evaluate the flow:\n  ${result.errors.join('\n  ')}`);
  return result.report.flows[0];
}
