import { describeLabels } from '../../evaluator/endpoint';
import { evaluateFlow, RuleRef } from '../../evaluator/evaluate';
import { PodInfo } from '../../evaluator/model';
import { PlatformPort } from '../../profile/platform-profile';
import { describePlatformPods, platformPods, podList } from '../platform-endpoints';
import { LintContext, LintRule, RuleHit } from '../rule';

/** Egress-isolated pods that reach the cluster DNS on some of its ports (UDP 53) but not all (TCP 53). */
export const dnsSingleProtocol: LintRule = {
  id: 'dns-single-protocol',
  severity: 'warning',
  title: 'DNS allowed on UDP only, or on TCP only',
  explanation: 'Resolvers retry over TCP when an answer does not fit in a UDP datagram (large records, many A records, DNSSEC), and some clients use TCP only: with one protocol allowed, lookups fail intermittently, depending on the name.',
  fix: 'Allow both UDP and TCP to the cluster DNS pods on the DNS port (the AllowDns construct does).',
  example: 'egress to kube-system/k8s-app=kube-dns with `ports: [{protocol: UDP, port: 53}]` only',
  check({ model, profile }: LintContext): RuleHit[] {
    const dnsPods = platformPods(model, profile.dns);
    const byRule = new Map<string, { ref: RuleRef; reached: string[]; missing: string[]; pods: PodInfo[] }>();
    // Egress to DNS depends on the source's namespace and labels only: replicas share one answer.
    const answers = new Map<string, Array<{ text: string; by: RuleRef[] }>>();
    for (const pod of model.pods) {
      if (model.selectingPolicies(pod, 'Egress').length === 0) continue;
      const allowedBy = (port: PlatformPort) => dnsPods.flatMap((dns) => evaluateFlow(model, { from: { kind: 'pod', pod }, to: { kind: 'pod', pod: dns }, ...port }).egress.allowedBy);
      const signature = `${pod.namespace}\u0000${describeLabels(pod.labels)}`;
      const ports = answers.get(signature) ?? profile.dns.ports.map((port) => ({ text: `${port.protocol} ${port.port}`, by: allowedBy(port) }));
      answers.set(signature, ports);
      const reached = ports.filter((p) => p.by.length > 0);
      // Reaching none is egress-without-dns; reaching all is fine.
      if (reached.length === 0 || reached.length === ports.length) continue;
      const missing = ports.filter((p) => p.by.length === 0).map((p) => p.text);
      for (const ref of reached.flatMap((p) => p.by)) {
        const key = `${ref.policy}#${ref.rule}#${missing.join(',')}`;
        const entry = byRule.get(key) ?? { ref, reached: reached.map((p) => p.text), missing, pods: [] };
        if (!entry.pods.includes(pod)) entry.pods.push(pod);
        byRule.set(key, entry);
      }
    }
    const dns = describePlatformPods(profile.dns);
    return [...byRule.values()].map(({ ref, reached, missing, pods }) => ({
      policy: model.policies.find((p) => p.id === ref.policy),
      field: `spec.egress[${ref.rule}].ports`,
      info: `lets ${podList(pods)} reach DNS at ${dns} on ${reached.join(' and ')} only; ${missing.join(' and ')} is blocked, so lookups that need the other protocol fail`,
      fix: `add ${missing.join(' and ')} next to ${reached.join(' and ')} in spec.egress[${ref.rule}].ports`,
    }));
  },
};
