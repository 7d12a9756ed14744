import { IConstruct } from 'constructs';
import { collectManifests } from '../checks/collect';
import { ClusterProfile } from '../constructs/cluster-profile';
import { Port } from '../constructs/port';
import { formatProblem, InputError } from '../evaluator/errors';
import { ClusterModel } from '../evaluator/model';
import { platformStandIns } from '../profile/stand-ins';
import { buildMatrixReport, PortKey } from '../report/matrix-report';
import { renderReachability } from '../report/reachability';
import { validateManifests } from '../validation';

/** What `reachability` judges. */
export interface ReachabilityOptions {
  /**
   * Where DNS, the ingress controller and monitoring run: stand-in pods for those the app does
   * not declare join the model, so that reaching DNS shows.
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;
  /**
   * Only these ports (single ports, such as `Port.tcp(80)`), each destination judged on all of them.
   * @default - every port the app declares (container ports and policy ports), each destination on its own
   */
  readonly ports?: Port[];
}

/**
 * Who can reach whom in the app that `scope` belongs to, by workload and port, as text for a
 * snapshot: `expect(netpol.reachability(chart)).toMatchSnapshot()`. One line per pair that can
 * talk (`app/frontend -> app/api: TCP 80`), sorted, with one of the app's workloads at one end
 * at least (the profile's stand-ins and outside addresses among themselves are left out); a
 * change in who can reach whom is a changed snapshot. It calls the same evaluator as
 * `netpol matrix` and the synth-time checks.
 */
export function reachability(scope: IConstruct, options: ReachabilityOptions = {}): string {
  const objects = collectManifests(scope);
  const invalid = validateManifests(objects);
  if (invalid.length > 0) throw new Error(`cannot judge reachability of invalid manifests:\n  ${invalid.map(formatProblem).join('\n  ')}`);
  const profile = (options.profile ?? ClusterProfile.upstream())._toPlatformProfile();
  try {
    const standIns = platformStandIns(profile, objects);
    const model = ClusterModel.build([...objects, ...standIns]);
    const report = buildMatrixReport(model, { ports: options.ports?.map(numericPort) });
    const standInSources = new Set(standIns.map((s) => s.source));
    const apps = report.endpoints.flatMap((e, i) => (e.pods.some((pod) => !standInSources.has(model.pods[pod].source)) ? [i] : []));
    return renderReachability(report, new Set(apps));
  } catch (error) {
    if (error instanceof InputError) throw new Error(`cannot judge reachability:\n  ${error.problems.map(formatProblem).join('\n  ')}`);
    throw error;
  }
}

/** `reachability` for jsii languages, where modules have no functions. */
export class Reachability {
  /** Who can reach whom in the app that `scope` belongs to, as text for a snapshot (see `reachability`). */
  public static of(scope: IConstruct, options?: ReachabilityOptions): string {
    return reachability(scope, options);
  }

  private constructor() {}
}

function numericPort(port: Port): PortKey {
  const flow = port._toFlowPort();
  if (typeof flow.port !== 'number') throw new Error(`reachability needs port numbers, not ${port.toString()}: a named port resolves per pod`);
  return { port: flow.port, protocol: flow.protocol };
}
