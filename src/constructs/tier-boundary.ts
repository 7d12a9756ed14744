import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { egressIsolatedBy, failIfIsolatedLater } from './egress-isolation';
import { NetworkPolicy, NetworkPolicyRuleOptions, PolicyType } from './network-policy';
import { Port } from './port';
import { Tier } from './tier';
import { DEFAULT_NAMESPACE } from '../evaluator/kube';

/** One allowed call between tiers. */
export interface TierCall {
  /** The calling tier. */
  readonly from: Tier;
  /** The called tier. */
  readonly to: Tier;
  /** The called tier's ports. */
  readonly ports: Port[];
  /**
   * Why the call exists, as the rules' annotation.
   * @default - "<from> calls <to> on <ports>"
   */
  readonly description?: string;
}

/** Properties for `TierBoundary`. */
export interface TierBoundaryProps {
  /**
   * The namespace of tiers that name none.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The allowed calls; more can be added with `allow`.
   * @default - none
   */
  readonly calls?: TierCall[];

  /**
   * Whether to add the matching egress policy on each caller. Egress rules isolate the caller
   * for egress, so they belong only where egress is already isolated.
   * @default - for callers whose namespace a DefaultDenyNamespace made before this one isolates for egress
   */
  readonly egress?: boolean;
}

/**
 * Declared calls between tiers (frontend -> api on 8080 -> db on 5432): an ingress policy on
 * each callee admitting its callers and, where the caller's egress is isolated, an egress
 * policy on each caller. Tiers may be in different namespaces. Allowing the same call twice
 * adds nothing.
 */
export class TierBoundary extends Construct {
  private readonly namespace?: string;
  private readonly egress?: boolean;
  private readonly tiers = new Map<string, Tier>();
  private readonly callersWithoutEgress = new Set<string>();

  constructor(scope: Construct, id: string, props: TierBoundaryProps = {}) {
    super(scope, id);
    this.namespace = props.namespace;
    this.egress = props.egress;
    if (props.egress === undefined) {
      failIfIsolatedLater(this, () => [...this.callersWithoutEgress].sort(), 'make the DefaultDenyNamespace first or set `egress: true` on the TierBoundary');
    }
    for (const call of props.calls ?? []) this.allow(call.from, call.to, call.ports, { description: call.description });
  }

  /** The policies made so far, in id order. */
  public get policies(): NetworkPolicy[] {
    return this.node.children.filter(NetworkPolicy.isNetworkPolicy).sort((a, b) => (a.node.id < b.node.id ? -1 : 1));
  }

  /** Lets `from` call `to` on `ports`. */
  public allow(from: Tier, to: Tier, ports: Port[], options: NetworkPolicyRuleOptions = {}): void {
    this.register(from);
    this.register(to);
    const fromNamespace = this.namespaceOf(from);
    const toNamespace = this.namespaceOf(to);
    const description = options.description ?? `${from.name} calls ${to.name} on ${ports.join(', ')}`;
    this.policy(`${to.name}-from-${from.name}`, to, PolicyType.INGRESS, `${to.name} accepts calls from ${from.name}.`)
      .addIngressRule([from._peer(toNamespace, fromNamespace)], ports, { description });
    if (this.egress ?? egressIsolatedBy(this, fromNamespace) !== undefined) {
      this.policy(`${from.name}-to-${to.name}`, from, PolicyType.EGRESS, `${from.name} may call ${to.name}.`)
        .addEgressRule([to._peer(fromNamespace, toNamespace)], ports, { description });
    } else if (this.egress === undefined) {
      this.callersWithoutEgress.add(fromNamespace);
    }
  }

  private policy(id: string, subject: Tier, type: PolicyType, description: string): NetworkPolicy {
    const existing = this.node.tryFindChild(id);
    if (existing) return existing as NetworkPolicy;
    return new NetworkPolicy(this, id, {
      metadata: { namespace: subject.namespace ?? this.namespace },
      pods: subject._pods,
      policyTypes: [type],
      description,
    });
  }

  private namespaceOf(tier: Tier): string {
    return tier.namespace ?? this.namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
  }

  /** Tier names become construct ids, so one name must mean one tier. */
  private register(tier: Tier): void {
    const known = this.tiers.get(tier.name);
    if (known && String(known) !== String(tier)) {
      throw new Error(`${this.node.path}: two tiers are named "${tier.name}": ${known} and ${tier}; give them different names`);
    }
    this.tiers.set(tier.name, tier);
  }
}
