import { describePod } from '../../evaluator/endpoint';
import { CompiledPolicy, DIRECTIONS } from '../../evaluator/policy';
import { podList } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';
import { closestLabel, describeSelector, labelPairs } from './support/selection';

/** A policy whose podSelector matches none of the pods in its namespace. */
export const policySelectsNothing: LintRule = {
  id: 'policy-selects-nothing',
  severity: 'warning',
  title: 'Policy that selects no pod',
  explanation: 'A policy isolates and allows traffic only for the pods its spec.podSelector matches in its own namespace. One that matches none has no effect at all: the pods it was written for stay open (or stay blocked by other policies).',
  fix: 'Make spec.podSelector match the labels of the pod template, and put the policy in the namespace of the pods.',
  example: '`podSelector: {matchLabels: {app: api}}` in a namespace whose pods carry app=backend',
  check({ model }: LintContext): RuleHit[] {
    const selectsSome = new Set<number>();
    for (const pod of model.pods) {
      for (const direction of DIRECTIONS) model.selectingPolicies(pod, direction).forEach((index) => selectsSome.add(index));
    }
    const hits: RuleHit[] = [];
    for (const policy of model.policies) {
      const pods = model.podsInNamespace(policy.namespace);
      // No pods in the manifests for this namespace: nothing to judge by.
      if (pods.length === 0 || selectsSome.has(policy.index)) continue;
      const hostNetwork = pods.filter((pod) => policy.subject.matches(pod.labels)).map(describePod);
      hits.push({ policy, field: 'spec.podSelector', info: describeMiss(policy, hostNetwork, pods.length, podList(pods)), fix: fixFor(policy, labelPairs(pods)) });
    }
    return hits;
  },
};

function describeMiss(policy: CompiledPolicy, hostNetworkPods: readonly string[], count: number, names: string): string {
  const selector = describeSelector(policy.subject);
  if (hostNetworkPods.length > 0) {
    return `spec.podSelector ${selector} matches only the host-network pods ${hostNetworkPods.join(', ')}, which NetworkPolicies never select: the policy has no effect`;
  }
  return `spec.podSelector ${selector} matches none of the ${count} pods in namespace ${policy.namespace} (${names}): the policy has no effect`;
}

function fixFor(policy: CompiledPolicy, carried: readonly string[]): string {
  const guesses = policy.subject.requiredPairs
    .filter(([key, value]) => !carried.includes(`${key}=${value}`))
    .map(([key, value]) => ({ wanted: `${key}=${value}`, guess: closestLabel(key, value, carried) }))
    .filter((g) => g.guess !== undefined);
  if (guesses.length > 0) return guesses.map((g) => `change ${g.wanted} to ${g.guess}`).join('; ');
  return `select labels the pods carry (pods in ${policy.namespace} carry ${carried.slice(0, 8).join(', ')}${carried.length > 8 ? ', ...' : ''})`;
}
