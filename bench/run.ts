// `npm run bench` (`npm run bench -- --json` for machine-readable output): speed and memory of
// the evaluator on a synthetic cluster. Run with --expose-gc so each phase starts from a collected heap.
import * as os from 'node:os';
import { benchGenerate, renderGenerateBench } from './generate';
import { measureReports } from './reports';
import { measureSynth } from './synth-checks';
import { PortProtocol, Random, SyntheticCluster, syntheticCluster } from './synthetic-cluster';
import { AddressEndpoint, Endpoint } from '../src/evaluator/endpoint';
import { evaluateFlow, FlowQuery } from '../src/evaluator/evaluate';
import { IpAddress, parseIp } from '../src/evaluator/ip';
import { computeExternalMatrix, computeMatrix, PodMatrix } from '../src/evaluator/matrix';
import { ClusterModel } from '../src/evaluator/model';

const FLOW_COUNT = 10_000;
const BUILD_RUNS = 5;
const SAMPLED_CELLS = 2_000;
const MATRIX_PORT: PortProtocol = { port: 8080, protocol: 'TCP' };
const SECOND_MATRIX_PORT: PortProtocol = { port: 53, protocol: 'UDP' };
const EXTERNAL_PORT: PortProtocol = { port: 443, protocol: 'TCP' };

type Unit = 'ms' | 'µs' | 'MiB' | 'cells' | 'x';

interface Measurement {
  readonly name: string;
  readonly value: number;
  readonly unit: Unit;
  /** Time and memory must stay below it; sampled cells must all agree (reach it). */
  readonly target?: number;
  readonly ok?: boolean;
  /** CPU time of this process during a timed phase: what the wall time would be without other processes' load. */
  readonly cpuMs?: number;
  readonly detail?: string;
}

interface BenchResult {
  readonly cluster: Record<string, number>;
  /** Other processes slow every timing down: the 1-minute load average before and after, per CPU. */
  readonly machine: { readonly cpus: number; readonly loadBefore: number; readonly loadAfter: number };
  readonly measurements: Measurement[];
}

/** Peak process memory, sampled at phase ends and inside long loops (a synchronous phase cannot be interrupted). */
class MemoryPeak {
  public rss = 0;
  public heapUsed = 0;

  public sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.rss = Math.max(this.rss, rss);
    this.heapUsed = Math.max(this.heapUsed, heapUsed);
  }

  /** Samples, then collects garbage so the next phase starts clean. */
  public endPhase(): void {
    this.sample();
    (globalThis as { gc?: () => void }).gc?.();
  }
}

interface Timing<T> {
  readonly result: T;
  readonly ms: number;
  readonly cpuMs: number;
}

function timed<T>(task: () => T): Timing<T> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = task();
  const { user, system } = process.cpuUsage(cpu);
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (user + system) / 1e3 };
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

function below(name: string, value: number, unit: Unit, target: number | undefined, detail?: string): Measurement {
  return { name, value, unit, target, ok: target === undefined ? undefined : value < target, detail };
}

/** A timed phase: wall time against the target, with the CPU time beside it. */
function phase(name: string, timing: Timing<unknown>, target: number | undefined, detail?: string): Measurement {
  return { ...below(name, timing.ms, 'ms', target, detail), cpuMs: timing.cpuMs };
}

function externalEndpoint(ip: IpAddress): AddressEndpoint {
  return { kind: 'address', ip, role: 'external', label: ip.text };
}

/** Mostly pod -> pod, with a tenth each of pod -> external and external -> pod, on the cluster's ports. */
function randomFlows(model: ClusterModel, externals: readonly IpAddress[], ports: readonly PortProtocol[], random: Random): FlowQuery[] {
  const anyPod = (): Endpoint => ({ kind: 'pod', pod: random.pick(model.pods) });
  return Array.from({ length: FLOW_COUNT }, () => {
    const roll = random.next();
    const from = roll < 0.9 ? anyPod() : externalEndpoint(random.pick(externals));
    const to = roll < 0.8 || roll >= 0.9 ? anyPod() : externalEndpoint(random.pick(externals));
    return { from, to, ...random.pick(ports) };
  });
}

function measureBuild(cluster: SyntheticCluster): { model: ClusterModel; measurements: Measurement[] } {
  const builds = Array.from({ length: BUILD_RUNS }, () => timed(() => ClusterModel.build(cluster.objects)));
  const median = [...builds].sort((a, b) => a.ms - b.ms)[Math.floor(BUILD_RUNS / 2)];
  return {
    model: builds[builds.length - 1].result,
    measurements: [
      phase('model build, first run (ClusterModel.build)', builds[0], 1000),
      phase(`model build, median of ${BUILD_RUNS}`, median, 1000),
    ],
  };
}

/** Each flow is timed this many times (in separate passes) and counts with its median, so a pause of the machine or a collection does not. */
const FLOW_ROUNDS = 3;

function measureFlows(model: ClusterModel, flows: readonly FlowQuery[], memory: MemoryPeak): Measurement[] {
  for (const flow of flows) evaluateFlow(model, flow); // warm-up: let the JIT settle first
  const rounds = Array.from({ length: FLOW_ROUNDS }, () => flowPass(model, flows, memory));
  const micros = medianPerFlow(rounds);
  const mean = micros.reduce((a, b) => a + b, 0) / micros.length;
  return [
    below(`evaluateFlow median of ${flows.length.toLocaleString('en-US')} random flows`, percentile(micros, 0.5), 'µs', 20, `mean ${mean.toFixed(1)} µs; each flow the median of ${FLOW_ROUNDS} passes`),
    below('evaluateFlow p99', percentile(micros, 0.99), 'µs', undefined, `max ${micros[micros.length - 1].toFixed(0)} µs`),
  ];
}

/** One pass over the flows: each one's time in µs. */
function flowPass(model: ClusterModel, flows: readonly FlowQuery[], memory?: MemoryPeak): number[] {
  return flows.map((flow, i) => {
    const start = process.hrtime.bigint();
    evaluateFlow(model, flow);
    const micros = Number(process.hrtime.bigint() - start) / 1e3;
    if (i % 1000 === 0) memory?.sample();
    return micros;
  });
}

/** Each flow's median time over the passes, sorted. */
function medianPerFlow(rounds: readonly number[][]): Float64Array {
  return Float64Array.from(rounds[0], (_, i) => rounds.map((round) => round[i]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]).sort();
}

/**
 * The same flows on both clusters (`onTiered`: the same pods in the other model), in alternating
 * passes so that a busy moment of the machine stretches both alike: each cluster's median flow time.
 */
function interleavedFlowMedians(
  plain: ClusterModel, tiered: ClusterModel, flows: readonly FlowQuery[], onTiered: readonly FlowQuery[],
): { plain: number; tiered: number } {
  const rounds = { plain: [] as number[][], tiered: [] as number[][] };
  for (let round = 0; round < FLOW_ROUNDS; round++) {
    rounds.plain.push(flowPass(plain, flows));
    rounds.tiered.push(flowPass(tiered, onTiered));
  }
  return { plain: percentile(medianPerFlow(rounds.plain), 0.5), tiered: percentile(medianPerFlow(rounds.tiered), 0.5) };
}

/** The endpoint's pod in the other model (the clusters share their pods, so their indices). */
function samePodIn(model: ClusterModel, endpoint: Endpoint): Endpoint {
  if (endpoint.kind !== 'pod') return endpoint;
  const pod = model.pods[endpoint.pod.index];
  if (pod.namespace !== endpoint.pod.namespace || pod.name !== endpoint.pod.name) throw new Error(`the clusters' pods differ at ${pod.namespace}/${pod.name}`);
  return { kind: 'pod', pod };
}

/** Spot-checks the matrix against evaluateFlow, so a fast wrong answer cannot pass unnoticed. */
function sampledAgreement(model: ClusterModel, matrix: PodMatrix, random: Random): Measurement {
  let agreeing = 0;
  for (let i = 0; i < SAMPLED_CELLS; i++) {
    const from = random.pick(model.pods);
    const to = random.pick(model.pods);
    const verdict = evaluateFlow(model, { from: { kind: 'pod', pod: from }, to: { kind: 'pod', pod: to }, ...MATRIX_PORT }).verdict;
    if ((verdict === 'allow') === matrix.isAllowed(from.index, to.index)) agreeing++;
  }
  const name = `matrix = evaluateFlow on ${SAMPLED_CELLS.toLocaleString('en-US')} sampled cells`;
  return { name, value: agreeing, unit: 'cells', target: SAMPLED_CELLS, ok: agreeing === SAMPLED_CELLS };
}

function measureMatrices(model: ClusterModel, externals: readonly IpAddress[], random: Random, memory: MemoryPeak): Measurement[] {
  const pods = model.pods.length;
  const allowed = (count: number) => `${count.toLocaleString('en-US')} allowed`;
  const first = timed(() => computeMatrix(model, MATRIX_PORT));
  memory.sample();
  const second = timed(() => computeMatrix(model, SECOND_MATRIX_PORT));
  const agreement = sampledAgreement(model, first.result, random);
  memory.endPhase();
  const external = timed(() => computeExternalMatrix(model, { ...EXTERNAL_PORT, externals }));
  const { egress, ingress } = external.result.count();
  memory.endPhase();
  return [
    phase(`matrix ${pods} x ${pods}, ${MATRIX_PORT.protocol} ${MATRIX_PORT.port}`, first, 1000, allowed(first.result.count())),
    phase(`matrix ${pods} x ${pods}, ${SECOND_MATRIX_PORT.protocol} ${SECOND_MATRIX_PORT.port} (peer sets cached)`, second, 1000, allowed(second.result.count())),
    agreement,
    phase(`pods x externals ${pods} x ${externals.length}, ${EXTERNAL_PORT.protocol} ${EXTERNAL_PORT.port}, both ways`, external, 1000, `${allowed(egress)} out, ${allowed(ingress)} in`),
  ];
}

const CLUSTER_POLICIES = 200;

/**
 * Issue 7's target: the same cluster plus 200 ClusterNetworkPolicies stays within 2x of the
 * NetworkPolicy-only flow and matrix times.
 */
function measureClusterTiers(
  plain: SyntheticCluster, plainModel: ClusterModel, plainFlows: readonly FlowQuery[], random: Random, memory: MemoryPeak,
): Measurement[] {
  const cluster = syntheticCluster({ clusterPolicies: CLUSTER_POLICIES });
  const build = timed(() => ClusterModel.build(cluster.objects));
  const model = build.result;
  memory.endPhase();
  // The NetworkPolicy-only cluster's flows: the clusters share their pods.
  const flows = plainFlows.map((flow) => ({ ...flow, from: samePodIn(model, flow.from), to: samePodIn(model, flow.to) }));
  const [median] = measureFlows(model, flows, memory);
  const flowMedians = interleavedFlowMedians(plainModel, model, plainFlows, flows);
  memory.endPhase();
  const matrix = timed(() => computeMatrix(model, MATRIX_PORT));
  const agreement = sampledAgreement(model, matrix.result, random);
  memory.endPhase();
  const medians = firstMatrixMedians(plain, cluster);
  memory.endPhase();
  const tag = `with ${CLUSTER_POLICIES} ClusterNetworkPolicies`;
  const pair = `median of ${MATRIX_RUNS} fresh models each, interleaved: ${medians.plain.toFixed(0)} ms vs ${medians.tiered.toFixed(0)} ms`;
  return [
    phase(`model build ${tag}`, build, 1000),
    // Issue 7's target for this cluster is the ratio below, not issue 3's absolute one.
    { ...median, name: `evaluateFlow median ${tag}`, target: undefined, ok: undefined },
    below('  flow median vs NetworkPolicy only', flowMedians.tiered / flowMedians.plain, 'x', 2,
      `the same ${plainFlows.length.toLocaleString('en-US')} flows, passes interleaved: ${flowMedians.plain.toFixed(1)} µs vs ${flowMedians.tiered.toFixed(1)} µs`),
    phase(`matrix ${model.pods.length} x ${model.pods.length} ${tag}`, matrix, 1000, `${matrix.result.count().toLocaleString('en-US')} allowed`),
    below('  matrix time vs NetworkPolicy only', medians.tiered / medians.plain, 'x', 2, pair),
    { ...agreement, name: `${agreement.name} ${tag}` },
  ];
}

const MATRIX_RUNS = 5;

/**
 * The first matrix (TCP 8080) on fresh models of both clusters, alternating, so that a busy
 * moment of the machine stretches both alike; each one's median wall time.
 */
function firstMatrixMedians(plain: SyntheticCluster, tiered: SyntheticCluster): { plain: number; tiered: number } {
  const times = { plain: [] as number[], tiered: [] as number[] };
  for (let round = 0; round < MATRIX_RUNS; round++) {
    for (const kind of ['plain', 'tiered'] as const) {
      const model = ClusterModel.build((kind === 'plain' ? plain : tiered).objects);
      global.gc?.();
      times[kind].push(timed(() => computeMatrix(model, MATRIX_PORT)).ms);
    }
  }
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
  return { plain: median(times.plain), tiered: median(times.tiered) };
}

/** Issue 5's target: synth with checks at most twice synth without (100 namespaces, 1,000 workloads, 2,000 flows). */
function measureSynthChecks(): Measurement[] {
  const synth = measureSynth(2);
  const detail = `${synth.namespaces} namespaces, ${synth.workloads} workloads, ${synth.flows.toLocaleString('en-US')} declared flows; best of 2`;
  return [
    below('app.synth without checks', synth.withoutChecksMs, 'ms', undefined, detail),
    below('app.synth with checks (validate, flows, lint)', synth.withChecksMs, 'ms', undefined),
    below('  synth with checks vs without', synth.ratio, 'x', 2),
  ];
}

function run(): BenchResult {
  const loadBefore = os.loadavg()[0];
  const memory = new MemoryPeak();
  const random = new Random(7);
  const generated = timed(() => syntheticCluster());
  const cluster = generated.result;
  const externals = cluster.externals.map((text) => parseIp(text)!);
  memory.endPhase();
  const build = measureBuild(cluster);
  const model = build.model;
  memory.endPhase();
  const queries = randomFlows(model, externals, cluster.ports, random);
  const flows = measureFlows(model, queries, memory);
  memory.endPhase();
  const matrices = measureMatrices(model, externals, random, memory);
  const tiers = measureClusterTiers(cluster, model, queries, random, memory);
  const synth = measureSynthChecks();
  memory.endPhase();
  const mib = (bytes: number) => bytes / 2 ** 20;
  return {
    cluster: {
      objects: cluster.objects.length,
      namespaces: model.namespaces.length,
      pods: model.pods.length,
      policies: model.policies.length,
      externals: externals.length,
    },
    machine: { cpus: os.cpus().length, loadBefore, loadAfter: os.loadavg()[0] },
    measurements: [
      phase('synthetic cluster generation', generated, undefined),
      ...build.measurements,
      ...flows,
      ...matrices,
      ...tiers,
      ...synth,
      below('peak rss', mib(memory.rss), 'MiB', 1024),
      below('peak heapUsed', mib(memory.heapUsed), 'MiB', 1024),
    ],
  };
}

function formatValue(value: number, unit: Unit): string {
  if (unit === 'cells') return value.toLocaleString('en-US');
  if (unit === 'x') return `${value.toFixed(2)}x`;
  return `${value.toFixed(unit === 'µs' ? 1 : 0)} ${unit}`;
}

function formatTarget(m: Measurement): string {
  if (m.target === undefined) return '';
  return m.unit === 'cells' ? `= ${m.target.toLocaleString('en-US')}` : `< ${formatValue(m.target, m.unit)}`;
}

function table({ cluster, machine, measurements }: BenchResult): string {
  const rows = measurements.map((m) => [
    m.name, formatValue(m.value, m.unit), formatTarget(m), m.ok === undefined ? '' : m.ok ? '✓' : '✗', m.cpuMs === undefined ? '' : formatValue(m.cpuMs, 'ms'), m.detail ?? '',
  ]);
  const header = ['measurement', 'value', 'target', 'ok', 'cpu', 'detail'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = new Set([1, 4]);
  const line = (cells: string[]) => cells.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const summary = Object.entries(cluster).map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`).join(', ');
  const load = `${machine.cpus} CPUs, load average ${machine.loadBefore.toFixed(1)} before and ${machine.loadAfter.toFixed(1)} after`
    + ' (above the CPU count other processes stretch wall times; cpu is this process\'s own time)';
  return [`synthetic cluster: ${summary}`, `machine: ${load}`, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The core table, then the generator's (issue 8), each as measured on this machine. */
async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const core = run();
  // Issue 6: `netpol matrix --output json` and `netpol diff`, the built CLI on the 5,000-pod cluster's YAML.
  const reports = measureReports().map((m) => below(m.name, m.ms, 'ms', m.target, m.detail));
  const result = { ...core, measurements: [...core.measurements, ...reports] };
  if (!json) process.stdout.write(`${table(result)}\n\n`);
  const generate = await benchGenerate();
  process.stdout.write(json ? `${JSON.stringify({ ...result, generate }, null, 2)}\n` : `${renderGenerateBench(generate)}\n`);
  // Timings vary by machine and load, so only a wrong answer fails the run.
  const agrees = result.measurements.every((m) => m.unit !== 'cells' || m.ok);
  const generatedHold = generate.measurements.every((m) => m.unit !== 'exit code' || m.ok !== false);
  process.exitCode = agrees && generatedHold ? 0 : 1;
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
