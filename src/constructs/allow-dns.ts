import { Construct } from 'constructs';
import { ClusterProfile } from './cluster-profile';
import { NetworkPolicy, PolicyType } from './network-policy';
import { PodSelection } from './pod-selection';

/** Properties for `AllowDns`. */
export interface AllowDnsProps {
  /**
   * The namespace of the pods that resolve names.
   * @default - the namespace of `pods` when it is a workload, else the chart's
   */
  readonly namespace?: string;

  /**
   * The pods that may query DNS.
   * @default - every pod of the namespace
   */
  readonly pods?: PodSelection;

  /**
   * Where DNS answers (namespace, pod labels, pod ports, link-local addresses).
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;

  /**
   * Explicit name for the policy object.
   * @default - a name unique in the app
   */
  readonly policyName?: string;

  /**
   * Why the pods need DNS, as each rule's annotation.
   * @default - names the DNS endpoints and the profile
   */
  readonly description?: string;
}

/**
 * Egress from the selected pods to the cluster DNS on UDP and TCP, on the pod ports the cluster
 * profile names, plus an ipBlock rule for link-local caches such as NodeLocal DNSCache.
 *
 * Like every policy that names Egress, it isolates the selected pods for egress: use it beside
 * a `DefaultDenyNamespace` (or other egress rules), not instead of them.
 */
export class AllowDns extends Construct {
  /** The egress policy. */
  public readonly policy: NetworkPolicy;

  constructor(scope: Construct, id: string, props: AllowDnsProps = {}) {
    super(scope, id);
    const profile = props.profile ?? ClusterProfile.upstream();
    this.policy = new NetworkPolicy(this, 'Default', {
      metadata: { namespace: props.namespace, name: props.policyName },
      pods: props.pods,
      policyTypes: [PolicyType.EGRESS],
      description: `Lets ${props.pods ?? PodSelection.all()} resolve names through the cluster DNS (${profile}).`,
    });
    for (const rule of profile._dnsRules()) {
      const description = props.description ?? `DNS lookups to ${rule.peers.join(', ')} on ${rule.ports.join(', ')}`;
      this.policy.addEgressRule(rule.peers, rule.ports, { description });
    }
  }
}
