import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { expectInvalidInput, expectNoStackTrace, runCli, temporaryDirectory } from './run-cli';

/** The README example: the seed lab before any policy, and its flows. */
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'generate');
const GENERATE = ['generate', '--manifests', 'manifests.yaml', '--flows', 'flows.yaml'];

/** A directory holding the example's manifests and these flows. */
function withFlows(flows: unknown[]): string {
  const dir = temporaryDirectory();
  fs.copyFileSync(path.join(EXAMPLE, 'manifests.yaml'), path.join(dir, 'manifests.yaml'));
  fs.writeFileSync(path.join(dir, 'flows.yaml'), yaml.dump({ flows }));
  return dir;
}

describe('netpol generate', () => {
  test('prints the same bytes on every run', async () => {
    const first = await runCli([...GENERATE, '--scope', 'app'], { cwd: EXAMPLE });
    const second = await runCli([...GENERATE, '--scope', 'app'], { cwd: EXAMPLE });

    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  test('prints multi-document YAML that netpol check reads back, and the same objects as a List in JSON', async () => {
    const asYaml = await runCli([...GENERATE, '--scope', 'app'], { cwd: EXAMPLE });
    const asJson = await runCli([...GENERATE, '--scope', 'app', '--output', 'json'], { cwd: EXAMPLE });

    expect(asJson.code).toBe(0);
    const list = JSON.parse(asJson.stdout);
    expect({ apiVersion: list.apiVersion, kind: list.kind }).toEqual({ apiVersion: 'v1', kind: 'List' });
    expect(list.items).toEqual(yaml.loadAll(asYaml.stdout));
  });

  test('without --scope, isolates every namespace where a flow starts or ends at a workload', async () => {
    const run = await runCli(GENERATE, { cwd: EXAMPLE });

    expect(run.code).toBe(0);
    const namespaces = new Set((yaml.loadAll(run.stdout) as Array<{ metadata: { namespace: string } }>).map((p) => p.metadata.namespace));
    expect([...namespaces]).toEqual(['app', 'monitoring']);
    expect(run.stderr.split('\n')[0]).toBe('generated 9 NetworkPolicies for namespaces app, monitoring');
  });

  test('--no-dns writes no allow-dns and gives each listed DNS flow its own egress policy', async () => {
    const run = await runCli([...GENERATE, '--scope', 'app', '--no-dns'], { cwd: EXAMPLE });
    const names = (yaml.loadAll(run.stdout) as Array<{ metadata: { name: string } }>).map((p) => p.metadata.name);

    expect(run.code).toBe(0);
    expect(names).not.toContain('allow-dns');
    expect(names).toEqual(expect.arrayContaining(['allow-api-egress-kube-system-kube-dns', 'allow-frontend-egress-kube-system-kube-dns']));
    expect(run.stderr.split('\n')[0]).toBe('generated 7 NetworkPolicies for namespace app (no DNS egress)');
  });

  test('--profile picks where DNS answers', async () => {
    const run = await runCli([...GENERATE, '--scope', 'app', '--profile', 'node-local-dns'], { cwd: EXAMPLE });
    const allowDns = (yaml.loadAll(run.stdout) as Array<Record<string, any>>).find((p) => p.metadata.name === 'allow-dns')!;

    expect(allowDns.spec.egress[1].to).toEqual([{ ipBlock: { cidr: '169.254.20.10/32' } }]);
  });

  test('--report adds a table of connections before and after per scoped workload on stderr', async () => {
    const run = await runCli([...GENERATE, '--scope', 'app', '--report'], { cwd: EXAMPLE });

    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').slice(2)).toEqual([
      'workload                   pods  in before  in after  out before  out after  beyond list',
      '-------------------------  ----  ---------  --------  ----------  ---------  -----------',
      'app/api (Deployment)          1         25         2          25          2            0',
      'app/frontend (Deployment)     1         25         0          25          1            0',
      '',
    ]);
  });

  test('notes the policies of the manifests that the output replaces', async () => {
    // GIVEN the example plus a hand-written policy with a generated name
    const dir = temporaryDirectory();
    fs.copyFileSync(path.join(EXAMPLE, 'manifests.yaml'), path.join(dir, 'manifests.yaml'));
    fs.copyFileSync(path.join(EXAMPLE, 'flows.yaml'), path.join(dir, 'flows.yaml'));
    fs.writeFileSync(path.join(dir, 'old.yaml'), yaml.dump({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-frontend-to-api', namespace: 'app' }, spec: { podSelector: {} } }));
    // WHEN generated, THEN it says so
    const run = await runCli(['generate', '--manifests', 'manifests.yaml', 'old.yaml', '--flows', 'flows.yaml', '--scope', 'app'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: replaces app/allow-frontend-to-api of the manifests (same name)\n');
  });

  test('exits 1 with nothing on stdout, one line per conflict, when the flows cannot all hold', async () => {
    // GIVEN an allow and a deny that only differ in a pod the api's selector cannot tell from the frontend
    const dir = withFlows([
      { name: 'frontend reaches api', from: 'app/frontend', to: 'app/api', port: 80, expect: 'allow' },
      { name: 'a copy of frontend must not', from: { namespace: 'app', labels: { app: 'frontend' } }, to: 'app/api', port: 80, expect: 'deny' },
      { name: 'api reaches its own ports', from: 'app/api', to: 'app/api', port: 80, expect: 'deny' },
    ]);
    const run = await runCli(['generate', '--manifests', 'manifests.yaml', '--flows', 'flows.yaml'], { cwd: dir });

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(/^error: unsatisfiable: indistinguishable: flows\[1\] "a copy of frontend must not": app\/allow-frontend-egress-api must let/),
      'error: unsatisfiable: self-traffic: flows[2] "api reaches its own ports": app/api (Deployment) sending to itself is never blocked by the network plugins NetworkPolicy runs on (drop this flow)',
      'error: 2 conflicts: no policies written',
      '',
    ]);
    expectNoStackTrace(run.stderr);
  });

  test('exits 2 on a scope namespace the manifests do not have', async () => {
    const lines = expectInvalidInput(await runCli([...GENERATE, '--scope', 'ap'], { cwd: EXAMPLE }));

    expect(lines).toEqual(['error: scope: Invalid value: "ap": no object of the manifests is in this namespace (did you mean "app"?)']);
  });

  test('exits 2 naming the flow and its line when a flow names nothing', async () => {
    const dir = withFlows([{ name: 'typo', from: 'app/frontnd', to: 'app/api', port: 80, expect: 'allow' }]);
    const lines = expectInvalidInput(await runCli(['generate', '--manifests', 'manifests.yaml', '--flows', 'flows.yaml'], { cwd: dir }));

    expect(lines).toEqual(['error: flows.yaml (document 1, line 2): flows[0] "typo": from: Invalid value: "app/frontnd": no Pod or workload with that namespace and name (did you mean "app/frontend"?)']);
  });

  test('exits 2 when both --manifests and --flows would read stdin, or a required option is missing', async () => {
    const stdinTwice = await runCli(['generate', '--manifests', '-', '--flows', '-'], { stdin: '' });
    const noFlows = await runCli(['generate', '--manifests', 'manifests.yaml'], { cwd: EXAMPLE });

    expect([stdinTwice.code, stdinTwice.stdout, stdinTwice.stderr.split('\n')[0]]).toEqual([2, '', 'error: standard input (-) can feed --manifests or --flows, not both']);
    expect([noFlows.code, noFlows.stdout, noFlows.stderr.split('\n')[0]]).toEqual([2, '', "error: required option '--flows <file>' not specified"]);
  });

  test('reads the manifests from stdin', async () => {
    const manifests = fs.readFileSync(path.join(EXAMPLE, 'manifests.yaml'), 'utf8');
    const fromStdin = await runCli(['generate', '--manifests', '-', '--flows', 'flows.yaml', '--scope', 'app'], { cwd: EXAMPLE, stdin: manifests });
    const fromFile = await runCli([...GENERATE, '--scope', 'app'], { cwd: EXAMPLE });

    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });
});
