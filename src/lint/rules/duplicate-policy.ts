import { CompiledPolicy } from '../../evaluator/policy';
import { compareStrings } from '../../evaluator/text';
import { LintContext, LintRule, RuleHit } from '../rule';

/** Policies in one namespace with identical specs. */
export const duplicatePolicy: LintRule = {
  id: 'duplicate-policy',
  severity: 'info',
  title: 'Policy with the same spec as another',
  explanation: 'Two policies in one namespace with the same spec allow and isolate exactly the same traffic. One of them is a leftover (a copy, or a rename that kept the old object), and the next change will likely be made to only one of them.',
  fix: 'Delete one of the two policies.',
  example: 'allow-frontend and allow-frontend-old in namespace app with the same spec',
  check({ model }: LintContext): RuleHit[] {
    const groups = new Map<string, CompiledPolicy[]>();
    for (const policy of model.policies) {
      const key = `${policy.namespace}\u0000${canonicalJson(policy.object.spec ?? {})}`;
      groups.set(key, [...(groups.get(key) ?? []), policy]);
    }
    return [...groups.values()]
      .filter((group) => group.length > 1)
      .flatMap((group) => {
        const [first, ...copies] = [...group].sort((a, b) => compareStrings(a.name, b.name));
        return copies.map((policy) => ({
          policy,
          field: 'spec',
          info: `has the same spec as NetworkPolicy ${first.id}: one of them is redundant`,
          fix: `delete ${policy.id} or ${first.id}`,
        }));
      });
  },
};

/** JSON with object keys sorted, so equal specs written in another key order compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
