import { PodInfo } from '../../evaluator/model';
import { CompiledPolicy } from '../../evaluator/policy';
import { describePlatformPods, egressAllows, platformPods, podList } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';

/** Egress-isolated pods that can reach the cluster DNS on none of its ports. */
export const egressWithoutDns: LintRule = {
  id: 'egress-without-dns',
  severity: 'error',
  title: 'Egress isolation without DNS egress',
  explanation: 'A pod isolated for egress can no longer resolve names unless some policy allows DNS (UDP and TCP) to the cluster DNS pods: every Service call then fails with a lookup timeout, the most common breakage after a default-deny egress.',
  fix: 'Allow egress to the cluster DNS pods on UDP and TCP (the AllowDns construct, or a rule to namespace kube-system pods k8s-app=kube-dns on port 53).',
  example: 'policyTypes: [Egress] with no rule to kube-system/k8s-app=kube-dns on 53',
  check({ model, profile }: LintContext): RuleHit[] {
    const dnsPods = platformPods(model, profile.dns);
    const blocked = new Map<CompiledPolicy, PodInfo[]>();
    for (const pod of model.pods) {
      const isolating = model.selectingPolicies(pod, 'Egress');
      if (isolating.length === 0) continue;
      const reachesDns = profile.dns.ports.some(({ port, protocol }) => dnsPods.some((dns) => egressAllows(model, pod, dns, port, protocol)));
      if (reachesDns) continue;
      for (const index of isolating) {
        const policy = model.policies[index];
        blocked.set(policy, [...(blocked.get(policy) ?? []), pod]);
      }
    }
    const ports = profile.dns.ports.map((p) => `${p.protocol} ${p.port}`).join(' and ');
    return [...blocked].map(([policy, pods]) => ({
      policy,
      field: 'spec.policyTypes',
      info: `isolates egress of ${podList(pods)}, and no policy lets them reach DNS at ${describePlatformPods(profile.dns)} (${ports})`,
    }));
  },
};
