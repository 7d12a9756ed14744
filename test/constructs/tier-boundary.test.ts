import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { modelOf, newChart, policies, synthYaml } from './support';
import { DefaultDenyNamespace, Port, Tier, TierBoundary } from '../../src';
import { namespace, pod, verdict } from '../support/builders';

const frontend = Tier.pods('frontend', { app: 'frontend' });
const api = Tier.pods('api', { app: 'api' });
const db = Tier.pods('db', { app: 'db' });
const THREE_TIERS = [
  { from: frontend, to: api, ports: [Port.tcp(8080)] },
  { from: api, to: db, ports: [Port.tcp(5432)] },
];

const APP_PODS = [
  pod('app/frontend', { labels: { app: 'frontend' } }),
  pod('app/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 8080 }] }),
  pod('app/db', { labels: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] }),
  pod('app/random-client', { labels: { run: 'random-client' } }),
];

/** Namespace app denied both ways, then the three tiers. */
function isolatedTiers() {
  const chart = newChart();
  new DefaultDenyNamespace(chart, 'app', { name: 'app' });
  const boundary = new TierBoundary(chart, 'tiers', { namespace: 'app', calls: THREE_TIERS });
  return { chart, boundary };
}

describe('TierBoundary', () => {
  test('synthesizes an ingress policy per callee and, in an egress-isolated namespace, an egress policy per caller', () => {
    expect(synthYaml(isolatedTiers().chart)).toMatchSnapshot();
  });

  test('allows each declared call and denies the neighbours', () => {
    const model = modelOf(isolatedTiers().chart, ...APP_PODS);
    expect(verdict(model, 'app/frontend', 'app/api', 8080)).toBe('allow');
    expect(verdict(model, 'app/api', 'app/db', 5432)).toBe('allow');
    expect(verdict(model, 'app/frontend', 'app/api', 80)).toBe('deny');
    expect(verdict(model, 'app/frontend', 'app/db', 5432)).toBe('deny');
    expect(verdict(model, 'app/db', 'app/api', 8080)).toBe('deny');
    expect(verdict(model, 'app/random-client', 'app/api', 8080)).toBe('deny');
  });

  test('adds no egress policies where egress is not isolated, so callers keep their other egress', () => {
    const chart = newChart();
    new TierBoundary(chart, 'tiers', { namespace: 'app', calls: THREE_TIERS });
    expect(policies(chart).map((p) => p.spec.policyTypes)).toEqual([['Ingress'], ['Ingress']]);
    const model = modelOf(chart, ...APP_PODS);
    expect(verdict(model, 'app/frontend', 'app/api', 8080)).toBe('allow');
    expect(verdict(model, 'app/api', '203.0.113.5', 443)).toBe('allow');
  });

  test('adds the egress policies when asked', () => {
    const chart = newChart();
    new TierBoundary(chart, 'tiers', { namespace: 'app', calls: THREE_TIERS, egress: true });
    expect(policies(chart).map((p) => p.spec.policyTypes[0]).sort()).toEqual(['Egress', 'Egress', 'Ingress', 'Ingress']);
  });

  test('fails synth when the caller namespace is isolated for egress only after the boundary was made', () => {
    const chart = newChart();
    new TierBoundary(chart, 'tiers', { namespace: 'app', calls: THREE_TIERS });
    new DefaultDenyNamespace(chart, 'app', { name: 'app' });
    expect(() => Testing.synth(chart)).toThrow('namespace app is isolated for egress by test/app, which was made after this construct, so it added no egress rules there; make the DefaultDenyNamespace first or set `egress: true` on the TierBoundary');
  });

  test('works across namespaces: the peer names the caller namespace in the same item', () => {
    // GIVEN a frontend tier in namespace web calling the api tier in namespace app
    const chart = newChart();
    new DefaultDenyNamespace(chart, 'web', { name: 'web' });
    new TierBoundary(chart, 'tiers', { namespace: 'app', calls: [{ from: Tier.pods('frontend', { app: 'frontend' }, 'web'), to: api, ports: [Port.named('http')] }] });
    // THEN the web frontend reaches the api, a frontend look-alike elsewhere does not
    const model = modelOf(chart, ...APP_PODS, namespace('app'), namespace('shop'),
      pod('web/frontend', { labels: { app: 'frontend' } }), pod('shop/frontend', { labels: { app: 'frontend' } }));
    expect(verdict(model, 'web/frontend', 'app/api', 8080)).toBe('allow');
    expect(verdict(model, 'web/frontend', 'app/api', 9090)).toBe('deny');
    expect(verdict(model, 'shop/frontend', 'app/api', 8080)).toBe('deny');
    expect(verdict(model, 'app/frontend', 'app/api', 8080)).toBe('deny');
    const ingress = policies(chart).find((p) => p.metadata.namespace === 'app')!;
    expect(ingress.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } },
      podSelector: { matchLabels: { app: 'frontend' } },
    }]);
  });

  test('accepts cdk8s-plus-27 workloads as tiers', () => {
    const chart = newChart();
    const apiDeployment = new kplus.Deployment(chart, 'api', { metadata: { name: 'api', namespace: 'app' }, podMetadata: { labels: { app: 'api' } }, containers: [{ image: 'api', portNumber: 8080 }] });
    const worker = new kplus.DaemonSet(chart, 'worker', { metadata: { name: 'worker', namespace: 'jobs' }, containers: [{ image: 'worker' }] });
    new TierBoundary(chart, 'tiers', { calls: [{ from: Tier.workload(worker), to: Tier.workload(apiDeployment), ports: [Port.tcp(8080)] }] });
    const model = modelOf(chart, namespace('app'), namespace('jobs'), pod('jobs/other', { labels: { app: 'other' } }));
    expect(verdict(model, 'jobs/worker', 'app/api', 8080)).toBe('allow');
    expect(verdict(model, 'jobs/other', 'app/api', 8080)).toBe('deny');
  });

  test('allowing the same call twice adds nothing', () => {
    const { chart, boundary } = isolatedTiers();
    const before = policies(chart);
    boundary.allow(frontend, api, [Port.tcp(8080)]);
    expect(policies(chart)).toEqual(before);
    expect(boundary.policies.map((p) => p.node.id)).toEqual(['api-from-frontend', 'api-to-db', 'db-from-api', 'frontend-to-api']);
  });

  test('another port for the same call becomes another rule of the same policies', () => {
    const { chart, boundary } = isolatedTiers();
    boundary.allow(frontend, api, [Port.tcp(9090)], { description: 'admin port' });
    const ingress = policies(chart).find((p) => p.metadata.name.includes('api-from-frontend'))!;
    expect(ingress.spec.ingress.map((rule: any) => rule.ports)).toEqual([[{ port: 8080, protocol: 'TCP' }], [{ port: 9090, protocol: 'TCP' }]]);
    expect(ingress.metadata.annotations['netpol.cdk8s.io/rule.ingress.1']).toBe('admin port');
  });

  test('refuses two different tiers with one name', () => {
    const { boundary } = isolatedTiers();
    expect(() => boundary.allow(Tier.pods('api', { app: 'api-v2' }), db, [Port.tcp(5432)]))
      .toThrow('test/tiers: two tiers are named "api": api (pods {app=api}) and api (pods {app=api-v2}); give them different names');
  });

  test('refuses a tier name that cannot be part of an id', () => {
    expect(() => Tier.pods('Front End', { app: 'frontend' })).toThrow('Tier: name: Invalid value: "Front End"');
  });
});
