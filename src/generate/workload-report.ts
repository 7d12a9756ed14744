import { ConnectionSpace, forEachConnection } from './connections';
import { FlowIntent } from './intent';
import { Selections } from './selection';
import { ClusterModel } from '../evaluator/model';
import { compareStrings } from '../evaluator/text';

/** Connections in and out of one direction's worth of pods. */
export interface ConnectionCount {
  /** Connections into the workload's pods (from a pod or an external address, on a port). */
  readonly ingress: number;
  /** Connections out of them. */
  readonly egress: number;
}

/** What the generated policies changed for one workload of the scope. */
export interface WorkloadConnections {
  /** `app/api (Deployment)`, or a Pod that no workload selects. */
  readonly workload: string;
  readonly pods: number;
  readonly before: ConnectionCount;
  readonly after: ConnectionCount;
  /** Connections allowed after generation that no flow (and not DNS) lists: zero once generation succeeds. */
  readonly beyondList: number;
}

/**
 * Per scoped workload, the connections its pods have before and after generation, counted over the
 * same space as least privilege (every other pod and each block of named external addresses, on
 * every port of the model), and those beyond the list.
 */
export function countConnections(
  before: ClusterModel, after: ClusterModel, space: ConnectionSpace, intent: FlowIntent, selections: Selections,
): WorkloadConnections[] {
  const owners = new Map<number, string>(space.scoped.map((index) => [index, selections.ownerOf(after.pods[index])]));
  const rows = new Map<string, { pods: number; before: Counter; after: Counter; beyondList: number }>();
  for (const owner of owners.values()) {
    const row = rows.get(owner) ?? { pods: 0, before: new Counter(), after: new Counter(), beyondList: 0 };
    row.pods++;
    rows.set(owner, row);
  }
  const tally = (model: ClusterModel, pick: (row: NonNullable<ReturnType<typeof rows.get>>) => Counter, checkList: boolean) => {
    forEachConnection(model, space, (connection) => {
      const beyond = checkList && !intent.lists(connection);
      const count = (pod: number, direction: 'ingress' | 'egress') => {
        const owner = owners.get(pod);
        if (owner === undefined) return;
        const row = rows.get(owner)!;
        pick(row)[direction]++;
        if (beyond) row.beyondList++;
      };
      if (connection.kind === 'pods') {
        count(connection.from, 'egress');
        count(connection.to, 'ingress');
      } else {
        count(connection.pod, connection.kind);
      }
    });
  };
  tally(before, (row) => row.before, false);
  tally(after, (row) => row.after, true);
  return [...rows.keys()].sort(compareStrings).map((workload) => {
    const row = rows.get(workload)!;
    return { workload, pods: row.pods, before: row.before.toJson(), after: row.after.toJson(), beyondList: row.beyondList };
  });
}

class Counter {
  public ingress = 0;
  public egress = 0;

  public toJson(): ConnectionCount {
    return { ingress: this.ingress, egress: this.egress };
  }
}
