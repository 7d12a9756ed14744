import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedClusterFile, labDirectory } from './matrix-support';
import { CliRun, runCli } from './run-cli';

// The compiled CLI reads one side of `netpol diff` on a worker thread (the TypeScript sources,
// as run in-process by the other tests, stay on one thread). The build compiles lib/ before
// the tests run; these tests check that both ways print the same bytes.
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'netpol');

function runBuilt(argv: readonly string[], cwd: string, stdin = ''): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...argv], { cwd, input: stdin, encoding: 'utf8' });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

let lab: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'cli', 'report-sides.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile` before these tests (`npx projen build` does)');
  }
  lab = labDirectory();
  const before = fs.readFileSync(path.join(lab, 'lab.yaml'), 'utf8');
  fs.writeFileSync(path.join(lab, 'after.yaml'), before.replace(/port: 8080/g, 'port: 9090'));
});

describe('netpol diff with a worker thread (the built CLI)', () => {
  test.each([
    ['Markdown', ['diff', '--before', 'lab.yaml', 'platform.yaml', '--after', 'after.yaml', 'platform.yaml']],
    ['JSON, --fail-on-loss', ['diff', '--before', 'lab.yaml', 'platform.yaml', '--after', 'after.yaml', 'platform.yaml', '--output', 'json', '--fail-on-loss']],
    ['the change reversed, by pod', ['diff', '--before', 'after.yaml', 'platform.yaml', '--after', 'lab.yaml', 'platform.yaml', '--group', 'pod', '--output', 'table']],
  ])('prints what the single-threaded run prints: %s', async (_, argv) => {
    // GIVEN the lab and a change that moves port 8080 to 9090
    // WHEN diffed by the built CLI and in-process
    const [built, inProcess] = [runBuilt(argv, lab), await runCli(argv, { cwd: lab })];
    // THEN the output and exit code are the same, and something changed
    expect(built).toEqual(inProcess);
    expect(built.stdout).toMatch(/lost|Lost/);
  });

  test('reads the side fed by stdin on the main thread and the other on the worker', async () => {
    const stdin = fs.readFileSync(path.join(lab, 'lab.yaml'), 'utf8');
    const argv = ['diff', '--before', '-', 'platform.yaml', '--after', 'after.yaml', 'platform.yaml', '--output', 'json'];
    const built = runBuilt(argv, lab, stdin);
    expect(built).toEqual(await runCli(argv, { cwd: lab, stdin }));
    expect(JSON.parse(built.stdout).summary.lost).toBeGreaterThan(0);
  });

  test('reports invalid input on either side as the single-threaded run does: before first, exit 2, no stack trace', async () => {
    fs.writeFileSync(path.join(lab, 'broken.yaml'), 'kind: NetworkPolicy\nmetadata: {name: x\n');
    for (const argv of [
      ['diff', '--before', 'broken.yaml', '--after', 'lab.yaml'],
      ['diff', '--before', 'lab.yaml', '--after', 'broken.yaml'],
      ['diff', '--before', 'broken.yaml', '--after', 'missing.yaml'],
      ['diff', '--before', 'lab.yaml', '--after', 'lab.yaml', '--namespace', 'nope'],
    ]) {
      const built = runBuilt(argv, lab);
      expect(built).toEqual(await runCli(argv, { cwd: lab }));
      expect(built.code).toBe(2);
      expect(built.stderr).toMatch(/^error: /);
      expect(built.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('agrees with the in-process run on a generated cluster of 800 pods', async () => {
    const before = generatedClusterFile({ pods: 800, namespaces: 20, policies: 300, externals: 8, nodes: 4, clusterPolicies: 20 });
    const after = path.join(path.dirname(before), 'after.yaml');
    fs.writeFileSync(after, fs.readFileSync(before, 'utf8').replace(/port: 5432/g, 'port: 5433'));
    const argv = ['diff', '--before', before, '--after', after, '--output', 'json'];
    const built = runBuilt(argv, lab);
    expect(built).toEqual(await runCli(argv, { cwd: lab }));
    expect(JSON.parse(built.stdout).summary.lost).toBeGreaterThan(0);
  });
});
