import { Construct } from 'constructs';
import { NetworkPolicy, PolicyType } from './network-policy';
import { Peer } from './peer';
import { PodSelection } from './pod-selection';
import { Port } from './port';

/** Properties for `AllowExternalEgress`. */
export interface AllowExternalEgressProps {
  /** The addresses outside the cluster: `Peer.ipv4('203.0.113.0/24', ['203.0.113.99/32'])`. */
  readonly to: Peer[];

  /** The destination ports (`Port.HTTPS`). */
  readonly ports: Port[];

  /**
   * The namespace of the calling pods.
   * @default - the namespace of `pods` when it is a workload, else the chart's
   */
  readonly namespace?: string;

  /**
   * The calling pods.
   * @default - every pod of the namespace
   */
  readonly pods?: PodSelection;

  /**
   * Explicit name for the policy object.
   * @default - a name unique in the app
   */
  readonly policyName?: string;

  /**
   * Why the pods call out (`payment provider`), as the rule's annotation.
   * @default - names the addresses and ports
   */
  readonly description?: string;
}

/**
 * Egress from the selected pods to address blocks outside the cluster on given ports. It
 * isolates those pods for egress: DNS and everything else need their own rules.
 */
export class AllowExternalEgress extends Construct {
  /** The egress policy. */
  public readonly policy: NetworkPolicy;

  constructor(scope: Construct, id: string, props: AllowExternalEgressProps) {
    super(scope, id);
    props.to.forEach((peer, i) => {
      if (peer._kind !== 'addresses') {
        throw new Error(`${this.node.path}: to[${i}]: Invalid value: "${peer}": AllowExternalEgress reaches address blocks (Peer.ipv4, Peer.ipv6, Peer.ipBlock); for pods use TierBoundary or NetworkPolicy.addEgressRule`);
      }
    });
    const pods = props.pods ?? PodSelection.all();
    this.policy = new NetworkPolicy(this, 'Default', {
      metadata: { namespace: props.namespace, name: props.policyName },
      pods,
      policyTypes: [PolicyType.EGRESS],
      description: `Lets ${pods} reach ${props.to.join(', ')}.`,
    });
    const description = props.description ?? `to ${props.to.join(', ')} on ${props.ports.join(', ')}`;
    this.policy.addEgressRule(props.to, props.ports, { description });
  }
}
