import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { FlowEndpoint } from '../../src/checks/flow-endpoint';
import { NetworkChecks } from '../../src/checks/network-checks';
import { FlowPolicies } from '../../src/constructs/flow-policies';
import { Port } from '../../src/constructs/port';
import { KubeObject } from '../../src/evaluator/kube';
import { cluster, verdict } from '../support/builders';

const quiet = { warn: () => undefined };

/** The seed lab as cdk8s-plus Deployments: api (80, 8080) and frontend (80) in `app`. */
function lab(app: App = Testing.app()) {
  const checks = NetworkChecks.isNetworkChecks(app.node.tryFindChild('checks')) ? NetworkChecks.of(app) : new NetworkChecks(app, 'checks', { reporter: quiet });
  const chart = new Chart(app, 'lab', { disableResourceNameHashes: true });
  const api = new kplus.Deployment(chart, 'api', {
    metadata: { name: 'api', namespace: 'app' },
    podMetadata: { labels: { app: 'api' } },
    containers: [{ image: 'nginx:1.27', ports: [{ name: 'http', number: 80 }, { name: 'metrics', number: 8080 }], securityContext: { ensureNonRoot: false } }],
  });
  const frontend = new kplus.Deployment(chart, 'frontend', {
    metadata: { name: 'frontend', namespace: 'app' },
    podMetadata: { labels: { app: 'frontend' } },
    containers: [{ image: 'nginx:1.27', ports: [{ name: 'http', number: 80 }], securityContext: { ensureNonRoot: false } }],
  });
  return { app, chart, checks, api: FlowEndpoint.workload(api), frontend: FlowEndpoint.workload(frontend) };
}

const scraper = FlowEndpoint.pods('monitoring', { app: 'prometheus-agent' });
const policiesOf = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'NetworkPolicy');

describe('FlowPolicies', () => {
  test('turns the declared flows into the policies netpol generate writes, annotated with the flows they serve', () => {
    // GIVEN the lab's flows declared in the chart
    const { chart, api, frontend } = lab();
    const flows = new FlowPolicies(chart, 'flows', { namespaces: ['app'] });
    flows.allow(frontend, api, Port.tcp(80), { name: 'frontend reaches api' });
    flows.allow(scraper, api, Port.named('metrics'), { name: 'monitoring scrapes api' });
    flows.allow(api, FlowEndpoint.cidr('203.0.113.0/24', ['203.0.113.99/32']), Port.HTTPS, { name: 'api reaches the payment provider' });
    flows.deny(api, frontend, Port.tcp(80), { name: 'api cannot call the frontend' });
    // WHEN synthesized, THEN the policies are in the chart's YAML
    expect(Yaml.stringify(...policiesOf(Testing.synth(chart)))).toMatchSnapshot();
  });

  test('the policies allow what was declared and deny the neighbours: wrong port, wrong namespace, wrong labels', () => {
    const { chart, api, frontend } = lab();
    const flows = new FlowPolicies(chart, 'flows');
    flows.allow(frontend, api, Port.tcp(80));
    const model = cluster(Testing.synth(chart));

    expect(verdict(model, 'app/frontend', 'app/api', 80)).toBe('allow');
    expect(verdict(model, 'app/frontend', 'app/api', 8080)).toBe('deny');
    expect(verdict(model, { namespace: 'other', labels: { app: 'frontend' } }, 'app/api', 80)).toBe('deny');
    expect(verdict(model, { namespace: 'app', labels: { run: 'random-client' } }, 'app/api', 80)).toBe('deny');
    expect(verdict(model, 'app/api', 'app/frontend', 80)).toBe('deny');
  });

  test('registers every flow with NetworkChecks, which proves them at synth', () => {
    const { chart, checks, api, frontend } = lab();
    const flows = new FlowPolicies(chart, 'flows');
    flows.allow(frontend, api, Port.tcp(80), { name: 'frontend reaches api' });
    flows.deny(api, frontend, Port.tcp(80), { name: 'api cannot call the frontend' });
    Testing.synth(chart);

    expect(checks.toFlowsDocument().flows.map((f: { name: string; expect: string }) => [f.name, f.expect])).toEqual([
      ['frontend reaches api', 'allow'], ['api cannot call the frontend', 'deny'],
    ]);
    expect(checks.verify().errors).toEqual([]);
  });

  test('fails synth naming every conflict when the flows cannot all hold', () => {
    const { chart, api, frontend } = lab();
    const flows = new FlowPolicies(chart, 'flows');
    flows.allow(frontend, api, Port.tcp(80), { name: 'frontend reaches api' });
    flows.deny(frontend, api, Port.tcp(80), { name: 'frontend must not reach api' });
    flows.deny(api, api, Port.tcp(80), { name: 'api must not reach itself' });

    expect(() => Testing.synth(chart)).toThrow([
      '  [] lab/flows: unsatisfiable flows: indistinguishable: flows[1] "frontend must not reach api": it denies the connection flows[0] "frontend reaches api" allows (drop one of the two)',
      '  [] lab/flows: unsatisfiable flows: self-traffic: flows[2] "api must not reach itself": app/api (Deployment) sending to itself is never blocked by the network plugins NetworkPolicy runs on (drop this flow)',
    ].join('\n'));
  });

  test('without DNS, writes no allow-dns', () => {
    const { chart, api, frontend } = lab();
    const flows = new FlowPolicies(chart, 'flows', { dns: false });
    flows.allow(frontend, api, Port.tcp(80));

    expect(policiesOf(Testing.synth(chart)).map((p) => p.metadata.name)).toEqual(['allow-frontend-egress-api', 'allow-frontend-to-api', 'default-deny']);
  });

  test('generates once, whichever chart is synthesized first, and refuses flows declared after that', () => {
    const { app, chart, api, frontend } = lab();
    const other = new Chart(app, 'other');
    const flows = new FlowPolicies(chart, 'flows');
    flows.allow(frontend, api, Port.tcp(80));
    other.toJson();
    const first = flows.policies.length;
    Testing.synth(chart);

    expect(flows.policies.length).toBe(first);
    expect(policiesOf(Testing.synth(chart))).toHaveLength(first);
    expect(() => flows.allow(api, frontend, Port.tcp(80))).toThrow('the policies were generated already; declare every flow before the app is synthesized');
  });

  test('is recognised across copies of the library', () => {
    const { chart } = lab();

    expect(FlowPolicies.isFlowPolicies(new FlowPolicies(chart, 'flows'))).toBe(true);
    expect(FlowPolicies.isFlowPolicies(chart)).toBe(false);
  });
});
