import { lint, suppressed } from './lint-helpers';
import { activeFindings, runLint } from '../../src/lint';
import { egressWithoutDns } from '../../src/lint/rules/egress-without-dns';
import { hiddenAllowAll } from '../../src/lint/rules/hidden-allow-all';
import { cluster, namespace, policy, workload } from '../support/builders';

const app = [namespace('app'), workload('Deployment', 'app/api', { labels: { app: 'api' } })];
const denyEgress = policy('app/deny-egress', { policyTypes: ['Egress'] });

describe('lint runner: suppressions', () => {
  test('an option suppression for one policy suppresses its finding and records the reason', () => {
    const findings = lint(egressWithoutDns, [...app, denyEgress], {
      suppressions: [{ ruleId: 'egress-without-dns', target: 'app/deny-egress', reason: 'DNS is allowed by the mesh sidecar' }],
    });

    expect(findings).toEqual([expect.objectContaining({ ruleId: 'egress-without-dns', suppressed: { reason: 'DNS is allowed by the mesh sidecar', by: 'option' } })]);
    expect(activeFindings(findings)).toEqual([]);
  });

  test('an option suppression for another policy leaves the finding active', () => {
    const findings = lint(egressWithoutDns, [...app, denyEgress], {
      suppressions: [{ ruleId: 'egress-without-dns', target: 'app/other', reason: 'DNS is allowed by the mesh sidecar' }],
    });

    expect(activeFindings(findings).map((f) => f.ruleId)).toEqual(['egress-without-dns']);
  });

  test('an annotation whose reason is too short does not suppress, and is an error of its own', () => {
    const findings = lint(egressWithoutDns, [...app, suppressed(denyEgress, 'egress-without-dns', 'ok')]);

    expect(findings.map((f) => [f.ruleId, f.suppressed])).toEqual([['egress-without-dns', undefined], ['invalid-suppression', undefined]]);
    expect(findings[1]).toEqual(
      expect.objectContaining({
        ruleId: 'invalid-suppression',
        severity: 'error',
        object: 'NetworkPolicy app/deny-egress',
        field: 'metadata.annotations.netpol.cdk8s.io/suppress.egress-without-dns',
        message: 'suppression of "egress-without-dns" needs a reason of at least 10 characters (got "ok")',
      }),
    );
  });

  test('an annotation naming an unknown rule is an error that lists the rules', () => {
    const findings = lint(egressWithoutDns, [...app, suppressed(policy('app/allow'), 'egress-without-dnss', 'long enough reason here')]);

    expect(findings).toEqual([expect.objectContaining({ ruleId: 'invalid-suppression', message: 'suppresses unknown rule "egress-without-dnss"', fix: 'use one of: egress-without-dns' })]);
  });

  test('an option with a short reason is an error that points at the option', () => {
    const findings = lint(egressWithoutDns, [...app, denyEgress], { suppressions: [{ ruleId: 'egress-without-dns', reason: 'because' }] });

    expect(findings.filter((f) => f.ruleId === 'invalid-suppression')).toEqual([expect.objectContaining({ object: 'cluster', field: 'suppressions[0]' })]);
    expect(activeFindings(findings).map((f) => f.ruleId)).toEqual(['egress-without-dns', 'invalid-suppression']);
  });
});

describe('lint runner: severities and order', () => {
  test('errorRules turns a rule\'s warnings into errors', () => {
    const objects = [...app, policy('app/api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 80 }] }, {}] })];

    expect(lint(hiddenAllowAll, objects).map((f) => f.severity)).toEqual(['warning']);
    expect(lint(hiddenAllowAll, objects, { errorRules: ['hidden-allow-all'] }).map((f) => f.severity)).toEqual(['error']);
  });

  test('findings come sorted by severity, then rule id, then object, whatever the input order', () => {
    const objects = [
      ...app,
      policy('app/b', { policyTypes: ['Egress'] }),
      policy('app/a', { policyTypes: ['Egress'] }),
      policy('app/api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 80 }] }, {}] }),
    ];

    const order = (list: typeof objects) => runLint(cluster(list)).map((f) => `${f.severity} ${f.ruleId} ${f.object}`);

    expect(order(objects)).toEqual(order([...objects].reverse()));
    expect(order(objects).slice(0, 2)).toEqual(['error egress-without-dns NetworkPolicy app/a', 'error egress-without-dns NetworkPolicy app/b']);
  });
});
