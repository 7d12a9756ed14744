import { Grouping } from './matrix-groups';
import { endpointCells, MatrixReport, PortKey, PortStatus } from './matrix-report';
import { compareStrings } from '../evaluator/text';

/** A port whose status changed for one pair of endpoints. */
export interface PortChange {
  readonly port: PortKey;
  /** `A`, `P` or `D` (ports not judged on either side are not compared). */
  readonly before: PortStatus;
  readonly after: PortStatus;
}

/** What changed for one source and one destination: the ports that lost (or gained) reach. */
export interface PairChange {
  /** Endpoint ids (`ns/name`, a namespace, a pod, or an address). */
  readonly from: string;
  readonly to: string;
  /** In the reports' port order. */
  readonly ports: readonly PortChange[];
}

/** Connections gained and lost between two versions of the manifests (see `diffReports`). */
export interface ReachabilityDiff {
  readonly grouping: Grouping;
  readonly ports: readonly PortKey[];
  readonly declaredPortsOnly: boolean;
  /** Pairs with a port less allowed after than before, sorted by source then destination. */
  readonly lost: readonly PairChange[];
  /** Pairs with a port more allowed after than before. */
  readonly gained: readonly PairChange[];
  /** Endpoints only after (new workloads, namespaces, addresses): their reach is not compared. */
  readonly added: readonly string[];
  /** Endpoints only before. */
  readonly removed: readonly string[];
  /** How many endpoints both versions have. */
  readonly compared: number;
}

const RANK: Readonly<Record<string, number>> = { D: 0, P: 1, A: 2 };

/**
 * Compares two reports built with the same ports and options, endpoint by endpoint (matched by
 * id): on each port judged in both, a status that drops (allowed, partly, denied) is a loss, one
 * that rises a gain. Endpoints in one version only are listed, not compared: a new workload is
 * not a gain of every source that can reach it.
 */
export function diffReports(before: MatrixReport, after: MatrixReport): ReachabilityDiff {
  const portsOf = (report: MatrixReport) => report.ports.map((p) => `${p.port}/${p.protocol}`).join(',');
  if (portsOf(before) !== portsOf(after) || before.grouping !== after.grouping) {
    throw new Error('diffReports needs two reports of the same grouping and ports');
  }
  const afterIndex = new Map(after.endpoints.map((e, i) => [e.id, i]));
  const common = before.endpoints.flatMap((e, i) => (afterIndex.has(e.id) ? [{ id: e.id, before: i, after: afterIndex.get(e.id)! }] : []));
  const beforeIds = new Set(before.endpoints.map((e) => e.id));
  const compare = profileComparison(before, after);
  const [cellBefore, cellAfter] = [endpointCells(before), endpointCells(after)];
  const lost: PairChange[] = [];
  const gained: PairChange[] = [];
  for (const from of common) {
    for (const to of common) {
      const [b, a] = [cellBefore(from.before, to.before), cellAfter(from.after, to.after)];
      if (b < 0 || a < 0) continue;
      const change = compare(b, a);
      if (change.lost.length > 0) lost.push({ from: from.id, to: to.id, ports: change.lost });
      if (change.gained.length > 0) gained.push({ from: from.id, to: to.id, ports: change.gained });
    }
  }
  const byPair = (x: PairChange, y: PairChange) => compareStrings(x.from, y.from) || compareStrings(x.to, y.to);
  return {
    grouping: before.grouping,
    ports: before.ports,
    declaredPortsOnly: before.declaredPortsOnly,
    lost: lost.sort(byPair),
    gained: gained.sort(byPair),
    added: after.endpoints.map((e) => e.id).filter((id) => !beforeIds.has(id)).sort(compareStrings),
    removed: before.endpoints.map((e) => e.id).filter((id) => !afterIndex.has(id)).sort(compareStrings),
    compared: common.length,
  };
}

/** The losses and gains between a profile before and one after, computed once per pair of profiles. */
function profileComparison(before: MatrixReport, after: MatrixReport): (b: number, a: number) => { lost: PortChange[]; gained: PortChange[] } {
  const cache = new Map<number, { lost: PortChange[]; gained: PortChange[] }>();
  return (b, a) => {
    const key = b * after.profiles.length + a;
    let change = cache.get(key);
    if (!change) {
      const [was, is] = [before.profiles[b].statuses, after.profiles[a].statuses];
      change = { lost: [], gained: [] };
      for (let k = 0; k < before.ports.length; k++) {
        if (!(was[k] in RANK) || !(is[k] in RANK) || was[k] === is[k]) continue;
        const entry = { port: before.ports[k], before: was[k] as PortStatus, after: is[k] as PortStatus };
        (RANK[is[k]] < RANK[was[k]] ? change.lost : change.gained).push(entry);
      }
      cache.set(key, change);
    }
    return change;
  };
}

/** How many (source, destination, port) connections a list of changes holds. */
export function connectionCount(changes: readonly PairChange[]): number {
  return changes.reduce((total, change) => total + change.ports.length, 0);
}
