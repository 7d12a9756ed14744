import { DIRECTIONS } from '../../evaluator/policy';
import { podList } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';

const LISTED = 3;

/** Baseline rules that NetworkPolicies override for every pod they would apply to. */
export const cnpBaselineDead: LintRule = {
  id: 'cnp-baseline-dead',
  severity: 'info',
  title: 'Baseline ClusterNetworkPolicy rules that NetworkPolicies override for every pod',
  explanation: 'The Baseline tier applies only to pods that no NetworkPolicy selects for the direction. When every pod a Baseline policy selects is selected by a NetworkPolicy, its rules for that direction never apply: fine when the namespaces were meant to take over, surprising when the Baseline rule was meant as a floor under them (use the Admin tier for that).',
  fix: 'Move the rule to the Admin tier if it must hold whatever the namespaces write; otherwise it is a fallback for namespaces added later, and this is expected.',
  example: 'a Baseline Deny on namespace `app`, whose every pod a NetworkPolicy `default-deny` already selects',
  check({ model }: LintContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const policy of model.clusterPolicies) {
      if (policy.tier !== 'Baseline') continue;
      const subjects = model.pods.filter((pod) => model.selectionMatches(policy.subject, pod));
      if (subjects.length === 0) continue;
      for (const direction of DIRECTIONS) {
        const rules = policy.rules[direction];
        if (rules.length === 0 || !subjects.every((pod) => model.selectingPolicies(pod, direction).length > 0)) continue;
        const indices = [...new Set(subjects.flatMap((pod) => model.selectingPolicies(pod, direction)))];
        const overriding = indices.sort((a, b) => a - b).map((i) => model.policies[i].id);
        const named = rules[0].name !== undefined ? ` "${rules[0].name}"` : '';
        const described = rules.length === 1 ? `its ${direction.toLowerCase()} rule 0${named}` : `its ${rules.length} ${direction.toLowerCase()} rules`;
        hits.push({
          clusterPolicy: policy,
          field: `spec.${direction.toLowerCase()}`,
          info: `${described} never ${rules.length === 1 ? 'applies' : 'apply'}: every pod it selects (${podList(subjects, LISTED)}) is selected for ${direction.toLowerCase()} by a NetworkPolicy (${overriding.slice(0, LISTED).join(', ')}${overriding.length > LISTED ? ` and ${overriding.length - LISTED} more` : ''}), which decides first`,
        });
      }
    }
    return hits;
  },
};
