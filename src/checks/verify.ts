import { formatProblem, InputError } from '../evaluator/errors';
import { CheckReport, checkFlows, FlowReport, parseFlowsDocument, resolveFlows } from '../evaluator/flows';
import { SourcedObject } from '../evaluator/kube';
import { ClusterModel } from '../evaluator/model';
import { Finding } from '../lint/rule';
import { activeFindings, runLint } from '../lint/run';
import { Suppression } from '../lint/suppressions';
import { PlatformProfile, UPSTREAM_PROFILE } from '../profile/platform-profile';
import { platformStandIns } from '../profile/stand-ins';
import { validateManifests } from '../validation';

export interface VerifyOptions {
  /** Where DNS, the ingress controller and monitoring live. @default the upstream profile */
  readonly profile?: PlatformProfile;
  /** Lint rule ids whose findings fail synth instead of warning. */
  readonly lintErrorRules?: readonly string[];
  readonly suppressions?: readonly Suppression[];
  /** Skip lint entirely. @default false */
  readonly skipLint?: boolean;
}

/** Everything the synth-time checks found, for messages and for users' own tests. */
export interface Verification {
  /** Invalid manifests, flows that do not hold, lint errors: each fails synth. */
  readonly errors: string[];
  /** Lint warnings (not suppressed). */
  readonly warnings: string[];
  /** The flows' verdicts; undefined when the manifests or flows could not be evaluated. */
  readonly report?: CheckReport;
  readonly findings: Finding[];
}

/**
 * Validates the manifests, evaluates the declared flows and runs lint, all with the same
 * code as `netpol check` / `netpol lint`. Pure: objects in, messages out.
 */
export function verify(objects: readonly SourcedObject[], flowsDocument: unknown, options: VerifyOptions = {}): Verification {
  const profile = options.profile ?? UPSTREAM_PROFILE;
  const invalid = validateManifests([...objects]);
  if (invalid.length > 0) return { errors: invalid.map(formatProblem), warnings: [], findings: [] };
  let model: ClusterModel;
  let report: CheckReport;
  const standIns = platformStandIns(profile, objects);
  try {
    model = ClusterModel.build([...objects, ...standIns]);
    report = checkFlows(model, resolveFlows(model, parseFlowsDocument(flowsDocument, 'declared flows'), 'declared flows'));
  } catch (error) {
    if (error instanceof InputError) return { errors: error.problems.map(formatProblem), warnings: [], findings: [] };
    throw error;
  }
  const errors = report.flows.filter((f) => !f.ok).map(describeFailure);
  // At synth, lint warns; only the rules the user names fail the build.
  const failing = new Set(options.lintErrorRules ?? []);
  const linted = options.skipLint ? [] : activeFindings(runLint(model, { profile, suppressions: options.suppressions }));
  const findings = linted.filter((f) => !aboutStandIns(f, standIns, objects));
  const render = (f: Finding) => `lint ${f.ruleId} (${f.severity}): ${f.object}${f.field ? ` ${f.field}` : ''}: ${f.message} (fix: ${f.fix})`;
  const fails = (f: Finding) => failing.has(f.ruleId) || f.ruleId === 'invalid-suppression';
  errors.push(...findings.filter(fails).map(render));
  const warnings = findings.filter((f) => !fails(f) && f.severity !== 'info').map(render);
  return { errors, warnings, report, findings };
}

/**
 * The profile's stand-in pods are there to be talked to, not judged: a finding about a
 * namespace only they occupy, or about a stand-in itself, is not the app's.
 */
function aboutStandIns(finding: Finding, standIns: readonly SourcedObject[], objects: readonly SourcedObject[]): boolean {
  if (standIns.some((s) => s.source === finding.source)) return true;
  const match = /^Namespace (\S+)$/.exec(finding.object);
  if (!match) return false;
  const occupiedByApp = objects.some(({ object }) => (object?.metadata?.namespace ?? 'default') === match[1] || (object?.kind === 'Namespace' && object?.metadata?.name === match[1]));
  return !occupiedByApp && standIns.some(({ object }) => object.metadata.namespace === match[1]);
}

/** `flow "frontend reaches api": expected allow, got deny: <reasons>` */
export function describeFailure(flow: FlowReport): string {
  const why = flow.reasons.length ? `: ${flow.reasons.join('; ')}` : '';
  return `flow "${flow.name}": expected ${flow.expect}, got ${flow.verdict}${why}`;
}
