import { CompiledPolicy, Direction, DIRECTIONS } from '../../evaluator/policy';
import { LintContext, LintRule, RuleHit } from '../rule';
import { allowsAll, ruleField } from './support/selection';

/** A namespace-wide allow-all policy beside a namespace-wide default deny: the deny does nothing. */
export const defaultDenyOverridden: LintRule = {
  id: 'default-deny-overridden',
  severity: 'warning',
  title: 'Allow-all policy that voids the namespace\'s default deny',
  explanation: 'Policies are ORed: a policy that selects every pod of a namespace and allows all traffic of a direction (`podSelector: {}` with `ingress: [{}]`) undoes the default-deny policy beside it, and every narrower policy in the namespace with it. Often a debugging leftover.',
  fix: 'Delete the allow-all policy, or narrow it to the pods and peers that need it.',
  example: 'default-deny (`podSelector: {}, policyTypes: [Ingress]`) and allow-all (`podSelector: {}, ingress: [{}]`) in one namespace',
  check({ model }: LintContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const policy of model.policies) {
      for (const direction of DIRECTIONS) {
        const rules = policy.rules[direction];
        if (!policy.affects[direction] || !policy.subject.isEmpty || rules.length === 0 || !rules.every(allowsAll)) continue;
        const denies = model.policiesIn(policy.namespace).filter((other) => isDefaultDeny(other, direction));
        if (denies.length === 0) continue;
        hits.push({
          policy,
          field: ruleField(direction, rules[0]),
          info: `selects every pod of ${policy.namespace} and allows all ${direction.toLowerCase()}, which voids the default deny of ${denies.map((d) => `NetworkPolicy ${d.id}`).join(', ')} and every narrower ${direction.toLowerCase()} rule in ${policy.namespace}`,
          fix: `delete ${policy.id}, or narrow its podSelector and ${ruleField(direction, rules[0])} to what needs the traffic`,
        });
      }
    }
    return hits;
  },
};

function isDefaultDeny(policy: CompiledPolicy, direction: Direction): boolean {
  return policy.affects[direction] && policy.subject.isEmpty && policy.rules[direction].length === 0;
}
