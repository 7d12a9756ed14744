import { DIRECTIONS } from '../../evaluator/policy';
import { LintContext, LintRule, RuleHit } from '../rule';
import { allowsAll, ruleField } from './support/selection';

/** A rule with neither peers nor ports (`{}`), beside narrow rules of the same direction. */
export const hiddenAllowAll: LintRule = {
  id: 'hidden-allow-all',
  severity: 'warning',
  title: 'Allow-all rule hidden in a narrow policy',
  explanation: 'A rule with no from/to and no ports allows every source (or destination) on every port, and rules are ORed: one `- {}` (or a rule whose peers and ports were both deleted) makes every narrow rule beside it pointless, while the policy still reads as narrow in review.',
  fix: 'Give the rule peers or ports, or delete it; if allowing everything is intended, say so in a separate policy.',
  example: '`ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}, {}]`',
  check({ model }: LintContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const policy of model.policies) {
      for (const direction of DIRECTIONS) {
        if (!policy.affects[direction]) continue;
        const rules = policy.rules[direction];
        const narrow = rules.filter((rule) => !allowsAll(rule));
        if (narrow.length === 0) continue;
        for (const rule of rules.filter(allowsAll)) {
          const others = narrow.map((r) => ruleField(direction, r)).join(', ');
          hits.push({
            policy,
            field: ruleField(direction, rule),
            info: `${ruleField(direction, rule)} has no ${direction === 'Ingress' ? 'from' : 'to'} and no ports, so it allows all ${direction.toLowerCase()} on every port for the selected pods, and ${others} ${narrow.length === 1 ? 'has' : 'have'} no effect`,
            fix: `give ${ruleField(direction, rule)} peers or ports, or delete it`,
          });
        }
      }
    }
    return hits;
  },
};
