import * as path from 'node:path';
import { checkFlows, parseFlowsDocument, resolveFlows } from '../../src/evaluator/flows';
import { ClusterModel } from '../../src/evaluator/model';
import { caseEndpoint, caseManifests, ConformanceCase, loadCases } from '../support/conformance-case';

const suites = ['shared', 'own'].map((dir) => ({ dir, cases: loadCases(path.join(__dirname, 'cases', dir)) }));

function rowsOf(c: ConformanceCase) {
  const text = (e: unknown) => (typeof e === 'string' ? e : JSON.stringify(e));
  return c.flows.map((flow, index) => ({ c, flow, index, title: `${c.file} #${index} ${text(flow.from)} -> ${text(flow.to)}:${flow.port}/${flow.protocol ?? 'TCP'}` }));
}

describe.each(suites)('conformance cases ($dir)', ({ cases }) => {
  const rows = cases.flatMap(rowsOf).filter(({ flow }) => !flow.undefined);
  test.each(rows)('$title', ({ c, flow }) => {
    // GIVEN the case as manifests and a one-flow flows file, WHEN checked like `netpol check`
    const model = ClusterModel.build(caseManifests(c));
    const specs = parseFlowsDocument({ flows: [{ from: caseEndpoint(c, flow.from), to: caseEndpoint(c, flow.to), port: flow.port, protocol: flow.protocol ?? 'TCP', expect: flow.expect === 'partial' ? 'allow' : flow.expect }] });
    const [report] = checkFlows(model, resolveFlows(model, specs)).flows;
    // THEN the verdict is the case's
    expect({ verdict: report.verdict, reasons: report.reasons }).toEqual(expect.objectContaining({ verdict: flow.expect }));
  });

  const undefinedRows = cases.flatMap(rowsOf).filter(({ flow }) => flow.undefined);
  const undefinedTest = undefinedRows.length > 0 ? test.each(undefinedRows) : () => undefined;
  undefinedTest('$title is flagged implementation-defined', ({ c, flow }) => {
    const model = ClusterModel.build(caseManifests(c));
    const specs = parseFlowsDocument({ flows: [{ from: caseEndpoint(c, flow.from), to: caseEndpoint(c, flow.to), port: flow.port, protocol: flow.protocol ?? 'TCP', expect: 'allow' }] });
    const [report] = checkFlows(model, resolveFlows(model, specs)).flows;
    expect(report.implementationDefined.length).toBeGreaterThan(0);
  });
});
