import { FlowSpec } from '../evaluator/flows';
import { compareStrings } from '../evaluator/text';

/** Why a list of flows cannot be turned into policies. */
export type ConflictCode =
  /** An allow flow whose ends both lie outside the scope, and which is denied today. */
  | 'outside-scope'
  /** An allow flow whose end outside the scope denies it today (its namespace's policies). */
  | 'denied-outside-scope'
  /** A deny flow whose ends both lie outside the scope, and which is allowed today. */
  | 'allowed-outside-scope'
  /** No label selector picks exactly the pods an endpoint stands for. */
  | 'unselectable'
  /** A deny flow from a pod to itself: plugins never block that. */
  | 'self-traffic'
  /** A host-network pod without a known IP as the peer of a scoped pod: no selector matches it, no ipBlock can name it. */
  | 'host-network'
  /** A range of external addresses that holds pod IPs: its ipBlock would admit those pods too. */
  | 'range-covers-pods'
  /** A range whose `except` removes every address. */
  | 'empty-range'
  /** An allow flow to a Service that selects no pod. */
  | 'service-without-pods'
  /** A deny flow that the rules serving an allow flow admit too: no policy tells them apart. */
  | 'indistinguishable'
  /** A policy or ClusterNetworkPolicy the generator keeps allows what the list does not. */
  | 'existing-policy-allows'
  /** An allow flow that still does not hold with the generated policies (e.g. an Admin ClusterNetworkPolicy denies it). */
  | 'does-not-hold';

/** One reason the list cannot be satisfied, naming the flows involved. */
export interface FlowConflict {
  readonly code: ConflictCode;
  /** The flows involved, as `flows[2] "frontend reaches api"`, in file order. */
  readonly flows: string[];
  /** One line for people. */
  readonly message: string;
  /** What would make the list satisfiable, when there is one thing to do. */
  readonly hint?: string;
}

/**
 * Thrown when the flows cannot all hold with least-privilege policies: an allow and a deny that
 * no NetworkPolicy tells apart, a flow the scope cannot reach, a policy that is kept and allows
 * more. Lists every conflict, sorted; nothing is generated.
 */
export class UnsatisfiableFlowsError extends Error {
  public readonly conflicts: FlowConflict[];

  constructor(conflicts: readonly FlowConflict[]) {
    const sorted = sortConflicts(conflicts);
    super(`the flows cannot all hold with least-privilege policies:\n${sorted.map(formatConflict).join('\n')}`);
    this.name = 'UnsatisfiableFlowsError';
    this.conflicts = sorted;
  }
}

/**
 * Thrown when the generated policies fail their own re-check (validation, lint errors, a flow,
 * isolation or least privilege): a bug in the generator, never printed as output.
 */
export class GeneratedPoliciesCheckError extends Error {
  public readonly failures: string[];

  constructor(failures: readonly string[]) {
    super(`the generated policies failed their re-check:\n${failures.join('\n')}`);
    this.name = 'GeneratedPoliciesCheckError';
    this.failures = [...failures];
  }
}

/** `flows[2] "frontend reaches api"`: how conflicts name a flow. */
export function flowLabel(spec: FlowSpec): string {
  return `flows[${spec.index}] "${spec.name}"`;
}

export function formatConflict(conflict: FlowConflict): string {
  return `${conflict.code}: ${conflict.message}${conflict.hint ? ` (${conflict.hint})` : ''}`;
}

function sortConflicts(conflicts: readonly FlowConflict[]): FlowConflict[] {
  const firstIndex = (c: FlowConflict) => Math.min(...c.flows.map((f) => Number(/^flows\[(\d+)\]/.exec(f)?.[1] ?? Infinity)));
  const seen = new Set<string>();
  return [...conflicts]
    .sort((a, b) => firstIndex(a) - firstIndex(b) || compareStrings(a.code, b.code) || compareStrings(a.message, b.message))
    .filter((c) => {
      const key = formatConflict(c);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
