import * as fc from 'fast-check';
import { ClusterWithPolicies, DOMAINS, withClusterPolicies } from './random-cluster-policies';
import { checkFlows, EndpointSpec, FlowReport, parseFlowsDocument, resolveFlows } from '../../src/evaluator/flows';
import { KubeObject } from '../../src/evaluator/kube';
import { ClusterModel } from '../../src/evaluator/model';
import { validateClusterNetworkPolicy } from '../../src/validation/cluster-network-policy';
import { naiveTieredRangeVerdict, naiveTieredVerdict, TieredAnswer, TieredEndpoint } from '../support/naive-cluster-policy';
import { ChosenEndpoint, chooseFlow, randomClusterArb, RandomFlow, randomFlowArb } from '../support/random-cluster';

/**
 * The evaluator against the naive tiered reference, on random clusters with random
 * ClusterNetworkPolicies. Replay a failure with NETPOL_PROPERTY_SEED=<seed> (and
 * NETPOL_PROPERTY_PATH=<path> for the shrunk counterexample).
 */
const SEED = Number(process.env.NETPOL_PROPERTY_SEED ?? 20261128);
const PATH = process.env.NETPOL_PROPERTY_PATH;
const RUNS = Number(process.env.NETPOL_CNP_PROPERTY_RUNS ?? 1000);
const FLOWS_PER_CLUSTER = 12;

const parameters = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns, ...(PATH ? { path: PATH } : {}) });

/** A flow as the flows file writes it, and as the reference takes it (a range stays a range). */
interface Flow {
  readonly from: { spec: EndpointSpec; reference: TieredEndpoint | { range: { cidr: string; except?: string[] } } };
  readonly to: Flow['from'];
  readonly port: number;
  readonly protocol: RandomFlow['protocol'];
}

/** Random flows, one in six to an outside host reached by a DNS name (what domainNames peers match). */
const flowsArb = fc.array(fc.tuple(
  randomFlowArb.filter((f) => f.from.kind !== 'range' || f.to.kind !== 'range'),
  fc.option(fc.tuple(fc.nat(), fc.constantFrom(...DOMAINS)), { nil: undefined, freq: 6 }),
), { minLength: 1, maxLength: 2 * FLOWS_PER_CLUSTER });

function choose(world: ClusterWithPolicies, flows: ReadonlyArray<[RandomFlow, [number, string] | undefined]>): Flow[] {
  const podIps = new Set(world.cluster.pods.flatMap((p) => (p.status?.podIPs ?? []).map((e: KubeObject) => e.ip)));
  const externals = world.cluster.addresses.filter((ip) => !podIps.has(ip));
  const named = (pick: number, domain: string) => {
    const ip = externals[pick % externals.length];
    return { spec: { ip, domain }, reference: { ip, domain } };
  };
  return flows.map(([flow, name]) => {
    const chosen = chooseFlow(world.cluster, flow);
    const endpoint = (end: ChosenEndpoint) => ({ spec: end.spec, reference: end.naive });
    return { ...chosen, from: endpoint(chosen.from), to: name && externals.length > 0 ? named(...name) : endpoint(chosen.to) };
  });
}

/** The flows through parse, resolve and check, as `netpol check` runs them. */
function evaluatorReports(objects: readonly KubeObject[], flows: readonly Flow[], ipBlockMatchesPodIps: boolean): FlowReport[] {
  const model = ClusterModel.build(objects.map((object, i) => ({ object, source: `random object ${i}` })), { ipBlockMatchesPodIps });
  const specs = parseFlowsDocument({ flows: flows.map((f) => ({ from: f.from.spec, to: f.to.spec, port: f.port, protocol: f.protocol, expect: 'allow' })) });
  return checkFlows(model, resolveFlows(model, specs)).flows;
}

function reference(objects: readonly KubeObject[], flow: Flow, ipBlockMatchesPodIps: boolean): TieredAnswer | { verdict: 'partial'; tie: boolean } {
  const options = { ipBlockMatchesPodIps };
  const { from, to, port, protocol } = flow;
  if ('range' in from.reference) return naiveTieredRangeVerdict(objects, from.reference.range, 'from', to.reference as TieredEndpoint, port, protocol, options);
  if ('range' in to.reference) return naiveTieredRangeVerdict(objects, to.reference.range, 'to', from.reference, port, protocol, options);
  return naiveTieredVerdict(objects, { from: from.reference, to: to.reference, port, protocol }, options);
}

/** The reference's answers for both ipBlock choices, computed once per flow. */
type Answers = Record<'true' | 'false', ReturnType<typeof reference>>;

function answers(objects: readonly KubeObject[], flow: Flow): Answers {
  return { true: reference(objects, flow, true), false: reference(objects, flow, false) };
}

/**
 * What must hold for one flow: the reference's verdict (and, for a single destination, the
 * tier that decided each side); a flow the reference leaves to the plugin, or whose verdict
 * turns on the ipBlock choice, is flagged implementation-defined; a same-priority clash is
 * named exactly when the reference finds one.
 */
function disagreement(answer: Answers, report: FlowReport, ipBlockMatchesPodIps: boolean): string | undefined {
  const expected = answer[`${ipBlockMatchesPodIps}`];
  const otherChoice = answer[`${!ipBlockMatchesPodIps}`];
  const flagged = report.implementationDefined.length > 0;
  const context = `flow "${report.name}" (ipBlockMatchesPodIps=${ipBlockMatchesPodIps}): evaluator ${report.verdict}${flagged ? ' (flagged)' : ''}`;
  const tie = report.implementationDefined.some((note) => note.includes('have the same priority'));
  if (tie !== expected.tie) return `${context}: ${tie ? 'names' : 'does not name'} a same-priority clash, the reference ${expected.tie ? 'finds one' : 'finds none'}`;
  if (expected.verdict === 'implementation-defined') return flagged ? undefined : `${context}; the reference leaves it to the plugin, but it is not flagged`;
  if (report.verdict !== expected.verdict) return `${context}, reference ${expected.verdict}; reasons: ${report.reasons.join(' | ')}`;
  if (otherChoice.verdict !== expected.verdict && !flagged) return `${context}: the verdict turns on ipBlock and pod IPs, but it is not flagged`;
  if ('egressTier' in expected) {
    const tiers = { egress: report.egress.decidedBy?.tier, ingress: report.ingress.decidedBy?.tier };
    if (tiers.egress !== expected.egressTier || tiers.ingress !== expected.ingressTier) {
      return `${context}: decided by ${JSON.stringify(tiers)}, the reference by ${JSON.stringify({ egress: expected.egressTier, ingress: expected.ingressTier })}`;
    }
  }
  return undefined;
}

/** A side denied by a ClusterNetworkPolicy names it in the reasons. */
function explanationMismatch(report: FlowReport): string | undefined {
  for (const side of [report.egress, report.ingress]) {
    const decided = side.decidedBy;
    if (decided && decided.action === 'Deny' && (decided.tier === 'Admin' || decided.tier === 'Baseline') && !report.reasons.some((r) => r.includes(`ClusterNetworkPolicy ${decided.policy} `))) {
      return `flow "${report.name}" is denied by ${decided.tier} ${decided.policy}, which its reasons do not name: ${JSON.stringify(report.reasons)}`;
    }
  }
  return undefined;
}

describe('the evaluator agrees with the naive tiered reference on random clusters with ClusterNetworkPolicies', () => {
  const worldArb = withClusterPolicies(randomClusterArb);

  test(`${RUNS} random clusters with up to 4 ClusterNetworkPolicies x ${FLOWS_PER_CLUSTER} flows: same verdict and deciding tier, under both ipBlock choices (seed ${SEED})`, () => {
    fc.assert(fc.property(worldArb, flowsArb, (world, randomFlows) => {
      // GIVEN a random cluster with ClusterNetworkPolicies the CRD accepts, and flows through it
      const invalid = world.clusterPolicies.flatMap((p) => validateClusterNetworkPolicy(p).map((problem) => `${p.metadata.name}: ${problem.field}: ${problem.message}`));
      if (invalid.length > 0) throw new Error(`the generator made an invalid ClusterNetworkPolicy: ${invalid[0]}`);
      const flows = choose(world, randomFlows);
      const expected = flows.map((flow) => answers(world.objects, flow));
      for (const ipBlockMatchesPodIps of [true, false]) {
        // WHEN the evaluator checks them
        const reports = evaluatorReports(world.objects, flows, ipBlockMatchesPodIps);
        // THEN each agrees with the reference, and its explanation with its verdict
        const problem = reports
          .map((report, i) => disagreement(expected[i], report, ipBlockMatchesPodIps) ?? explanationMismatch(report))
          .find((p) => p !== undefined);
        if (problem) throw new Error(problem);
      }
    }), parameters(RUNS));
  });

  test(`verdicts and deciding rules do not depend on the order of the objects (seed ${SEED})`, () => {
    const shuffledArb = worldArb.chain((world) => {
      const count = world.objects.length;
      return fc.tuple(fc.constant(world), fc.shuffledSubarray(world.objects, { minLength: count, maxLength: count }), flowsArb);
    });
    fc.assert(fc.property(shuffledArb, ([world, shuffled, randomFlows]) => {
      const flows = choose(world, randomFlows);
      const summarize = (reports: FlowReport[]) => reports.map(({ name, from, to, port, protocol, expect: expected, ok, ...outcome }) => outcome);
      expect(summarize(evaluatorReports(shuffled, flows, true))).toEqual(summarize(evaluatorReports(world.objects, flows, true)));
    }), parameters(Math.ceil(RUNS / 10)));
  });
});
