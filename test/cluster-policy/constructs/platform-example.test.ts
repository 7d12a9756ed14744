import { Testing, Yaml } from 'cdk8s';
import { decidingTiers, renderTierTable } from '../../../examples/platform/flow-table';
import { buildPlatformExample } from '../../../examples/platform/platform-app';
import { PLATFORM_PROFILE } from '../../../examples/platform/platform-chart';
import { FlowReport } from '../../../src/evaluator/flows';
import { ClusterModel } from '../../../src/evaluator/model';
import { runLint } from '../../../src/lint';
import { validateManifests } from '../../../src/validation';

/** The example app, with lint warnings collected instead of printed. */
function platformExample() {
  const app = Testing.app();
  const warnings: string[] = [];
  const checks = buildPlatformExample(app, { warn: (messages) => warnings.push(...messages) });
  return { app, checks, warnings };
}

describe('the platform example', () => {
  test('synthesizes with every declared flow holding and no lint warning', () => {
    const { app, checks, warnings } = platformExample();
    expect(() => app.synthYaml()).not.toThrow();
    const report = checks.verify().report;
    expect(report.summary).toEqual({ total: 20, passed: 20, failed: 0 });
    expect(warnings).toEqual([]);
  });

  test('proves flows decided in each tier: Admin, NetworkPolicy and Baseline', () => {
    const { checks } = platformExample();
    const tierOf = Object.fromEntries((checks.verify().report.flows as FlowReport[]).map((flow) => [flow.name, decidingTiers(flow)]));
    expect(tierOf).toMatchObject({
      'the toolbox cannot reach payments': 'Admin',
      'monitoring scrapes the ledger': 'Admin',
      'legacy pods resolve names': 'Admin',
      'frontend reaches api': 'NetworkPolicy',
      'the toolbox reaches the internet': 'NetworkPolicy',
      'the shop api settles payments': 'NetworkPolicy + Admin',
      'legacy pods are denied by default': 'Baseline',
      'the wiki accepts nobody by default': 'Baseline',
    });
  });

  test('prints the flow table with the tier and rule that decided each side', () => {
    const { checks } = platformExample();
    const table = renderTierTable(checks.verify().report).split('\n');
    expect(table.find((line) => line.includes('the toolbox cannot reach payments'))).toMatch(
      /^PASS {2}the toolbox cannot reach payments +deny\/deny +Admin +NetworkPolicy Accept tools\/toolbox-calls-anything +Admin Deny payments-guardrail "deny-other-namespaces"$/,
    );
    expect(table[table.length - 2]).toBe('20 flows: 20 passed, 0 failed');
  });

  test('writes the platform chart as valid ClusterNetworkPolicies, in the order that gives the accepts precedence', () => {
    const { app } = platformExample();
    const platform = app.charts.find((chart) => chart.node.id === 'platform')!;
    const objects = platform.toJson();
    expect(validateManifests(objects.map((object: any) => ({ object })))).toEqual([]);
    expect(objects.map((o: any) => `${o.spec.tier} ${o.spec.priority} ${o.metadata.name}`)).toEqual([
      'Admin 100 always-allow-platform',
      'Admin 100 always-allow-platform-dns',
      'Admin 100 always-allow-platform-scraper',
      'Admin 110 payments-guardrail',
      'Baseline 100 baseline-default-deny-dns',
      'Baseline 110 baseline-default-deny',
    ]);
    expect(Yaml.stringify(...objects)).toMatchSnapshot();
  });

  test('lints clean with the example\'s own profile, apart from the findings about namespaces without NetworkPolicies', () => {
    const { app } = platformExample();
    const objects = app.charts.flatMap((chart) => chart.toJson()).map((object) => ({ object }));
    const findings = runLint(ClusterModel.build(objects), { profile: PLATFORM_PROFILE._toPlatformProfile() });
    expect([...new Set(findings.map((f) => f.ruleId))]).toEqual(['namespace-without-policy']);
  });
});
