import * as path from 'node:path';
import { expectInvalidInput, LAB, runCli } from './run-cli';

/** The probe fixtures' cluster: namespace app isolated both ways, a Service, DNS in kube-system. */
const PROBE_CLUSTER = path.join(__dirname, '..', 'fixtures', 'probe', 'cluster.yaml');

const RANDOM_CLIENT = '{namespace: app, labels: {run: random-client}}';

function explainLab(...args: string[]): ReturnType<typeof runCli> {
  return runCli(['explain', '--manifests', 'manifests.yaml', ...args], { cwd: LAB });
}

describe('netpol explain on the seed lab', () => {
  test('explains the denied random client in full: both ends, each rule, the cause and the label to add', async () => {
    const run = await explainLab('--from', RANDOM_CLIENT, '--to', 'app/api', '--port', '80');

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toBe([
      'Flow: app/{run=random-client} -> app/api on TCP 80',
      'Verdict: deny',
      '',
      'Source: app/{run=random-client} (Pod (not in manifests)): a pod that is not in the manifests',
      '  namespace app {kubernetes.io/metadata.name=app}',
      '  labels {run=random-client}',
      'Destination: app/api (Deployment): the pod template of Deployment app/api (manifests.yaml (document 2, line 7))',
      '  namespace app {kubernetes.io/metadata.name=app}',
      '  labels {app=api}',
      '  container ports TCP 80 "http"',
      '',
      'Egress from app/{run=random-client} (Pod (not in manifests)): allowed',
      '  not isolated: no NetworkPolicy selects it for egress',
      '  no tier decides: allowed by default',
      '',
      'Ingress to app/api (Deployment): denied',
      '  isolated for ingress by app/allow-frontend-to-api',
      '  app/allow-frontend-to-api (manifests.yaml (document 4, line 48)):',
      '    rule 0 (spec.ingress[0]): from podSelector {app=frontend}; ports TCP 80: does not allow',
      '      peers: no match: peer 0: app/{run=random-client} (Pod (not in manifests)) {run=random-client} lacks app=frontend (podSelector)',
      '      ports: match: TCP 80 matches TCP 80',
      '  the NetworkPolicy tier decides: denied',
      '',
      'Likely cause:',
      '  - pod labels do not match: rule 0 of app/allow-frontend-to-api (peer 0) would allow this flow, but app/{run=random-client} (Pod (not in manifests)) {run=random-client} lacks app=frontend (podSelector)',
      '',
      'Smallest change that would allow it:',
      '  - add label app=frontend to app/{run=random-client}',
      '',
    ].join('\n'));
  });

  test('suggests adding the port when the frontend asks for one the rule does not list', async () => {
    const run = await explainLab('--from', 'app/frontend', '--to', 'app/api', '--port', '8080');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('      peers: match: peer 0 (podSelector {app=frontend}) selects app/frontend (Deployment)\n');
    expect(run.stdout).toContain('      ports: no match: TCP 8080 is not among the rule\'s ports (TCP 80)\n');
    expect(run.stdout).toMatch(/Smallest change that would allow it:\n {2}- add TCP 8080 to rule 0 of app\/allow-frontend-to-api\n$/);
  });

  test('exits 0 for an allowed flow too, and names the rule to narrow', async () => {
    const run = await explainLab('--from', 'app/frontend', '--to', 'app/api', '--port', 'http');

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Verdict: allow\n');
    expect(run.stdout).toContain('- narrow rule 0 of app/allow-frontend-to-api so that app/frontend (Deployment) or this port no longer matches');
  });

  test('writes the same explanation as JSON, with the flow echoed as written', async () => {
    const run = await explainLab('--from', RANDOM_CLIENT, '--to', 'app/api', '--port', '80', '--output', 'json');

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const explanation = JSON.parse(run.stdout);
    expect(Object.keys(explanation)).toEqual(['flow', 'verdict', 'source', 'destination', 'paths', 'reasons', 'likelyCauses', 'implementationDefined']);
    expect(explanation.flow).toEqual({ from: { namespace: 'app', labels: { run: 'random-client' } }, to: 'app/api', port: 80, protocol: 'TCP' });
    expect(explanation.verdict).toBe('deny');
    expect(explanation.paths[0].ingress.policies[0].rules[0]).toMatchObject({ rule: 0, field: 'spec.ingress[0]', allowed: false, peersMatch: false, portsMatch: true });
    expect(explanation.paths[0].changes.sides[0].changes[0].steps).toEqual([
      { kind: 'add-pod-labels', text: 'add label app=frontend to app/{run=random-client}', labels: { app: 'frontend' } },
    ]);
    expect(run.stdout).toBe(`${JSON.stringify(explanation, null, 2)}\n`);
  });

  test('prints the same bytes on every run', async () => {
    const args = ['--from', RANDOM_CLIENT, '--to', 'app/api', '--port', '80'];
    const [first, second] = [await explainLab(...args), await explainLab(...args)];

    expect(second.stdout).toBe(first.stdout);
  });
});

describe('netpol explain on other endpoints', () => {
  test('explains a Service destination per backing pod, after its targetPort', async () => {
    const run = await runCli(['explain', '--manifests', PROBE_CLUSTER, '--from', 'app/frontend', '--to', '{service: app/api}', '--port', '80']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Destination: Service app/api: a Service\n');
    expect(run.stdout).toContain('  ports TCP 80 "http" -> "http"\n  backends app/api-0\n');
    expect(run.stdout).toContain('Ingress to app/api-0: allowed');
    expect(run.stdout).toContain('ports: match: TCP 8080 matches TCP 8080');
  });

  test('names the missing egress rule for an address outside the cluster', async () => {
    const run = await runCli(['explain', '--manifests', PROBE_CLUSTER, '--from', 'app/frontend', '--to', '198.51.100.7', '--port', '443', '--output', 'json']);

    const explanation = JSON.parse(run.stdout);
    expect(explanation.destination).toEqual({ kind: 'address', text: '198.51.100.7', ips: ['198.51.100.7'] });
    expect(explanation.likelyCauses).toEqual([expect.stringMatching(/^no egress rule for the external CIDR or port: egress from app\/frontend \(Deployment\) is isolated by app\/allow-dns, app\/default-deny, app\/frontend-to-api/)]);
  });

  test('uses the --profile to recognise the cluster DNS', async () => {
    const dns = ['--from', 'app/api-0', '--to', '{namespace: openshift-dns, labels: {dns.operator.openshift.io/daemonset-dns: default}}', '--port', '5353', '--protocol', 'UDP', '--output', 'json'];
    const [upstream, openShift] = [
      await runCli(['explain', '--manifests', PROBE_CLUSTER, ...dns]),
      await runCli(['explain', '--manifests', PROBE_CLUSTER, ...dns, '--profile', 'openshift']),
    ];

    expect(JSON.parse(upstream.stdout).likelyCauses.filter((c: string) => c.startsWith('DNS egress missing'))).toEqual([]);
    expect(JSON.parse(openShift.stdout).likelyCauses).toEqual([expect.stringMatching(/^DNS egress missing: egress from app\/api-0 is isolated by/)]);
  });
});

describe('netpol explain on invalid input', () => {
  test('names --from and the closest pod when the source names nothing', async () => {
    const lines = expectInvalidInput(await explainLab('--from', 'app/frontent', '--to', 'app/api', '--port', '80'));

    expect(lines).toEqual(['error: --from: Invalid value: "app/frontent": no Pod or workload with that namespace and name (did you mean "app/frontend"?)']);
  });

  test('refuses an endpoint mapping that is not YAML, or not a mapping, or of no known shape', async () => {
    const cases = ['{namespace: app', '{pod: app/api}'];
    for (const endpoint of cases) {
      const lines = expectInvalidInput(await explainLab('--from', endpoint, '--to', 'app/api', '--port', '80'));
      expect(lines).toEqual([expect.stringMatching(/^error: --from: Invalid value: /)]);
    }
  });

  test('refuses a Service as the source, a port out of range and an unknown protocol, all at once', async () => {
    const lines = expectInvalidInput(await explainLab('--from', '{service: app/api}', '--to', 'app/api', '--port', '70000', '--protocol', 'ICMP'));

    expect(lines).toEqual([
      'error: --from.service: Forbidden: a Service can only be a destination',
      'error: --port: Invalid value: 70000: must be a number between 1 and 65535, inclusive, or a port name',
      'error: --protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  test('refuses a named port the destination does not declare', async () => {
    const lines = expectInvalidInput(await explainLab('--from', 'app/frontend', '--to', 'app/api', '--port', 'htp'));

    expect(lines).toEqual(['error: --port: Invalid value: "htp": app/api (Deployment) declares no TCP port with that name (did you mean "http"?)']);
  });

  test('needs --from, --to and --port', async () => {
    const run = await explainLab('--from', 'app/frontend', '--to', 'app/api');

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toContain('required option \'--port <port>\' not specified');
  });

  test('refuses an unknown profile', async () => {
    const run = await explainLab('--from', 'app/frontend', '--to', 'app/api', '--port', '80', '--profile', 'minikube');

    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toContain('Allowed choices are');
  });
});
