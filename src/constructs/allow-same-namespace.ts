import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { egressIsolatedBy, failIfIsolatedLater } from './egress-isolation';
import { NetworkPolicy, PolicyType } from './network-policy';
import { Peer } from './peer';
import { Port } from './port';
import { DEFAULT_NAMESPACE } from '../evaluator/kube';

/** Properties for `AllowSameNamespace`. */
export interface AllowSameNamespaceProps {
  /**
   * The namespace whose pods may talk to each other.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Whether to allow egress to the namespace's pods as well as ingress from them. Egress rules
   * isolate the pods for egress, so they belong only where egress is already isolated.
   * @default - true when a DefaultDenyNamespace made before this one isolates the namespace for egress
   */
  readonly egress?: boolean;

  /**
   * Explicit name for the policy object.
   * @default - a name unique in the app
   */
  readonly policyName?: string;
}

/**
 * Lets every pod of a namespace reach every other pod of it, on every port: ingress from the
 * namespace and, where egress is isolated, egress to it.
 */
export class AllowSameNamespace extends Construct {
  /** The policy. */
  public readonly policy: NetworkPolicy;

  constructor(scope: Construct, id: string, props: AllowSameNamespaceProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    const egress = props.egress ?? egressIsolatedBy(this, namespace) !== undefined;
    if (props.egress === undefined && !egress) {
      failIfIsolatedLater(this, () => [namespace], 'make the DefaultDenyNamespace first or set `egress: true`');
    }
    this.policy = new NetworkPolicy(this, 'Default', {
      metadata: { namespace: props.namespace, name: props.policyName },
      policyTypes: egress ? [PolicyType.INGRESS, PolicyType.EGRESS] : [PolicyType.INGRESS],
      description: `Pods of namespace ${namespace} talk to each other freely.`,
    });
    const everyPort = [Port.allTraffic()];
    this.policy.addIngressRule([Peer.sameNamespace()], everyPort, { description: `from any pod of namespace ${namespace}` });
    if (egress) this.policy.addEgressRule([Peer.sameNamespace()], everyPort, { description: `to any pod of namespace ${namespace}` });
  }
}
