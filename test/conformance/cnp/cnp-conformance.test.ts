import { baseObjects, endpointTitle, loadScenarios, Scenario, ScenarioCheck, ScenarioStep, stepModel } from './scenario';
import { checkFlows, FlowReport, parseFlowsDocument, resolveFlows } from '../../../src/evaluator/flows';
import { KubeObject } from '../../../src/evaluator/kube';
import { ClusterModel } from '../../../src/evaluator/model';
import { validateClusterNetworkPolicy } from '../../../src/validation/cluster-network-policy';

/**
 * The upstream ClusterNetworkPolicy conformance suite (kubernetes-sigs/network-policy-api,
 * conformance/tests), one test per probe, each run through the path `netpol check` takes:
 * the flows document is parsed, resolved against the model and checked.
 *
 * Not transcribed, because upstream has no probe for them: the v1alpha1 AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy tests (the API this one replaced), fixtures without a driver test
 * (the `durmstrang` port-range and omitted-namespaceSelector manifests, from an unmerged branch),
 * and domainNames (no conformance test exists). Where a probe depends on the infrastructure
 * (node ports, pod IPs, which Service backend answers), its file says how it is decided here.
 */

const base = baseObjects();
const scenarios = loadScenarios();
const models = new Map<string, ClusterModel>();

function modelAt(scenario: Scenario, step: ScenarioStep): ClusterModel {
  const key = `${scenario.file}#${step.step}`;
  let model = models.get(key);
  if (!model) {
    model = stepModel(base, scenario, step);
    models.set(key, model);
  }
  return model;
}

function checkReport(scenario: Scenario, step: ScenarioStep, check: ScenarioCheck): FlowReport {
  const model = modelAt(scenario, step);
  const { from, to, port, protocol, expect } = check;
  const specs = parseFlowsDocument({ flows: [{ from, to, port, protocol, expect }] }, `${scenario.file} step ${step.step}`);
  return checkFlows(model, resolveFlows(model, specs)).flows[0];
}

interface Row {
  readonly scenario: Scenario;
  readonly step: ScenarioStep;
  readonly check: ScenarioCheck;
  readonly title: string;
}

function rowsOf(scenario: Scenario): Row[] {
  return scenario.steps.flatMap((step) => step.checks.map((check) => ({
    scenario,
    step,
    check,
    title: `${scenario.test} step ${step.step}: ${endpointTitle(check.from)} -> ${endpointTitle(check.to)}:${check.port}/${check.protocol}`,
  })));
}

describe.each(scenarios.map((scenario) => ({ file: scenario.file, scenario })))('upstream conformance $file', ({ scenario }) => {
  test.each(rowsOf(scenario))('$title', ({ scenario: s, step, check }) => {
    // GIVEN the base cluster with the step's objects, WHEN the probe is checked like `netpol check`
    const report = checkReport(s, step, check);
    // THEN the verdict is upstream's (the reasons show in the diff when it is not)
    expect({ verdict: report.verdict, reasons: report.reasons }).toEqual(expect.objectContaining({ verdict: check.expect }));
  });
});

describe('the transcription', () => {
  test('covers every upstream Admin and Baseline test of the inventory, standard and experimental', () => {
    const names = new Set(scenarios.map((s) => s.test));
    const expected = ['Admin', 'Baseline'].flatMap((tier) => [
      'EgressTCP', 'EgressUDP', 'EgressSCTP', 'IngressTCP', 'IngressUDP', 'IngressSCTP', 'Gress', 'EgressInlineCIDRPeers', 'PodSelector', 'PortRange',
      'SamePriority', 'IngressRulesEgressUnaffected', 'EgressRulesIngressUnaffected', 'EgressNamedPort', 'IngressNamedPort', 'EgressNodePeers',
      ...(tier === 'Admin' ? ['PriorityField', 'Integration', 'Hairpin'] : []),
    ].map((name) => `CNP${tier}Tier${name}`));
    expect(expected.filter((name) => !names.has(name))).toEqual([]);
  });

  test('keeps both upstream variants of CNPAdminTierSamePriority', () => {
    expect(scenarios.filter((s) => s.test === 'CNPAdminTierSamePriority').map((s) => s.file)).toEqual(['admin-same-priority-a.yaml', 'admin-same-priority-b.yaml']);
  });

  test.each(scenarios.map((scenario) => ({ file: scenario.file, scenario })))('$file holds only policies the CRD of its channel accepts', ({ scenario }) => {
    const problemsOf = (step: ScenarioStep, policy: KubeObject) => validateClusterNetworkPolicy(policy, { channel: scenario.channel })
      .map((problem) => `step ${step.step} ${policy.metadata.name}: ${problem.field}: ${problem.message}`);
    const problems = scenario.steps.flatMap((step) => step.policies.flatMap((policy) => problemsOf(step, policy)));
    expect(problems).toEqual([]);
  });

  test('says why wherever a check is not a literal upstream probe (node ports, pod IPs, hairpin backends)', () => {
    const needNotes = scenarios.filter((s) => /NodePeers|InlineCIDRPeers|Hairpin/.test(s.test));
    expect(needNotes.filter((s) => !s.notes).map((s) => s.file)).toEqual([]);
  });
});

describe('same-priority policies whose matches are disjoint', () => {
  const rows = scenarios.filter((s) => s.test.endsWith('SamePriority')).flatMap(rowsOf);
  test.each(rows)('leave $title defined (not implementation-defined)', ({ scenario, step, check }) => {
    expect(checkReport(scenario, step, check).implementationDefined).toEqual([]);
  });
});
