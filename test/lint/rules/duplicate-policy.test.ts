import { duplicatePolicy } from '../../../src/lint/rules/duplicate-policy';
import { namespace, policy } from '../../support/builders';
import { findingsOf, suppressed } from '../lint-helpers';

const spec = { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }] };
/** The same spec with keys written in another order. */
const reordered = { ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }] }], podSelector: { matchLabels: { app: 'api' } } };

describe('duplicate-policy', () => {
  test('fires as info on the second of two policies with the same spec in one namespace', () => {
    const findings = findingsOf(duplicatePolicy, [namespace('app'), policy('app/allow-api', spec), policy('app/allow-api-old', reordered)]);

    expect(findings).toEqual([expect.objectContaining({
      severity: 'info',
      object: 'NetworkPolicy app/allow-api-old',
      message: 'has the same spec as NetworkPolicy app/allow-api: one of them is redundant',
    })]);
  });

  test('does not fire on the same spec in two namespaces', () => {
    expect(findingsOf(duplicatePolicy, [policy('app/allow-api', spec), policy('staging/allow-api', spec)])).toEqual([]);
  });

  test('does not fire on specs that differ', () => {
    expect(findingsOf(duplicatePolicy, [policy('app/a', spec), policy('app/b', { ...spec, policyTypes: ['Ingress', 'Egress'] })])).toEqual([]);
  });

  test('is suppressed by an annotation with a reason on the copy', () => {
    const annotated = suppressed(policy('app/allow-api-old', spec), 'duplicate-policy', 'kept until the rename is rolled out');

    const [finding] = findingsOf(duplicatePolicy, [policy('app/allow-api', spec), annotated]);

    expect(finding.suppressed?.by).toBe('annotation');
  });
});
