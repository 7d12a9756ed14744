import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NetworkPolicy, Peer, PodSelection, PolicyType, Port } from '../../src';

/**
 * The namespaces the platform's rules govern, beside the lab's `app`:
 * - `payments`: the ledger, behind the Admin guardrail, with no NetworkPolicy of its own;
 * - `tools`: a toolbox whose NetworkPolicy lets it call anything;
 * - `legacy`: a wiki and a cron job with no NetworkPolicy at all, so the Baseline tier decides for them.
 * Plus the app team's half of the payment call: the api's egress to the ledger.
 */
export class WorkloadsChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });

    for (const name of ['payments', 'tools', 'legacy']) new kplus.Namespace(this, name, { metadata: { name } });
    this.workload('payments', 'ledger', [{ name: 'https', number: 8443 }, { name: 'metrics', number: 9090 }]);
    this.workload('tools', 'toolbox', []);
    this.workload('legacy', 'wiki', [{ name: 'http', number: 80 }]);
    this.workload('legacy', 'cron', []);

    new NetworkPolicy(this, 'toolbox-egress', {
      metadata: { namespace: 'tools', name: 'toolbox-calls-anything' },
      pods: PodSelection.labels({ app: 'toolbox' }),
      policyTypes: [PolicyType.EGRESS],
      description: 'The tools team lets its toolbox call anything; the platform\'s Admin rules still apply.',
    }).addEgressRule([Peer.anything()], [Port.allTraffic()], { description: 'debugging reaches everything' });

    new NetworkPolicy(this, 'api-to-payments', {
      metadata: { namespace: 'app', name: 'api-to-payments' },
      pods: PodSelection.labels({ app: 'api' }),
      policyTypes: [PolicyType.EGRESS],
      description: 'The shop api settles payments: its side of the call the payments guardrail accepts.',
    }).addEgressRule([Peer.podsInNamespace('payments', { app: 'ledger' })], [Port.tcp(8443)], { description: 'the api calls the ledger over HTTPS' });
  }

  private workload(namespace: string, name: string, ports: kplus.ContainerPort[]): kplus.Deployment {
    return new kplus.Deployment(this, `${namespace}-${name}`, {
      metadata: { name, namespace },
      podMetadata: { labels: { app: name } },
      containers: [{ image: 'nginx:1.27', ports, securityContext: { ensureNonRoot: false } }],
    });
  }
}
