import { KubeObject } from '../../../src/evaluator/kube';
import { cnpShadowedRule } from '../../../src/lint/rules/cnp-shadowed-rule';
import { clusterPolicy, EVERY_NAMESPACE, inNamespace, tcp } from '../../cluster-policy/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const udp = (port: number) => ({ udp: { destinationPort: { number: port } } });
const namespacesWith = (selector: KubeObject) => ({ namespaces: selector });

/** The conformance suite's slip: the Accept for ravenclaw is written before the Deny meant to limit it. */
const acceptThenDeny = clusterPolicy('gryffindor', {
  subject: inNamespace('gryffindor'),
  ingress: [
    { name: 'accept-ravenclaw', action: 'Accept', from: [inNamespace('ravenclaw')] },
    { name: 'deny-ravenclaw-80', action: 'Deny', from: [inNamespace('ravenclaw')], protocols: [tcp(80)] },
  ],
});

function messages(...objects: KubeObject[]): string[] {
  return findingsOf(cnpShadowedRule, objects).map((f) => `${f.object} ${f.field}: ${f.message}`);
}

describe('cnp-shadowed-rule', () => {
  test('fires on a rule an earlier rule of its own policy matches completely, naming that rule', () => {
    expect(findingsOf(cnpShadowedRule, [acceptThenDeny])).toEqual([expect.objectContaining({
      severity: 'warning',
      object: 'ClusterNetworkPolicy gryffindor',
      field: 'spec.ingress[1]',
      message: 'ingress rule 1 "deny-ravenclaw-80" (Deny) can never apply: Admin ClusterNetworkPolicy gryffindor (priority 10) ingress rule 0 "accept-ravenclaw" (Accept) already matches all of its peers and ports',
      fix: 'move it before Admin ClusterNetworkPolicy gryffindor (priority 10) ingress rule 0 "accept-ravenclaw" (Accept), or delete it',
    })]);
  });

  test('fires on a rule that a higher-precedence policy of its tier, selecting all its pods, matches first', () => {
    // GIVEN a priority-5 Pass of everything from namespace app for every pod, and a later Deny of app on 8443 for payments
    const passApp = clusterPolicy('pass-app', { priority: 5, egress: [{ action: 'Pass', to: [inNamespace('app')] }] });
    const payments = clusterPolicy('payments', { priority: 20, subject: inNamespace('payments'), egress: [{ name: 'deny-app', action: 'Deny', to: [inNamespace('app')], protocols: [tcp(8443)] }] });

    expect(messages(passApp, payments)).toEqual([
      'ClusterNetworkPolicy payments spec.egress[0]: egress rule 0 "deny-app" (Deny) can never apply: Admin ClusterNetworkPolicy pass-app (priority 5) egress rule 0 (Pass) already matches all of its peers and ports',
    ]);
    expect(findingsOf(cnpShadowedRule, [passApp, payments])[0].fix).toBe('give payments a lower priority number than pass-app, narrow the shadowing rule, or delete this one');
  });

  test('fires when several earlier rules together cover the ports, naming each', () => {
    const policy = clusterPolicy('split', {
      ingress: [
        { name: 'dns-udp', action: 'Accept', from: [EVERY_NAMESPACE], protocols: [udp(53)] },
        { name: 'dns-tcp', action: 'Accept', from: [EVERY_NAMESPACE], protocols: [tcp(53)] },
        { name: 'http', action: 'Accept', from: [EVERY_NAMESPACE], protocols: [tcp(80)] },
        { name: 'dns-from-app', action: 'Deny', from: [inNamespace('app')], protocols: [udp(53), tcp(53)] },
      ],
    });
    expect(messages(policy)).toEqual([
      'ClusterNetworkPolicy split spec.ingress[3]: ingress rule 3 "dns-from-app" (Deny) can never apply: Admin ClusterNetworkPolicy split (priority 10) ingress rule 0 "dns-udp" (Accept) and Admin ClusterNetworkPolicy split (priority 10) ingress rule 1 "dns-tcp" (Accept) already match all of its peers and ports',
    ]);
  });

  test.each([
    ['a label In covering the value it requires', { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] }, { matchLabels: { team: 'a' } }],
    ['a label Exists covering any value', { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, { matchLabels: { team: 'a', env: 'prod' } }],
    ['a NotIn covering a value it leaves out', { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['x'] }] }, { matchLabels: { team: 'a' } }],
  ])('proves coverage from the selectors themselves: %s', (_title, outer, inner) => {
    const policy = clusterPolicy('p', { ingress: [{ action: 'Deny', from: [namespacesWith(outer)] }, { action: 'Accept', from: [namespacesWith(inner)], protocols: [tcp(80)] }] });
    expect(findingsOf(cnpShadowedRule, [policy]).map((f) => f.field)).toEqual(['spec.ingress[1]']);
  });

  test('fires on a domain-name Accept after a Deny of every IPv4 and IPv6 address', () => {
    const policy = clusterPolicy('allowlist-upside-down', {
      egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }, { action: 'Accept', to: [{ domainNames: ['*.example.com'] }], protocols: [tcp(443)] }],
    });
    expect(findingsOf(cnpShadowedRule, [policy]).map((f) => f.field)).toEqual(['spec.egress[1]']);
  });

  test.each([
    ['the earlier rule covers only some peers', [{ action: 'Accept', from: [inNamespace('a')] }, { action: 'Deny', from: [inNamespace('a'), inNamespace('b')] }]],
    ['the earlier rule covers only some ports', [{ action: 'Accept', from: [EVERY_NAMESPACE], protocols: [tcp(80)] }, { action: 'Deny', from: [inNamespace('a')], protocols: [tcp(80), tcp(443)] }]],
    ['the earlier rule has ports and the later has none', [{ action: 'Accept', from: [EVERY_NAMESPACE], protocols: [tcp(80)] }, { action: 'Deny', from: [inNamespace('a')] }]],
    ['a named port is not proven equal to a number', [{ action: 'Accept', from: [EVERY_NAMESPACE], protocols: [{ destinationNamedPort: 'http' }] }, { action: 'Deny', from: [inNamespace('a')], protocols: [tcp(80)] }]],
    ['a NotIn does not cover everything', [{ action: 'Accept', from: [namespacesWith({ matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['x'] }] })] }, { action: 'Deny', from: [EVERY_NAMESPACE] }]],
    ['a v4-only network does not cover a domain name', [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }, { action: 'Accept', to: [{ domainNames: ['*.example.com'] }] }]],
  ])('does not fire when %s', (_title, rules) => {
    const direction = 'to' in rules[0] ? 'egress' : 'ingress';
    expect(findingsOf(cnpShadowedRule, [clusterPolicy('p', { [direction]: rules })])).toEqual([]);
  });

  test('does not fire across policies of another tier, of the same priority, or whose subject is narrower', () => {
    const later = clusterPolicy('later', { priority: 20, ingress: [{ action: 'Deny', from: [inNamespace('a')] }] });
    const acceptAll = (name: string, extra: object) => clusterPolicy(name, { ingress: [{ action: 'Accept', from: [EVERY_NAMESPACE] }], ...extra });
    expect(findingsOf(cnpShadowedRule, [later, acceptAll('baseline', { tier: 'Baseline', priority: 1 })])).toEqual([]);
    expect(findingsOf(cnpShadowedRule, [later, acceptAll('same', { priority: 20 })])).toEqual([]);
    expect(findingsOf(cnpShadowedRule, [later, acceptAll('narrow', { priority: 1, subject: inNamespace('a') })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the ClusterNetworkPolicy', () => {
    const [finding] = findingsOf(cnpShadowedRule, [suppressed(acceptThenDeny, 'cnp-shadowed-rule', 'kept to document the intent')]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
