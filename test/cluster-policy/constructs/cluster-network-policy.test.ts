import { Chart, Testing } from 'cdk8s';
import { clusterPolicies, modelOf, NEIGHBOURHOOD, newChart, synthYaml } from './support';
import {
  ClusterNetworkPolicy, ClusterPeer, ClusterPolicyAction, ClusterPolicyTier, ClusterPort, ClusterSubject, LabelSelector,
  NetworkPolicy, Peer, PodSelection, Port,
} from '../../../src';
import { validateManifests } from '../../../src/validation';
import { evaluate, verdict } from '../../support/builders';

const API_PODS = ClusterSubject.pods(LabelSelector.of({ labels: { 'kubernetes.io/metadata.name': 'app' } }), LabelSelector.of({ labels: { app: 'api' } }));

/** An Admin wall around app/api: the frontend on 80, nothing else from any namespace. */
function apiWall(chart: Chart = newChart()): ClusterNetworkPolicy {
  return new ClusterNetworkPolicy(chart, 'api-wall', {
    tier: ClusterPolicyTier.ADMIN,
    priority: 20,
    subject: API_PODS,
    metadata: { name: 'api-wall' },
    description: 'Only the frontend calls the api, whatever app\'s NetworkPolicies say.',
    ingress: [
      { name: 'accept-frontend', action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.podsInNamespace('app', { app: 'frontend' })], protocols: [ClusterPort.tcp(80)], description: 'the frontend calls the api over HTTP' },
      { name: 'deny-everyone-else', action: ClusterPolicyAction.DENY, peers: [ClusterPeer.allNamespaces()] },
    ],
  });
}

describe('ClusterNetworkPolicy', () => {
  test('synthesizes a cluster-scoped v1alpha2 object with tier, priority, subject and named rules', () => {
    const chart = newChart();
    apiWall(chart);
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('accepts what its first rule names and denies the neighbours, over a NetworkPolicy that allows everything', () => {
    // GIVEN the wall, and a NetworkPolicy in app that would let every pod in
    const chart = newChart();
    apiWall(chart);
    new NetworkPolicy(chart, 'allow-all', { metadata: { namespace: 'app', name: 'allow-all' }, pods: PodSelection.labels({ app: 'api' }) }).addIngressRule([Peer.anything()], [Port.allTraffic()]);
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    // THEN the frontend gets in on 80, decided by the Admin tier
    const allowed = evaluate(model, 'app/frontend', 'app/api', 80);
    expect(allowed.verdict).toBe('allow');
    expect(allowed.ingress.decidedBy).toEqual({ tier: 'Admin', action: 'Accept', policy: 'api-wall', rule: 0, name: 'accept-frontend', priority: 20 });
    // AND the wrong port, another namespace and another label are denied by the second rule
    for (const [from, port] of [['app/frontend', 8080], ['other/client', 80], [{ namespace: 'app', labels: { app: 'intruder' } }, 80]] as const) {
      const denied = evaluate(model, from, 'app/api', port);
      expect(denied.verdict).toBe('deny');
      expect(denied.ingress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Deny', policy: 'api-wall', rule: 1 });
    }
    // AND pods it does not select are left alone
    expect(verdict(model, 'other/client', 'app/frontend', 80)).toBe('allow');
  });

  test('renders rules in the order they were added, including rules added after it was made', () => {
    const policy = apiWall();
    policy.addEgressRule({ action: ClusterPolicyAction.PASS, peers: [ClusterPeer.networks('10.0.0.0/8')] });
    policy.addIngressRule({ name: 'late', action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.namespace('monitoring')] });
    const spec = policy.toJson().spec;
    expect(spec.ingress.map((rule: any) => rule.name)).toEqual(['accept-frontend', 'deny-everyone-else', 'late']);
    expect(spec.egress).toEqual([{ action: 'Pass', to: [{ networks: ['10.0.0.0/8'] }] }]);
  });

  test('adding an equal rule again, peers and ports in any order, changes nothing and keeps the first description', () => {
    const chart = newChart();
    const policy = new ClusterNetworkPolicy(chart, 'p', { tier: ClusterPolicyTier.BASELINE, subject: ClusterSubject.allNamespaces() });
    const peers = [ClusterPeer.namespace('a'), ClusterPeer.namespace('b')];
    policy.addIngressRule({ action: ClusterPolicyAction.DENY, peers, protocols: [ClusterPort.tcp(1), ClusterPort.udp(2)], description: 'first' });
    policy.addIngressRule({ action: ClusterPolicyAction.DENY, peers: [...peers].reverse(), protocols: [ClusterPort.udp(2), ClusterPort.tcp(1)], description: 'second' });
    policy.addIngressRule({ action: ClusterPolicyAction.ACCEPT, peers, protocols: [ClusterPort.tcp(1), ClusterPort.udp(2)] });
    const [manifest] = clusterPolicies(chart);
    expect(manifest.spec.ingress.map((rule: any) => rule.action)).toEqual(['Deny', 'Accept']);
    expect(manifest.metadata.annotations).toEqual({ 'netpol.cdk8s.io/rule.ingress.0': 'first' });
  });

  test('passes the API server\'s validation of the CRD', () => {
    const chart = newChart();
    apiWall(chart).addEgressRule({ action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.domainNames('*.example.com'), ClusterPeer.nodes(LabelSelector.all())], protocols: [ClusterPort.allTcp()] });
    expect(validateManifests(Testing.synth(chart).map((object) => ({ object })))).toEqual([]);
  });

  test('stays cluster-scoped in a namespaced chart', () => {
    const chart = newChart('tenant');
    apiWall(chart);
    expect(clusterPolicies(chart)[0].metadata).not.toHaveProperty('namespace');
  });

  test('is recognised by its type guard', () => {
    const policy = apiWall();
    const isPolicy = ClusterNetworkPolicy.isClusterNetworkPolicy;
    expect([isPolicy(policy), isPolicy(policy.apiObject)]).toEqual([true, false]);
    expect([policy.name, policy.tier, policy.priority, String(policy.subject)]).toEqual(['api-wall', 'Admin', 20, 'pods {app=api} in namespaces {kubernetes.io/metadata.name=app}']);
  });
});

describe('ClusterNetworkPolicy validation, in the API server\'s words', () => {
  const subject = ClusterSubject.allNamespaces();
  const make = () => new ClusterNetworkPolicy(newChart(), 'p', { tier: ClusterPolicyTier.ADMIN, subject, priority: 5 });

  test.each([
    ['a namespace', () => new ClusterNetworkPolicy(newChart(), 'p', { tier: ClusterPolicyTier.ADMIN, subject, metadata: { namespace: 'app' } }),
      'test/p: metadata.namespace: Forbidden: not allowed on this type (a ClusterNetworkPolicy is cluster-scoped: leave the namespace out)'],
    ['a priority above 1000', () => new ClusterNetworkPolicy(newChart(), 'p', { tier: ClusterPolicyTier.ADMIN, subject, priority: 1001 }),
      'test/p: spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000'],
    ['a negative priority', () => new ClusterNetworkPolicy(newChart(), 'p', { tier: ClusterPolicyTier.ADMIN, subject, priority: -1 }),
      'test/p: spec.priority: Invalid value: -1: spec.priority in body should be greater than or equal to 0'],
    ['a rule without peers', () => make().addIngressRule({ action: ClusterPolicyAction.DENY, peers: [] }),
      'test/p: spec.ingress[0].from: Invalid value: 0: spec.ingress[0].from in body should have at least 1 items (name at least one peer; ClusterPeer.allNamespaces() is every pod)'],
    ['an empty protocols list', () => make().addEgressRule({ action: ClusterPolicyAction.DENY, peers: [ClusterPeer.allNamespaces()], protocols: [] }),
      'test/p: spec.egress[0].protocols: Invalid value: 0: spec.egress[0].protocols in body should have at least 1 items (leave protocols out for every protocol and port)'],
    ['a rule name over 100 characters', () => make().addIngressRule({ name: 'x'.repeat(101), action: ClusterPolicyAction.DENY, peers: [ClusterPeer.allNamespaces()] }),
      'test/p: spec.ingress[0].name: Too long: may not be more than 100 bytes'],
    ['networks in an ingress rule', () => make().addIngressRule({ action: ClusterPolicyAction.DENY, peers: [ClusterPeer.allNamespaces(), ClusterPeer.networks('10.0.0.0/8')] }),
      'test/p: spec.ingress[0].from[1]: Unsupported value: "networks": supported values: "namespaces", "pods" (networks 10.0.0.0/8 can only be an egress destination)'],
    ['a named port with a networks peer', () => make().addEgressRule({ action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.networks('10.0.0.0/8')], protocols: [ClusterPort.named('web')] }),
      'test/p: spec.egress[0]: Invalid value: "object": networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames (put the networks, nodes or domainNames peers in a rule of their own, with numbered ports)'],
  ])('refuses %s', (_title, action, message) => {
    expect(action).toThrow(message);
  });

  test('refuses a 26th rule in one direction', () => {
    const policy = make();
    const peers = [ClusterPeer.allNamespaces()];
    for (let port = 1; port <= 25; port++) policy.addIngressRule({ action: ClusterPolicyAction.DENY, peers, protocols: [ClusterPort.tcp(port)] });
    expect(() => policy.addIngressRule({ action: ClusterPolicyAction.DENY, peers: [ClusterPeer.allNamespaces()] })).toThrow('test/p: spec.ingress: Too many: 26: must have at most 25 items');
  });
});
