import { CompiledPolicy } from '../evaluator/policy';

/** A NetworkPolicy or ClusterNetworkPolicy: what a suppression annotation sits on. */
export type AnnotatedPolicy = Pick<CompiledPolicy, 'object'>;

/** Annotation prefix: `netpol.cdk8s.io/suppress.<rule-id>: "<reason>"` on a NetworkPolicy or ClusterNetworkPolicy. */
export const SUPPRESS_ANNOTATION_PREFIX = 'netpol.cdk8s.io/suppress.';

/** Suppressions need a reason a reviewer can judge; shorter ones are findings themselves. */
export const MIN_REASON_LENGTH = 10;

/** A suppression given in code (or a config file) rather than as an annotation. */
export interface Suppression {
  readonly ruleId: string;
  /** `ns/name` of the policy or object; undefined suppresses the rule everywhere. */
  readonly target?: string;
  readonly reason: string;
}

export interface SuppressionMatch {
  readonly reason: string;
  readonly by: 'annotation' | 'option';
}

/** The suppression that covers a rule on a policy or object, if any (annotations first). */
export function findSuppression(
  ruleId: string, target: string | undefined, policy: AnnotatedPolicy | undefined, options: readonly Suppression[],
): SuppressionMatch | undefined {
  const annotation = policy ? annotationReason(policy, ruleId) : undefined;
  if (annotation !== undefined) return { reason: annotation, by: 'annotation' };
  const option = options.find((s) => s.ruleId === ruleId && (s.target === undefined || s.target === target));
  return option ? { reason: option.reason, by: 'option' } : undefined;
}

export function annotationReason(policy: AnnotatedPolicy, ruleId: string): string | undefined {
  const annotations = policy.object.metadata?.annotations;
  const value = annotations && typeof annotations === 'object' ? annotations[`${SUPPRESS_ANNOTATION_PREFIX}${ruleId}`] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Every suppression annotation on a policy, as [ruleId, reason]. */
export function annotatedSuppressions(policy: AnnotatedPolicy): Array<[string, string]> {
  const annotations = policy.object.metadata?.annotations ?? {};
  return Object.keys(annotations)
    .filter((key) => key.startsWith(SUPPRESS_ANNOTATION_PREFIX))
    .sort()
    .map((key) => [key.slice(SUPPRESS_ANNOTATION_PREFIX.length), String(annotations[key])]);
}
