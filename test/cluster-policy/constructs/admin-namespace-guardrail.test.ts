import { Testing } from 'cdk8s';
import { clusterPolicies, modelOf, NEIGHBOURHOOD, newChart, synthYaml } from './support';
import { AdminNamespaceGuardrail, ClusterAccess, ClusterPeer, ClusterPort, NetworkPolicy, Peer, PolicyType, Port } from '../../../src';
import { validateManifests } from '../../../src/validation';
import { evaluate, verdict } from '../../support/builders';

const API_CALLS_LEDGER: ClusterAccess = {
  name: 'api',
  peers: [ClusterPeer.podsInNamespace('app', { app: 'api' })],
  protocols: [ClusterPort.tcp(8443)],
  description: 'the shop api settles payments',
};

describe('AdminNamespaceGuardrail', () => {
  test('synthesizes an Admin policy: the named callers first, then a deny for every other namespace', () => {
    const chart = newChart();
    new AdminNamespaceGuardrail(chart, 'payments', { namespace: 'payments', callers: [API_CALLS_LEDGER], priority: 50 });
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('lets the named caller in on its port and denies other ports, labels and namespaces, whatever payments allows', () => {
    // GIVEN the guardrail, and a NetworkPolicy in payments that lets everything in
    const chart = newChart();
    new AdminNamespaceGuardrail(chart, 'payments', { namespace: 'payments', callers: [API_CALLS_LEDGER] });
    new NetworkPolicy(chart, 'open', { metadata: { namespace: 'payments', name: 'open' } }).addIngressRule([Peer.anything()], [Port.allTraffic()]);
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    // THEN the api reaches the ledger on 8443, accepted at Admin
    expect(evaluate(model, 'app/api', 'payments/ledger', 8443).ingress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Accept', name: 'accept-api' });
    expect(verdict(model, 'app/api', 'payments/ledger', 8443)).toBe('allow');
    // AND the neighbours are denied at Admin: another port, another label, another namespace
    for (const [from, port] of [['app/api', 9090], ['app/frontend', 8443], ['other/client', 8443]] as const) {
      const result = evaluate(model, from, 'payments/ledger', port);
      expect(result.verdict).toBe('deny');
      expect(result.ingress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Deny', name: 'deny-other-namespaces' });
    }
  });

  test('leaves traffic inside the namespace to its NetworkPolicies', () => {
    const chart = newChart();
    new AdminNamespaceGuardrail(chart, 'payments', { namespace: 'payments' });
    const open = modelOf(chart, ...NEIGHBOURHOOD);
    expect(evaluate(open, 'payments/vault', 'payments/ledger', 8443).ingress.decidedBy).toEqual({ tier: 'Default', action: 'Accept' });
    new NetworkPolicy(chart, 'deny', { metadata: { namespace: 'payments', name: 'deny' }, policyTypes: [PolicyType.INGRESS] });
    const closed = evaluate(modelOf(chart, ...NEIGHBOURHOOD), 'payments/vault', 'payments/ledger', 8443);
    expect([closed.verdict, closed.ingress.decidedBy.tier]).toEqual(['deny', 'NetworkPolicy']);
  });

  test('with isolated egress, reaches only DNS and the named destinations outside the namespace', () => {
    // GIVEN egress isolation with one destination, the shop api on 80
    const chart = newChart();
    new AdminNamespaceGuardrail(chart, 'payments', {
      namespace: 'payments',
      isolateEgress: true,
      destinations: [{ name: 'shop-api', peers: [ClusterPeer.podsInNamespace('app', { app: 'api' })], protocols: [ClusterPort.tcp(80)] }],
    });
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    // THEN DNS and the destination are accepted at Admin
    expect(evaluate(model, 'payments/ledger', 'kube-system/coredns', 53, 'UDP').egress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Accept', name: 'accept-dns' });
    expect(verdict(model, 'payments/ledger', 'app/api', 80)).toBe('allow');
    // AND another port, another pod, another namespace and the internet are denied at Admin
    for (const [to, port] of [['app/api', 8080], ['app/frontend', 80], ['other/client', 80], ['203.0.113.7', 443]] as const) {
      const result = evaluate(model, 'payments/ledger', to, port);
      expect(result.verdict).toBe('deny');
      expect(result.egress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Deny', name: 'deny-everything-else' });
    }
    // AND the namespace's own pods are passed to its NetworkPolicies, not denied
    expect(evaluate(model, 'payments/ledger', 'payments/vault', 8200).egress.tierPath).toEqual([expect.objectContaining({ action: 'Pass', name: 'pass-same-namespace' })]);
    expect(verdict(model, 'payments/ledger', 'payments/vault', 8200)).toBe('allow');
  });

  test('keeps the denies last when callers and destinations are added later', () => {
    const chart = newChart();
    const guardrail = new AdminNamespaceGuardrail(chart, 'payments', { namespace: 'payments', isolateEgress: true, allowDns: false });
    guardrail.allowCaller(API_CALLS_LEDGER);
    guardrail.allowDestination({ name: 'psp', peers: [ClusterPeer.domainNames('*.psp.example')], protocols: [ClusterPort.tcp(443)] });
    const [manifest] = clusterPolicies(chart);
    expect(manifest.spec.ingress.map((rule: any) => rule.name)).toEqual(['accept-api', 'deny-other-namespaces']);
    expect(manifest.spec.egress.map((rule: any) => rule.name)).toEqual(['accept-psp', 'pass-same-namespace', 'deny-everything-else']);
    expect(validateManifests(Testing.synth(chart).map((object) => ({ object })))).toEqual([]);
  });

  test('naming the same caller twice adds it once; one name for two callers is refused', () => {
    const chart = newChart();
    const guardrail = new AdminNamespaceGuardrail(chart, 'payments', { namespace: 'payments', callers: [API_CALLS_LEDGER] });
    guardrail.allowCaller({ ...API_CALLS_LEDGER, description: 'said again' });
    expect(clusterPolicies(chart)[0].spec.ingress).toHaveLength(2);
    expect(() => guardrail.allowCaller({ ...API_CALLS_LEDGER, protocols: [ClusterPort.tcp(9090)] }))
      .toThrow('test/payments: two caller entries are named "api": caller pods {app=api} in namespace app on TCP 8443 and caller pods {app=api} in namespace app on TCP 9090; give them different names');
  });

  test.each([
    ['an invalid namespace', () => new AdminNamespaceGuardrail(newChart(), 'g', { namespace: 'Payments' }), /AdminNamespaceGuardrail: namespace: Invalid value: "Payments"/],
    ['destinations without egress isolation', () => new AdminNamespaceGuardrail(newChart(), 'g', { namespace: 'payments', destinations: [API_CALLS_LEDGER] }), /destinations: Forbidden: egress is left to the namespace's policies; set isolateEgress: true/],
    ['a caller name that is not a short name', () => new AdminNamespaceGuardrail(newChart(), 'g', { namespace: 'payments', callers: [{ ...API_CALLS_LEDGER, name: 'The API' }] }), /caller\.name: Invalid value: "The API": a short name of lower case alphanumeric characters or '-'/],
  ])('refuses %s', (_title, make, message) => {
    expect(make).toThrow(message);
  });
});
