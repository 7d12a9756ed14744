import { describePod } from '../../evaluator/endpoint';
import { Cidr, IpRangeSet, parseCidr } from '../../evaluator/ip';
import { ClusterModel } from '../../evaluator/model';
import { IpBlockPeer, ipBlockMatches } from '../../evaluator/policy';
import { LintContext, LintRule, RuleHit } from '../rule';
import { peerEntries } from './support/selection';

/** An ipBlock that contains the IPs of pods in the model, or a node's pod range. */
export const ipblockCoversPodIps: LintRule = {
  id: 'ipblock-covers-pod-ips',
  severity: 'warning',
  title: 'ipBlock that covers pod IPs',
  explanation: 'ipBlock is meant for addresses outside the cluster. Whether it matches traffic from or to pods is left to the network plugin (Calico matches pod IPs, Cilium does not), and pod IPs change whenever a pod is rescheduled: a rule that relies on it works on one cluster and not on the next.',
  fix: 'Select pods with podSelector and namespaceSelector; keep ipBlock for outside addresses and list the pod network in its except.',
  example: '`ipBlock: {cidr: 10.0.0.0/8}` when the pods run in 10.244.0.0/16',
  check({ model }: LintContext): RuleHit[] {
    const podRanges = nodePodRanges(model);
    // Policies repeat the same blocks (0.0.0.0/0, the VPC range): judge each distinct block once.
    const coveredByBlock = new Map<string, string[]>();
    const hits: RuleHit[] = [];
    for (const policy of model.policies) {
      for (const { peer, field } of peerEntries(policy)) {
        if (peer.kind !== 'ipBlock') continue;
        const key = peer.addresses.toString();
        const covered = coveredByBlock.get(key) ?? [...coveredPods(model, peer), ...coveredRanges(podRanges, peer)];
        coveredByBlock.set(key, covered);
        if (covered.length === 0) continue;
        const shown = covered.slice(0, 5).join(', ') + (covered.length > 5 ? ` and ${covered.length - 5} more` : '');
        hits.push({
          policy,
          field: `${field}.ipBlock`,
          info: `ipBlock ${peer.block.cidr.text} covers ${shown}: whether ipBlock matches pod traffic depends on the network plugin, and pod IPs change on every reschedule`,
          fix: `select those pods with podSelector/namespaceSelector, and if ${peer.block.cidr.text} is meant for outside addresses, add the pod network to ipBlock.except`,
        });
      }
    }
    return hits;
  },
};

function coveredPods(model: ClusterModel, peer: IpBlockPeer): string[] {
  return model.pods
    .filter((pod) => !pod.hostNetwork)
    .flatMap((pod) => pod.ips.filter((ip) => ipBlockMatches(peer, ip)).map((ip) => `the IP ${ip.text} of pod ${describePod(pod)}`));
}

function coveredRanges(ranges: ReadonlyArray<{ node: string; cidr: Cidr }>, peer: IpBlockPeer): string[] {
  return ranges
    .filter(({ cidr }) => !IpRangeSet.of([cidr]).intersect(peer.addresses).isEmpty())
    .map(({ node, cidr }) => `pod range ${cidr.text} of node ${node}`);
}

/** spec.podCIDR(s) of the Nodes in the input (a cluster dump has them). */
function nodePodRanges(model: ClusterModel): Array<{ node: string; cidr: Cidr }> {
  const ranges: Array<{ node: string; cidr: Cidr }> = [];
  for (const { object } of model.objects) {
    if (object?.kind !== 'Node') continue;
    const texts = new Set<unknown>([object.spec?.podCIDR, ...(Array.isArray(object.spec?.podCIDRs) ? object.spec.podCIDRs : [])]);
    for (const text of texts) {
      const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
      if (cidr) ranges.push({ node: String(object.metadata?.name), cidr });
    }
  }
  return ranges;
}
