import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectInvalidInput, runCli, temporaryDirectory } from './run-cli';

/** test/fixtures/probe: a small cluster, its flows, and a fake kubectl (with fake nc and nslookup). */
const PROBE = path.join(__dirname, '..', 'fixtures', 'probe');
const PROBE_ARGS = ['probe', '--manifests', 'cluster.yaml', '--flows', 'flows.yaml'];

/** The cluster as the manifests describe it: who connects to what, and the addresses kubectl reports. */
const CLUSTER_AS_DECLARED = [
  'pod app app=frontend 10.0.1.20',
  'service app api 10.96.0.20',
  'connect tcp 10.0.1.10 8080 app=frontend',
  'connect tcp 10.96.0.20 80 app=frontend',
  'connect dns 10.0.0.10 53 *',
  'connect tcp 203.0.113.5 443 app=api',
];

interface ScriptRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every kubectl call, as its argument list. */
  readonly calls: string[][];
}

/** Runs a generated probe script with sh, against the fake kubectl answering from `table`. */
function runScript(script: string, table: readonly string[]): ScriptRun {
  const dir = temporaryDirectory();
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  // Copied and made executable here: a checkout may not keep the fixtures' file modes.
  for (const name of fs.readdirSync(path.join(PROBE, 'bin'))) {
    fs.copyFileSync(path.join(PROBE, 'bin', name), path.join(bin, name));
    fs.chmodSync(path.join(bin, name), 0o755);
  }
  const [scriptFile, tableFile, logFile] = ['probe.sh', 'table', 'kubectl.log'].map((name) => path.join(dir, name));
  fs.writeFileSync(scriptFile, script);
  fs.writeFileSync(tableFile, `${table.join('\n')}\n`);
  fs.writeFileSync(logFile, '');
  const run = spawnSync('sh', [scriptFile], {
    encoding: 'utf8',
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, NETPOL_FAKE_TABLE: tableFile, NETPOL_FAKE_LOG: logFile },
  });
  const calls = fs.readFileSync(logFile, 'utf8').split('call\n').slice(1).map((call) => call.replace(/\n$/, '').split('\n'));
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, calls };
}

async function generateScript(...extra: string[]): Promise<string> {
  const run = await runCli([...PROBE_ARGS, ...extra], { cwd: PROBE });
  expect(run.code).toBe(0);
  return run.stdout;
}

/** `--NAME=VALUE` arguments of a call, as a record. */
function options(call: readonly string[]): Record<string, string> {
  return Object.fromEntries(call.filter((arg) => /^--[a-z-]+=/.test(arg)).map((arg) => [arg.slice(2, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]));
}

describe('the probe script against a cluster that behaves as declared', () => {
  let run: ScriptRun;
  beforeAll(async () => {
    run = runScript(await generateScript(), CLUSTER_AS_DECLARED);
  });

  test('exits 0 and prints a summary in the shape of netpol check, with what was observed', () => {
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.summary).toEqual({ total: 8, passed: 7, failed: 0, skipped: 1 });
    expect(summary.flows.map((f: any) => [f.name, f.expect, f.verdict, f.ok])).toEqual([
      ['frontend reaches api', 'allow', 'allow', true],
      ['frontend reaches the api Service', 'allow', 'allow', true],
      ['frontend resolves names', 'allow', 'allow', true],
      ['api reaches the payment provider', 'allow', 'allow', true],
      ['a random client cannot reach api', 'deny', 'deny', true],
      ['frontend cannot reach api over UDP', 'deny', 'deny', true],
      ['api cannot reach frontend', 'deny', 'deny', true],
      ['api reaches the whole payment range', 'allow', 'skipped', true],
    ]);
    expect(summary.flows[4].reasons).toEqual(['no connection to app/api-0 on TCP 8080 at 10.0.1.10 within 5 s']);
    expect(summary.flows[7].reasons).toEqual([expect.stringMatching(/^not probed: a range of addresses \(203\.0\.113\.0\/24\) cannot be probed/)]);
  });

  test('echoes each flow as netpol check does: the FLOWS.md fields in their order, then the prediction', async () => {
    const check = JSON.parse((await runCli(['check', '--manifests', 'cluster.yaml', '--flows', 'flows.yaml', '--output', 'json'], { cwd: PROBE })).stdout);
    const probe = JSON.parse(run.stdout);

    const fields = ['name', 'from', 'to', 'port', 'protocol', 'expect'];
    const pick = (flow: any) => Object.fromEntries(Object.entries(flow).filter(([key]) => fields.includes(key)));
    expect(probe.flows.map(pick)).toEqual(check.flows.map(pick));
    expect(probe.flows.map((f: any) => Object.keys(f))).toEqual(probe.flows.map(() => [...fields, 'verdict', 'ok', 'reasons', 'predicted']));
    expect(probe.flows.map((f: any) => f.predicted)).toEqual(check.flows.map((f: any) => f.verdict));
    expect(run.stdout).toBe(`${JSON.stringify(probe, null, 2)}\n`);
  });

  test('creates each probe pod in the source namespace with exactly the source labels', () => {
    const pods = run.calls.filter((call) => call[0] === 'run').map((call) => [call[1], options(call).namespace, options(call).labels]);

    expect(pods).toEqual([
      ['netpol-probe-0-frontend-reaches-api', 'app', 'app=frontend'],
      ['netpol-probe-1-frontend-reaches-the-api-service', 'app', 'app=frontend'],
      ['netpol-probe-2-frontend-resolves-names', 'app', 'app=frontend'],
      ['netpol-probe-3-api-reaches-the-payment-provider', 'app', 'app=api'],
      ['netpol-probe-4-a-random-client-cannot-reach-api', 'app', 'run=random-client'],
      ['netpol-probe-5-frontend-cannot-reach-api-over-udp', 'app', 'app=frontend'],
      ['netpol-probe-6-api-cannot-reach-frontend', 'app', 'app=api'],
    ]);
  });

  test('runs short-lived pods that connect with a timeout: nc for TCP and UDP, nslookup for DNS', () => {
    const runs = run.calls.filter((call) => call[0] === 'run');
    for (const call of runs) {
      expect(call).toEqual(expect.arrayContaining(['--restart=Never', '--rm', '--attach', '--image=busybox:1.36', '--annotations=netpol.cdk8s.io/probe=true']));
    }
    const checks = runs.map((call) => call.slice(call.indexOf('netpol-probe') + 1));
    expect(checks).toEqual([
      ['tcp', '10.0.1.10', '8080', '5'],
      ['tcp', '10.96.0.20', '80', '5'],
      ['dns', '10.0.0.10', '53', '5'],
      ['tcp', '203.0.113.5', '443', '5'],
      ['tcp', '10.0.1.10', '8080', '5'],
      ['udp', '10.0.1.10', '9999', '5'],
      ['tcp', '10.0.1.20', '80', '5'],
    ]);
  });

  test('looks up what the manifests give no address for: the Service\'s ClusterIP and the Deployment\'s pods', () => {
    const lookups = run.calls.filter((call) => call[0] === 'get').map((call) => [call[1], call[2].startsWith('--') ? '' : call[2], options(call).namespace, options(call).selector ?? '']);

    expect(lookups).toEqual([['service', 'api', 'app', ''], ['pods', '', 'app', 'app=frontend']]);
  });

  test('reports progress on stderr, one line per flow', () => {
    expect(run.stderr.split('\n')).toEqual(expect.arrayContaining([
      'flows[0] "frontend reaches api": observed allow, expected allow',
      'flows[7] "api reaches the whole payment range": skipped: a range of addresses (203.0.113.0/24) cannot be probed from one pod: list single addresses from it as flows',
    ]));
  });
});

describe('the probe script against a cluster that differs from the manifests', () => {
  test('exits 1 and marks the random client as failed when the cluster does not enforce policies', async () => {
    // GIVEN a cluster where every connection succeeds (no enforcing network plugin)
    const everything = ['pod app app=frontend 10.0.1.20', 'service app api 10.96.0.20', ...['tcp 10.0.1.10 8080', 'tcp 10.96.0.20 80', 'dns 10.0.0.10 53', 'tcp 203.0.113.5 443', 'udp 10.0.1.10 9999', 'tcp 10.0.1.20 80'].map((c) => `connect ${c} *`)];

    // WHEN the probes run
    const run = runScript(await generateScript(), everything);

    // THEN the flows that should be denied fail, and the summary says so
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary.summary).toEqual({ total: 8, passed: 4, failed: 3, skipped: 1 });
    expect(summary.flows.filter((f: any) => !f.ok).map((f: any) => [f.name, f.verdict, f.reasons])).toEqual([
      ['a random client cannot reach api', 'allow', ['connected to app/api-0 on TCP 8080 at 10.0.1.10']],
      ['frontend cannot reach api over UDP', 'allow', ['connected to app/api-0 on UDP 9999 at 10.0.1.10']],
      ['api cannot reach frontend', 'allow', ['connected to app/frontend (Deployment) on TCP 80 at 10.0.1.20']],
    ]);
  });

  test('reports unknown, with kubectl\'s words on stderr, when a probe pod cannot run or a pod cannot be found', async () => {
    const table = [...CLUSTER_AS_DECLARED.filter((row) => !row.startsWith('pod ')), 'fail-run netpol-probe-0-frontend-reaches-api'];

    const run = runScript(await generateScript(), table);

    expect(run.code).toBe(1);
    const flows = JSON.parse(run.stdout).flows;
    expect([flows[0].verdict, flows[0].ok, flows[0].reasons]).toEqual(['unknown', false, ['the probe pod did not run (see stderr)']]);
    expect([flows[6].verdict, flows[6].ok, flows[6].reasons]).toEqual(['unknown', false, ['no running pod in namespace app matches app=frontend']]);
    expect(run.stderr).toContain('netpol-probe-0-frontend-reaches-api: error: pod netpol-probe-0-frontend-reaches-api: image can\'t be pulled');
  });
});

describe('netpol probe options', () => {
  test('puts the image, the timeout and the namespace prefix into every probe', async () => {
    const script = await generateScript('--image', 'nicolaka/netshoot:v0.13', '--timeout', '2', '--namespace-prefix', 'pr-7-');
    const table = CLUSTER_AS_DECLARED.map((row) => row.replace(/^(pod|service) app /, '$1 pr-7-app '));

    const run = runScript(script, table);

    expect(run.code).toBe(0);
    const runs = run.calls.filter((call) => call[0] === 'run');
    expect(new Set(runs.map((call) => `${options(call).namespace} ${options(call).image} ${call[call.length - 1]}`))).toEqual(new Set(['pr-7-app nicolaka/netshoot:v0.13 2']));
  });

  test('writes the same script on every run', async () => {
    expect(await generateScript()).toBe(await generateScript());
  });

  test('writes Job manifests with --output jobs, and warns on stderr about the flows a Job cannot probe', async () => {
    const run = await runCli([...PROBE_ARGS, '--output', 'jobs'], { cwd: PROBE });

    expect(run.code).toBe(0);
    expect(run.stdout.match(/^kind: Job$/gm)).toHaveLength(6);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'warning: flows[6] "api cannot reach frontend": not probed: app/frontend (Deployment) has no IP in the manifests, and a Job cannot look it up: use --output script, or a Service destination',
      'warning: flows[7] "api reaches the whole payment range": not probed: a range of addresses (203.0.113.0/24) cannot be probed from one pod: list single addresses from it as flows',
    ]);
  });

  test('refuses a timeout, an image or a namespace prefix it cannot use, naming each', async () => {
    const lines = expectInvalidInput(await runCli([...PROBE_ARGS, '--timeout', '0', '--image', 'busy box', '--namespace-prefix', 'PR_7'], { cwd: PROBE }));

    expect(lines).toEqual([
      'error: --image: Invalid value: "busy box": must be an image reference without spaces',
      'error: --namespace-prefix: Invalid value: "PR_7": must be lower-case letters, digits and \'-\', starting with a letter or digit',
      'error: --timeout: Invalid value: "0": must be a whole number of seconds from 1 to 600',
    ]);
  });

  test('reports a flows file that names nothing as netpol check does, and writes no script', async () => {
    const run = await runCli(['probe', '--manifests', 'cluster.yaml', '--flows', path.join('..', 'cli', 'bad', 'flows-unknown-endpoint.yaml')], { cwd: PROBE });

    const lines = expectInvalidInput(run);
    expect(lines[0]).toMatch(/flows-unknown-endpoint\.yaml .*Invalid value/);
  });

  test('needs --flows and --manifests', async () => {
    const run = await runCli(['probe', '--manifests', 'cluster.yaml'], { cwd: PROBE });

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toContain('required option \'--flows <file>\' not specified');
  });
});
