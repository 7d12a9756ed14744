import * as path from 'node:path';
import { App, Chart, Include, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { addRawLab } from './lab-fixture';
import { FlowEndpoint } from '../../src/checks/flow-endpoint';
import { NetworkChecks } from '../../src/checks/network-checks';
import { Port } from '../../src/constructs/port';
import { netpolMatchers } from '../../src/testing/jest';

expect.extend(netpolMatchers);

const quiet = { warn: () => undefined };

function labApp(policyPort?: number) {
  const app = Testing.app();
  const checks = new NetworkChecks(app, 'checks', { reporter: quiet });
  const chart = new Chart(app, 'lab');
  addRawLab(chart, { policyPort });
  return { app, chart, checks };
}

describe('flows declared at synth', () => {
  test('synthesizes when every declared flow holds', () => {
    // GIVEN the lab and its two promised flows
    const { chart, checks } = labApp();
    checks.allow(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(80), { name: 'frontend reaches api' });
    checks.deny(FlowEndpoint.pods('app', { run: 'random-client' }), FlowEndpoint.pod('app', 'api'), Port.tcp(80));
    // WHEN synthesized, THEN nothing throws and the manifests are there
    expect(Testing.synth(chart).map((o) => o.kind)).toEqual(['Namespace', 'Deployment', 'Deployment', 'NetworkPolicy']);
  });

  test('fails synth naming the flow, expected and actual verdicts, and why', () => {
    // GIVEN a policy that opens 8080 while the team declared 80
    const { chart, checks } = labApp(8080);
    checks.allow(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(80), { name: 'frontend reaches api' });
    // THEN synth fails with the flow and the evaluator's explanation
    expect(() => Testing.synth(chart)).toThrow(/flow "frontend reaches api": expected allow, got deny: ingress to app\/api \(Deployment\) is isolated by app\/allow-frontend-to-api.*TCP 80 is not among the rule's ports \(TCP 8080\)/s);
  });

  test('app.synth and chart.toJson fail too, because the check is a construct validation', () => {
    const { app, chart, checks } = labApp();
    checks.deny(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(80), { name: 'frontend must not reach api' });
    expect(() => chart.toJson()).toThrow(/Validation failed.*frontend must not reach api/s);
    expect(() => app.synthYaml()).toThrow(/frontend must not reach api/);
  });

  test('lists every failing flow in one message', () => {
    const { chart, checks } = labApp(8080);
    checks.allow(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(80), { name: 'first' });
    checks.deny(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(8080), { name: 'second' });
    expect(() => Testing.synth(chart)).toThrow(/flow "first".*\n.*flow "second"/s);
  });

  test('an invalid policy fails synth with its construct path and field path', () => {
    const { chart, app } = labApp();
    NetworkChecks.of(app);
    new Include(chart, 'bad', { url: path.join(__dirname, 'fixtures', 'invalid-cidr-policy.yaml') });
    expect(() => Testing.synth(chart)).toThrow(/spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: Invalid value: "10\.0\.0\.0\/33"/);
  });

  test('policies from included YAML take part in the flow checks', () => {
    // GIVEN the lab without its policy, plus a default-deny brought in with Include
    const app = Testing.app();
    const checks = new NetworkChecks(app, 'checks', { reporter: quiet });
    const chart = new Chart(app, 'lab');
    addRawLab(chart);
    new Include(chart, 'deny', { url: path.join(__dirname, 'fixtures', 'default-deny-ingress.yaml') });
    // THEN the included deny-all is what denies a random client on another port
    checks.deny(FlowEndpoint.pods('app', { run: 'random-client' }), FlowEndpoint.pod('app', 'frontend'), Port.tcp(80));
    checks.allow(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(80));
    expect(() => Testing.synth(chart)).not.toThrow();
    const report = checks.verify().report;
    expect(report.flows[0].ingress.selectedBy).toEqual(['app/default-deny-ingress']);
  });

  test('policies written by cdk8s-plus-27 connections take part in the flow checks', () => {
    // GIVEN two kplus Deployments where web may reach db on 5432 only
    const app = Testing.app();
    const checks = new NetworkChecks(app, 'checks', { reporter: quiet });
    const chart = new Chart(app, 'kplus', { namespace: 'shop' });
    const db = new kplus.Deployment(chart, 'db', { containers: [{ image: 'postgres', portNumber: 5432 }] });
    const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx', portNumber: 80 }] });
    db.connections.allowFrom(web, { ports: [kplus.NetworkPolicyPort.tcp(5432)], isolation: kplus.PodConnectionsIsolation.POD });
    checks.allow(FlowEndpoint.workload(web), FlowEndpoint.workload(db), Port.tcp(5432));
    checks.deny(FlowEndpoint.pods('shop', { run: 'debug' }), FlowEndpoint.workload(db), Port.tcp(5432));
    checks.deny(FlowEndpoint.workload(web), FlowEndpoint.workload(db), Port.tcp(22));
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(checks.verify().report.summary).toEqual({ total: 3, passed: 3, failed: 0 });
  });

  test('checks can be turned off', () => {
    const app = Testing.app();
    const checks = new NetworkChecks(app, 'checks', { enabled: false });
    const chart = new Chart(app, 'lab');
    addRawLab(chart, { policyPort: 8080 });
    checks.allow(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(80));
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('verify returns the verdicts without throwing', () => {
    const { checks } = labApp(8080);
    checks.allow(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(80));
    const result = checks.verify();
    expect(result.report.summary).toEqual({ total: 1, passed: 0, failed: 1 });
    expect(result.errors).toHaveLength(1);
  });

  test('exports the declared flows as a flows file in the FLOWS.md format', () => {
    const { checks } = labApp();
    checks.allow(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.named('http'), { name: 'frontend reaches api' });
    checks.deny(FlowEndpoint.cidr('203.0.113.0/24', ['203.0.113.99/32']), FlowEndpoint.pod('app', 'api'), Port.udp(53));
    expect(checks.toFlowsYaml()).toBe([
      'flows:',
      '  - name: frontend reaches api',
      '    from: app/frontend',
      '    to: app/api',
      '    port: http',
      '    protocol: TCP',
      '    expect: allow',
      '  - from:',
      '      cidr: 203.0.113.0/24',
      '      except:',
      '        - 203.0.113.99/32',
      '    to: app/api',
      '    port: 53',
      '    protocol: UDP',
      '    expect: deny',
      '',
    ].join('\n'));
  });

  test('there is one NetworkChecks per app, at its root', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    expect(() => new NetworkChecks(chart, 'nested')).toThrow(/belongs at the app's root/);
    const made = NetworkChecks.of(chart);
    expect(NetworkChecks.of(app)).toBe(made);
    expect(() => new NetworkChecks(app, 'second')).toThrow(/already has NetworkChecks/);
  });
});

describe('jest matchers', () => {
  test('toAllowFlow and toDenyFlow judge one flow on a chart', () => {
    const { chart } = labApp();
    expect(chart).toAllowFlow(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(80));
    expect(chart).toDenyFlow(FlowEndpoint.pods('app', { run: 'random-client' }), FlowEndpoint.pod('app', 'api'), Port.tcp(80));
  });

  test('a failing matcher prints the explanation', () => {
    const { chart } = labApp();
    expect(() => expect(chart).toAllowFlow(FlowEndpoint.pods('app', { run: 'random-client' }), FlowEndpoint.pod('app', 'api'), Port.tcp(80)))
      .toThrow(/expected pods \{run=random-client\} in app -> app\/api on TCP 80 to be allowed, but it is deny\n.*lacks app=frontend \(podSelector\)/s);
  });
});

describe('checks during one synth', () => {
  test('verify once however many charts the app writes, and again on the next synth', async () => {
    // GIVEN an app of three charts whose checks count their runs
    const app = Testing.app();
    const checks = new NetworkChecks(app, 'checks', { reporter: { warn: () => undefined } });
    const runs = jest.spyOn(checks as any, 'run');
    ['a', 'b', 'c'].forEach((id) => addRawLab(new Chart(app, id, { namespace: id })));
    // WHEN synthesized (cdk8s validates once per chart plus once for the app)
    app.synthYaml();
    // THEN the checks ran once
    expect(runs).toHaveBeenCalledTimes(1);
    // AND a later synth, after the microtask queue drained, checks again
    await Promise.resolve();
    app.synthYaml();
    expect(runs).toHaveBeenCalledTimes(2);
  });

  test('a flow declared after a synth in the same tick is still checked', () => {
    const { chart, checks } = labApp();
    expect(() => Testing.synth(chart)).not.toThrow();
    checks.deny(FlowEndpoint.pod('app', 'frontend'), FlowEndpoint.pod('app', 'api'), Port.tcp(80), { name: 'added later' });
    expect(() => Testing.synth(chart)).toThrow(/added later/);
  });
});

describe('lint at synth', () => {
  test('a typo in a selector label is a warning at synth that names the closest existing label', () => {
    // GIVEN the lab whose policy selects app=frontned instead of app=frontend
    const warnings: string[] = [];
    const app = Testing.app();
    new NetworkChecks(app, 'checks', { reporter: { warn: (messages) => warnings.push(...messages) } });
    const chart = new Chart(app, 'lab');
    addRawLab(chart);
    const policy = chart.node.findChild('allow-frontend-to-api') as any;
    policy.addJsonPatch(JsonPatch.replace('/spec/ingress/0/from/0/podSelector/matchLabels/app', 'frontned'));
    // WHEN synthesized, THEN synth succeeds and the warning names the typo and the closest label
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/selector-label-unknown.*app=frontned.*frontend/)]));
  });

  test('a lint rule named in lintErrorRules fails synth', () => {
    const app = Testing.app();
    new NetworkChecks(app, 'checks', { reporter: { warn: () => undefined }, lintErrorRules: ['selector-label-unknown'] });
    const chart = new Chart(app, 'lab');
    addRawLab(chart);
    (chart.node.findChild('allow-frontend-to-api') as any).addJsonPatch(JsonPatch.replace('/spec/ingress/0/from/0/podSelector/matchLabels/app', 'frontned'));
    expect(() => Testing.synth(chart)).toThrow(/lint selector-label-unknown/);
  });
});
