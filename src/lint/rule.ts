import { CompiledClusterPolicy } from '../evaluator/cluster-policy';
import { ClusterModel } from '../evaluator/model';
import { CompiledPolicy } from '../evaluator/policy';
import { PlatformProfile } from '../profile/platform-profile';

export type Severity = 'error' | 'warning' | 'info';

/** What a rule sees: the compiled cluster and where the platform's services live. */
export interface LintContext {
  readonly model: ClusterModel;
  readonly profile: PlatformProfile;
}

/** One thing a rule found, before suppressions are applied. */
export interface RuleHit {
  /** The policy it is about (suppressible by that policy's annotation), when there is one. */
  readonly policy?: CompiledPolicy;
  /** The ClusterNetworkPolicy it is about (suppressible by that policy's annotation), when there is one. */
  readonly clusterPolicy?: CompiledClusterPolicy;
  /** The object it is about when it is not a policy, e.g. `Service app/api`. */
  readonly object?: string;
  readonly source?: string;
  /** Field path inside the object, when one field is at fault. */
  readonly field?: string;
  /** Why it fired, one line, naming the concrete pods, labels and ports. */
  readonly info: string;
  /** A concrete fix for this case (overrides the rule's generic fix). */
  readonly fix?: string;
}

/**
 * A lint rule in the cdk-nag style: one small pure function per file, a stable id
 * (the file name), a severity, why it exists, and how to fix what it finds.
 */
export interface LintRule {
  /** Stable id, equal to the rule's file name under lint/rules (kebab-case). */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule looks for. */
  readonly title: string;
  /** Why the rule exists: the production symptom it prevents. */
  readonly explanation: string;
  /** The generic fix. */
  readonly fix: string;
  /** A short YAML or prose example of what fires, for the README's rule table. */
  readonly example: string;
  check(context: LintContext): RuleHit[];
}

/** A finding as reported: the hit plus the rule's identity and any suppression. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** `NetworkPolicy ns/name` or another object, for people. */
  readonly object: string;
  readonly source?: string;
  readonly field?: string;
  readonly message: string;
  readonly fix: string;
  /** Set when a suppression with a reason covers this finding. */
  readonly suppressed?: { readonly reason: string; readonly by: 'annotation' | 'option' };
}
