import { DIRECTIONS } from '../../evaluator/policy';
import { LintContext, LintRule, RuleHit } from '../rule';
import { clusterRuleField } from './support/cnp-matching';

/** Pass rules in the Baseline tier: there is no tier after it to pass to. */
export const cnpBaselinePass: LintRule = {
  id: 'cnp-baseline-pass',
  severity: 'warning',
  title: 'Pass in a Baseline ClusterNetworkPolicy',
  explanation: 'Pass hands traffic to the next tier. After Baseline there is only the default, which allows: a Baseline Pass skips the Baseline rules after it and lets the traffic through, as an Accept would, while it reads like a delegation to someone else. Usually the author meant the NetworkPolicy tier, which a Baseline rule is never evaluated before.',
  fix: 'Write Accept if the traffic should be allowed, or delete the rule; to let namespaces decide, do nothing: the NetworkPolicy tier already comes before Baseline.',
  example: '`tier: Baseline` with a rule `action: Pass`',
  check({ model }: LintContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const policy of model.clusterPolicies) {
      if (policy.tier !== 'Baseline') continue;
      for (const direction of DIRECTIONS) {
        for (const rule of policy.rules[direction]) {
          if (rule.action !== 'Pass') continue;
          hits.push({
            clusterPolicy: policy,
            field: `${clusterRuleField(direction, rule)}.action`,
            info: `${direction.toLowerCase()} rule ${rule.index}${rule.name ? ` "${rule.name}"` : ''} passes traffic out of the Baseline tier, where only the default (allow) is left: it acts as an Accept`,
          });
        }
      }
    }
    return hits;
  },
};
