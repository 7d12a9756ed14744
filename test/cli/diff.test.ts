import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedClusterFile, labDirectory } from './matrix-support';
import { expectInvalidInput, runCli } from './run-cli';

let lab: string;
beforeAll(() => {
  lab = labDirectory();
  // The change under review: the scrape moves to 9090, which the api does not serve.
  const before = fs.readFileSync(path.join(lab, 'lab.yaml'), 'utf8');
  const scrape = before.indexOf('name: lab-scrape');
  fs.mkdirSync(path.join(lab, 'after'));
  fs.writeFileSync(path.join(lab, 'after', 'lab.yaml'), before.slice(0, scrape) + before.slice(scrape).replace('port: 8080', 'port: 9090'));
  fs.copyFileSync(path.join(lab, 'platform.yaml'), path.join(lab, 'after', 'platform.yaml'));
});

const LOST_LINE = '- After this change, monitoring/prometheus-agent can no longer reach app/api on TCP 8080.';

describe('netpol diff', () => {
  test('prints Markdown for a pull request comment by default, and exits 0 on a loss without --fail-on-loss', async () => {
    const run = await runCli(['diff', '--before', 'lab.yaml', 'platform.yaml', '--after', 'after'], { cwd: lab });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      '### NetworkPolicy reachability',
      '',
      '**1 connection lost, 0 gained** (by workload, 6 compared, on TCP 53, TCP 80, TCP 443, TCP 8080, TCP 9090, UDP 53).',
    ]);
    expect(run.stdout).toContain(`\n${LOST_LINE}\n`);
  });

  test('exits 1 on a loss with --fail-on-loss', async () => {
    const run = await runCli(['diff', '--before', 'lab.yaml', 'platform.yaml', '--after', 'after', '--fail-on-loss', '--output', 'table'], { cwd: lab });
    expect(run).toEqual({
      code: 1,
      stdout: [
        '1 connection lost, 0 gained (by workload, 6 compared, on TCP 53, TCP 80, TCP 443, TCP 8080, TCP 9090, UDP 53).',
        '',
        'Lost:',
        '  monitoring/prometheus-agent -> app/api  TCP 8080',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  test('exits 0 with --fail-on-loss when only gains (the change reversed) or nothing changed', async () => {
    const reversed = await runCli(['diff', '--before', 'after', '--after', 'lab.yaml', 'platform.yaml', '--fail-on-loss', '--output', 'json'], { cwd: lab });
    expect(reversed.code).toBe(0);
    expect(JSON.parse(reversed.stdout).summary).toEqual({ lost: 0, gained: 1, lostPairs: 0, gainedPairs: 1, added: 0, removed: 0, compared: 6 });
    const same = await runCli(['diff', '--before', 'after', '--after', 'after', '--fail-on-loss'], { cwd: lab });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('**No connection lost or gained**');
  });

  test('reads one side from stdin', async () => {
    const stdin = fs.readFileSync(path.join(lab, 'lab.yaml'), 'utf8');
    const run = await runCli(['diff', '--before', '-', 'platform.yaml', '--after', 'after', '--output', 'json'], { cwd: lab, stdin });
    expect(JSON.parse(run.stdout).lost).toEqual([{ from: 'monitoring/prometheus-agent', to: 'app/api', ports: [{ port: '8080/TCP', before: 'allow', after: 'deny' }] }]);
  });

  test('exits 2 when stdin would feed both sides, or an option is invalid', async () => {
    expect(expectInvalidInput(await runCli(['diff', '--before', '-', '--after', '-'], { cwd: lab, stdin: '' }))).toEqual([
      'error: --after: Invalid value: "-": standard input already feeds --before',
    ]);
    expect(expectInvalidInput(await runCli(['diff', '--before', 'lab.yaml', '--after', 'missing.yaml'], { cwd: lab }))).toEqual([
      'error: missing.yaml: no such file or directory',
    ]);
    expect((await runCli(['diff', '--before', 'lab.yaml'], { cwd: lab })).code).toBe(2);
    expect((await runCli(['diff', '--before', 'lab.yaml', '--after', 'after', '--output', 'html'], { cwd: lab })).code).toBe(2);
  });

  test('compares a generated cluster with a changed copy: every lost pair is a loss in its own matrices', async () => {
    // GIVEN 500 pods, and the same cluster without its default-deny policies
    const before = generatedClusterFile({ pods: 500, namespaces: 16, policies: 200, externals: 8, nodes: 4 });
    const text = fs.readFileSync(before, 'utf8');
    const after = path.join(path.dirname(before), 'after.yaml');
    fs.writeFileSync(after, text.split('---\n').filter((doc) => !/name: default-deny-/.test(doc)).join('---\n'));
    // WHEN diffed
    const run = await runCli(['diff', '--before', before, '--after', after, '--output', 'json', '--fail-on-loss']);
    // THEN removing denies only gains, and each gain shows in the two matrices
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const diff = JSON.parse(run.stdout);
    expect(diff.summary.lost).toBe(0);
    expect(diff.summary.gained).toBeGreaterThan(0);
    const matrix = async (file: string) => JSON.parse((await runCli(['matrix', '--manifests', file, '--output', 'json'])).stdout);
    const [m1, m2] = [await matrix(before), await matrix(after)];
    // Both versions declare the same ports, so each matrix judges what the diff compared.
    expect([m1.ports, m2.ports]).toEqual([diff.ports, diff.ports]);
    const statusOf = (m: any, from: string, to: string, port: string) => {
      const [r, c] = [m.endpoints.findIndex((e: any) => e.id === from), m.endpoints.findIndex((e: any) => e.id === to)];
      const profile = m.profiles[m.cells[r][c]];
      return profile.allowed.includes(port) ? 'allow' : profile.partial.includes(port) ? 'partial' : 'deny';
    };
    for (const pair of diff.gained.slice(0, 25)) {
      for (const port of pair.ports) {
        expect([statusOf(m1, pair.from, pair.to, port.port), statusOf(m2, pair.from, pair.to, port.port)]).toEqual([port.before, port.after]);
      }
    }
  });
});
