import { LintContext, LintRule, RuleHit } from '../rule';
import { clusterRuleField } from './support/cnp-matching';

/** domainNames peers in Deny or Pass rules, which the API documents as unsupported. */
export const cnpDomainNamesNotAccept: LintRule = {
  id: 'cnp-domain-names-not-accept',
  severity: 'error',
  title: 'ClusterNetworkPolicy domainNames in a Deny or Pass rule',
  explanation: 'ClusterNetworkPolicy `domainNames` are "only supported for Accept rules": plugins learn a name\'s addresses from the DNS answers the pod receives, which cannot be relied on to block a name (the pod may resolve it elsewhere, or reach the host by address). The CRD does not refuse such a rule, so the Deny looks enforced while it may not be.',
  fix: 'Write an allowlist instead: Accept the domain names, then Deny egress to `networks: [0.0.0.0/0, ::/0]` in a later rule or policy.',
  example: '`action: Deny` with `to: [{domainNames: ["*.example.com"]}]`',
  check({ model }: LintContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const policy of model.clusterPolicies) {
      for (const rule of policy.rules.Egress) {
        if (rule.action === 'Accept') continue;
        for (const peer of rule.peers) {
          if (peer.kind !== 'domainNames') continue;
          const field = `${clusterRuleField('Egress', rule)}.to[${peer.index}].domainNames`;
          hits.push({
            clusterPolicy: policy,
            field,
            info: `egress rule ${rule.index}${rule.name ? ` "${rule.name}"` : ''} is a ${rule.action} for domain names ${peer.names.join(', ')}, and domainNames are only supported in Accept rules`,
            fix: rule.action === 'Deny'
              ? 'accept only the names you allow, then deny networks 0.0.0.0/0 and ::/0 in a later rule; or deny these hosts by their CIDRs (networks)'
              : 'pass the traffic by networks (CIDRs) or pods instead, or accept the names here',
          });
        }
      }
    }
    return hits;
  },
};
