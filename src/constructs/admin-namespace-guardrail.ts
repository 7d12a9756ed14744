import { Construct } from 'constructs';
import { AccessRules, ClusterAccess } from './cluster-access';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { dnsEgressRules } from './cluster-platform';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { ClusterProfile } from './cluster-profile';
import { ClusterSubject } from './cluster-subject';
import { addInvalid, namespaceNameErrors } from './kube-names';
import { LabelExpression, LabelSelector } from './label-selector';
import { PolicyType } from './network-policy';
import { ProblemCollector } from '../evaluator/errors';
import { NAMESPACE_NAME_LABEL } from '../evaluator/kube';

/** Properties for `AdminNamespaceGuardrail`. */
export interface AdminNamespaceGuardrailProps {
  /** The sensitive namespace. */
  readonly namespace: string;

  /**
   * Who may call into the namespace, and on which ports; more with `allowCaller`.
   * @default - none: nothing from another namespace gets in
   */
  readonly callers?: ClusterAccess[];

  /**
   * Whether the namespace's pods may reach only the named destinations (and DNS) outside their
   * namespace, instead of leaving egress to the namespace's own policies.
   * @default false
   */
  readonly isolateEgress?: boolean;

  /**
   * Where the namespace's pods may connect outside it when egress is isolated; more with `allowDestination`.
   * @default - none
   */
  readonly destinations?: ClusterAccess[];

  /**
   * With isolated egress, let the pods query the cluster DNS of the profile.
   * @default true
   */
  readonly allowDns?: boolean;

  /**
   * Where the cluster DNS answers, for `allowDns`.
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;

  /**
   * The policy's priority in the Admin tier.
   * @default - allocated in creation order (`ClusterPolicyPriorities`)
   */
  readonly priority?: number;

  /**
   * The ClusterNetworkPolicy's name.
   * @default "<namespace>-guardrail"
   */
  readonly policyName?: string;
}

/**
 * An Admin-tier wall around a sensitive namespace: the named callers get in on their ports and
 * every other namespace is denied, whatever NetworkPolicies say. Traffic between the
 * namespace's own pods is left to its NetworkPolicies (and the Baseline tier). Optionally
 * egress too: named destinations and DNS are accepted, the namespace's own pods are passed to
 * its NetworkPolicies, and everything else (other namespaces, nodes, the internet) is denied.
 *
 * The denies stay the last rules, so callers and destinations added later still get through.
 * Policies with lower priority numbers still apply first (make `AlwaysAllowPlatform` before it
 * to keep DNS and scraping open).
 */
export class AdminNamespaceGuardrail extends Construct {
  /** The Admin ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;
  /** The sensitive namespace. */
  public readonly namespace: string;
  /** Whether egress is isolated too. */
  public readonly isolatesEgress: boolean;

  private readonly callers: AccessRules;
  private readonly destinations: AccessRules;

  constructor(scope: Construct, id: string, props: AdminNamespaceGuardrailProps) {
    super(scope, id);
    const problems = new ProblemCollector();
    addInvalid(problems, 'AdminNamespaceGuardrail', 'namespace', props.namespace, namespaceNameErrors(props.namespace));
    problems.throwIfAny();
    this.namespace = props.namespace;
    this.isolatesEgress = props.isolateEgress ?? false;
    this.callers = new AccessRules(this.node.path);
    this.destinations = new AccessRules(this.node.path);
    this.policy = new ClusterNetworkPolicy(this, 'Default', {
      tier: ClusterPolicyTier.ADMIN,
      subject: ClusterSubject.namespace(props.namespace),
      priority: props.priority,
      metadata: { name: props.policyName ?? `${props.namespace}-guardrail` },
      description: `Isolates namespace ${props.namespace}: only the named callers get in from other namespaces${this.isolatesEgress ? ', and its pods reach only the named destinations outside it' : ''}.`,
    });
    this.policy._addClosingRule(PolicyType.INGRESS, { name: 'deny-other-namespaces', action: ClusterPolicyAction.DENY, peers: [this.otherNamespaces()] });
    if (this.isolatesEgress) this.closeEgress(props);
    else if (props.destinations?.length) throw new Error(`${this.node.path}: destinations: Forbidden: egress is left to the namespace's policies; set isolateEgress: true to name destinations`);
    (props.callers ?? []).forEach((caller) => this.allowCaller(caller));
    (props.destinations ?? []).forEach((destination) => this.allowDestination(destination));
  }

  /** Lets `caller` in, before the deny; naming the same caller again changes nothing. */
  public allowCaller(caller: ClusterAccess): void {
    const rule = this.callers.ruleFor(caller, ClusterPolicyAction.ACCEPT, 'caller');
    if (rule) this.policy.addIngressRule(rule);
  }

  /** Lets the namespace's pods reach `destination` (egress must be isolated); naming it again changes nothing. */
  public allowDestination(destination: ClusterAccess): void {
    if (!this.isolatesEgress) throw new Error(`${this.node.path}: allowDestination: egress is left to the namespace's policies; set isolateEgress: true to name destinations`);
    const rule = this.destinations.ruleFor(destination, ClusterPolicyAction.ACCEPT, 'destination');
    if (rule) this.policy.addEgressRule(rule);
  }

  /** Every namespace but this one: its own pods are left to its NetworkPolicies. */
  private otherNamespaces(): ClusterPeer {
    return ClusterPeer.namespaces(LabelSelector.of({ expressions: [LabelExpression.notIn(NAMESPACE_NAME_LABEL, [this.namespace])] }));
  }

  private closeEgress(props: AdminNamespaceGuardrailProps): void {
    if (props.allowDns ?? true) {
      for (const rule of dnsEgressRules(props.profile ?? ClusterProfile.upstream(), ClusterPolicyAction.ACCEPT)) this.policy.addEgressRule(rule);
    }
    // Networks match pod IPs too: pass the namespace's own pods first, or the deny would cut them off from each other.
    this.policy._addClosingRule(PolicyType.EGRESS, { name: 'pass-same-namespace', action: ClusterPolicyAction.PASS, peers: [ClusterPeer.namespace(this.namespace)] });
    this.policy._addClosingRule(PolicyType.EGRESS, {
      name: 'deny-everything-else',
      action: ClusterPolicyAction.DENY,
      peers: [ClusterPeer.allNamespaces(), ClusterPeer.networks('0.0.0.0/0', '::/0')],
    });
  }
}
