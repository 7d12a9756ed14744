import { Testing } from 'cdk8s';
import { clusterPolicies, modelOf, NEIGHBOURHOOD, newChart, synthYaml } from './support';
import { BaselineDefaultDeny, LabelSelector, NetworkPolicy, Peer, PodSelection, PolicyType, Port } from '../../../src';
import { validateManifests } from '../../../src/validation';
import { evaluate, verdict } from '../../support/builders';

describe('BaselineDefaultDeny', () => {
  test('synthesizes the DNS pods\' exception, then the default deny with DNS kept open', () => {
    const chart = newChart();
    new BaselineDefaultDeny(chart, 'default-deny');
    expect(synthYaml(chart)).toMatchSnapshot();
    expect(validateManifests(Testing.synth(chart).map((object) => ({ object })))).toEqual([]);
  });

  test('denies pods without NetworkPolicies both ways at Baseline, but not DNS', () => {
    // GIVEN the default deny on every namespace, and no NetworkPolicy
    const chart = newChart();
    new BaselineDefaultDeny(chart, 'default-deny');
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    // THEN pod-to-pod, across and within namespaces, and to the internet, is denied at Baseline
    for (const [from, to, port] of [['app/frontend', 'app/api', 80], ['other/client', 'app/api', 80], ['app/api', '203.0.113.7', 443]] as const) {
      const result = evaluate(model, from, to, port);
      expect(result.verdict).toBe('deny');
      expect(result.egress.decidedBy).toMatchObject({ tier: 'Baseline', action: 'Deny', policy: 'baseline-default-deny', name: 'deny-all' });
    }
    // AND DNS lookups get through on both sides
    const lookup = evaluate(model, 'app/api', 'kube-system/coredns', 53, 'UDP');
    expect([lookup.verdict, lookup.egress.decidedBy.name, lookup.ingress.decidedBy.policy]).toEqual(['allow', 'accept-dns', 'baseline-default-deny-dns']);
    expect(verdict(model, 'app/api', 'kube-system/coredns', 9153)).toBe('deny');
  });

  test('is overridden by a namespace that writes its own NetworkPolicies, for the directions they select', () => {
    // GIVEN app lets the frontend reach the api with NetworkPolicies on both sides
    const chart = newChart();
    new BaselineDefaultDeny(chart, 'default-deny');
    new NetworkPolicy(chart, 'api-in', { metadata: { namespace: 'app', name: 'api-in' }, pods: PodSelection.labels({ app: 'api' }) })
      .addIngressRule([Peer.pods({ app: 'frontend' })], [Port.HTTP]);
    new NetworkPolicy(chart, 'frontend-out', { metadata: { namespace: 'app', name: 'frontend-out' }, pods: PodSelection.labels({ app: 'frontend' }), policyTypes: [PolicyType.EGRESS] })
      .addEgressRule([Peer.pods({ app: 'api' })], [Port.HTTP]);
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    // THEN the NetworkPolicy tier decides that flow
    const call = evaluate(model, 'app/frontend', 'app/api', 80);
    expect([call.verdict, call.egress.decidedBy.tier, call.ingress.decidedBy.tier]).toEqual(['allow', 'NetworkPolicy', 'NetworkPolicy']);
    // AND the api's egress, which no NetworkPolicy selects, is still denied at Baseline
    expect(evaluate(model, 'app/api', 'app/frontend', 80).egress.decidedBy).toMatchObject({ tier: 'Baseline', action: 'Deny' });
  });

  test('limits itself to the chosen namespaces and directions, with DNS closed when asked', () => {
    const chart = newChart();
    new BaselineDefaultDeny(chart, 'ingress-only', { namespaces: LabelSelector.of({ labels: { team: 'shop' } }), policyTypes: [PolicyType.INGRESS], allowDns: false, policyName: 'shop-ingress' });
    const model = modelOf(chart, ...NEIGHBOURHOOD);
    expect(clusterPolicies(chart).map((p) => p.metadata.name)).toEqual(['shop-ingress']);
    expect(verdict(model, 'other/client', 'app/api', 80)).toBe('deny');
    expect(verdict(model, 'app/api', 'other/client', 80)).toBe('allow');
    expect(verdict(model, 'other/client', 'payments/ledger', 8443)).toBe('allow');
  });

  test('gives the DNS exception the priority just before an explicit one', () => {
    const chart = newChart();
    const made = new BaselineDefaultDeny(chart, 'default-deny', { priority: 500 });
    expect([made.dnsPolicy?.priority, made.policy.priority]).toEqual([499, 500]);
    expect(() => new BaselineDefaultDeny(newChart(), 'd', { priority: 0 })).toThrow('test/d: priority: Invalid value: 0: the DNS pods\' policy needs the priority just before it; use 1 or more, or allowDns: false');
    expect(() => new BaselineDefaultDeny(newChart(), 'd', { policyTypes: [] })).toThrow('test/d: policyTypes: Required value: deny Ingress, Egress or both');
  });
});
