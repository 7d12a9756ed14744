import { modelOf, NEIGHBOURHOOD, newChart, synthYaml } from './support';
import { AdminNamespaceGuardrail, ClusterPeer, ClusterPort, ClusterSubject, DelegateToNamespaces, NetworkPolicy, Peer, PodSelection, Port } from '../../../src';
import { evaluate } from '../../support/builders';

const SHOP_TO_PAYMENTS = { name: 'shop', peers: [ClusterPeer.namespace('app')], protocols: [ClusterPort.tcp(8443)], description: 'payments decides which shop pods may call it' };

describe('DelegateToNamespaces', () => {
  test('synthesizes an Admin policy of Pass rules', () => {
    const chart = newChart();
    new DelegateToNamespaces(chart, 'delegate', { subject: ClusterSubject.namespace('payments'), ingress: [SHOP_TO_PAYMENTS], policyName: 'payments-delegation', priority: 40 });
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('hands the chosen traffic to the namespace\'s NetworkPolicies, past a guardrail that would deny it', () => {
    // GIVEN the delegation made before a guardrail that lets no namespace in, and payments admitting the api only
    const chart = newChart();
    new DelegateToNamespaces(chart, 'delegate', { subject: ClusterSubject.namespace('payments'), ingress: [SHOP_TO_PAYMENTS] });
    new AdminNamespaceGuardrail(chart, 'guardrail', { namespace: 'payments' });
    new NetworkPolicy(chart, 'api-only', { metadata: { namespace: 'payments', name: 'api-only' }, pods: PodSelection.labels({ app: 'ledger' }) })
      .addIngressRule([Peer.podsInNamespace('app', { app: 'api' })], [Port.tcp(8443)]);
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    // THEN the api is passed at Admin and accepted by the NetworkPolicy
    const api = evaluate(model, 'app/api', 'payments/ledger', 8443);
    expect(api.verdict).toBe('allow');
    expect(api.ingress.tierPath).toEqual([expect.objectContaining({ tier: 'Admin', action: 'Pass', name: 'pass-shop' })]);
    expect(api.ingress.decidedBy).toMatchObject({ tier: 'NetworkPolicy', action: 'Accept', policy: 'payments/api-only' });
    // AND the frontend is passed too, then denied by the namespace's policy
    const frontend = evaluate(model, 'app/frontend', 'payments/ledger', 8443);
    expect([frontend.verdict, frontend.ingress.decidedBy.tier]).toEqual(['deny', 'NetworkPolicy']);
    // AND another port or namespace is not delegated: the guardrail denies it
    expect(evaluate(model, 'app/api', 'payments/ledger', 9090).ingress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Deny', name: 'deny-other-namespaces' });
    expect(evaluate(model, 'other/client', 'payments/ledger', 8443).ingress.decidedBy).toMatchObject({ tier: 'Admin', action: 'Deny' });
  });

  test('delegates egress, and naming the same traffic twice adds it once', () => {
    const chart = newChart();
    const delegation = new DelegateToNamespaces(chart, 'delegate', { subject: ClusterSubject.namespace('app') });
    const toPayments = { name: 'payments', peers: [ClusterPeer.namespace('payments')] };
    delegation.delegateEgress(toPayments);
    delegation.delegateEgress(toPayments);
    delegation.delegateIngress(SHOP_TO_PAYMENTS);
    const spec = delegation.policy.toJson().spec;
    expect(spec.egress).toEqual([{ name: 'pass-payments', action: 'Pass', to: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } } }] }]);
    expect(spec.ingress).toHaveLength(1);
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    expect(evaluate(model, 'app/api', 'payments/ledger', 8443).egress.tierPath).toEqual([expect.objectContaining({ action: 'Pass', name: 'pass-payments' })]);
  });
});
