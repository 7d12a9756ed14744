import { ruleNeverMatches } from '../../../src/lint/rules/rule-never-matches';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const cluster = [
  namespace('app'),
  namespace('monitoring'),
  workload('Deployment', 'app/api', { labels: { app: 'api' }, ports: [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }] }),
  workload('Deployment', 'app/web', { labels: { app: 'web' } }),
  workload('Deployment', 'monitoring/prometheus', { labels: { app: 'prometheus' } }),
];

function apiIngress(rule: object) {
  return policy('app/api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [rule] });
}

describe('rule-never-matches', () => {
  test('fires on a named port that no destination pod declares, and suggests the closest name', () => {
    const findings = findingsOf(ruleNeverMatches, [...cluster, apiIngress({ ports: [{ port: 'htp' }] })]);

    expect(findings).toEqual([expect.objectContaining({
      field: 'spec.ingress[0].ports[0].port',
      message: 'named port "htp" (TCP) is declared by none of the pods this rule\'s traffic goes to (app/api (Deployment)): the entry never matches',
      fix: 'did you mean "http"? change the port to "http"',
    })]);
  });

  test('fires on a named port declared with another protocol, and says which', () => {
    const [finding] = findingsOf(ruleNeverMatches, [...cluster, apiIngress({ ports: [{ port: 'dns' }] })]);

    expect(finding.fix).toBe('"dns" is UDP 53 on app/api (Deployment): set protocol: UDP');
  });

  test('fires on an ipBlock whose except removes the whole cidr', () => {
    const findings = findingsOf(ruleNeverMatches, [...cluster, apiIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/24', except: ['10.0.0.0/25', '10.0.0.128/25'] } }] })]);

    expect(findings.map((f) => [f.field, f.message])).toEqual([[
      'spec.ingress[0].from[0].ipBlock.except',
      'except [10.0.0.0/25, 10.0.0.128/25] removes all of cidr 10.0.0.0/24: this peer matches no address',
    ]]);
  });

  test('fires on a podSelector peer that selects no pod of its namespace, and points to the namespace where such pods run', () => {
    const findings = findingsOf(ruleNeverMatches, [...cluster, apiIngress({ from: [{ podSelector: { matchLabels: { app: 'prometheus' } } }] })]);

    expect(findings).toEqual([expect.objectContaining({
      field: 'spec.ingress[0].from[0]',
      message: expect.stringContaining('podSelector {app=prometheus} matches none of the pods in app: this peer selects nothing; pods with these labels run in monitoring'),
      fix: 'add namespaceSelector {matchLabels: {kubernetes.io/metadata.name: monitoring}} to this peer',
    })]);
  });

  test('does not fire on a rule whose ports and peers match pods', () => {
    const rule = { from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'http' }] };

    expect(findingsOf(ruleNeverMatches, [...cluster, apiIngress(rule)])).toEqual([]);
  });

  test('leaves labels that nothing carries to selector-label-unknown', () => {
    expect(findingsOf(ruleNeverMatches, [...cluster, apiIngress({ from: [{ podSelector: { matchLabels: { app: 'wbe' } } }] })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(apiIngress({ ports: [{ port: 'grpc' }] }), 'rule-never-matches', 'grpc port ships with the next release');

    const [finding] = findingsOf(ruleNeverMatches, [...cluster, annotated]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
