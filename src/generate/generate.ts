import { GeneratedPoliciesCheckError, UnsatisfiableFlowsError } from './conflicts';
import { flowEnds } from './ends';
import { planPolicies } from './plan';
import { preflight } from './preflight';
import { recheck } from './recheck';
import { GENERATOR_NAME, MANAGED_BY_LABEL, RenderedPolicy, renderPolicies } from './render';
import { resolveScope } from './scope';
import { Selections } from './selection';
import { countConnections, WorkloadConnections } from './workload-report';
import { CheckReport, FlowSpec, resolveFlows } from '../evaluator/flows';
import { KubeObject, namespaceOf, SourcedObject } from '../evaluator/kube';
import { ClusterModel } from '../evaluator/model';
import { PlatformProfile, UPSTREAM_PROFILE } from '../profile/platform-profile';

export interface GenerateOptions {
  /** Where the cluster DNS answers. @default the upstream profile */
  readonly profile?: PlatformProfile;
  /**
   * The namespaces whose pods the policies isolate.
   * @default every namespace in which a flow starts or ends at a pod or workload of the manifests
   */
  readonly scope?: readonly string[];
  /** Let every isolated pod query the cluster DNS (UDP and TCP, and the profile's DNS addresses). @default true */
  readonly dns?: boolean;
  /** The flows file, for messages. @default "flows file" */
  readonly flowsSource?: string;
  /** Count each scoped workload's connections before and after (`--report`); costs a second census. @default false */
  readonly report?: boolean;
}

/** A policy of the manifests that the output replaces when applied. */
export interface ReplacedPolicy {
  /** `ns/name`. */
  readonly id: string;
  /** `same-name`: a generated policy has its name; `previous-output`: an earlier run generated it and this one does not. */
  readonly reason: 'same-name' | 'previous-output';
}

export interface GenerateResult {
  /** The NetworkPolicy objects, sorted by namespace and name. */
  readonly policies: KubeObject[];
  readonly scope: string[];
  /** Policies of the manifests the output replaces (kept ones are evaluated with it), sorted. */
  readonly replaced: ReplacedPolicy[];
  /** Every flow's verdict with the generated policies (`netpol check --output json`'s shape). */
  readonly check: CheckReport;
  /** What least privilege was checked over. */
  readonly checkedSpace: { readonly pods: number; readonly ports: number; readonly externalBlocks: number };
  /** Per scoped workload, connections before and after (with `report: true`). */
  readonly connections?: WorkloadConnections[];
}

/**
 * Least-privilege NetworkPolicies for a list of flows, proven before they are returned.
 *
 * For the scope's namespaces it writes `default-deny` (every pod isolated both ways), `allow-dns`
 * (unless `dns: false`), and for each allow flow an egress policy at its source and an ingress
 * policy at its destination, for each end in the scope. Selectors name workloads by their
 * selector, Pods by the fewest of their labels that pick them out, namespaces by
 * `kubernetes.io/metadata.name`; addresses become ipBlocks.
 *
 * Existing policies are kept and evaluated with the new ones (the output adds to them), except
 * those it replaces: policies with the name of a generated one, and in the scope the output of an
 * earlier run (label `app.kubernetes.io/managed-by: netpol-generate`).
 *
 * Then it re-checks everything with the evaluator, validator and lint (see `recheck`). Throws
 * `UnsatisfiableFlowsError` listing every conflict when the list cannot hold,
 * `GeneratedPoliciesCheckError` when its own output fails the re-check, and `InputError` on
 * malformed manifests or flows.
 */
export function generatePolicies(objects: readonly SourcedObject[], flows: readonly FlowSpec[], options: GenerateOptions = {}): GenerateResult {
  const profile = options.profile ?? UPSTREAM_PROFILE;
  const dns = options.dns ?? true;
  const flowsSource = options.flowsSource ?? 'flows file';
  const model = ClusterModel.build(objects);
  const selections = new Selections(model);
  const ends = flowEnds(resolveFlows(model, flows, flowsSource), selections);
  const scope = resolveScope(model, ends, options.scope);
  const scopeSet = new Set(scope);
  const before = preflight(model, ends, scopeSet);
  const rendered = renderPolicies(planPolicies(ends, scopeSet, before.skip, dns ? profile.dns : undefined), scope, profile, dns);
  const { kept, replaced } = replacePolicies(objects, rendered, scopeSet);
  const finalModel = ClusterModel.build([...kept, ...rendered.map(({ object, id }) => ({ object, source: `generated ${id}` }))]);
  const after = recheck({
    model: finalModel,
    flows,
    flowsSource,
    ends,
    scope: scopeSet,
    policies: rendered,
    profile,
    dns,
    skip: before.skip,
    alsoCompare: options.report ? [model] : [],
  });
  if (after.failures.length > 0) throw new GeneratedPoliciesCheckError(after.failures);
  const conflicts = [...before.conflicts, ...after.conflicts];
  if (conflicts.length > 0) throw new UnsatisfiableFlowsError(conflicts);
  return {
    policies: rendered.map((p) => p.object),
    scope,
    replaced,
    check: after.report,
    checkedSpace: { pods: after.space.scoped.length, ports: after.space.ports.length, externalBlocks: after.space.externals.length },
    ...(options.report ? { connections: countConnections(model, finalModel, after.space, after.intent, selections) } : {}),
  };
}

/** The manifests minus the policies the output replaces (by name, or earlier output in the scope). */
function replacePolicies(
  objects: readonly SourcedObject[], rendered: readonly RenderedPolicy[], scope: ReadonlySet<string>,
): { kept: SourcedObject[]; replaced: ReplacedPolicy[] } {
  const generatedIds = new Set(rendered.map((p) => p.id));
  const kept: SourcedObject[] = [];
  const replaced = new Map<string, ReplacedPolicy>();
  for (const sourced of objects) {
    const { object } = sourced;
    if (object?.kind !== 'NetworkPolicy') {
      kept.push(sourced);
      continue;
    }
    const id = `${namespaceOf(object)}/${object.metadata?.name}`;
    if (generatedIds.has(id)) {
      replaced.set(id, { id, reason: 'same-name' });
    } else if (scope.has(namespaceOf(object)) && object.metadata?.labels?.[MANAGED_BY_LABEL] === GENERATOR_NAME) {
      replaced.set(id, { id, reason: 'previous-output' });
    } else {
      kept.push(sourced);
    }
  }
  return { kept, replaced: [...replaced.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}
