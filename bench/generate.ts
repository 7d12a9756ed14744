// `netpol generate` against `netpol check` on the 5,000-pod synthetic cluster with 2,000 flows.
// Run alone: TS_NODE_PROJECT=test/tsconfig.json node --expose-gc -r ts-node/register/transpile-only bench/generate.ts [--json]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { Random, syntheticCluster } from './synthetic-cluster';
import { main } from '../src/cli/main';
import { KubeObject, namespaceOf, SourcedObject } from '../src/evaluator/kube';
import { ClusterModel, PodInfo } from '../src/evaluator/model';
import { compareStrings } from '../src/evaluator/text';

/** How many flows, and what share of them are deny flows and flows to external addresses. */
const FLOW_COUNT = 2000;
const DENY_SHARE = 0.2;
const EXTERNAL_SHARE = 0.1;
/** Rounds of one `netpol check` and one `netpol generate`; the medians count. */
const RUNS = 5;
/** The bound: generation plus its re-check within this many times `netpol check`. */
const MAX_RATIO = 3;

export interface GenerateBenchMeasurement {
  readonly name: string;
  readonly value: number;
  readonly unit: 'ms' | 'x' | 'exit code';
  readonly target?: string;
  readonly ok?: boolean;
  readonly detail?: string;
}

export interface GenerateBenchResult {
  readonly cluster: { readonly pods: number; readonly policies: number; readonly scopedNamespaces: number; readonly flows: number };
  readonly machine: { readonly cpus: number; readonly loadBefore: number; readonly loadAfter: number };
  readonly measurements: GenerateBenchMeasurement[];
}

/**
 * The benchmark: a synthetic cluster where half of the team namespaces drop their hand-written
 * policies (the ones generation replaces), 2,000 satisfiable flows between their workloads and to
 * external addresses, then `netpol check` and `netpol generate` in-process on the same files.
 */
export async function benchGenerate(): Promise<GenerateBenchResult> {
  const loadBefore = os.loadavg()[0];
  const { objects, scope, flows, pods } = benchInput();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-bench-generate-'));
  try {
    const manifests = path.join(dir, 'manifests.yaml');
    const flowsFile = path.join(dir, 'flows.yaml');
    const generated = path.join(dir, 'generated.yaml');
    fs.writeFileSync(manifests, objects.map((o) => yaml.dump(o.object, { lineWidth: -1, noRefs: true })).join('---\n'));
    fs.writeFileSync(flowsFile, yaml.dump({ flows }, { lineWidth: -1, noRefs: true }));
    const checkArgs = ['check', '--manifests', manifests, '--flows', flowsFile, '--output', 'json'];
    const generateArgs = ['generate', '--manifests', manifests, '--flows', flowsFile, '--scope', ...scope];
    // Paired rounds: other processes slow both commands of a round alike, so the ratio of a round is fairer than a ratio of medians.
    const rounds: Array<{ check: CliRun; generate: CliRun }> = [];
    for (let i = 0; i < RUNS; i++) rounds.push({ check: await timedRun(checkArgs, dir), generate: await timedRun(generateArgs, dir) });
    const generate = rounds[0].generate;
    if (generate.code !== 0) throw new Error(`netpol generate failed (exit ${generate.code}):\n${generate.stderr.slice(0, 4000)}`);
    fs.writeFileSync(generated, generate.stdout);
    const proof = await timedRun(['check', '--manifests', manifests, generated, '--flows', flowsFile], dir);
    const ratios = rounds.map((r) => r.generate.ms / r.check.ms);
    const ratio = median(ratios);
    const check = { ms: median(rounds.map((r) => r.check.ms)), code: rounds[0].check.code };
    const generateMs = median(rounds.map((r) => r.generate.ms));
    const policyCount = generate.stdout.split('\n---\n').length;
    return {
      cluster: { pods, policies: objects.filter((o) => o.object.kind === 'NetworkPolicy').length, scopedNamespaces: scope.length, flows: flows.length },
      machine: { cpus: os.cpus().length, loadBefore, loadAfter: os.loadavg()[0] },
      measurements: [
        { name: `netpol check, ${flows.length} flows (median of ${RUNS})`, value: check.ms, unit: 'ms', detail: `exit ${check.code}: the scope has no policies yet` },
        { name: `netpol generate + re-check (median of ${RUNS})`, value: generateMs, unit: 'ms', detail: `${policyCount} policies; ${firstLine(generate.stderr, 'proven')}` },
        {
          name: 'generate / check (median of the rounds)',
          value: ratio,
          unit: 'x',
          target: `<= ${MAX_RATIO}`,
          ok: ratio <= MAX_RATIO,
          detail: `rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}`,
        },
        { name: 'netpol check with the generated policies', value: proof.code, unit: 'exit code', target: 'exit 0', ok: proof.code === 0, detail: lastLine(proof.stdout) },
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface BenchInput {
  readonly objects: SourcedObject[];
  /** Pods of the model (Pods, and templates of workloads without live pods). */
  readonly pods: number;
  readonly scope: string[];
  readonly flows: KubeObject[];
}

/** The cluster without the scope's hand-written policies, the scope, and the flows (deterministic). */
export function benchInput(): BenchInput {
  const cluster = syntheticCluster();
  const model = ClusterModel.build(cluster.objects);
  const teamNamespaces = model.namespaces.map((ns) => ns.name).filter((name) => deploymentsIn(model, name).length > 0);
  const scope = teamNamespaces.filter((_, i) => i % 2 === 0);
  const scoped = new Set(scope);
  const objects = cluster.objects.filter(({ object }) => !(object.kind === 'NetworkPolicy' && scoped.has(namespaceOf(object))));
  return { objects, scope, pods: model.pods.length, flows: benchFlows(model, scope, cluster.externals, new Random(11)) };
}

/** Deployments (their templates) of a namespace, sorted. */
function deploymentsIn(model: ClusterModel, namespace: string): PodInfo[] {
  return [...model.workloads.entries()]
    .filter(([id, templates]) => id.startsWith(`${namespace}/`) && templates.length === 1 && templates[0].kind === 'Deployment')
    .map(([, templates]) => templates[0])
    .sort((a, b) => compareStrings(a.name, b.name));
}

/**
 * Allow flows between random Deployments of the scope on a container port of the destination (by
 * number or by name) and to external addresses on 443; deny flows between different Deployments on
 * ports the destination does not declare and no allow flow of the pair uses.
 */
function benchFlows(model: ClusterModel, scope: readonly string[], externals: readonly string[], random: Random): KubeObject[] {
  const workloads = scope.flatMap((ns) => deploymentsIn(model, ns));
  const id = (pod: PodInfo) => `${pod.namespace}/${pod.name}`;
  const allowedPorts = new Map<string, Set<number>>();
  const flows: KubeObject[] = [];
  const allowCount = Math.round(FLOW_COUNT * (1 - DENY_SHARE));
  while (flows.length < allowCount) {
    const from = random.pick(workloads);
    if (random.chance(EXTERNAL_SHARE / (1 - DENY_SHARE))) {
      flows.push({ from: id(from), to: random.pick(externals), port: 443, expect: 'allow' });
      continue;
    }
    const to = random.pick(workloads);
    if (to.ports.length === 0) continue;
    const port = random.pick(to.ports);
    const pair = `${id(from)} ${id(to)}`;
    allowedPorts.set(pair, new Set([...(allowedPorts.get(pair) ?? []), port.port]));
    const byName = port.name !== undefined && random.chance(0.5);
    flows.push({ from: id(from), to: id(to), port: byName ? port.name : port.port, protocol: port.protocol, expect: 'allow' });
  }
  const ports = [80, 443, 8080, 9000, 9090, 5432, 6379];
  while (flows.length < FLOW_COUNT) {
    const [from, to] = [random.pick(workloads), random.pick(workloads)];
    const port = random.pick(ports);
    const used = allowedPorts.get(`${id(from)} ${id(to)}`) ?? new Set();
    if (from === to || used.has(port) || to.ports.some((p) => p.port === port)) continue;
    flows.push({ from: id(from), to: id(to), port, expect: 'deny' });
  }
  return flows;
}

interface CliRun {
  readonly ms: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One in-process run of the CLI, timed, from a collected heap. */
async function timedRun(argv: string[], cwd: string): Promise<CliRun> {
  (globalThis as { gc?: () => void }).gc?.();
  let stdout = '';
  let stderr = '';
  const start = process.hrtime.bigint();
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '', stderrIsTty: false, cwd });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, code, stdout, stderr };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function firstLine(text: string, prefix: string): string {
  return text.split('\n').find((line) => line.startsWith(prefix)) ?? text.split('\n')[0];
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop() ?? '';
}

/** The table `npm run bench` prints. */
export function renderGenerateBench(result: GenerateBenchResult): string {
  const { cluster, machine } = result;
  const rows = result.measurements.map((m) => [
    m.name,
    m.unit === 'ms' ? `${m.value.toFixed(0)} ms` : m.unit === 'x' ? `${m.value.toFixed(2)}x` : String(m.value),
    m.target ?? '',
    m.ok === undefined ? '' : m.ok ? '✓' : '✗',
    m.detail ?? '',
  ]);
  const header = ['measurement', 'value', 'target', 'ok', 'detail'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [
    `generate benchmark: ${cluster.pods.toLocaleString('en-US')} pods, ${cluster.policies.toLocaleString('en-US')} policies kept, ${cluster.scopedNamespaces} namespaces in scope, ${cluster.flows.toLocaleString('en-US')} flows`,
    `machine: ${machine.cpus} CPUs, load average ${machine.loadBefore.toFixed(1)} before and ${machine.loadAfter.toFixed(1)} after`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

if (require.main === module) {
  benchGenerate().then((result) => {
    process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : `${renderGenerateBench(result)}\n`);
    if (result.measurements.some((m) => m.ok === false)) process.exitCode = 1;
  }).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
