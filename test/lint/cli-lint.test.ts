import * as path from 'node:path';
import { CliRun, expectInvalidInput, runCli } from '../cli/run-cli';

const ROOT = path.join(__dirname, '../..');
const FIXTURES = 'test/lint/fixtures';
const fixture = (name: string) => `${FIXTURES}/${name}`;
const BASE = fixture('app-base.yaml');

/** Runs the CLI in-process with the repository as working directory, so sources are repository paths. */
function run(...argv: string[]): Promise<CliRun> {
  return runCli(argv, { cwd: ROOT });
}

describe('netpol lint: exit status', () => {
  test('exits 0 and says there is nothing to report on clean manifests', async () => {
    const result = await run('lint', '--manifests', BASE, fixture('clean-policy.yaml'));

    expect(result).toEqual({ code: 0, stdout: 'no findings (0 errors, 0 warnings, 0 info; 0 suppressed)\n', stderr: '' });
  });

  test('exits 0 on warnings only, and prints them', async () => {
    const result = await run('lint', '--manifests', BASE, fixture('service-port-policy.yaml'));

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('WARNING  service-port-instead-of-target-port  NetworkPolicy app/allow-frontend-to-api  spec.ingress[0].ports[0].port');
    expect(result.stdout).toContain('  fix: use port 8080 (or the port name "http")');
  });

  test('exits 1 on an unsuppressed error', async () => {
    const result = await run('lint', '--manifests', BASE, fixture('deny-egress-policy.yaml'));

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ERROR +egress-without-dns +NetworkPolicy app\/deny-egress/m);
  });

  test('exits 0 when the error is suppressed with a reason, and lists the suppression', async () => {
    const result = await run('lint', '--manifests', BASE, fixture('deny-egress-suppressed.yaml'));

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('egress-without-dns  NetworkPolicy app/deny-egress  (by annotation: frontend is a static site and resolves nothing)');
  });

  test('--error-on makes a rule\'s warnings errors, and exits 1', async () => {
    const result = await run('lint', '--manifests', BASE, fixture('service-port-policy.yaml'), '--error-on', 'service-port-instead-of-target-port');

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ERROR +service-port-instead-of-target-port/m);
  });
});

describe('netpol lint: cluster profile', () => {
  test('--profile names where DNS runs in the messages', async () => {
    const result = await run('lint', '--manifests', BASE, fixture('deny-egress-policy.yaml'), '--profile', 'openshift');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('reach DNS at openshift-dns/');
  });
});

describe('netpol lint: invalid input exits 2 with a message and no stack trace', () => {
  test('an unknown rule in --error-on, with the closest rule id', async () => {
    const result = await run('lint', '--manifests', BASE, '--error-on', 'egress-without-dsn');

    expect(expectInvalidInput(result)).toEqual(['error: --error-on: Unsupported value: "egress-without-dsn": no lint rule has this id (did you mean "egress-without-dns"?)']);
  });

  test('a policy the API server would reject', async () => {
    const result = await run('lint', '--manifests', BASE, fixture('invalid-policy.yaml'));

    expect(expectInvalidInput(result)).toEqual([expect.stringContaining('spec.ingress[0].ports[0].port: Invalid value: 70000')]);
  });

  test('a missing manifest file', async () => {
    const result = await run('lint', '--manifests', fixture('no-such-file.yaml'));

    expect(expectInvalidInput(result)).toEqual([expect.stringMatching(/^error: .*no-such-file\.yaml/)]);
  });

  test('an unknown output format', async () => {
    const result = await run('lint', '--manifests', BASE, '--output', 'xml');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'xml' is invalid");
  });
});

describe('netpol lint: formats', () => {
  test('--output json holds every finding and the totals', async () => {
    const result = await run('lint', '--manifests', BASE, fixture('deny-egress-suppressed.yaml'), fixture('service-port-policy.yaml'), '--output', 'json');
    const report = JSON.parse(result.stdout);

    expect(report.summary).toEqual({ errors: 0, warnings: 1, info: 0, suppressed: 1 });
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['egress-without-dns', 'service-port-instead-of-target-port']);
    expect(report.findings[0].suppressed).toEqual({ reason: 'frontend is a static site and resolves nothing', by: 'annotation' });
  });

  test('--output sarif points each result at the file and line of its policy', async () => {
    const result = await run('lint', '--manifests', BASE, fixture('deny-egress-policy.yaml'), '--output', 'sarif');
    const [sarifRun] = JSON.parse(result.stdout).runs;

    expect(result.code).toBe(1);
    expect(sarifRun.results).toEqual([expect.objectContaining({
      ruleId: 'egress-without-dns',
      level: 'error',
      locations: [expect.objectContaining({ physicalLocation: { artifactLocation: { uri: fixture('deny-egress-policy.yaml') }, region: { startLine: 2 } } })],
    })]);
  });
});

describe('netpol check prints lint findings to stderr', () => {
  test('warnings go to stderr with the warning: prefix; stdout and exit status stay those of the flows', async () => {
    const plain = await run('check', '--manifests', BASE, fixture('clean-policy.yaml'), '--flows', fixture('flows.yaml'));
    const withTypo = await run('check', '--manifests', BASE, fixture('clean-policy.yaml'), fixture('typo-policy.yaml'), '--flows', fixture('flows.yaml'));

    expect(plain).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(withTypo.code).toBe(plain.code);
    expect(withTypo.stdout).toBe(plain.stdout);
    expect(withTypo.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^warning: test\/lint\/fixtures\/typo-policy\.yaml \(document 1, line 2\): NetworkPolicy app\/typo: spec\.podSelector: .* \[policy-selects-nothing\] \(fix: change app=apii to app=api\)$/),
      expect.stringMatching(/^warning: .*NetworkPolicy app\/typo: spec\.podSelector: podSelector requires app=apii, .* \[selector-label-unknown\]/),
    ]);
  });

  test('info findings stay out of check\'s stderr', async () => {
    // GIVEN manifests whose only finding is informational (a namespace without policy)
    const lint = await run('lint', '--manifests', BASE);
    expect(lint.stdout).toMatch(/^INFO +namespace-without-policy +Namespace app/m);

    // WHEN checked, THEN nothing is printed on stderr
    const result = await run('check', '--manifests', BASE, '--flows', fixture('flows.yaml'));
    expect(result.stderr).toBe('');
  });
});
