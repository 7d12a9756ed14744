import { endpointCells, MatrixReport, portText } from './matrix-report';
import { InputError } from '../evaluator/errors';
import { checkFlows, FlowSpec, resolveFlows } from '../evaluator/flows';
import { PROTOCOLS, Protocol } from '../evaluator/kube';
import { ClusterModel } from '../evaluator/model';
import { compareStrings } from '../evaluator/text';

/** A flow that holds today, in the terms of a flows file. */
export interface BaselineFlow {
  readonly name: string;
  /** `ns/name`: a workload, or a Pod that no workload owns. */
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** Where the baseline names its source (flows files say where they came from). */
const SOURCE = 'netpol flows';

/**
 * Every allowed flow between workloads (and pods no workload owns) on the ports the
 * destination's pods declare, as `netpol check` sees it. Candidates come from a workload report
 * (cells allowed or partly allowed on a port); each is then checked exactly as a flows file
 * entry is (the endpoint `ns/name` stands for the workload's template), and kept when allowed,
 * so that the baseline passes `netpol check` by construction. Names that do not resolve to one
 * pod or workload (two workload kinds sharing a name) are left out.
 */
export function baselineFlows(model: ClusterModel, report: MatrixReport): BaselineFlow[] {
  if (report.grouping !== 'workload') throw new Error('baselineFlows needs a report grouped by workload');
  const cellOf = endpointCells(report);
  const portIndex = new Map(report.ports.map((p, k) => [portText(p), k]));
  const workloads = report.endpoints.map((e, i) => ({ endpoint: e, i })).filter(({ endpoint }) => endpoint.kind !== 'external' && model.pod(endpoint.id));
  const candidates: BaselineFlow[] = [];
  for (const to of workloads) {
    const served = [...new Set(to.endpoint.pods.flatMap((pod) => model.pods[pod].ports.map(portText)))]
      .filter((text) => portIndex.has(text))
      .map((text) => ({ text, k: portIndex.get(text)! }));
    for (const from of workloads) {
      const cell = cellOf(from.i, to.i);
      const statuses = cell >= 0 ? report.profiles[cell].statuses : '';
      for (const { k } of served) {
        if (statuses[k] !== 'A' && statuses[k] !== 'P') continue;
        const { port, protocol } = report.ports[k];
        candidates.push({ name: `${from.endpoint.id} -> ${to.endpoint.id}:${port}/${protocol}`, from: from.endpoint.id, to: to.endpoint.id, port, protocol });
      }
    }
  }
  return confirmed(model, candidates).sort(compareFlows);
}

/** The candidates `netpol check` finds allowed. */
function confirmed(model: ClusterModel, candidates: readonly BaselineFlow[]): BaselineFlow[] {
  const specs: FlowSpec[] = candidates.map((flow, index) => ({ ...flow, expect: 'allow', index }));
  try {
    const report = checkFlows(model, resolveFlows(model, specs, SOURCE));
    return candidates.filter((_, i) => report.flows[i].verdict === 'allow');
  } catch (error) {
    if (error instanceof InputError) throw new Error(`a baseline flow did not resolve: ${error.problems[0]?.message}`);
    throw error;
  }
}

function compareFlows(a: BaselineFlow, b: BaselineFlow): number {
  const byProtocol = PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol);
  return compareStrings(a.from, b.from) || compareStrings(a.to, b.to) || byProtocol || a.port - b.port;
}

/**
 * The baseline as a flows file (FLOWS.md): a comment on what it holds and how to re-check it,
 * then one entry per flow, named `FROM -> TO:PORT/PROTOCOL`.
 */
export function renderFlowsFile(flows: readonly BaselineFlow[]): string {
  const lines = [
    '# Flows that hold today, written by `netpol flows`: every allowed connection between workloads',
    '# on the ports their pods declare. Commit it, and re-check after each change with',
    '#   netpol check --manifests <the same manifests> --flows <this file>',
    flows.length === 0 ? 'flows: []' : 'flows:',
  ];
  for (const flow of flows) {
    lines.push(
      `  - name: ${yamlString(flow.name)}`,
      `    from: ${yamlString(flow.from)}`,
      `    to: ${yamlString(flow.to)}`,
      `    port: ${flow.port}`,
      `    protocol: ${flow.protocol}`,
      '    expect: allow',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A YAML scalar: plain when it is a Kubernetes-style name, else double-quoted (JSON is YAML). */
function yamlString(text: string): string {
  return /^[a-z0-9]([a-z0-9./-]*[a-z0-9])?$/.test(text) ? text : JSON.stringify(text);
}
