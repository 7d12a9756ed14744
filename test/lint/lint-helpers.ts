import { KubeObject } from '../../src/evaluator/kube';
import { Finding, LintOptions, LintRule, runLint } from '../../src/lint';
import { SUPPRESS_ANNOTATION_PREFIX } from '../../src/lint/suppressions';
import { UPSTREAM_PROFILE } from '../../src/profile/platform-profile';
import { cluster } from '../support/builders';

/** The findings of one rule on these objects (no other rule runs; bad suppressions still show). */
export function lint(rule: LintRule, objects: readonly KubeObject[], options: Omit<LintOptions, 'rules'> = {}): Finding[] {
  return runLint(cluster(objects), { ...options, rules: [rule] });
}

/** The same findings, only those of the rule itself. */
export function findingsOf(rule: LintRule, objects: readonly KubeObject[], options: Omit<LintOptions, 'rules'> = {}): Finding[] {
  return lint(rule, objects, options).filter((f) => f.ruleId === rule.id);
}

/** A copy of a NetworkPolicy object with a suppression annotation for `ruleId`. */
export function suppressed(policyObject: KubeObject, ruleId: string, reason: string): KubeObject {
  const metadata = policyObject.metadata ?? {};
  return { ...policyObject, metadata: { ...metadata, annotations: { ...(metadata.annotations ?? {}), [`${SUPPRESS_ANNOTATION_PREFIX}${ruleId}`]: reason } } };
}

/** A peer selecting the DNS pods of the upstream profile. */
export const KUBE_DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': UPSTREAM_PROFILE.dns.namespace } },
  podSelector: { matchLabels: { ...UPSTREAM_PROFILE.dns.podLabels } },
};
