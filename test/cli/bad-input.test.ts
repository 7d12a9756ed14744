import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectInvalidInput, expectNoStackTrace, LAB_FLOWS, LAB_MANIFESTS, runCli, temporaryDirectory } from './run-cli';

/** `netpol check` on bad manifests (with the lab's flows): the error lines, after the contract is checked. */
async function manifestErrors(manifests: string, options: { cwd?: string } = {}): Promise<string[]> {
  return expectInvalidInput(await runCli(['check', '--manifests', manifests, '--flows', LAB_FLOWS], options));
}

/** `netpol check` on the lab with a bad flows file. */
async function flowsErrors(flows: string, options: { cwd?: string; stdin?: string } = {}): Promise<string[]> {
  return expectInvalidInput(await runCli(['check', '--manifests', LAB_MANIFESTS, '--flows', flows], options));
}

/** A file in a fresh temporary directory; returns the directory. */
function writeTemporary(name: string, text: string): string {
  const dir = temporaryDirectory();
  fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('malformed manifests', () => {
  test('malformed YAML names the file, the document, the line and the column', async () => {
    expect(await manifestErrors('bad/malformed.yaml')).toEqual([
      'error: bad/malformed.yaml (document 2, line 11, column 2): malformed YAML: bad indentation of a mapping entry',
    ]);
  });

  test('a document that is a scalar or a list is no manifest', async () => {
    expect(await manifestErrors('bad/not-manifests.yaml')).toEqual([
      'error: bad/not-manifests.yaml (document 2, line 6): Invalid value: "a stray line of text": a manifest must be a mapping with apiVersion, kind and metadata',
      'error: bad/not-manifests.yaml (document 3, line 8): Invalid value: a list of 2 items: a manifest must be a mapping with apiVersion, kind and metadata'
        + ' (separate manifests with --- lines, or put them under the items of a kind: List)',
    ]);
  });

  test('an object without kind or apiVersion is named with the missing field', async () => {
    const lines = await manifestErrors('bad/no-kind.yaml');

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error: bad\/no-kind\.yaml \(document 1, line 1\): object forgot-the-kind: kind: Required value/);
    expect(lines[1]).toMatch(/^error: bad\/no-kind\.yaml \(document 2, line 5\): Namespace forgot-the-api-version: apiVersion: Required value/);
  });
});

describe('invalid NetworkPolicies', () => {
  // bad/objects.yaml: one mistake per document, each reported with file, document, line, object and field.
  const cases = [
    { document: 1, line: 2, name: 'invalid-cidr', field: 'spec.ingress[0].from[0].ipBlock.cidr', value: '"10.0.0.0/33"' },
    { document: 2, line: 14, name: 'unknown-protocol', field: 'spec.ingress[0].ports[0].protocol', value: '"HTTP"' },
    { document: 3, line: 26, name: 'endport-below-port', field: 'spec.egress[0].ports[0].endPort', value: '8000' },
    { document: 4, line: 38, name: 'unknown-operator', field: 'spec.podSelector.matchExpressions[0].operator', value: '"Equals"' },
    { document: 5, line: 50, name: 'labels-as-list', field: 'spec.podSelector.matchLabels', value: '["app","api"]' },
    { document: 6, line: 61, name: 'port-as-object', field: 'spec.ingress[0].ports[0].port', value: '{"number":80}' },
    { document: 7, line: 72, name: 'podselector-as-string', field: 'spec.podSelector', value: '"app=api"' },
  ];
  let reported: string[];
  beforeAll(async () => {
    reported = await manifestErrors('bad/objects.yaml');
  });

  test('every mistake is reported, one line each, in document order', () => {
    expect(reported.map((line) => /\(document (\d+),/.exec(line)?.[1])).toEqual(cases.map((c) => String(c.document)));
  });

  test.each(cases)('$name: names document $document, line $line, the policy and $field', ({ document, line, name, field, value }) => {
    const prefix = `error: bad/objects.yaml (document ${document}, line ${line}): NetworkPolicy app/${name}: ${field}: `;
    const error = reported.find((l) => l.startsWith(prefix));

    expect(error).toBeDefined();
    expect(error!.slice(prefix.length)).toMatch(/^(Invalid|Unsupported) value: /);
    expect(error).toContain(value);
  });

  test('a policy inside a kind: List is named by its item path and its own line', async () => {
    // GIVEN an invalid policy as the second item of a List
    const list = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Namespace',
      '  metadata: {name: app}',
      '- apiVersion: networking.k8s.io/v1', // line 7
      '  kind: NetworkPolicy',
      '  metadata: {name: bad, namespace: app}',
      '  spec:',
      '    podSelector: {}',
      '    ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]',
    ].join('\n');

    const [line] = await manifestErrors('list.yaml', { cwd: writeTemporary('list.yaml', list) });

    expect(line).toMatch(/^error: list\.yaml \(document 1, line 7, items\[1\]\): NetworkPolicy app\/bad: spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: Invalid value: "10\.0\.0\.0\/33"/);
  });

  test('a Pod whose labels are a list is named with metadata.labels', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: app\n  labels:\n    - app=api\n';

    const [line] = await manifestErrors('pod.yaml', { cwd: writeTemporary('pod.yaml', pod) });

    expect(line).toMatch(/^error: pod\.yaml \(document 1, line 1\): Pod app\/api: metadata\.labels: Invalid value/);
  });

  test('problems are ordered by document number, document 2 before document 11', async () => {
    // GIVEN eleven documents, the 2nd and the 11th with an invalid CIDR
    const policy = (name: string, cidr: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: app}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: "${cidr}"}}]}]\n`;
    const documents = Array.from({ length: 11 }, (_, i) => policy(`p${i + 1}`, i === 1 || i === 10 ? '10.0.0.0/33' : '10.0.0.0/8'));

    const lines = await manifestErrors('many.yaml', { cwd: writeTemporary('many.yaml', documents.join('---\n')) });

    expect(lines.map((l) => /NetworkPolicy app\/(p\d+)/.exec(l)?.[1])).toEqual(['p2', 'p11']);
  });

  test('control characters in names are escaped, so input cannot drive the terminal', async () => {
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "evil\\e[2J\\nforged", namespace: app}\nspec: {podSelector: "x"}\n';

    const lines = await manifestErrors('evil.yaml', { cwd: writeTemporary('evil.yaml', policy) });

    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toContain('NetworkPolicy app/evil\\u001b[2J\\u000aforged: ');
      expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });
});

describe('paths that cannot be read', () => {
  test('a manifests path that does not exist', async () => {
    expect(await manifestErrors('no/such/manifests.yaml')).toEqual(['error: no/such/manifests.yaml: no such file or directory']);
  });

  test('a flows file that does not exist', async () => {
    expect(await flowsErrors('no-such-flows.yaml')).toEqual(['error: no-such-flows.yaml: no such file or directory']);
  });

  test('a flows path that is a directory', async () => {
    expect(await flowsErrors('tree')).toEqual(['error: tree: cannot read this file: it is a directory, not a file']);
  });

  const canRevokeRead = process.getuid?.() !== 0;
  (canRevokeRead ? test : test.skip)('a flows file without read permission (skipped as root, who reads everything)', async () => {
    const dir = writeTemporary('flows.yaml', 'flows: []\n');
    fs.chmodSync(path.join(dir, 'flows.yaml'), 0o000);

    expect(await flowsErrors('flows.yaml', { cwd: dir })).toEqual(['error: flows.yaml: cannot read this file: permission denied']);
  });

  test('a directory without any manifest file', async () => {
    expect(await manifestErrors('.', { cwd: writeTemporary('README.md', '# nothing to see\n') })).toEqual([
      'error: .: this directory holds no .yaml, .yml or .json file (hidden files and directories are skipped)',
    ]);
  });

  test('problems of the manifests and of the flows file are reported together', async () => {
    const run = await runCli(['check', '--manifests', 'bad/malformed.yaml', 'missing.yaml', '--flows', 'bad/flows-unknown-top-level-key.yaml']);

    expect(expectInvalidInput(run).map((line) => line.split(':')[1].trim())).toEqual([
      'bad/flows-unknown-top-level-key.yaml (document 1, line 1)',
      'bad/malformed.yaml (document 2, line 11, column 2)',
      'missing.yaml',
    ]);
  });
});

describe('invalid flows files', () => {
  test('unknown keys, missing fields and bad endpoints name the flow by index, name and line', async () => {
    const lines = await flowsErrors('bad/flows.yaml');

    const expected = [
      'error: bad/flows.yaml (document 1, line 3): flows[0] "typo in a key": protcol: ',
      'error: bad/flows.yaml (document 1, line 9): flows[1] "missing fields": expect: Required value',
      'error: bad/flows.yaml (document 1, line 9): flows[1] "missing fields": port: Required value',
      'error: bad/flows.yaml (document 1, line 9): flows[1] "missing fields": to: Required value',
      'error: bad/flows.yaml (document 1, line 11): flows[2] "bad endpoints": from: Invalid value: "frontend"',
      'error: bad/flows.yaml (document 1, line 11): flows[2] "bad endpoints": port: Invalid value: 70000',
      'error: bad/flows.yaml (document 1, line 11): flows[2] "bad endpoints": to: Invalid value: ',
      'error: bad/flows.yaml (document 1, line 16): flows[3]: expect: Unsupported value: "maybe"',
      'error: bad/flows.yaml (document 1, line 16): flows[3]: to.cidr: Invalid value: "10.0.0.0/33"',
    ];
    expect(lines.map((line, i) => line.slice(0, expected[i]?.length))).toEqual(expected);
  });

  test('an endpoint that names nothing suggests the closest name', async () => {
    expect(await flowsErrors('bad/flows-unknown-endpoint.yaml')).toEqual([
      'error: bad/flows-unknown-endpoint.yaml (document 1, line 7): flows[1] "typo in the destination": to: Invalid value: "app/apii":'
        + ' no Pod or workload with that namespace and name (did you mean "app/api"?)',
    ]);
  });

  test('an unknown top-level key is reported', async () => {
    const [line] = await flowsErrors('bad/flows-unknown-top-level-key.yaml');

    expect(line).toMatch(/^error: bad\/flows-unknown-top-level-key\.yaml \(document 1, line 1\): .*"flow"/);
  });

  test.each([
    ['a list', '- from: app/frontend\n', /^error: f\.yaml \(document 1, line 1\): .*a mapping with a `flows` list/],
    ['two documents', 'flows: []\n---\nflows: []\n', /^error: f\.yaml: expected exactly one YAML document; found 2, at lines 1, 3$/],
    ['empty', '# no flows yet\n', /^error: f\.yaml: expected exactly one YAML document; it is empty$/],
    ['malformed YAML', 'flows:\n  - {from: a\n', /^error: f\.yaml \(document 1, line 2, column 13\): malformed YAML: /],
  ])('a flows file that is %s', async (_, text, message) => {
    const lines = await flowsErrors('f.yaml', { cwd: writeTemporary('f.yaml', text) });

    expect(lines).toEqual([expect.stringMatching(message)]);
  });

  test('standard input cannot feed both --manifests and --flows', async () => {
    const run = await runCli(['check', '--manifests', '-', '--flows', '-'], { stdin: '' });

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr.split('\n')[0]).toBe('error: standard input (-) can feed --manifests or --flows, not both');
    expectNoStackTrace(run.stderr);
  });
});

describe('hostile input', () => {
  test('an alias bomb ("billion laughs") in manifests is refused quickly with a clear error', async () => {
    expect(await manifestErrors('bad/billion-laughs.yaml')).toEqual([
      'error: bad/billion-laughs.yaml (document 1, line 2): this document expands to more than 1000000 nodes through YAML aliases; refusing to read it'
        + ' (an alias bomb ("billion laughs"), or an alias used inside its own anchor)',
    ]);
  });

  test('an alias bomb in a flows file is refused too', async () => {
    const bomb = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'cli', 'bad', 'billion-laughs.yaml'), 'utf8').replace('data:', 'flows:');

    expect(await flowsErrors('f.yaml', { cwd: writeTemporary('f.yaml', bomb) })).toEqual([
      expect.stringMatching(/^error: f\.yaml \(document 1, line 2\): this document expands to more than 1000000 nodes through YAML aliases/),
    ]);
  });

  test('JSON nested 100,000 levels deep is refused without overflowing the stack', async () => {
    const json = `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "deep"}, "data": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

    expect(await manifestErrors('deep.json', { cwd: writeTemporary('deep.json', json) })).toEqual([
      'error: deep.json (document 1, line 1): this document nests mappings and sequences more than 100 levels deep; refusing to read it'
        + ' (Kubernetes objects nest far less deeply: is the file generated wrongly?)',
    ]);
  });

  test('YAML nested too deep, in block style, is refused at the key whose value goes too deep', async () => {
    // data (line 4) opens level 2; the key on line 103 opens level 101.
    const levels = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n${levels.replace(/^/gm, ' ')} v\n`;

    expect(await manifestErrors('deep.yaml', { cwd: writeTemporary('deep.yaml', text) })).toEqual([
      expect.stringMatching(/^error: deep\.yaml \(document 1, line 103, column \d+\): this document nests mappings and sequences more than 100 levels deep/),
    ]);
  });
});

describe('command-line mistakes', () => {
  test.each([
    ['an unknown option', ['check', '--manifest', 'm.yaml', '--flows', 'f.yaml'], "error: unknown option '--manifest'"],
    ['a missing --flows', ['check', '--manifests', 'm.yaml'], "error: required option '--flows <file>' not specified"],
    ['a missing --manifests', ['check', '--flows', 'f.yaml'], "error: required option '--manifests <path...>' not specified"],
    ['an unknown --output', ['check', '--manifests', 'm.yaml', '--flows', 'f.yaml', '--output', 'xml'], "error: option '--output <format>' argument 'xml' is invalid. Allowed choices are table, json."],
    ['an argument check does not take', ['check', '--manifests', 'm.yaml', '--flows', 'f.yaml', 'extra'], null],
  ])('%s exits 2 with the error and the usage on stderr', async (_, argv, firstLine) => {
    const run = await runCli(argv);

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(/^error: /);
    if (firstLine) expect(lines[0]).toBe(firstLine);
    expect(lines).toContain('Usage: netpol check --manifests <path...> --flows <file> [--output table|json]');
    expectNoStackTrace(run.stderr);
  });

  test('an unknown option is named even when a required option is missing too, with a suggestion', async () => {
    const run = await runCli(['check', '--manifest', 'm.yaml']);

    expect(run.stderr.split('\n').slice(0, 2)).toEqual(["error: unknown option '--manifest'", '(Did you mean --manifests?)']);
    expect(run.code).toBe(2);
  });

  test('an unknown command exits 2 with a suggestion', async () => {
    const run = await runCli(['chek']);

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr.split('\n').slice(0, 2)).toEqual(["error: unknown command 'chek'", '(Did you mean check?)']);
    expectNoStackTrace(run.stderr);
  });

  test('no command at all exits 2 with the usage on stderr', async () => {
    const run = await runCli([]);

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^error: no command given\nUsage: netpol /);
  });

  test('--help prints the usage on stdout and exits 0', async () => {
    const run = await runCli(['check', '--help']);

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: netpol check --manifests <path\.\.\.> --flows <file> \[--output table\|json\]\n/);
  });
});
