import { CellStates } from './matrix-cells';
import { ExternalEntity, policyExternals } from './matrix-externals';
import { Grouping, groupPods } from './matrix-groups';
import { PortKey, portText, sortPorts } from './ports';
import { InputError } from '../evaluator/errors';
import { Protocol } from '../evaluator/kube';
import { ClusterModel } from '../evaluator/model';

export { portText, portWords, sortPorts } from './ports';
export type { PortKey } from './ports';

/**
 * A cell's verdict over its pairs of pods (or addresses) and its ports: `allow` when every pair
 * is allowed on every port judged, `deny` when none is on any, `partial` otherwise; `self` for
 * a pod's own cell, where no pair of distinct pods exists (a pod may always reach itself).
 */
export type CellVerdict = 'allow' | 'partial' | 'deny' | 'self';

/**
 * One character per port of the report, in its order: `A` every pair allowed on that port,
 * `P` some, `D` none, `-` not judged (the destination does not serve that port).
 */
export type PortStatus = 'A' | 'P' | 'D' | '-';

/** What a cell holds: its verdict and the status of each port. Cells that agree share one. */
export interface CellProfile {
  readonly verdict: CellVerdict;
  /** A `PortStatus` per port of the report. */
  readonly statuses: string;
}

/** A row or column of the matrix before merging: a group of pods, or addresses outside the cluster. */
export interface MatrixEndpoint {
  /** Unique: `ns/name`, a namespace, a pod (`ns/name`, templates with their kind), or a CIDR or address. */
  readonly id: string;
  readonly kind: Grouping | 'external';
  /** Undefined for externals. */
  readonly namespace?: string;
  readonly name: string;
  /** For a workload: `Deployment`, ..., or `Pod` for a pod that no workload owns. */
  readonly workloadKind?: string;
  /** Indices into `model.pods` (empty for externals). */
  readonly pods: readonly number[];
}

/** A row or column as shown: one endpoint, or several whose cells are identical once merged. */
export interface MatrixAxis {
  /** Indices into `endpoints`, ascending. */
  readonly endpoints: readonly number[];
}

/** Who can reach whom, by group of pods and by port (see `buildMatrixReport`). */
export interface MatrixReport {
  readonly grouping: Grouping;
  readonly ports: readonly PortKey[];
  /** True: each destination was judged only on the ports it declares (see `MatrixOptions.declaredPortsOnly`). */
  readonly declaredPortsOnly: boolean;
  /** The namespaces shown (all of the model's that have pods, unless filtered). */
  readonly namespaces: readonly string[];
  /** Groups of pods (sorted by namespace and id), then externals (sorted by address). */
  readonly endpoints: readonly MatrixEndpoint[];
  /** Sources. */
  readonly rows: readonly MatrixAxis[];
  /** Destinations. */
  readonly columns: readonly MatrixAxis[];
  /** Sorted by verdict (allow, partial, deny, self), then statuses. */
  readonly profiles: readonly CellProfile[];
  /** `cells[r][c]`: the profile index of row r to column c; -1 where nothing applies (external to external). */
  readonly cells: readonly Int32Array[];
}

export interface MatrixOptions {
  /** @default 'workload' */
  readonly grouping?: Grouping;
  /** @default the ports the model declares (`declaredPorts`) */
  readonly ports?: readonly PortKey[];
  /**
   * Judge each destination only on the ports of `ports` its pods declare as container ports
   * (one that declares none of them, on all): nothing listens on the others. Off, every
   * destination is judged on every port.
   * @default true when `ports` is not given
   */
  readonly declaredPortsOnly?: boolean;
  /** Only pods in these namespaces. @default every namespace */
  readonly namespaces?: readonly string[];
  /** Addresses outside the cluster. @default the CIDRs the policies name (`policyExternals`) */
  readonly externals?: readonly ExternalEntity[];
  /** Called after each port, for progress on a terminal. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The ports worth a matrix: every container port, and every single port policies name
 * (ranges name none: the container ports they cover are already there), sorted by protocol then number.
 */
export function declaredPorts(model: ClusterModel): PortKey[] {
  const found = new Map<string, PortKey>();
  const add = (port: number | undefined, protocol: Protocol) => {
    if (port !== undefined) found.set(portText({ port, protocol }), { port, protocol });
  };
  for (const pod of model.pods) for (const p of pod.ports) add(p.port, p.protocol);
  for (const policy of model.policies) {
    for (const rule of [...policy.rules.Ingress, ...policy.rules.Egress]) {
      for (const entry of rule.ports ?? []) {
        if (entry.endPort === undefined) add(entry.port, entry.protocol);
      }
    }
  }
  for (const policy of model.clusterPolicies) {
    for (const rule of [...policy.rules.Ingress, ...policy.rules.Egress]) {
      for (const entry of rule.protocols ?? []) {
        if (entry.kind === 'ports' && entry.start === entry.end) add(entry.start, entry.protocol);
      }
    }
  }
  return sortPorts(found.values());
}

/**
 * Who can reach whom. For each port, `computeMatrix` gives every pod-to-pod verdict; a cell
 * (group to group) then counts its pairs of distinct pods (a live Pod is not paired with itself;
 * a workload template stands for its replicas, so it is) on each port the destination is judged
 * on; addresses outside the cluster pair by the atoms of their range (`externalAtoms`). Each
 * port's status is A/P/D by that count, and the cell's verdict follows (`CellVerdict`).
 */
export function buildMatrixReport(model: ClusterModel, options: MatrixOptions = {}): MatrixReport {
  const grouping = options.grouping ?? 'workload';
  const ports = options.ports ?? declaredPorts(model);
  if (ports.length === 0) {
    throw new InputError([{ code: 'no-ports', message: 'the manifests declare no container port and the policies name none: give the ports to check' }]);
  }
  const selected = new Set(options.namespaces ?? model.namespaces.map((ns) => ns.name));
  const pods = model.pods.filter((pod) => selected.has(pod.namespace)).map((pod) => pod.index);
  const groups = groupPods(model, pods, grouping);
  const externals = options.externals ?? policyExternals(model);
  const endpoints: MatrixEndpoint[] = [
    ...groups.map(({ id, kind, namespace, name, workloadKind, pods: members }) => (
      { id, kind, namespace, name, ...(workloadKind ? { workloadKind } : {}), pods: members })),
    ...externals.map((e) => ({ id: e.id, kind: 'external' as const, name: e.id, pods: [] })),
  ];
  const declaredPortsOnly = options.declaredPortsOnly ?? options.ports === undefined;
  const states = new CellStates(model, pods, endpoints, groups.length, ports, declaredPortsOnly);
  ports.forEach((_, k) => {
    states.addPodPort(k);
    if (externals.length > 0) states.addExternalPort(k, externals);
    options.onProgress?.(k + 1, ports.length);
  });
  const { profiles, cells } = states.finish();
  const axes = endpoints.map((_, i) => ({ endpoints: [i] }));
  const namespaces = [...new Set(groups.map((g) => g.namespace))];
  return { grouping, ports, declaredPortsOnly, namespaces, endpoints, rows: axes, columns: axes, profiles, cells };
}

/**
 * Rows whose cells are all equal merge into one, and so do columns, within a namespace (externals
 * together): a large cluster's matrix shrinks to its distinct behaviours.
 */
export function mergeIdenticalAxes(report: MatrixReport): MatrixReport {
  const bucket = (axis: MatrixAxis) => report.endpoints[axis.endpoints[0]].namespace ?? '\u0000external';
  const rowClasses = classesOf(report.rows.length, (r) => `${bucket(report.rows[r])}|${report.cells[r].join(',')}`);
  const columnClasses = classesOf(report.columns.length, (c) => `${bucket(report.columns[c])}|${report.cells.map((row) => row[c]).join(',')}`);
  const merge = (axes: readonly MatrixAxis[], classes: readonly number[][]) =>
    classes.map((members) => ({ endpoints: members.flatMap((m) => axes[m].endpoints).sort((a, b) => a - b) }));
  return {
    ...report,
    rows: merge(report.rows, rowClasses),
    columns: merge(report.columns, columnClasses),
    cells: rowClasses.map(([r]) => Int32Array.from(columnClasses, ([c]) => report.cells[r][c])),
  };
}

/** Indices 0..count-1 gathered by key, in order of first appearance. */
function classesOf(count: number, keyOf: (i: number) => string): number[][] {
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    const members = byKey.get(key);
    if (members) members.push(i);
    else byKey.set(key, [i]);
  }
  return [...byKey.values()];
}

/** The cell between two endpoints (indices into `endpoints`), whatever merging did to the axes. */
export function endpointCells(report: MatrixReport): (from: number, to: number) => number {
  const rowOf = new Int32Array(report.endpoints.length);
  const columnOf = new Int32Array(report.endpoints.length);
  report.rows.forEach((axis, r) => axis.endpoints.forEach((e) => { rowOf[e] = r; }));
  report.columns.forEach((axis, c) => axis.endpoints.forEach((e) => { columnOf[e] = c; }));
  return (from, to) => report.cells[rowOf[from]][columnOf[to]];
}

/** The ports of a profile with a given status, in the report's order. */
export function portsWithStatus(report: MatrixReport, profile: CellProfile, status: PortStatus): PortKey[] {
  return report.ports.filter((_, k) => profile.statuses[k] === status);
}
