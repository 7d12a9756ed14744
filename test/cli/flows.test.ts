import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedClusterFile, labDirectory } from './matrix-support';
import { expectInvalidInput, runCli, temporaryDirectory } from './run-cli';

let lab: string;
beforeAll(() => { lab = labDirectory(); });

describe('netpol flows', () => {
  test('prints the flows that hold in the lab as a flows file', async () => {
    const run = await runCli(['flows', '--manifests', '.', '--namespace', 'app', 'monitoring'], { cwd: lab });
    expect(run).toEqual({
      code: 0,
      stdout: [
        '# Flows that hold today, written by `netpol flows`: every allowed connection between workloads',
        '# on the ports their pods declare. Commit it, and re-check after each change with',
        '#   netpol check --manifests <the same manifests> --flows <this file>',
        'flows:',
        '  - name: "app/frontend -> app/api:80/TCP"',
        '    from: app/frontend',
        '    to: app/api',
        '    port: 80',
        '    protocol: TCP',
        '    expect: allow',
        '  - name: "monitoring/prometheus-agent -> app/api:8080/TCP"',
        '    from: monitoring/prometheus-agent',
        '    to: app/api',
        '    port: 8080',
        '    protocol: TCP',
        '    expect: allow',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  test('writes a baseline that netpol check passes', async () => {
    const flows = await runCli(['flows', '--manifests', '.'], { cwd: lab });
    const flowsFile = path.join(temporaryDirectory(), 'flows.yaml');
    fs.writeFileSync(flowsFile, flows.stdout);
    const check = await runCli(['check', '--manifests', 'lab.yaml', 'platform.yaml', '--flows', flowsFile, '--output', 'json'], { cwd: lab });
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report.summary).toEqual({ total: 10, passed: 10, failed: 0 });
    expect(report.flows.map((f: { name: string }) => f.name)).toContain('app/api -> kube-system/coredns:53/UDP');
  });

  test('keeps to the ports asked for', async () => {
    const run = await runCli(['flows', '--manifests', '.', '--port', '53/UDP'], { cwd: lab });
    expect(run.stdout.match(/^ {4}port: .*$/gm)).toEqual(Array(4).fill('    port: 53'));
    expect(run.stdout).not.toContain('protocol: TCP');
  });

  test('writes an empty list when nothing holds', async () => {
    const run = await runCli(['flows', '--manifests', '.', '--port', '9999'], { cwd: lab });
    expect(run.stdout.endsWith('\nflows: []\n')).toBe(true);
  });

  test('on a generated cluster, writes a baseline that netpol check passes, the same bytes twice', async () => {
    const file = generatedClusterFile({ pods: 300, namespaces: 12, policies: 150, externals: 4, nodes: 3 });
    const first = await runCli(['flows', '--manifests', file, '--namespace', 'alpha-prod-0', 'bravo-prod-1', 'kube-system', 'monitoring']);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect((await runCli(['flows', '--manifests', file, '--namespace', 'alpha-prod-0', 'bravo-prod-1', 'kube-system', 'monitoring'])).stdout).toBe(first.stdout);
    const flowsFile = path.join(path.dirname(file), 'flows.yaml');
    fs.writeFileSync(flowsFile, first.stdout);
    const check = await runCli(['check', '--manifests', file, '--flows', flowsFile, '--output', 'json']);
    const summary = JSON.parse(check.stdout).summary;
    expect(summary.total).toBeGreaterThan(20);
    expect(summary.failed).toBe(0);
    expect(check.code).toBe(0);
  });

  test('exits 2 on invalid input', async () => {
    expect(expectInvalidInput(await runCli(['flows', '--manifests', '.', '--namespace', 'nope'], { cwd: lab }))).toEqual([
      'error: --namespace: Invalid value: "nope": no object in the manifests is in this namespace',
    ]);
    expect((await runCli(['flows', '--manifests', '.', '--group', 'pod'], { cwd: lab })).code).toBe(2);
  });
});
