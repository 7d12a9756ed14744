import { KubeObject } from '../../../src/evaluator/kube';
import { diffReports, ReachabilityDiff } from '../../../src/report/diff';
import { diffJson, renderDiffMarkdown, renderDiffTable } from '../../../src/report/formats/diff';
import { buildMatrixReport, PortKey } from '../../../src/report/matrix-report';
import { namespace, policy, workload } from '../../support/builders';
import { labObjects, modelOf } from '../matrix-support';

const PORTS: PortKey[] = [{ port: 53, protocol: 'TCP' }, { port: 80, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }, { port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }];

function diffOf(before: readonly KubeObject[], after: readonly KubeObject[], ports = PORTS): ReachabilityDiff {
  return diffReports(
    buildMatrixReport(modelOf(before), { ports, declaredPortsOnly: true }),
    buildMatrixReport(modelOf(after), { ports, declaredPortsOnly: true }),
  );
}

/** The lab after a change that moves the scrape to 9090 and opens 8080 to the frontend. */
function changedLab(): KubeObject[] {
  const moved = labObjects().map((o) => (o.metadata.name === 'lab-scrape' ? JSON.parse(JSON.stringify(o).replace('"port":8080', '"port":9090')) : o));
  return [...moved, policy('app/frontend-metrics', {
    podSelector: { matchLabels: { app: 'api' } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8080 }] }],
  }), policy('app/frontend-to-metrics', {
    podSelector: { matchLabels: { app: 'frontend' } },
    policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 8080 }] }],
  })];
}

describe('the Markdown diff', () => {
  test('has the headline counts, a Lost and a Gained table, and a sentence per change, ready for a pull request', () => {
    expect(renderDiffMarkdown(diffOf(labObjects(), changedLab())).split('\n')).toEqual([
      '### NetworkPolicy reachability',
      '',
      '**1 connection lost, 1 gained** (by workload, 6 compared, on TCP 53, TCP 80, TCP 443, TCP 8080, TCP 9090, UDP 53).',
      '',
      '#### Lost (1 connection)',
      '',
      '| From | To | Ports |',
      '| --- | --- | --- |',
      '| monitoring/prometheus-agent | app/api | TCP 8080 |',
      '',
      '- After this change, monitoring/prometheus-agent can no longer reach app/api on TCP 8080.',
      '',
      '#### Gained (1 connection)',
      '',
      '| From | To | Ports |',
      '| --- | --- | --- |',
      '| app/frontend | app/api | TCP 8080 |',
      '',
      '- After this change, app/frontend can reach app/api on TCP 8080.',
      '',
    ]);
  });

  test('says so when nothing changed', () => {
    expect(renderDiffMarkdown(diffOf(labObjects(), labObjects()))).toContain('**No connection lost or gained** (by workload, 6 compared');
  });

  test('keeps a large change to 100 rows per table, and points at the JSON for the rest', () => {
    // GIVEN eleven workloads that all talk, then a default deny: 121 pairs lost
    const open = [namespace('big'), ...Array.from({ length: 11 }, (_, i) => workload('Deployment', `big/w${String(i).padStart(2, '0')}`, { labels: { app: `w${i}` }, ports: [{ port: 80 }] }))];
    const closed = [...open, policy('big/deny', { podSelector: {}, policyTypes: ['Ingress'] })];
    const markdown = renderDiffMarkdown(diffOf(open, closed, [{ port: 80, protocol: 'TCP' }]));
    expect(markdown).toContain('**121 connections lost, 0 gained**');
    expect(markdown.split('\n').filter((line) => line.startsWith('| big/'))).toHaveLength(100);
    expect(markdown).toContain('| … 21 more pairs (see --output json) | | |');
    expect(markdown.split('\n').filter((line) => line.startsWith('- After this change'))).toHaveLength(100);
  });

  test('names the endpoints only one version has', () => {
    const grown = [...labObjects(), workload('Deployment', 'app/worker', { labels: { app: 'worker' } })];
    expect(renderDiffMarkdown(diffOf(labObjects(), grown))).toContain('\nNew (not compared): app/worker.\n');
  });
});

describe('the terminal diff', () => {
  test('prints the headline, then one aligned line per pair', () => {
    expect(renderDiffTable(diffOf(labObjects(), changedLab()))).toBe([
      '1 connection lost, 1 gained (by workload, 6 compared, on TCP 53, TCP 80, TCP 443, TCP 8080, TCP 9090, UDP 53).',
      '',
      'Lost:',
      '  monitoring/prometheus-agent -> app/api  TCP 8080',
      '',
      'Gained:',
      '  app/frontend -> app/api  TCP 8080',
      '',
    ].join('\n'));
  });
});

describe('the JSON diff', () => {
  test('has the schema, the counts and each changed port with what it was and what it became', () => {
    const json = diffJson(diffOf(labObjects(), changedLab()));
    expect(json).toEqual({
      schema: 'netpol.diff/v1',
      grouping: 'workload',
      ports: ['53/TCP', '80/TCP', '443/TCP', '8080/TCP', '9090/TCP', '53/UDP'],
      declaredPortsOnly: true,
      summary: { lost: 1, gained: 1, lostPairs: 1, gainedPairs: 1, added: 0, removed: 0, compared: 6 },
      lost: [{ from: 'monitoring/prometheus-agent', to: 'app/api', ports: [{ port: '8080/TCP', before: 'allow', after: 'deny' }] }],
      gained: [{ from: 'app/frontend', to: 'app/api', ports: [{ port: '8080/TCP', before: 'deny', after: 'allow' }] }],
      added: [],
      removed: [],
    });
  });
});
