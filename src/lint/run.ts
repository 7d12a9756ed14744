import { Finding, LintRule, RuleHit, Severity } from './rule';
import { ALL_RULES } from './rules';
import { annotatedSuppressions, findSuppression, MIN_REASON_LENGTH, Suppression } from './suppressions';
import { ClusterModel } from '../evaluator/model';
import { compareStrings } from '../evaluator/text';
import { PlatformProfile, UPSTREAM_PROFILE } from '../profile/platform-profile';

export interface LintOptions {
  /** Where DNS, the ingress controller and monitoring live. @default the upstream profile */
  readonly profile?: PlatformProfile;
  /** Suppressions given in code; each needs a reason of at least 10 characters. */
  readonly suppressions?: readonly Suppression[];
  /** Rule ids whose findings count as errors whatever their severity. */
  readonly errorRules?: readonly string[];
  /** The rules to run. @default every rule */
  readonly rules?: readonly LintRule[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Runs every rule over the model and returns the findings, sorted, suppressions applied. */
export function runLint(model: ClusterModel, options: LintOptions = {}): Finding[] {
  const context = { model, profile: options.profile ?? UPSTREAM_PROFILE };
  const suppressions = options.suppressions ?? [];
  const errorRules = new Set(options.errorRules ?? []);
  const rules = options.rules ?? ALL_RULES;
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const hit of rule.check(context)) findings.push(toFinding(rule, hit, suppressions, errorRules));
  }
  findings.push(...suppressionProblems(model, suppressions, new Set(rules.map((r) => r.id))));
  return sortFindings(findings);
}

function toFinding(rule: LintRule, hit: RuleHit, suppressions: readonly Suppression[], errorRules: ReadonlySet<string>): Finding {
  const target = hit.policy ? hit.policy.id : hit.clusterPolicy ? hit.clusterPolicy.name : hit.object?.replace(/^\S+ /, '');
  const annotated = hit.policy ?? hit.clusterPolicy;
  const match = findSuppression(rule.id, target, annotated, suppressions);
  const usable = match && match.reason.trim().length >= MIN_REASON_LENGTH ? match : undefined;
  return {
    ruleId: rule.id,
    severity: errorRules.has(rule.id) ? 'error' : rule.severity,
    object: hit.policy ? `NetworkPolicy ${hit.policy.id}` : hit.clusterPolicy ? `ClusterNetworkPolicy ${hit.clusterPolicy.name}` : hit.object ?? 'cluster',
    source: hit.source ?? annotated?.source,
    field: hit.field,
    message: hit.info,
    fix: hit.fix ?? rule.fix,
    ...(usable ? { suppressed: usable } : {}),
  };
}

/** A suppression without a real reason, or for a rule that does not exist, is itself an error. */
function suppressionProblems(model: ClusterModel, options: readonly Suppression[], ruleIds: ReadonlySet<string>): Finding[] {
  const problems: Finding[] = [];
  const check = (ruleId: string, reason: string, object: string, source: string | undefined, field: string | undefined) => {
    if (!ruleIds.has(ruleId)) {
      problems.push({ ruleId: 'invalid-suppression', severity: 'error', object, source, field, message: `suppresses unknown rule "${ruleId}"`, fix: `use one of: ${[...ruleIds].sort().join(', ')}` });
    } else if (reason.trim().length < MIN_REASON_LENGTH) {
      problems.push({ ruleId: 'invalid-suppression', severity: 'error', object, source, field, message: `suppression of "${ruleId}" needs a reason of at least ${MIN_REASON_LENGTH} characters (got ${JSON.stringify(reason)})`, fix: 'say why the finding does not apply here, for the next reviewer' });
    }
  };
  for (const policy of model.policies) {
    for (const [ruleId, reason] of annotatedSuppressions(policy)) {
      check(ruleId, reason, `NetworkPolicy ${policy.id}`, policy.source, `metadata.annotations.netpol.cdk8s.io/suppress.${ruleId}`);
    }
  }
  for (const policy of model.clusterPolicies) {
    for (const [ruleId, reason] of annotatedSuppressions(policy)) {
      check(ruleId, reason, `ClusterNetworkPolicy ${policy.name}`, policy.source, `metadata.annotations.netpol.cdk8s.io/suppress.${ruleId}`);
    }
  }
  options.forEach((s, i) => check(s.ruleId, s.reason, s.target ?? 'cluster', undefined, `suppressions[${i}]`));
  return problems;
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
    || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.object, b.object) || compareStrings(a.field ?? '', b.field ?? '') || compareStrings(a.message, b.message));
}

/** Findings that still count: not suppressed. */
export function activeFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}
