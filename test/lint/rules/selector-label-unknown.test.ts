import { selectorLabelUnknown } from '../../../src/lint/rules/selector-label-unknown';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf, KUBE_DNS_PEER, suppressed } from '../lint-helpers';

const app = [
  namespace('app', { team: 'shop' }),
  workload('Deployment', 'app/api', { labels: { app: 'api' } }),
  workload('Deployment', 'app/frontend', { labels: { app: 'frontend' } }),
];

function allowFrom(peer: object) {
  return policy('app/api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [peer] }] });
}

describe('selector-label-unknown', () => {
  test('fires on a podSelector value no pod carries and names the closest existing label', () => {
    const findings = findingsOf(selectorLabelUnknown, [...app, allowFrom({ podSelector: { matchLabels: { app: 'frontnd' } } })]);

    expect(findings).toEqual([expect.objectContaining({
      object: 'NetworkPolicy app/api',
      field: 'spec.ingress[0].from[0].podSelector',
      message: 'podSelector requires app=frontnd, which no pod in the manifests carries (did you mean app=frontend?): the selector matches nothing',
      fix: 'change app=frontnd to app=frontend',
    })]);
  });

  test('fires on the policy\'s own podSelector and lists the values the key has when nothing is close', () => {
    const findings = findingsOf(selectorLabelUnknown, [...app, policy('app/db', { podSelector: { matchLabels: { app: 'postgres' } } })]);

    expect(findings.map((f) => [f.field, f.message])).toEqual([[
      'spec.podSelector',
      'podSelector requires app=postgres, which no pod in the manifests carries (app has the values api, frontend): the selector matches nothing',
    ]]);
  });

  test('fires on a namespaceSelector label no declared namespace carries', () => {
    const findings = findingsOf(selectorLabelUnknown, [...app, allowFrom({ namespaceSelector: { matchLabels: { team: 'shopp' } } })]);

    expect(findings.map((f) => [f.field, f.fix])).toEqual([['spec.ingress[0].from[0].namespaceSelector', 'change team=shopp to team=shop']]);
  });

  test('fires on a namespace name that is a near miss of a namespace in the manifests', () => {
    const findings = findingsOf(selectorLabelUnknown, [...app, allowFrom({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ap' } } })]);

    expect(findings.map((f) => f.message)).toEqual(['namespaceSelector requires kubernetes.io/metadata.name=ap, which names no namespace in the manifests (did you mean app?)']);
  });

  test('does not fire on labels the pods and namespaces carry', () => {
    const findings = findingsOf(selectorLabelUnknown, [...app, allowFrom({ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'frontend' } } })]);

    expect(findings).toEqual([]);
  });

  test('does not judge pods of namespaces the manifests hold no pods of, such as the DNS pods of kube-system', () => {
    const findings = findingsOf(selectorLabelUnknown, [...app, policy('app/dns', { policyTypes: ['Egress'], egress: [{ to: [KUBE_DNS_PEER] }] })]);

    expect(findings).toEqual([]);
  });

  test('does not judge namespace labels when no namespace is declared', () => {
    const undeclared = [workload('Deployment', 'app/api', { labels: { app: 'api' } }), allowFrom({ namespaceSelector: { matchLabels: { team: 'ops' } } })];

    expect(findingsOf(selectorLabelUnknown, undeclared)).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the policy', () => {
    const annotated = suppressed(allowFrom({ podSelector: { matchLabels: { app: 'batch' } } }), 'selector-label-unknown', 'batch pods come from another repository');

    const [finding] = findingsOf(selectorLabelUnknown, [...app, annotated]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
