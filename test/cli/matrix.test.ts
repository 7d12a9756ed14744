import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedClusterFile, labDirectory, runOnTerminal } from './matrix-support';
import { expectInvalidInput, LAB, runCli } from './run-cli';
import { ClusterModel } from '../../src/evaluator/model';
import { parseManifests } from '../../src/manifests/parse';
import { MATRIX_FORMATS, renderMatrix } from '../../src/report/formats';
import { buildMatrixReport } from '../../src/report/matrix-report';
import { REPORT_FIXTURES } from '../report/matrix-support';

let lab: string;
beforeAll(() => { lab = labDirectory(); });

/** The lab's report built directly, for comparing what the CLI prints. */
function labReport() {
  const objects = ['lab.yaml', 'platform.yaml'].flatMap((file) => parseManifests(fs.readFileSync(path.join(lab, file), 'utf8'), file));
  return buildMatrixReport(ClusterModel.build(objects));
}

describe('netpol matrix on the seed lab', () => {
  test('prints the ASCII table when stdout is not a terminal, and exits 0', async () => {
    const run = await runCli(['matrix', '--manifests', 'lab.yaml', 'platform.yaml'], { cwd: lab });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toBe(renderMatrix(labReport(), 'table', 'ascii'));
    expect(run.stdout).toContain(' 2  app/frontend                 ~  -  +  -  -  -\n');
  });

  test.each(MATRIX_FORMATS)('prints --output %s as the renderer writes it', async (format) => {
    const run = await runCli(['matrix', '--manifests', '.', '--output', format], { cwd: lab });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toBe(renderMatrix(labReport(), format, 'ascii'));
  });

  test('uses Unicode marks when asked, or on a UTF-8 terminal', async () => {
    const asked = await runCli(['matrix', '--manifests', '.', '--charset', 'unicode'], { cwd: lab });
    expect(asked.stdout).toContain(' 2  app/frontend                 ◐  ✗  ✓  ✗  ✗  ✗\n');
    const terminal = await runOnTerminal(['matrix', '--manifests', '.'], lab, { stdoutIsTty: true, locale: 'en_US.UTF-8' });
    expect(terminal.stdout).toBe(asked.stdout);
    const latin = await runOnTerminal(['matrix', '--manifests', '.'], lab, { stdoutIsTty: true, locale: 'C' });
    expect(latin.stdout).toContain(' 2  app/frontend                 ~  -  +  -  -  -\n');
  });

  test('shows progress on stderr only when stderr is a terminal, and clears it', async () => {
    const run = await runOnTerminal(['matrix', '--manifests', '.', '--output', 'json'], lab);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('\r\u001b[Knetpol matrix: 5/5 ports');
    expect(run.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(JSON.parse(run.stdout).schema).toBe('netpol.matrix/v1');
  });

  test('judges every destination on the ports given, PORT or PORT/PROTOCOL', async () => {
    const run = await runCli(['matrix', '--manifests', '.', '--port', '80', '53/udp', '--output', 'json'], { cwd: lab });
    const json = JSON.parse(run.stdout);
    expect({ ports: json.ports, declaredPortsOnly: json.declaredPortsOnly }).toEqual({ ports: ['80/TCP', '53/UDP'], declaredPortsOnly: false });
  });

  test('keeps the declared ports of one protocol with --protocol alone', async () => {
    const run = await runCli(['matrix', '--manifests', '.', '--protocol', 'UDP', '--output', 'json'], { cwd: lab });
    expect(JSON.parse(run.stdout).ports).toEqual(['53/UDP']);
  });

  test('keeps the namespaces asked for, groups by namespace or pod, merges and adds or drops externals', async () => {
    const json = async (...args: string[]) => JSON.parse((await runCli(['matrix', '--manifests', '.', '--output', 'json', ...args], { cwd: lab })).stdout);
    const ids = (doc: { endpoints: Array<{ id: string }> }) => doc.endpoints.map((e) => e.id);
    expect(ids(await json('--namespace', 'app', '--no-externals'))).toEqual(['app/api', 'app/frontend']);
    expect(ids(await json('--group', 'namespace', '--no-externals'))).toEqual(['app', 'kube-system', 'monitoring']);
    expect(ids(await json('--group', 'pod', '--namespace', 'app', '--no-externals'))).toEqual(['app/api (Deployment)', 'app/frontend (Deployment)']);
    expect(ids(await json('--externals', '198.51.100.7', '10.0.0.0/8'))).toEqual([
      'app/api', 'app/frontend', 'kube-system/coredns', 'monitoring/prometheus-agent', '10.0.0.0/8', '198.51.100.7', '203.0.113.0/24', '203.0.113.99',
    ]);
    expect((await json('--merge')).rows.map((r: { label: string }) => r.label)).toContain('203.0.113.0/24, 203.0.113.99');
  });

  test('adds stand-ins for the platform the manifests do not declare with --profile', async () => {
    const run = await runCli(['matrix', '--manifests', 'lab.yaml', '--profile', 'upstream', '--output', 'json', '--no-externals'], { cwd: lab });
    expect(JSON.parse(run.stdout).endpoints.map((e: { id: string }) => e.id)).toEqual([
      'app/api', 'app/frontend', 'ingress-nginx/profile-ingress-controller', 'kube-system/profile-dns', 'monitoring/profile-monitoring',
    ]);
  });
});

describe('netpol matrix reads manifests in every form', () => {
  test('from stdin (-), as `helm template | netpol matrix --manifests -` does', async () => {
    const stdin = fs.readFileSync(path.join(LAB, 'manifests.yaml'), 'utf8');
    const run = await runCli(['matrix', '--manifests', '-', '--output', 'csv'], { stdin });
    expect(run).toEqual({ code: 0, stdout: 'source \\ destination,app/api,app/frontend\r\napp/api,deny,allow\r\napp/frontend,allow,allow\r\n', stderr: '' });
  });

  test('from a kind: List, naming live pods by their workload', async () => {
    const run = await runCli(['matrix', '--manifests', path.join(REPORT_FIXTURES, 'live-pods.yaml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(' 1  shop/debug  .  +\n 2  shop/web    +  -\n');
  });
});

describe('netpol matrix on invalid input', () => {
  test.each([
    [['--port', 'http'], 'error: --port: Invalid value: "http": a named port resolves per pod; give its number'],
    [['--port', '70000'], 'error: --port: Invalid value: "70000": must be a number between 1 and 65535, inclusive, optionally with /TCP, /UDP or /SCTP'],
    [['--namespace', 'ap'], 'error: --namespace: Invalid value: "ap": no object in the manifests is in this namespace (did you mean "app"?)'],
    [['--externals', 'example.com'], 'error: --externals: Invalid value: "example.com": must be an IP address or a CIDR (e.g. 203.0.113.5 or 203.0.113.0/24)'],
  ])('exits 2 for %j and says why', async (args, message) => {
    const run = await runCli(['matrix', '--manifests', '.', ...args], { cwd: lab });
    expect(expectInvalidInput(run)).toEqual([message]);
  });

  test('exits 2 for manifests the API server would refuse', async () => {
    const dir = path.dirname(generatedClusterFile({ pods: 3, namespaces: 3, policies: 0 }));
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: a}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]\n');
    const lines = expectInvalidInput(await runCli(['matrix', '--manifests', 'bad.yaml'], { cwd: dir }));
    expect(lines.join('\n')).toContain('"10.0.0.0/33"');
  });

  test('exits 2 for manifests without any port, asking for --port', async () => {
    const dir = path.dirname(generatedClusterFile({ pods: 3, namespaces: 3, policies: 0 }));
    fs.writeFileSync(path.join(dir, 'portless.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: x}]}\n');
    expect(expectInvalidInput(await runCli(['matrix', '--manifests', 'portless.yaml'], { cwd: dir }))).toEqual([
      'error: --port: Required value: the manifests declare no port (container ports or policy ports): give --port',
    ]);
  });

  test('exits 2 for an unknown format or a missing --manifests', async () => {
    expect((await runCli(['matrix', '--manifests', '.', '--output', 'pdf'], { cwd: lab })).code).toBe(2);
    expect((await runCli(['matrix'], { cwd: lab })).code).toBe(2);
  });
});

describe('netpol matrix on a generated cluster', () => {
  test('prints a consistent JSON matrix for 600 pods, and the same bytes twice', async () => {
    const file = generatedClusterFile({ pods: 600, namespaces: 20, policies: 240, externals: 16, nodes: 5 });
    const first = await runCli(['matrix', '--manifests', file, '--output', 'json']);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const json = JSON.parse(first.stdout);
    expect(json.cells).toHaveLength(json.rows.length);
    expect(json.cells.every((row: unknown[]) => row.length === json.columns.length)).toBe(true);
    expect(json.endpoints.filter((e: { kind: string }) => e.kind === 'workload').reduce((n: number, e: { pods: number }) => n + e.pods, 0)).toBe(600);
    expect((await runCli(['matrix', '--manifests', file, '--output', 'json'])).stdout).toBe(first.stdout);
  });

  test('merges identical rows and columns into fewer, and keeps every endpoint', async () => {
    const file = generatedClusterFile({ pods: 600, namespaces: 20, policies: 240, externals: 16, nodes: 5 });
    const json = async (...args: string[]) => JSON.parse((await runCli(['matrix', '--manifests', file, '--output', 'json', ...args])).stdout);
    const [plain, merged] = [await json(), await json('--merge')];
    expect(merged.rows.length).toBeLessThan(plain.rows.length);
    expect(merged.columns.length).toBeLessThan(plain.columns.length);
    const members = (axes: Array<{ endpoints: number[] }>) => axes.flatMap((a) => a.endpoints).sort((a, b) => a - b);
    expect(members(merged.rows)).toEqual(plain.endpoints.map((_: unknown, i: number) => i));
    expect(members(merged.columns)).toEqual(plain.endpoints.map((_: unknown, i: number) => i));
  });
});
