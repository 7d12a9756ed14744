import { LintContext, LintRule, RuleHit } from '../rule';
import { clusterRuleField, describePlaced, samePriorityConflicts } from './support/cnp-matching';

/** Two ClusterNetworkPolicies of one tier and priority that may decide the same traffic differently. */
export const cnpSamePriorityOverlap: LintRule = {
  id: 'cnp-same-priority-overlap',
  severity: 'warning',
  title: 'ClusterNetworkPolicies with the same tier and priority that overlap with different actions',
  explanation: 'When two ClusterNetworkPolicies of one tier share a priority and both match a connection, "the implementation can apply any of the matching policies": one plugin accepts what another denies, and the same plugin may change its mind after a restart. Reported when the subjects, peers and ports are not provably disjoint (different namespace names, contradicting labels, separate CIDRs or ports) and the actions differ.',
  fix: 'Give the two policies different priorities (a lower number applies first).',
  example: 'two Admin policies at priority 10 on `namespaces: {}`: one Accepts from namespace monitoring, the other Denies from every namespace',
  check({ model }: LintContext): RuleHit[] {
    return samePriorityConflicts(model.clusterPolicies).map(({ first, second }) => ({
      clusterPolicy: second.policy,
      field: clusterRuleField(second.direction, second.rule),
      info: `has the same tier and priority (${second.policy.tier}, ${second.policy.priority}) as ClusterNetworkPolicy ${first.policy.name}, and both may match the same traffic with different actions: ${describePlaced(first)} (${first.rule.action}) and ${describePlaced(second)} (${second.rule.action}); the plugin may apply either`,
      fix: `give ${second.policy.name} or ${first.policy.name} another priority: the one that should win gets the lower number`,
    }));
  },
};
