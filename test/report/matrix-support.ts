import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import * as yaml from 'js-yaml';
import { LAB_PROFILE, LabChart } from '../../examples/lab/lab-chart';
import { NetworkChecks } from '../../src/checks/network-checks';
import { Endpoint } from '../../src/evaluator/endpoint';
import { evaluateFlow } from '../../src/evaluator/evaluate';
import { IpRangeSet } from '../../src/evaluator/ip';
import { KubeObject, SourcedObject } from '../../src/evaluator/kube';
import { ClusterModel } from '../../src/evaluator/model';
import { parseManifests } from '../../src/manifests/parse';
import { parseExternals } from '../../src/report/matrix-externals';
import { MatrixReport, PortStatus } from '../../src/report/matrix-report';

/** test/fixtures/reports. */
export const REPORT_FIXTURES = path.join(__dirname, '..', 'fixtures', 'reports');

/** The platform the lab talks to (CoreDNS, the Prometheus agent). */
export const LAB_PLATFORM = path.join(REPORT_FIXTURES, 'lab-platform.yaml');

/** Objects of a manifest fixture (multi-document, `kind: List`), read as the CLI reads them. */
export function fixtureObjects(file: string): KubeObject[] {
  return parseManifests(fs.readFileSync(file, 'utf8'), file).map((s) => s.object);
}

/** The seed lab: LabChart synthesized in-process (its checks run, their warnings kept quiet), plus its platform. */
export function labObjects(): KubeObject[] {
  const app = new App();
  new NetworkChecks(app, 'checks', { profile: LAB_PROFILE, reporter: { warn: () => undefined } });
  new LabChart(app, 'lab');
  return [...app.charts.flatMap((chart) => chart.toJson()), ...fixtureObjects(LAB_PLATFORM)];
}

/** The lab as one multi-document YAML file's text. */
export function labYaml(objects: readonly KubeObject[] = labObjects()): string {
  return objects.map((o) => yaml.dump(o, { noRefs: true })).join('---\n');
}

export function sourced(objects: readonly KubeObject[]): SourcedObject[] {
  return objects.map((object, i) => ({ object, source: `test (object ${i + 1})` }));
}

export function modelOf(objects: readonly KubeObject[]): ClusterModel {
  return ClusterModel.build(sourced(objects));
}

/** The cell of a row and a column named by endpoint id (unmerged reports). */
export function cellOf(report: MatrixReport, from: string, to: string): { verdict: string; statuses: Record<string, PortStatus> } {
  const r = report.endpoints.findIndex((e) => e.id === from);
  const c = report.endpoints.findIndex((e) => e.id === to);
  if (r < 0 || c < 0) throw new Error(`no endpoint ${r < 0 ? from : to}; endpoints: ${report.endpoints.map((e) => e.id).join(', ')}`);
  const profile = report.profiles[report.cells[r][c]];
  const statuses: Record<string, PortStatus> = {};
  report.ports.forEach((p, k) => { statuses[`${p.port}/${p.protocol}`] = profile.statuses[k] as PortStatus; });
  return { verdict: profile.verdict, statuses };
}

/**
 * The naive reference for one cell on one port: every pair of pods (a live Pod not with itself;
 * a template with itself, for its replicas) or pod and whole range, evaluated by `evaluateFlow`
 * one at a time, among the destinations judged on the port.
 */
export function referenceStatus(model: ClusterModel, report: MatrixReport, row: number, column: number, k: number): PortStatus {
  const { port, protocol } = report.ports[k];
  const [from, to] = [report.endpoints[row], report.endpoints[column]];
  const judged = (pod: number) => !report.declaredPortsOnly || declaresAnyOrThis(model, report, pod, k);
  const verdicts: string[] = [];
  const pods = (endpoint: typeof from): Endpoint[] => endpoint.pods.map((p) => ({ kind: 'pod', pod: model.pods[p] }));
  const range = (endpoint: typeof from): Endpoint => {
    const [entity] = parseExternals([endpoint.id], 'test');
    return { kind: 'range', addresses: IpRangeSet.of([entity.interval]), label: endpoint.id };
  };
  if (to.kind === 'external') {
    for (const source of pods(from)) verdicts.push(evaluateFlow(model, { from: source, to: range(to), port, protocol }).verdict);
  } else if (from.kind === 'external') {
    for (const p of to.pods.filter(judged)) verdicts.push(evaluateFlow(model, { from: range(from), to: { kind: 'pod', pod: model.pods[p] }, port, protocol }).verdict);
  } else {
    for (const s of from.pods) {
      for (const d of to.pods.filter(judged)) {
        if (s === d && model.pods[s].kind === 'Pod') continue;
        verdicts.push(evaluateFlow(model, { from: { kind: 'pod', pod: model.pods[s] }, to: { kind: 'pod', pod: model.pods[d] }, port, protocol }).verdict);
      }
    }
  }
  if (verdicts.length === 0) return '-';
  if (verdicts.every((v) => v === 'allow')) return 'A';
  return verdicts.every((v) => v === 'deny') ? 'D' : 'P';
}

function declaresAnyOrThis(model: ClusterModel, report: MatrixReport, pod: number, k: number): boolean {
  const declared = model.pods[pod].ports.filter((p) => report.ports.some((q) => q.port === p.port && q.protocol === p.protocol));
  return declared.length === 0 || declared.some((p) => p.port === report.ports[k].port && p.protocol === report.ports[k].protocol);
}
