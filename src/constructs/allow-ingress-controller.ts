import { Construct } from 'constructs';
import { ClusterProfile } from './cluster-profile';
import { NetworkPolicy } from './network-policy';
import { Peer } from './peer';
import { admitPlatform } from './platform-ingress';
import { PodSelection } from './pod-selection';
import { Port } from './port';

/** Properties for `AllowIngressController`. */
export interface AllowIngressControllerProps {
  /** The backend pods' ports the controller sends to (container ports, or their names). */
  readonly ports: Port[];

  /**
   * The namespace of the backend pods.
   * @default - the namespace of `pods` when it is a workload, else the chart's
   */
  readonly namespace?: string;

  /**
   * The backend pods.
   * @default - every pod of the namespace
   */
  readonly pods?: PodSelection;

  /**
   * Where the ingress controller runs.
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;

  /**
   * The controller's pods, instead of the profile's (a second controller, a host-network router).
   * @default - the profile's ingress controller
   */
  readonly from?: Peer[];

  /**
   * Explicit name for the policy object.
   * @default - a name unique in the app
   */
  readonly policyName?: string;

  /**
   * Why the backends take traffic from the controller, as the rule's annotation.
   * @default - names the controller and the ports
   */
  readonly description?: string;
}

/**
 * Ingress from the ingress controller to backend pods on their ports. It isolates the backends
 * for ingress: everything else needs its own rule.
 */
export class AllowIngressController extends Construct {
  /** The ingress policy. */
  public readonly policy: NetworkPolicy;

  constructor(scope: Construct, id: string, props: AllowIngressControllerProps) {
    super(scope, id);
    this.policy = admitPlatform(this, props, {
      name: 'the ingress controller',
      peer: (profile) => profile._ingressControllerPeer(),
      ruleDescription: (from, ports) => `ingress controller (${from.join(', ')}) to ${ports.join(', ')}`,
    });
  }
}
