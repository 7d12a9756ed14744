import { DIRECTIONS } from '../../evaluator/policy';
import { LintContext, LintRule, RuleHit } from '../rule';
import { clusterRuleField, describePlaced, PlacedRule, precedingRules, shadowingRules } from './support/cnp-matching';

/** ClusterNetworkPolicy rules that earlier rules always match first, so they never apply. */
export const cnpShadowedRule: LintRule = {
  id: 'cnp-shadowed-rule',
  severity: 'warning',
  title: 'ClusterNetworkPolicy rule that an earlier rule always matches first',
  explanation: 'In a ClusterNetworkPolicy tier the first matching rule decides: rules in written order within a policy, policies by priority. A rule whose every peer and port an earlier rule (of its own policy, or of a policy of its tier with a lower priority number that selects all its pods) already matches can never apply: usually a Deny written after the Accept it was meant to limit, or an exception placed after the rule it was meant to carve out of. Reported only when the coverage is certain from the selectors, CIDRs, names and ports themselves.',
  fix: 'Move the rule before the rule that shadows it (or give its policy a lower priority number), or delete it.',
  example: 'ingress rule 0 Accept from `namespaces: {}`, then rule 1 Deny from namespace `untrusted`',
  check({ model }: LintContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const policy of model.clusterPolicies) {
      for (const direction of DIRECTIONS) {
        for (const rule of policy.rules[direction]) {
          const shadows = shadowingRules(rule, precedingRules(model.clusterPolicies, policy, direction, rule));
          if (!shadows) continue;
          const inPolicy = shadows.every((s) => s.policy === policy);
          hits.push({
            clusterPolicy: policy,
            field: clusterRuleField(direction, rule),
            info: `${direction.toLowerCase()} rule ${rule.index}${rule.name ? ` "${rule.name}"` : ''} (${rule.action}) can never apply: ${describeShadows(shadows)} already ${shadows.length === 1 ? 'matches' : 'match'} all of its peers and ports`,
            fix: inPolicy
              ? `move it before ${describeShadows(shadows)}, or delete it`
              : `give ${policy.name} a lower priority number than ${[...new Set(shadows.filter((s) => s.policy !== policy).map((s) => s.policy.name))].join(', ')}, narrow the shadowing rule, or delete this one`,
          });
        }
      }
    }
    return hits;
  },
};

function describeShadows(shadows: readonly PlacedRule[]): string {
  return shadows.map((s) => `${describePlaced(s)} (${s.rule.action})`).join(' and ');
}
