import { DIRECTIONS } from '../../evaluator/policy';
import { LintContext, LintRule, RuleHit } from '../rule';

/** Rules of a direction that the explicit policyTypes leaves out: kept by the API server, ignored by every plugin. */
export const policyTypesIgnoreRules: LintRule = {
  id: 'policy-types-ignore-rules',
  severity: 'warning',
  title: 'Rules for a direction that policyTypes leaves out',
  explanation: 'When spec.policyTypes is given, it alone says which directions the policy affects: spec.egress rules in a policy with `policyTypes: [Ingress]` (or ingress rules with `[Egress]`) are stored and then ignored. The author meant them to apply; meanwhile the listed direction may be isolated with nothing allowed.',
  fix: 'Add the direction to spec.policyTypes (remember DNS when adding Egress), or delete the rules.',
  example: '`policyTypes: [Ingress]` with an `egress:` section',
  check({ model }: LintContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const policy of model.policies) {
      const explicit = policy.object.spec?.policyTypes;
      if (!Array.isArray(explicit) || explicit.length === 0) continue;
      for (const direction of DIRECTIONS) {
        const rules = policy.rules[direction];
        if (policy.affects[direction] || rules.length === 0) continue;
        const section = `spec.${direction.toLowerCase()}`;
        hits.push({
          policy,
          field: 'spec.policyTypes',
          info: `${section} has ${rules.length === 1 ? '1 rule' : `${rules.length} rules`}, but spec.policyTypes ${JSON.stringify(explicit)} leaves out ${direction}: every plugin ignores them`,
          fix: `add "${direction}" to spec.policyTypes${direction === 'Egress' ? ' (and allow DNS: this isolates egress)' : ''}, or delete ${section}`,
        });
      }
    }
    return hits;
  },
};
