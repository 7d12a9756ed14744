import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { ManifestValidator, NetworkEvaluator, NetworkLinter } from '../../src';

const LAB = yaml.loadAll(fs.readFileSync(path.join(__dirname, '../../examples/lab-yaml/manifests.yaml'), 'utf8')) as any[];
const LAB_FLOWS = yaml.load(fs.readFileSync(path.join(__dirname, '../../examples/lab-yaml/flows.yaml'), 'utf8'));

describe('the jsii facades', () => {
  test('NetworkEvaluator.check returns the netpol check report for plain objects', () => {
    const report = NetworkEvaluator.check(LAB, LAB_FLOWS);
    expect(report.summary).toEqual({ total: 2, passed: 2, failed: 0 });
    expect(report.flows[1]).toMatchObject({ name: 'a random client cannot reach api', verdict: 'deny', ok: true });
  });

  test('NetworkEvaluator.check can treat ipBlocks as blind to pod IPs', () => {
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'x' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.2/32' } }] }] } };
    const pod = (name: string, ip: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'x' }, status: { podIP: ip } });
    const flows = { flows: [{ from: 'x/a', to: 'x/b', port: 80, expect: 'allow' }] };
    const objects = [pod('a', '10.0.0.1'), pod('b', '10.0.0.2'), policy];
    expect(NetworkEvaluator.check(objects, flows).flows[0].verdict).toBe('allow');
    expect(NetworkEvaluator.check(objects, flows, { ipBlockMatchesPodIps: false }).flows[0].verdict).toBe('deny');
  });

  test('ManifestValidator.validate lists API-server problems with field paths', () => {
    const bad = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'x' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 80, endPort: 79 }] }] } };
    expect(ManifestValidator.validate([bad])).toEqual([expect.stringContaining('spec.ingress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to `port`')]);
    expect(ManifestValidator.validate(LAB)).toEqual([]);
  });

  test('NetworkLinter.lint returns findings and honours suppressions with reasons', () => {
    const isolated = [...LAB, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-egress', namespace: 'app' }, spec: { podSelector: {}, policyTypes: ['Egress'] } }];
    const ids = (findings: any[]) => findings.filter((f) => !f.suppressed).map((f) => f.ruleId);
    expect(ids(NetworkLinter.lint(isolated))).toContain('egress-without-dns');
    const suppressed = NetworkLinter.lint(isolated, { suppressions: [{ ruleId: 'egress-without-dns', reason: 'DNS goes through a sidecar proxy here' }] });
    expect(ids(suppressed)).not.toContain('egress-without-dns');
  });
});
