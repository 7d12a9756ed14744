import * as path from 'node:path';
import * as fc from 'fast-check';
import { checkFlows, EndpointSpec, FlowReport, parseFlowsDocument, resolveFlows } from '../../src/evaluator/flows';
import { KubeObject } from '../../src/evaluator/kube';
import { ClusterModel } from '../../src/evaluator/model';
import { pod } from '../support/builders';
import { caseEndpoint, caseManifests, ConformanceCase, loadCases } from '../support/conformance-case';
import { NaiveEndpoint, naiveRangeVerdict, naiveVerdict, NaiveVerdict } from '../support/naive-evaluator';
import { ChosenFlow, chooseFlow, RandomCluster, randomClusterArb, RandomFlow, randomFlowArb } from '../support/random-cluster';

/**
 * Replay a failure: fast-check prints `{ seed, path }`; run with NETPOL_PROPERTY_SEED=<seed>
 * (and NETPOL_PROPERTY_PATH=<path> to jump straight to the shrunk counterexample).
 */
const SEED = Number(process.env.NETPOL_PROPERTY_SEED ?? 20261127);
const PATH = process.env.NETPOL_PROPERTY_PATH;
const CLUSTERS = Number(process.env.NETPOL_PROPERTY_RUNS ?? 2000);
const FLOWS_PER_CLUSTER = 20;

const runOptions = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns, ...(PATH ? { path: PATH } : {}) });

/**
 * About FLOWS_PER_CLUSTER flows per cluster (1 to twice that, so a failure shrinks to one flow).
 * Range-to-range flows involve no pod at all; the reference enumerates one side only.
 */
const flowsArb = fc.array(randomFlowArb.filter((f) => f.from.kind !== 'range' || f.to.kind !== 'range'), {
  minLength: 1,
  maxLength: 2 * FLOWS_PER_CLUSTER,
  size: 'max',
});

function choose(cluster: RandomCluster, flows: readonly RandomFlow[]): ChosenFlow[] {
  return flows.map((f) => chooseFlow(cluster, f));
}

/** The flows through parse, resolve and check, as `netpol check` runs them. */
function evaluatorReports(objects: readonly KubeObject[], flows: readonly ChosenFlow[], ipBlockMatchesPodIps: boolean): FlowReport[] {
  const model = ClusterModel.build(objects.map((object, i) => ({ object, source: `random object ${i}` })), { ipBlockMatchesPodIps });
  const specs = parseFlowsDocument({ flows: flows.map((f) => ({ from: f.from.spec, to: f.to.spec, port: f.port, protocol: f.protocol, expect: 'allow' })) });
  return checkFlows(model, resolveFlows(model, specs)).flows;
}

function referenceVerdict(objects: readonly KubeObject[], flow: ChosenFlow, ipBlockMatchesPodIps: boolean): NaiveVerdict | 'partial' {
  const options = { ipBlockMatchesPodIps };
  const { from, to, port, protocol } = flow;
  if ('range' in from.naive && !('range' in to.naive)) return naiveRangeVerdict(objects, from.naive.range, 'from', to.naive, port, protocol, options);
  if ('range' in to.naive && !('range' in from.naive)) return naiveRangeVerdict(objects, to.naive.range, 'to', from.naive, port, protocol, options);
  if ('range' in from.naive || 'range' in to.naive) throw new Error('range-to-range flows are filtered out');
  return naiveVerdict(objects, { from: from.naive, to: to.naive, port, protocol }, options);
}

/** The reference's verdict for one flow under each ipBlock choice. */
interface ReferenceAnswers {
  readonly matchingPodIps: NaiveVerdict | 'partial';
  readonly notMatchingPodIps: NaiveVerdict | 'partial';
}

function referenceAnswers(objects: readonly KubeObject[], flow: ChosenFlow): ReferenceAnswers {
  return { matchingPodIps: referenceVerdict(objects, flow, true), notMatchingPodIps: referenceVerdict(objects, flow, false) };
}

/**
 * What must hold for one flow: the verdict equals the reference's for the same ipBlock choice;
 * a flow the reference leaves to the plugin, or whose reference verdict changes with the ipBlock
 * choice, is flagged implementation-defined. Returns a description of the disagreement, if any.
 */
function disagreement(flow: ReferenceAnswers, report: FlowReport, ipBlockMatchesPodIps: boolean): string | undefined {
  const expected = ipBlockMatchesPodIps ? flow.matchingPodIps : flow.notMatchingPodIps;
  const otherChoice = ipBlockMatchesPodIps ? flow.notMatchingPodIps : flow.matchingPodIps;
  const flagged = report.implementationDefined.length > 0;
  const context = `flow "${report.name}" with ipBlockMatchesPodIps=${ipBlockMatchesPodIps}: evaluator ${report.verdict}${flagged ? ' (flagged)' : ''}`;
  if (expected === 'implementation-defined') return flagged ? undefined : `${context}, reference: implementation-defined, but the evaluator did not flag it`;
  if (report.verdict !== expected) return `${context}, reference ${expected}; reasons: ${report.reasons.join(' | ')}`;
  if (otherChoice !== expected && !flagged) return `${context}: the verdict depends on whether ipBlock matches pod IPs, but it is not flagged`;
  return undefined;
}

/** The explanation agrees with the verdict: a deny names a selecting policy, an isolated allowed side names its rule. */
function explanationMismatch(report: FlowReport): string | undefined {
  if (report.verdict === 'deny') {
    const selecting = [...report.egress.selectedBy, ...report.ingress.selectedBy];
    const named = selecting.some((id) => report.reasons.some((reason) => reason.includes(id)));
    return named ? undefined : `flow "${report.name}" is denied but its reasons name no selecting policy: ${JSON.stringify(report.reasons)}`;
  }
  if (report.verdict === 'allow') {
    const silent = [report.egress, report.ingress].find((side) => side.isolated && side.allowedBy.length === 0);
    return silent ? `flow "${report.name}" is allowed through an isolated side with no allowedBy` : undefined;
  }
  return undefined;
}

describe('the evaluator agrees with the naive reference on random clusters', () => {
  test(`${CLUSTERS} random clusters x ~${FLOWS_PER_CLUSTER} flows: same verdict as the reference, either ipBlock choice (seed ${SEED})`, () => {
    fc.assert(fc.property(randomClusterArb, flowsArb, fc.boolean(), (cluster, randomFlows, ipBlockMatchesPodIps) => {
      // GIVEN a random cluster, flows through it, and the reference's answers under both ipBlock choices
      const flows = choose(cluster, randomFlows);
      const reference = flows.map((flow) => referenceAnswers(cluster.objects, flow));
      // WHEN the evaluator checks them under one choice
      const reports = evaluatorReports(cluster.objects, flows, ipBlockMatchesPodIps);
      // THEN every verdict is the reference's, plugin-dependent ones are flagged, and explanations agree
      const problems = reports.flatMap((report, i) => [disagreement(reference[i], report, ipBlockMatchesPodIps), explanationMismatch(report)]);
      const first = problems.find((p) => p !== undefined);
      if (first) throw new Error(first);
    }), runOptions(CLUSTERS));
  });

  test(`verdicts and provenance do not depend on the order of the objects (rule 8; seed ${SEED})`, () => {
    const shuffledArb = randomClusterArb.chain((cluster) => fc.tuple(
      fc.constant(cluster),
      fc.shuffledSubarray(cluster.objects, { minLength: cluster.objects.length, maxLength: cluster.objects.length }),
      flowsArb,
    ));
    fc.assert(fc.property(shuffledArb, ([cluster, shuffled, randomFlows]) => {
      // GIVEN the same objects in two orders
      const flows = choose(cluster, randomFlows);
      // WHEN checked
      const summarize = (reports: FlowReport[]) => reports.map(({ verdict, egress, ingress, reasons }) => ({ verdict, egress, ingress, reasons }));
      // THEN the reports are identical
      expect(summarize(evaluatorReports(shuffled, flows, true))).toEqual(summarize(evaluatorReports(cluster.objects, flows, true)));
    }), runOptions(Math.ceil(CLUSTERS / 20)));
  });
});

describe('the naive reference agrees with the hand-written conformance corpus', () => {
  /** A case endpoint as the reference takes it; undefined for what the reference does not model (Services, workloads). */
  type ReferenceEndpoint = NaiveEndpoint | { range: { cidr: string; except?: string[] } };

  function referenceEndpoint(objects: readonly KubeObject[], spec: EndpointSpec): ReferenceEndpoint | undefined {
    if (typeof spec === 'string') {
      if (!spec.includes('/')) return { ip: spec };
      const [ns, name] = spec.split('/');
      const found = objects.find((o) => o.kind === 'Pod' && (o.metadata.namespace ?? 'default') === ns && o.metadata.name === name);
      return found ? { pod: found } : undefined;
    }
    if (typeof spec.cidr === 'string') {
      const [base, prefix] = spec.cidr.split('/');
      const hostBits = (base.includes(':') ? 128 : 32) - Number(prefix);
      // the reference enumerates a range address by address
      if (hostBits > 10) return undefined;
      return { range: { cidr: spec.cidr, ...(Array.isArray(spec.except) ? { except: spec.except as string[] } : {}) } };
    }
    if (typeof spec.ip === 'string') return { ip: spec.ip };
    if (typeof spec.namespace === 'string') {
      const adHoc = pod(`${spec.namespace}/ad-hoc`, { labels: spec.labels as Record<string, string> });
      if (Array.isArray(spec.ports)) adHoc.spec.containers[0].ports = spec.ports;
      return { pod: adHoc };
    }
    return undefined;
  }

  const rows = ['shared', 'own'].flatMap((dir) => loadCases(path.join(__dirname, '..', 'conformance', 'cases', dir)))
    .flatMap((c: ConformanceCase) => {
      const objects = caseManifests(c).map((s) => s.object);
      return c.flows.map((flow, index) => {
        const from = referenceEndpoint(objects, caseEndpoint(c, flow.from));
        const to = referenceEndpoint(objects, caseEndpoint(c, flow.to));
        const usable = from !== undefined && to !== undefined && typeof flow.port === 'number' && !('range' in from && 'range' in to);
        return { title: `${c.file} #${index}`, objects, flow, chosen: usable ? { from: { spec: '', naive: from }, to: { spec: '', naive: to }, port: flow.port as number, protocol: (flow.protocol ?? 'TCP') as RandomFlow['protocol'] } : undefined };
      }).filter((row) => row.chosen !== undefined);
    });

  test(`covers most of the corpus (${rows.length} flows)`, () => {
    expect(rows.length).toBeGreaterThan(200);
  });

  test.each(rows)('$title', ({ objects, flow, chosen }) => {
    const answers = referenceAnswers(objects, chosen!);
    if (flow.undefined) {
      // an undefined flow is one the reference leaves to the plugin, or one that the ipBlock choice decides
      expect(answers.matchingPodIps === 'implementation-defined' || answers.matchingPodIps !== answers.notMatchingPodIps).toBe(true);
    } else {
      expect(answers.matchingPodIps).toBe(flow.expect);
    }
  });
});
