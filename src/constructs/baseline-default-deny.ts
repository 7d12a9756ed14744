import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { componentSubject, dnsEgressRules, dnsPodPorts } from './cluster-platform';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriorities } from './cluster-policy-priorities';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { ClusterProfile } from './cluster-profile';
import { ClusterSubject } from './cluster-subject';
import { LabelSelector } from './label-selector';
import { PolicyType } from './network-policy';

/** Properties for `BaselineDefaultDeny`. */
export interface BaselineDefaultDenyProps {
  /**
   * The namespaces whose pods are denied by default.
   * @default - every namespace
   */
  readonly namespaces?: LabelSelector;

  /**
   * The directions to deny by default.
   * @default [PolicyType.INGRESS, PolicyType.EGRESS]
   */
  readonly policyTypes?: PolicyType[];

  /**
   * Keep the cluster DNS open: egress to it before the egress deny, and, when ingress is
   * denied, a Baseline policy just before this one that lets the DNS pods answer.
   * @default true
   */
  readonly allowDns?: boolean;

  /**
   * Where the cluster DNS answers, for `allowDns`.
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;

  /**
   * The default deny's priority in the Baseline tier; the DNS pods' policy takes the one just before it.
   * @default - allocated in creation order (`ClusterPolicyPriorities`)
   */
  readonly priority?: number;

  /**
   * The default deny's name; the DNS pods' policy adds `-dns`.
   * @default "baseline-default-deny"
   */
  readonly policyName?: string;
}

/**
 * A cluster-wide default deny in the Baseline tier: pods that no NetworkPolicy selects for a
 * direction get nothing in (from other pods) or out (to pods, nodes or the internet), while any
 * namespace that writes its own NetworkPolicies decides for itself. The cluster DNS stays open
 * unless `allowDns: false`.
 *
 * ClusterNetworkPolicy ingress rules select pods only: traffic from outside the pod network
 * (load balancers, nodes) is not denied here.
 */
export class BaselineDefaultDeny extends Construct {
  /** The default deny. */
  public readonly policy: ClusterNetworkPolicy;
  /** The DNS pods' exception, when DNS stays open and ingress is denied. */
  public readonly dnsPolicy?: ClusterNetworkPolicy;

  constructor(scope: Construct, id: string, props: BaselineDefaultDenyProps = {}) {
    super(scope, id);
    const types = props.policyTypes ?? [PolicyType.INGRESS, PolicyType.EGRESS];
    if (types.length === 0) throw new Error(`${this.node.path}: policyTypes: Required value: deny Ingress, Egress or both`);
    const namespaces = props.namespaces ?? LabelSelector.all();
    const profile = props.profile ?? ClusterProfile.upstream();
    const allowDns = props.allowDns ?? true;
    const name = props.policyName ?? 'baseline-default-deny';
    const denyIngress = types.includes(PolicyType.INGRESS);
    const denyEgress = types.includes(PolicyType.EGRESS);
    const everyPod = ClusterPeer.allNamespaces();

    if (allowDns && denyIngress) {
      this.dnsPolicy = new ClusterNetworkPolicy(this, 'Dns', {
        tier: ClusterPolicyTier.BASELINE,
        subject: componentSubject(profile.dns),
        priority: this.dnsPriority(props.priority),
        metadata: { name: `${name}-dns` },
        description: `Keeps the cluster DNS (${profile}) answering while ${name} denies ingress.`,
        ingress: [{ name: 'accept-dns-queries', action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.namespaces(namespaces)], protocols: dnsPodPorts(profile) }],
      });
    }
    this.policy = new ClusterNetworkPolicy(this, 'Default', {
      tier: ClusterPolicyTier.BASELINE,
      subject: ClusterSubject.namespaces(namespaces),
      priority: props.priority,
      metadata: { name },
      description: `Denies ${denyIngress && denyEgress ? 'ingress and egress' : denyIngress ? 'ingress' : 'egress'} for every pod of namespaces ${namespaces} that no NetworkPolicy selects.`,
    });
    if (denyIngress) this.policy.addIngressRule({ name: 'deny-all', action: ClusterPolicyAction.DENY, peers: [everyPod] });
    if (denyEgress) {
      if (allowDns) dnsEgressRules(profile, ClusterPolicyAction.ACCEPT).forEach((rule) => this.policy.addEgressRule(rule));
      this.policy.addEgressRule({ name: 'deny-all', action: ClusterPolicyAction.DENY, peers: [everyPod, ClusterPeer.networks('0.0.0.0/0', '::/0')] });
    }
  }

  /** Just before the deny: allocated first, or one below an explicit priority. */
  private dnsPriority(explicit: number | undefined): number {
    if (explicit === undefined) return ClusterPolicyPriorities.of(this)._allocate(ClusterPolicyTier.BASELINE);
    // A non-integer fails the ClusterNetworkPolicy's own check, with the CRD's message.
    if (!Number.isInteger(explicit)) return explicit;
    if (explicit < 1) throw new Error(`${this.node.path}: priority: Invalid value: ${explicit}: the DNS pods' policy needs the priority just before it; use 1 or more, or allowDns: false`);
    return explicit - 1;
  }
}
