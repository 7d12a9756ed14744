import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { expectNoStackTrace, FIXTURES, LAB_FLOWS, LAB_MANIFESTS, LAB_TABLE, runCli, temporaryDirectory } from './run-cli';
import { listManifestFiles } from '../../src/cli/io';

/** Runs `netpol check` with the lab's flows and expects the lab's table: the manifests were read as the lab. */
async function expectLabTable(manifests: readonly string[], options: { cwd?: string; stdin?: string; flows?: string } = {}): Promise<void> {
  const run = await runCli(['check', '--manifests', ...manifests, '--flows', options.flows ?? LAB_FLOWS], options);
  expectNoStackTrace(run.stderr);
  expect({ code: run.code, stdout: run.stdout, errors: run.stderr.split('\n').filter((l) => l.startsWith('error:')) }).toEqual({ code: 0, stdout: LAB_TABLE, errors: [] });
}

const KUBECTL_TABLE = [
  'PASS  frontend pod reaches the api pod by port name  expected allow, got allow',
  'PASS  frontend reaches the api Service               expected allow, got allow',
  'PASS  a host outside the cluster cannot reach api    expected deny, got deny',
  '3 flows: 3 passed, 0 failed',
  '',
].join('\n');

describe('a directory of manifests', () => {
  test('is read recursively: .yaml, .yml and .json files only, hidden directories skipped', async () => {
    // tree/ also holds README.md (broken YAML), notes.txt and .github/workflows/ci.yml (no kind):
    // reading any of them would fail the check.
    await expectLabTable(['tree']);
  });

  test('lists its files sorted by name at every level', () => {
    expect(listManifestFiles('tree', FIXTURES)).toEqual([
      path.join('tree', '00-namespace.yaml'),
      path.join('tree', 'apps', 'api.yml'),
      path.join('tree', 'apps', 'frontend.json'),
      path.join('tree', 'policies', 'allow-frontend-to-api.yaml'),
    ]);
  });

  test('follows symbolic links, and a link back up the tree ends the walk instead of looping', () => {
    // GIVEN a tree whose subdirectory links back to the tree itself, and a linked file
    const dir = temporaryDirectory();
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'kind: A\n');
    fs.symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    fs.symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'sub', 'b.yaml'));

    // THEN each real directory is walked once and the linked file is found
    expect(listManifestFiles('.', dir)).toEqual(['a.yaml', path.join('sub', 'b.yaml')]);
  });
});

describe('several --manifests paths', () => {
  test('are read together: files and directories mixed', async () => {
    await expectLabTable(['tree/00-namespace.yaml', 'tree/apps', 'tree/policies/allow-frontend-to-api.yaml']);
  });

  test('read a file once when it is named twice, directly and through its directory', async () => {
    // Read twice, the Deployment app/api would be two workloads of one name, an ambiguous endpoint.
    await expectLabTable(['tree', 'tree/apps/api.yml', './tree']);
  });
});

describe('standard input (-)', () => {
  test('reads `helm template` output: --- documents, # Source comments, empty templates and ... markers', async () => {
    const helmOutput = fs.readFileSync(path.join(FIXTURES, 'helm-template.yaml'), 'utf8');

    await expectLabTable(['-'], { stdin: helmOutput });
  });

  test('mixes with files, in any order', async () => {
    const namespaceAndPolicy = ['tree/00-namespace.yaml', 'tree/policies/allow-frontend-to-api.yaml']
      .map((file) => fs.readFileSync(path.join(FIXTURES, file), 'utf8')).join('---\n');

    await expectLabTable(['tree/apps', '-'], { stdin: namespaceAndPolicy });
  });

  test('feeds the flows file when the manifests come from files', async () => {
    await expectLabTable([LAB_MANIFESTS], { flows: '-', stdin: fs.readFileSync(LAB_FLOWS, 'utf8') });
  });
});

describe('multi-document files', () => {
  test('read --- documents, ... end markers and comments-only documents', async () => {
    await expectLabTable(['helm-template.yaml']);
  });
});

describe('kind: List', () => {
  test('as `kubectl get ns,pods,svc,networkpolicy -A -o yaml` writes it: every item is an object', async () => {
    const run = await runCli(['check', '--manifests', 'kubectl-get-all.yaml', '--flows', 'kubectl-flows.yaml']);

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: KUBECTL_TABLE });
    expectNoStackTrace(run.stderr);
  });

  test('as `kubectl get ... -o json` writes it gives the same report as the YAML', async () => {
    const fromYaml = await runCli(['check', '--manifests', 'kubectl-get-all.yaml', '--flows', 'kubectl-flows.yaml', '--output', 'json']);
    const fromJson = await runCli(['check', '--manifests', 'kubectl-get-all.json', '--flows', 'kubectl-flows.yaml', '--output', 'json']);

    expect(fromJson).toEqual(fromYaml);
    expect(JSON.parse(fromJson.stdout).flows[0].resolvedPort).toBe(80);
  });

  test('nested in another List is flattened too', async () => {
    // GIVEN the lab's objects split over a List that holds a List
    const [namespace, ...rest] = yaml.loadAll(fs.readFileSync(LAB_MANIFESTS, 'utf8'));
    const dir = temporaryDirectory();
    const nested = { apiVersion: 'v1', kind: 'List', items: [namespace, { apiVersion: 'v1', kind: 'List', items: rest }] };
    fs.writeFileSync(path.join(dir, 'nested.yaml'), yaml.dump(nested));

    await expectLabTable(['nested.yaml'], { cwd: dir });
  });
});

describe('text encodings', () => {
  test('a byte order mark and CRLF line endings read as plain LF, in manifests and flows file', async () => {
    // GIVEN the lab saved by an editor that writes a BOM and CRLF
    const dir = temporaryDirectory();
    const windows = (file: string) => `\ufeff${fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n')}`;
    fs.writeFileSync(path.join(dir, 'manifests.yaml'), windows(LAB_MANIFESTS));
    fs.writeFileSync(path.join(dir, 'flows.yaml'), windows(LAB_FLOWS));

    await expectLabTable(['manifests.yaml'], { cwd: dir, flows: 'flows.yaml' });
  });

  test('a BOM on standard input is dropped too', async () => {
    await expectLabTable(['-'], { stdin: `\ufeff${fs.readFileSync(LAB_MANIFESTS, 'utf8')}` });
  });
});
