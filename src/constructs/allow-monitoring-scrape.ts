import { Construct } from 'constructs';
import { ClusterProfile } from './cluster-profile';
import { NetworkPolicy, PolicyType } from './network-policy';
import { Peer } from './peer';
import { PodSelection } from './pod-selection';
import { Port } from './port';

/** Properties for `AllowMonitoringScrape`. */
export interface AllowMonitoringScrapeProps {
  /** The metrics ports of the scraped pods (`Port.tcp(8080)`, `Port.named('metrics')`). */
  readonly ports: Port[];

  /**
   * The namespace of the scraped pods.
   * @default - the namespace of `pods` when it is a workload, else the chart's
   */
  readonly namespace?: string;

  /**
   * The scraped pods.
   * @default - every pod of the namespace
   */
  readonly pods?: PodSelection;

  /**
   * Where the metrics scraper runs.
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;

  /**
   * The scraper's pods, instead of the profile's.
   * @default - the profile's monitoring component
   */
  readonly from?: Peer[];

  /**
   * Explicit name for the policy object.
   * @default - a name unique in the app
   */
  readonly policyName?: string;

  /**
   * Why the pods are scraped, as the rule's annotation.
   * @default - names the scraper and the ports
   */
  readonly description?: string;
}

/**
 * Ingress from the metrics scraper (Prometheus) to the scraped pods' metrics ports. It isolates
 * those pods for ingress: everything else needs its own rule.
 */
export class AllowMonitoringScrape extends Construct {
  /** The ingress policy. */
  public readonly policy: NetworkPolicy;

  constructor(scope: Construct, id: string, props: AllowMonitoringScrapeProps) {
    super(scope, id);
    const profile = props.profile ?? ClusterProfile.upstream();
    const from = props.from ?? [profile._monitoringPeer()];
    const pods = props.pods ?? PodSelection.all();
    this.policy = new NetworkPolicy(this, 'Default', {
      metadata: { namespace: props.namespace, name: props.policyName },
      pods,
      policyTypes: [PolicyType.INGRESS],
      description: `Lets the metrics scraper reach ${pods}.`,
    });
    const description = props.description ?? `metrics scrape by ${from.join(', ')} on ${props.ports.join(', ')}`;
    this.policy.addIngressRule(from, props.ports, { description });
  }
}
