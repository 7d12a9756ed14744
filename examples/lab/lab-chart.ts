import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AllowExternalEgress, AllowMonitoringScrape, ClusterProfile, DefaultDenyNamespace, FlowEndpoint,
  NetworkChecks, Peer, PodSelection, Port, Tier, TierBoundary,
} from '../../src';

/** Where the lab's platform lives: upstream CoreDNS, and a Prometheus agent in `monitoring`. */
export const LAB_PROFILE = ClusterProfile.upstream().with({
  monitoring: { namespace: 'monitoring', podLabels: { app: 'prometheus-agent' } },
});

/**
 * The seed guide's lab, as the issue describes it: namespace `app` isolated for ingress and
 * egress with DNS allowed; frontend -> api on 80; the scraper on 8080; api -> the payment
 * provider on 443. The flows it promises are declared next to it and proven at synth.
 */
export class LabChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });

    new DefaultDenyNamespace(this, 'app', { name: 'app', allowDns: true, profile: LAB_PROFILE });
    const api = new kplus.Deployment(this, 'api', {
      metadata: { name: 'api', namespace: 'app' },
      podMetadata: { labels: { app: 'api' } },
      containers: [{ image: 'nginx:1.27', ports: [{ name: 'http', number: 80 }, { name: 'metrics', number: 8080 }], securityContext: { ensureNonRoot: false } }],
    });
    const frontend = new kplus.Deployment(this, 'frontend', {
      metadata: { name: 'frontend', namespace: 'app' },
      podMetadata: { labels: { app: 'frontend' } },
      containers: [{ image: 'nginx:1.27', ports: [{ name: 'http', number: 80 }], securityContext: { ensureNonRoot: false } }],
    });

    new TierBoundary(this, 'tiers', {
      calls: [{ from: Tier.workload(frontend), to: Tier.workload(api), ports: [Port.named('http')], description: 'the frontend calls the api over HTTP' }],
    });
    new AllowMonitoringScrape(this, 'scrape', {
      pods: PodSelection.workload(api), ports: [Port.tcp(8080)], profile: LAB_PROFILE, description: 'Prometheus scrapes the api metrics port',
    });
    new AllowExternalEgress(this, 'payment-provider', {
      pods: PodSelection.workload(api),
      to: [Peer.ipv4('203.0.113.0/24', ['203.0.113.99/32'])],
      ports: [Port.HTTPS],
      description: 'the api calls the payment provider; 203.0.113.99 is its retired host',
    });

    declareLabFlows(NetworkChecks.of(this), api, frontend);
  }
}

function declareLabFlows(checks: NetworkChecks, api: kplus.Deployment, frontend: kplus.Deployment): void {
  const [apiPods, frontendPods] = [FlowEndpoint.workload(api), FlowEndpoint.workload(frontend)];
  const randomClient = FlowEndpoint.pods('app', { run: 'random-client' });
  const dns = FlowEndpoint.pods('kube-system', { 'k8s-app': 'kube-dns' });
  const scraper = FlowEndpoint.pods('monitoring', { app: 'prometheus-agent' });
  checks.allow(frontendPods, apiPods, Port.tcp(80), { name: 'frontend reaches api' });
  checks.deny(randomClient, apiPods, Port.tcp(80), { name: 'a random client cannot reach api' });
  checks.deny(frontendPods, apiPods, Port.tcp(8080), { name: 'frontend cannot reach the metrics port' });
  checks.allow(apiPods, dns, Port.DNS_UDP, { name: 'api resolves names (UDP)' });
  checks.allow(frontendPods, dns, Port.DNS_TCP, { name: 'frontend resolves names (TCP)' });
  checks.allow(scraper, apiPods, Port.tcp(8080), { name: 'monitoring scrapes api' });
  checks.deny(scraper, apiPods, Port.tcp(80), { name: 'monitoring only scrapes the metrics port' });
  checks.allow(apiPods, FlowEndpoint.cidr('203.0.113.0/24', ['203.0.113.99/32']), Port.HTTPS, { name: 'api reaches the payment provider' });
  checks.deny(apiPods, FlowEndpoint.address('203.0.113.99'), Port.HTTPS, { name: 'api never reaches the retired host' });
  checks.deny(frontendPods, FlowEndpoint.address('203.0.113.5'), Port.HTTPS, { name: 'frontend cannot reach the payment provider' });
  checks.deny(apiPods, frontendPods, Port.tcp(80), { name: 'api cannot call the frontend' });
}
