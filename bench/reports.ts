// Issue 6's target: on the 5,000-pod benchmark cluster, `netpol matrix --output json` and
// `netpol diff` finish in under 5 s each: the built CLI (lib/, which `npm run bench` compiles
// first) run as its own process on YAML files, as a user runs it, start-up and parsing included.
// Standalone: `TS_NODE_PROJECT=test/tsconfig.json node -r ts-node/register/transpile-only bench/reports.ts`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { syntheticCluster, SyntheticClusterOptions } from './synthetic-cluster';
import { SourcedObject } from '../src/evaluator/kube';

/** Each command must finish within this (milliseconds). */
export const REPORT_TARGET_MS = 5000;
/** Each command runs this many times; the median counts. */
const RUNS = 3;
const BIN = path.join(__dirname, '..', 'bin', 'netpol');

export interface ReportMeasurement {
  readonly name: string;
  /** Median wall time of the command. */
  readonly ms: number;
  readonly target: number;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Writes the benchmark cluster (and a changed copy: every 100th NetworkPolicy removed, the
 * others' port 8080 moved to 8081) as YAML to a temporary directory, then times
 * `netpol matrix --output json` on it and `netpol diff` between the two.
 */
export function measureReports(options: SyntheticClusterOptions = {}): ReportMeasurement[] {
  const cluster = syntheticCluster(options);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-bench-'));
  try {
    const before = path.join(dir, 'before.yaml');
    const after = path.join(dir, 'after.yaml');
    fs.writeFileSync(before, toYaml(cluster.objects));
    fs.writeFileSync(after, toYaml(changed(cluster.objects)));
    const size = `${(fs.statSync(before).size / 1e6).toFixed(1)} MB, ${cluster.objects.length.toLocaleString('en-US')} objects`;
    const matrix = timedCli(['matrix', '--manifests', before, '--output', 'json']);
    const diff = timedCli(['diff', '--before', before, '--after', after, '--output', 'markdown']);
    return [
      measurement('netpol matrix --output json', matrix, `${size}; ${(Buffer.byteLength(matrix.stdout) / 1e6).toFixed(1)} MB of JSON`),
      measurement('netpol diff (two versions)', diff, `${size} each; ${diff.stdout.split('\n')[2] ?? ''}`),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface CliTiming {
  readonly code: number;
  /** Median of the runs. */
  readonly ms: number;
  readonly runs: readonly number[];
  readonly stdout: string;
  readonly stderr: string;
}

function timedCli(argv: string[]): CliTiming {
  if (!fs.existsSync(path.join(__dirname, '..', 'lib', 'cli', 'main.js'))) throw new Error('lib/ is not built: run `npx projen compile` (npm run bench does)');
  const runs = Array.from({ length: RUNS }, () => {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8', maxBuffer: 2 ** 30 });
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, run };
  });
  const { run } = runs[runs.length - 1];
  const times = runs.map((r) => r.ms);
  return { code: run.status ?? -1, ms: [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)], runs: times, stdout: run.stdout, stderr: run.stderr };
}

function measurement(name: string, timing: CliTiming, detail: string): ReportMeasurement {
  const failed = timing.code !== 0 ? `; exit ${timing.code}: ${timing.stderr.trim()}` : '';
  const runs = `median of ${RUNS} runs (${timing.runs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s)`;
  return { name, ms: timing.ms, target: REPORT_TARGET_MS, ok: timing.code === 0 && timing.ms < REPORT_TARGET_MS, detail: `${runs}; ${detail}${failed}` };
}

function toYaml(objects: readonly SourcedObject[]): string {
  return objects.map(({ object }) => yaml.dump(object, { noRefs: true })).join('---\n');
}

/** A pull request's worth of change: some policies gone, a port moved. */
function changed(objects: readonly SourcedObject[]): SourcedObject[] {
  let policies = 0;
  return objects
    .filter(({ object }) => object.kind !== 'NetworkPolicy' || ++policies % 100 !== 0)
    .map(({ object, source }) => ({ object: object.kind === 'NetworkPolicy' ? JSON.parse(JSON.stringify(object).replace(/"port":8080\b/g, '"port":8081')) : object, source }));
}

if (require.main === module) {
  const measurements = measureReports();
  for (const m of measurements) {
    process.stdout.write(`${m.ok ? 'ok  ' : 'SLOW'}  ${m.name.padEnd(30)} ${m.ms.toFixed(0).padStart(6)} ms (target < ${m.target} ms)  ${m.detail}\n`);
  }
  process.exitCode = measurements.every((m) => m.ok) ? 0 : 1;
}
