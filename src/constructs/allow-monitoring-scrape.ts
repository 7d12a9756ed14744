import { Construct } from 'constructs';
import { ClusterProfile } from './cluster-profile';
import { NetworkPolicy } from './network-policy';
import { Peer } from './peer';
import { admitPlatform } from './platform-ingress';
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
    this.policy = admitPlatform(this, props, {
      name: 'the metrics scraper',
      peer: (profile) => profile._monitoringPeer(),
      ruleDescription: (from, ports) => `metrics scrape by ${from.join(', ')} on ${ports.join(', ')}`,
    });
  }
}
