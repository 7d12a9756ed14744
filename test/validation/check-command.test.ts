import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

function capture(cwd: string): { io: CliIo; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { io: { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), readStdin: async () => '', stderrIsTty: false, cwd }, stdout, stderr };
}

describe('netpol check refuses invalid policies before evaluating flows', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-validation-'));
    fs.writeFileSync(path.join(dir, 'flows.yaml'), 'flows:\n  - from: prod/web\n    to: prod/api\n    port: 80\n    expect: allow\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exits 2 and lists every problem in the API server\'s words', async () => {
    // GIVEN a policy with two mistakes the API server rejects
    fs.writeFileSync(path.join(dir, 'policy.yaml'), [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: api, namespace: prod}',
      'spec:',
      '  podSelector: {}',
      '  ingress:',
      '    - from:',
      '        - ipBlock: {cidr: 10.0.0.0/33}',
      '      ports:',
      '        - {port: 0}',
    ].join('\n'));
    const { io, stdout, stderr } = capture(dir);
    // WHEN checked
    const code = await main(['check', '--manifests', path.join(dir, 'policy.yaml'), '--flows', path.join(dir, 'flows.yaml')], io);
    // THEN nothing is evaluated and both problems are named with their paths
    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    const text = stderr.join('');
    expect(text).toContain('NetworkPolicy prod/api: spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    expect(text).toContain('NetworkPolicy prod/api: spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
  });

  test('evaluates the flows of valid policies as before', async () => {
    fs.writeFileSync(path.join(dir, 'policy.yaml'), [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: web, namespace: prod, labels: {app: web}}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: api, namespace: prod, labels: {app: api}}',
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: api, namespace: prod}',
      'spec:',
      '  podSelector: {matchLabels: {app: api}}',
      '  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 80}]}]',
    ].join('\n'));
    const { io, stderr } = capture(dir);
    const code = await main(['check', '--manifests', path.join(dir, 'policy.yaml'), '--flows', path.join(dir, 'flows.yaml')], io);
    expect({ code, stderr: stderr.join('') }).toEqual({ code: 0, stderr: '' });
  });
});
