import { namespaceWithoutPolicy } from '../../../src/lint/rules/namespace-without-policy';
import { namespace, policy, workload } from '../../support/builders';
import { findingsOf } from '../lint-helpers';

const shop = [namespace('shop'), workload('Deployment', 'shop/api', { labels: { app: 'api' } }), workload('Deployment', 'shop/web', { labels: { app: 'web' } })];

describe('namespace-without-policy', () => {
  test('fires as info on a namespace with pods and no NetworkPolicy', () => {
    const findings = findingsOf(namespaceWithoutPolicy, shop);

    expect(findings).toEqual([expect.objectContaining({
      severity: 'info',
      object: 'Namespace shop',
      source: 'test object 1',
      message: 'namespace shop has 2 pods (shop/api (Deployment), shop/web (Deployment)) and no NetworkPolicy: they accept traffic from anywhere and may send anywhere',
    })]);
  });

  test('does not fire once the namespace has a policy', () => {
    expect(findingsOf(namespaceWithoutPolicy, [...shop, policy('shop/default-deny')])).toEqual([]);
  });

  test('does not fire on kube-system or on namespaces without pods', () => {
    expect(findingsOf(namespaceWithoutPolicy, [namespace('empty'), workload('DaemonSet', 'kube-system/agent', { labels: { app: 'agent' } })])).toEqual([]);
  });

  test('is suppressed by an option naming the namespace', () => {
    const [finding] = findingsOf(namespaceWithoutPolicy, shop, { suppressions: [{ ruleId: 'namespace-without-policy', target: 'shop', reason: 'sandbox namespace, open on purpose' }] });

    expect(finding.suppressed?.by).toBe('option');
  });
});
