import { causesOf } from './flow-helpers';
import { checkFlows, parseFlowsDocument, resolveFlows } from '../../src/evaluator/flows';
import { KubeObject } from '../../src/evaluator/kube';
import { UPSTREAM_PROFILE } from '../../src/profile/platform-profile';
import { withLikelyCauses } from '../../src/report/causes';
import { clusterPolicy, EVERY_NAMESPACE } from '../cluster-policy/builders';
import { cluster, namespace, pod, policy } from '../support/builders';

/** Namespace app with api and frontend pods, and cluster DNS in kube-system. */
function app(...extra: KubeObject[]): KubeObject[] {
  return [
    namespace('app'),
    pod('app/api', { labels: { app: 'api' }, ips: ['10.0.1.10'], ports: [{ name: 'http', port: 8080 }] }),
    pod('app/frontend', { labels: { app: 'frontend' }, ips: ['10.0.1.20'] }),
    pod('kube-system/coredns', { labels: { 'k8s-app': 'kube-dns' }, ips: ['10.0.0.10'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] }),
    pod('ingress-nginx/controller', { labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' }, ips: ['10.0.2.5'] }),
    ...extra,
  ];
}

const denyAllEgress = policy('app/deny-egress', { policyTypes: ['Egress'] });
const apiFromFrontend = policy('app/api-from-frontend', {
  podSelector: { matchLabels: { app: 'api' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8080 }] }],
});

describe('likely causes in the words of the symptom table', () => {
  test('name DNS egress missing when an egress-isolated pod cannot reach the cluster DNS on 53', () => {
    const model = cluster(app(denyAllEgress));

    expect(causesOf(model, 'app/api', 'kube-system/coredns', 53, 'UDP')).toEqual([
      'DNS egress missing: egress from app/api is isolated by app/deny-egress, and no rule lets it reach the cluster DNS kube-system/coredns on UDP 53',
    ]);
  });

  test('name DNS egress missing when an Admin ClusterNetworkPolicy denies it, naming that policy', () => {
    const denyDns = clusterPolicy('deny-dns', { subject: EVERY_NAMESPACE, egress: [{ action: 'Deny', to: [{ namespaces: {} }] }] });
    const model = cluster(app(denyDns));

    expect(causesOf(model, 'app/api', 'kube-system/coredns', 53, 'UDP')).toEqual([
      'DNS egress missing: egress from app/api is denied by Admin ClusterNetworkPolicy deny-dns (priority 10) rule 0, and no rule lets it reach the cluster DNS kube-system/coredns on UDP 53',
    ]);
  });

  test('follow the profile: DNS on OpenShift answers on 5353 in openshift-dns', () => {
    const openShiftDns = { ...UPSTREAM_PROFILE, dns: { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ports: [{ port: 5353, protocol: 'UDP' as const }] } };
    const model = cluster(app(denyAllEgress, pod('openshift-dns/dns-default', { labels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } })));

    expect(causesOf(model, 'app/api', 'openshift-dns/dns-default', 5353, 'UDP', openShiftDns)).toEqual([
      expect.stringMatching(/^DNS egress missing: egress from app\/api .* openshift-dns\/dns-default on UDP 5353$/),
    ]);
    expect(causesOf(model, 'app/api', 'openshift-dns/dns-default', 5353, 'UDP')).toEqual([]);
  });

  test('name the ingress controller when ingress isolation does not admit it', () => {
    const model = cluster(app(apiFromFrontend));

    expect(causesOf(model, 'ingress-nginx/controller', 'app/api', 8080)).toEqual([
      'ingress controller not allowed: ingress to app/api is isolated by app/api-from-frontend, and no rule admits the ingress controller ingress-nginx/controller on TCP 8080',
    ]);
  });

  test('name a default-deny with no same-namespace allow when both pods share the namespace', () => {
    const model = cluster(app(policy('app/default-deny', { policyTypes: ['Ingress'] })));

    expect(causesOf(model, 'app/frontend', 'app/api', 8080)).toEqual([
      'default-deny with no same-namespace allow: app/default-deny denies all ingress of app/api, and no policy allows app/frontend in the same namespace (app)',
    ]);
  });

  test('do not call it a same-namespace problem when the source is in another namespace', () => {
    const model = cluster(app(policy('app/default-deny', { policyTypes: ['Ingress'] }), pod('web/client', { labels: { app: 'frontend' } })));

    expect(causesOf(model, 'web/client', 'app/api', 8080)).toEqual([]);
  });

  test('name the pod label the source lacks when the rule would otherwise match', () => {
    const model = cluster(app(apiFromFrontend));

    expect(causesOf(model, { namespace: 'app', labels: { run: 'random-client' } }, 'app/api', 8080)).toEqual([
      'pod labels do not match: rule 0 of app/api-from-frontend (peer 0) would allow this flow, but app/{run=random-client} (Pod (not in manifests)) {run=random-client} lacks app=frontend (podSelector)',
    ]);
  });

  test('name the namespace label the source namespace lacks when the rule would otherwise match', () => {
    const fromTeamWeb = policy('app/from-web', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'web' } }, podSelector: { matchLabels: { app: 'frontend' } } }] }],
    });
    const model = cluster(app(fromTeamWeb, namespace('web'), pod('web/frontend', { labels: { app: 'frontend' } })));

    expect(causesOf(model, 'web/frontend', 'app/api', 8080)).toEqual([
      'namespace labels do not match: rule 0 of app/from-web (peer 0) would allow this flow, but namespace web {kubernetes.io/metadata.name=web} lacks team=web (namespaceSelector)',
    ]);
  });

  test('blame no label when the rule does not list the port either', () => {
    const model = cluster(app(apiFromFrontend));

    expect(causesOf(model, { namespace: 'app', labels: { run: 'random-client' } }, 'app/api', 9090)).toEqual([]);
  });

  test('name the missing egress rule for an external address and for a range', () => {
    const model = cluster(app(denyAllEgress));

    expect(causesOf(model, 'app/api', '203.0.113.5', 443)).toEqual([
      'no egress rule for the external CIDR or port: egress from app/api is isolated by app/deny-egress, and no egress rule covers 203.0.113.5 on TCP 443',
    ]);
    expect(causesOf(model, 'app/api', { cidr: '203.0.113.0/24' }, 443)).toEqual([
      'no egress rule for the external CIDR or port: egress from app/api is isolated by app/deny-egress, and no egress rule covers 203.0.113.0/24 on TCP 443',
    ]);
  });

  test('name nothing for an allowed flow', () => {
    const model = cluster(app(apiFromFrontend));

    expect(causesOf(model, 'app/frontend', 'app/api', 8080)).toEqual([]);
  });
});

describe('likely causes in netpol check reasons', () => {
  test('end the reasons of a failed denied flow with a likely cause sentence, and leave passing flows alone', () => {
    // GIVEN a random client expected to reach api (fails) and one expected not to (passes)
    const model = cluster(app(apiFromFrontend));
    const specs = parseFlowsDocument({
      flows: [
        { name: 'client reaches api', from: { namespace: 'app', labels: { run: 'client' } }, to: 'app/api', port: 8080, expect: 'allow' },
        { name: 'client cannot reach api', from: { namespace: 'app', labels: { run: 'client' } }, to: 'app/api', port: 8080, expect: 'deny' },
      ],
    });
    const resolved = resolveFlows(model, specs);
    const plain = checkFlows(model, resolved);

    // WHEN the likely causes are added
    const report = withLikelyCauses(model, resolved, plain, UPSTREAM_PROFILE);

    // THEN only the failed flow gains a sentence, after the reasons it had; nothing else changes
    expect(report.flows[0].reasons).toEqual([...plain.flows[0].reasons, expect.stringMatching(/^likely cause: pod labels do not match: rule 0 of app\/api-from-frontend/)]);
    expect(report.flows[1]).toEqual(plain.flows[1]);
    expect(report.summary).toEqual(plain.summary);
  });

  test('add nothing to a flow that failed because it is allowed', () => {
    const model = cluster(app(apiFromFrontend));
    const resolved = resolveFlows(model, parseFlowsDocument({ flows: [{ from: 'app/frontend', to: 'app/api', port: 8080, expect: 'deny' }] }));
    const plain = checkFlows(model, resolved);

    expect(withLikelyCauses(model, resolved, plain, UPSTREAM_PROFILE)).toEqual(plain);
  });
});
