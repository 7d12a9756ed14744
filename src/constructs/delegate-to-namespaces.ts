import { Construct } from 'constructs';
import { AccessRules, ClusterAccess } from './cluster-access';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { ClusterSubject } from './cluster-subject';

/** Properties for `DelegateToNamespaces`. */
export interface DelegateToNamespacesProps {
  /** The pods whose traffic is delegated. */
  readonly subject: ClusterSubject;

  /**
   * Ingress to hand to the subject's NetworkPolicies; more with `delegateIngress`.
   * @default - none
   */
  readonly ingress?: ClusterAccess[];

  /**
   * Egress to hand to the subject's NetworkPolicies; more with `delegateEgress`.
   * @default - none
   */
  readonly egress?: ClusterAccess[];

  /**
   * The policy's priority in the Admin tier: lower than the Admin rules it carves out of.
   * @default - allocated in creation order (`ClusterPolicyPriorities`): make it before them
   */
  readonly priority?: number;

  /**
   * The ClusterNetworkPolicy's name.
   * @default - a name unique in the app
   */
  readonly policyName?: string;

  /**
   * Why the traffic is delegated, as the annotation `netpol.cdk8s.io/description`.
   * @default - names the subject
   */
  readonly description?: string;
}

/**
 * Admin-tier Pass rules: the chosen traffic skips every later Admin rule and is decided by the
 * namespaces' own NetworkPolicies (or, for pods they do not select, the Baseline tier). Use it
 * to carve exceptions out of broader Admin denies that the namespaces should own. Naming the
 * same traffic again changes nothing.
 */
export class DelegateToNamespaces extends Construct {
  /** The Admin ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;

  private readonly ingress: AccessRules;
  private readonly egress: AccessRules;

  constructor(scope: Construct, id: string, props: DelegateToNamespacesProps) {
    super(scope, id);
    this.ingress = new AccessRules(this.node.path);
    this.egress = new AccessRules(this.node.path);
    this.policy = new ClusterNetworkPolicy(this, 'Default', {
      tier: ClusterPolicyTier.ADMIN,
      subject: props.subject,
      priority: props.priority,
      metadata: props.policyName !== undefined ? { name: props.policyName } : undefined,
      description: props.description ?? `Hands chosen traffic of ${props.subject} to its namespaces' NetworkPolicies.`,
    });
    (props.ingress ?? []).forEach((access) => this.delegateIngress(access));
    (props.egress ?? []).forEach((access) => this.delegateEgress(access));
  }

  /** Passes ingress from `access.peers` on its ports to the NetworkPolicy tier. */
  public delegateIngress(access: ClusterAccess): void {
    const rule = this.ingress.ruleFor(access, ClusterPolicyAction.PASS, 'ingress');
    if (rule) this.policy.addIngressRule(rule);
  }

  /** Passes egress to `access.peers` on its ports to the NetworkPolicy tier. */
  public delegateEgress(access: ClusterAccess): void {
    const rule = this.egress.ruleFor(access, ClusterPolicyAction.PASS, 'egress');
    if (rule) this.policy.addEgressRule(rule);
  }
}
