import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { componentPeer, componentSubject, dnsEgressRules, dnsPodPorts } from './cluster-platform';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriorities } from './cluster-policy-priorities';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { ClusterPort } from './cluster-port';
import { ClusterProfile } from './cluster-profile';
import { ClusterSubject } from './cluster-subject';
import { LabelSelector } from './label-selector';

/** Properties for `AlwaysAllowPlatform`. */
export interface AlwaysAllowPlatformProps {
  /**
   * Where the cluster DNS and the metrics scraper run.
   * @default ClusterProfile.upstream()
   */
  readonly profile?: ClusterProfile;

  /**
   * The namespaces whose pods may always query DNS and be scraped.
   * @default - every namespace
   */
  readonly namespaces?: LabelSelector;

  /**
   * Accept DNS: egress from every pod to the DNS pods (and addresses), ingress at the DNS pods.
   * @default true
   */
  readonly dns?: boolean;

  /**
   * Accept scraping: ingress from the scraper at every pod, egress from the scraper to them.
   * @default true
   */
  readonly monitoring?: boolean;

  /**
   * The ports the scraper reaches, on the scraped pods.
   * @default - the container ports named `metrics` and `http-metrics`
   */
  readonly scrapePorts?: ClusterPort[];

  /**
   * The priority of the policies in the Admin tier (they only accept, so they share it).
   * @default - allocated in creation order (`ClusterPolicyPriorities`)
   */
  readonly priority?: number;

  /**
   * The name of the policy on every pod; the DNS pods' policy adds `-dns`, the scraper's `-scraper`.
   * @default "always-allow-platform"
   */
  readonly namePrefix?: string;
}

/**
 * Admin-tier Accepts that keep the platform working whatever the namespaces' own policies (and
 * Baseline default denies) say: every pod resolves names through the cluster DNS, and the
 * metrics scraper reaches every pod's metrics port. Up to three ClusterNetworkPolicies, one per
 * subject: every pod (egress to DNS, ingress from the scraper), the DNS pods (ingress from
 * every pod) and the scraper's pods (egress to every pod).
 *
 * Make it before guardrails so it applies first (lower priority number).
 */
export class AlwaysAllowPlatform extends Construct {
  /** The policies, in the order above. */
  public readonly policies: ClusterNetworkPolicy[] = [];
  /** Their shared priority. */
  public readonly priority: number;

  constructor(scope: Construct, id: string, props: AlwaysAllowPlatformProps = {}) {
    super(scope, id);
    const dns = props.dns ?? true;
    const monitoring = props.monitoring ?? true;
    if (!dns && !monitoring) throw new Error(`${this.node.path}: dns and monitoring are both false: there is nothing to allow`);
    if (props.scrapePorts?.length === 0) throw new Error(`${this.node.path}: scrapePorts: Required value: name the scraped ports, or leave scrapePorts out for the "metrics" and "http-metrics" container ports`);
    const profile = props.profile ?? ClusterProfile.upstream();
    const namespaces = props.namespaces ?? LabelSelector.all();
    const prefix = props.namePrefix ?? 'always-allow-platform';
    const scrapePorts = props.scrapePorts ?? [ClusterPort.named('metrics'), ClusterPort.named('http-metrics')];
    this.priority = props.priority ?? ClusterPolicyPriorities.of(this)._allocate(ClusterPolicyTier.ADMIN);
    const policy = (childId: string, name: string, subject: ClusterSubject, description: string) => {
      const tier = ClusterPolicyTier.ADMIN;
      const made = new ClusterNetworkPolicy(this, childId, { tier, subject, priority: this.priority, metadata: { name }, description });
      this.policies.push(made);
      return made;
    };

    const everyPod = policy('Default', prefix, ClusterSubject.namespaces(namespaces), `Every pod of namespaces ${namespaces} reaches the platform (${profile}), whatever its namespace's policies say.`);
    if (dns) dnsEgressRules(profile, ClusterPolicyAction.ACCEPT).forEach((rule) => everyPod.addEgressRule(rule));
    const scraper = componentPeer(profile.monitoring);
    if (monitoring) {
      everyPod.addIngressRule({ name: 'accept-monitoring-scrape', action: ClusterPolicyAction.ACCEPT, peers: [scraper], protocols: scrapePorts, description: `the metrics scraper (${scraper}) reaches ${scrapePorts.join(', ')}` });
    }
    const clients = ClusterPeer.namespaces(namespaces);
    if (dns) {
      policy('Dns', `${prefix}-dns`, componentSubject(profile.dns), `The cluster DNS pods (${profile}) answer every pod of namespaces ${namespaces}.`)
        .addIngressRule({ name: 'accept-dns-queries', action: ClusterPolicyAction.ACCEPT, peers: [clients], protocols: dnsPodPorts(profile), description: `DNS queries from ${clients}` });
    }
    if (monitoring) {
      policy('Scraper', `${prefix}-scraper`, componentSubject(profile.monitoring), `The metrics scraper (${profile}) reaches every pod of namespaces ${namespaces}.`)
        .addEgressRule({ name: 'accept-scrape', action: ClusterPolicyAction.ACCEPT, peers: [clients], protocols: scrapePorts, description: `scrapes ${clients} on ${scrapePorts.join(', ')}` });
    }
  }
}
