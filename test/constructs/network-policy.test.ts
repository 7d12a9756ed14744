import * as kplus from 'cdk8s-plus-27';
import { modelOf, newChart, policies, synthYaml } from './support';
import { NetworkPolicy, Peer, PodSelection, PolicyType, Port } from '../../src';
import { namespace, pod, verdict } from '../support/builders';

/** The seed lab's neighbours: api and frontend in app, a stranger in app, a frontend in another namespace. */
const LAB = [
  namespace('app'),
  namespace('other'),
  pod('app/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 80 }] }),
  pod('app/frontend', { labels: { app: 'frontend' } }),
  pod('app/random-client', { labels: { run: 'random-client' } }),
  pod('other/frontend', { labels: { app: 'frontend' } }),
];

function frontendToApi(): { chart: ReturnType<typeof newChart>; policy: NetworkPolicy } {
  const chart = newChart();
  const policy = new NetworkPolicy(chart, 'allow-frontend-to-api', {
    metadata: { name: 'allow-frontend-to-api', namespace: 'app' },
    pods: PodSelection.labels({ app: 'api' }),
    description: 'The seed lab: only the frontend reaches the api.',
  });
  policy.addIngressRule([Peer.pods({ app: 'frontend' })], [Port.HTTP], { description: 'frontend calls the api over HTTP' });
  return { chart, policy };
}

describe('NetworkPolicy', () => {
  test('synthesizes the seed lab policy with its descriptions as annotations', () => {
    expect(synthYaml(frontendToApi().chart)).toMatchSnapshot();
  });

  test('allows exactly what it promises and denies the neighbours', () => {
    // GIVEN the lab policy among the lab's pods
    const model = modelOf(frontendToApi().chart, ...LAB);
    // THEN the frontend reaches the api on 80 and nothing near it does
    expect(verdict(model, 'app/frontend', 'app/api', 80)).toBe('allow');
    expect(verdict(model, 'app/frontend', 'app/api', 8080)).toBe('deny');
    expect(verdict(model, 'app/frontend', 'app/api', 80, 'UDP')).toBe('deny');
    expect(verdict(model, 'app/random-client', 'app/api', 80)).toBe('deny');
    expect(verdict(model, 'other/frontend', 'app/api', 80)).toBe('deny');
  });

  test('renders rules added after it was made, whenever it is rendered', () => {
    const { policy } = frontendToApi();
    expect(policy.toJson().spec.ingress).toHaveLength(1);
    policy.addIngressRule([Peer.namespace('monitoring')], [Port.tcp(9090)]);
    expect(policy.toJson().spec.ingress).toHaveLength(2);
  });

  test('adding an equal rule again, in any order, changes nothing and keeps the first description', () => {
    const chart = newChart();
    const policy = new NetworkPolicy(chart, 'p', { metadata: { namespace: 'app' } });
    policy.addIngressRule([Peer.pods({ a: '1' }), Peer.pods({ b: '2' })], [Port.HTTP, Port.HTTPS], { description: 'first' });
    policy.addIngressRule([Peer.pods({ b: '2' }), Peer.pods({ a: '1' })], [Port.HTTPS, Port.HTTP], { description: 'second' });
    const [manifest] = policies(chart);
    expect(manifest.spec.ingress).toHaveLength(1);
    expect(manifest.metadata.annotations).toEqual({ 'netpol.cdk8s.io/rule.ingress.0': 'first' });
  });

  test('a peer and port listed twice in one rule render once', () => {
    const chart = newChart();
    new NetworkPolicy(chart, 'p').addEgressRule([Peer.namespace('db'), Peer.namespace('db')], [Port.tcp(5432), Port.tcp(5432)]);
    const [manifest] = policies(chart);
    expect(manifest.spec.egress).toEqual([{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'db' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
  });

  test('anything on all traffic is the empty rule, which allows every flow of that direction', () => {
    const chart = newChart();
    const policy = new NetworkPolicy(chart, 'open', { metadata: { namespace: 'app' }, policyTypes: [PolicyType.INGRESS, PolicyType.EGRESS] });
    policy.addEgressRule([Peer.anything()], [Port.allTraffic()]);
    const [manifest] = policies(chart);
    expect(manifest.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{}] });
    const model = modelOf(chart, ...LAB);
    expect(verdict(model, 'app/api', '203.0.113.5', 443)).toBe('allow');
    expect(verdict(model, 'other/frontend', 'app/api', 80)).toBe('deny');
  });

  test('all TCP ports renders the protocol alone, never port 0, and allows any TCP port only', () => {
    const chart = newChart();
    new NetworkPolicy(chart, 'tcp', { metadata: { namespace: 'app' }, pods: PodSelection.labels({ app: 'api' }) })
      .addIngressRule([Peer.pods({ app: 'frontend' })], [Port.allTcp()]);
    expect(policies(chart)[0].spec.ingress[0].ports).toEqual([{ protocol: 'TCP' }]);
    const model = modelOf(chart, ...LAB);
    expect(verdict(model, 'app/frontend', 'app/api', 31337)).toBe('allow');
    expect(verdict(model, 'app/frontend', 'app/api', 31337, 'UDP')).toBe('deny');
  });

  describe('policyTypes', () => {
    test.each([
      ['no rules: Ingress, as the API server defaults', () => undefined, ['Ingress']],
      ['only egress rules: Egress', (p: NetworkPolicy) => p.addEgressRule([Peer.anyPod()], [Port.DNS_UDP]), ['Egress']],
      ['both: Ingress then Egress', (p: NetworkPolicy) => {
        p.addEgressRule([Peer.anyPod()], [Port.DNS_UDP]);
        p.addIngressRule([Peer.anyPod()], [Port.HTTP]);
      }, ['Ingress', 'Egress']],
    ])('are derived from the rules when not given: %s', (_title, addRules, expected) => {
      const chart = newChart();
      const policy = new NetworkPolicy(chart, 'p');
      addRules(policy);
      expect(policies(chart)[0].spec.policyTypes).toEqual(expected);
    });

    test('are rendered in canonical order when given', () => {
      const chart = newChart();
      new NetworkPolicy(chart, 'p', { policyTypes: [PolicyType.EGRESS, PolicyType.INGRESS, PolicyType.EGRESS] });
      expect(policies(chart)[0].spec.policyTypes).toEqual(['Ingress', 'Egress']);
    });

    test('refuse a rule the given policyTypes would ignore', () => {
      const policy = new NetworkPolicy(newChart(), 'p', { policyTypes: [PolicyType.EGRESS] });
      expect(() => policy.addIngressRule([Peer.anyPod()], [Port.HTTP])).toThrow('test/p: addIngressRule: an ingress rule has no effect because policyTypes is [Egress]; add PolicyType.INGRESS to policyTypes');
    });

    test('refuse an empty list', () => {
      expect(() => new NetworkPolicy(newChart(), 'p', { policyTypes: [] })).toThrow('test/p: policyTypes: Required value');
    });
  });

  test('refuses a rule without peers or without ports, naming the explicit alternative', () => {
    const policy = new NetworkPolicy(newChart(), 'p');
    expect(() => policy.addIngressRule([], [Port.HTTP])).toThrow('test/p: addIngressRule: peers: Required value: name at least one peer (Peer.anything() allows every source)');
    expect(() => policy.addEgressRule([Peer.anyPod()], [])).toThrow('test/p: addEgressRule: ports: Required value: name at least one port (Port.allTraffic() allows every port)');
  });

  describe('with cdk8s-plus-27 workloads', () => {
    function labChart() {
      const chart = newChart();
      const api = new kplus.Deployment(chart, 'api', {
        metadata: { name: 'api', namespace: 'app' },
        podMetadata: { labels: { app: 'api' } },
        containers: [{ image: 'api', ports: [{ name: 'http', number: 80 }] }],
      });
      const frontend = new kplus.Deployment(chart, 'frontend', {
        metadata: { name: 'frontend', namespace: 'app' },
        podMetadata: { labels: { app: 'frontend' } },
        containers: [{ image: 'frontend' }],
      });
      return { chart, api, frontend };
    }

    test('selects the workload pods by their template labels and goes to the workload namespace', () => {
      // GIVEN a policy on the api Deployment admitting the frontend Deployment on the named port
      const { chart, api, frontend } = labChart();
      new NetworkPolicy(chart, 'api-ingress', { pods: PodSelection.workload(api) })
        .addIngressRule([Peer.workload(frontend)], [Port.named('http')]);
      // THEN it lands in namespace app, and the evaluator agrees with its promise
      const [manifest] = policies(chart);
      expect(manifest.metadata.namespace).toBe('app');
      expect(manifest.spec.podSelector.matchLabels).toEqual(api.podMetadata.toJson().labels);
      const model = modelOf(chart, namespace('app'), pod('app/debug', { labels: { app: 'frontend-debug' } }));
      expect(verdict(model, 'app/frontend', 'app/api', 80)).toBe('allow');
      expect(verdict(model, 'app/frontend', 'app/api', 81)).toBe('deny');
      expect(verdict(model, 'app/debug', 'app/api', 80)).toBe('deny');
    });

    test('counts labels added to the workload after the policy was made', () => {
      const { chart, api } = labChart();
      new NetworkPolicy(chart, 'p', { pods: PodSelection.workload(api) });
      api.podMetadata.addLabel('tier', 'backend');
      expect(policies(chart)[0].spec.podSelector.matchLabels).toEqual(expect.objectContaining({ tier: 'backend' }));
    });

    test('refuses a namespace other than the workload namespace', () => {
      const { chart, api } = labChart();
      expect(() => new NetworkPolicy(chart, 'p', { metadata: { namespace: 'web' }, pods: PodSelection.workload(api) }))
        .toThrow('test/p: metadata.namespace: Invalid value: "web": it selects pods of test/api, which run in namespace app, and a policy applies to pods of its own namespace only (leave the namespace out)');
    });
  });

  test('is recognised by its type guard, and kplus policies are not', () => {
    const chart = newChart();
    const ours = new NetworkPolicy(chart, 'ours');
    const theirs = new kplus.NetworkPolicy(chart, 'theirs');
    expect([ours, theirs, {}, null].map((x) => NetworkPolicy.isNetworkPolicy(x))).toEqual([true, false, false, false]);
  });

  test('takes the chart namespace when it names none', () => {
    const chart = newChart('shop');
    const policy = new NetworkPolicy(chart, 'p');
    expect(policy.namespace).toBe('shop');
    expect(policies(chart)[0].metadata.namespace).toBe('shop');
  });
});
