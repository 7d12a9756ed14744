// Issue 6's target: on the 5,000-pod benchmark cluster, `netpol matrix --output json` and
// `netpol diff` finish in under 5 s each, run in-process through main() on YAML files, parsing
// included. Standalone: `TS_NODE_PROJECT=test/tsconfig.json node -r ts-node/register/transpile-only bench/reports.ts`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { syntheticCluster, SyntheticClusterOptions } from './synthetic-cluster';
import { main } from '../src/cli/main';
import { SourcedObject } from '../src/evaluator/kube';

/** Each command must finish within this (milliseconds). */
export const REPORT_TARGET_MS = 5000;

export interface ReportMeasurement {
  readonly name: string;
  /** Wall time of the command. */
  readonly ms: number;
  /** CPU time of this process meanwhile: the wall time on an idle machine. */
  readonly cpuMs: number;
  readonly target: number;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Writes the benchmark cluster (and a changed copy: every 100th NetworkPolicy removed, the
 * others' port 8080 moved to 8081) as YAML to a temporary directory, then times
 * `netpol matrix --output json` on it and `netpol diff` between the two.
 */
export async function measureReports(options: SyntheticClusterOptions = {}): Promise<ReportMeasurement[]> {
  const cluster = syntheticCluster(options);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-bench-'));
  try {
    const before = path.join(dir, 'before.yaml');
    const after = path.join(dir, 'after.yaml');
    fs.writeFileSync(before, toYaml(cluster.objects));
    fs.writeFileSync(after, toYaml(changed(cluster.objects)));
    const size = `${(fs.statSync(before).size / 1e6).toFixed(1)} MB, ${cluster.objects.length.toLocaleString('en-US')} objects`;
    const matrix = await timedCli(['matrix', '--manifests', before, '--output', 'json']);
    const diff = await timedCli(['diff', '--before', before, '--after', after, '--output', 'markdown']);
    return [
      measurement('netpol matrix --output json', matrix, `${size}; ${(matrix.stdoutBytes / 1e6).toFixed(1)} MB of JSON`),
      measurement('netpol diff (two versions)', diff, `${size} each; ${diff.stdout.split('\n')[2] ?? ''}`),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface CliTiming {
  readonly code: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly stdout: string;
  readonly stdoutBytes: number;
  readonly stderr: string;
}

async function timedCli(argv: string[]): Promise<CliTiming> {
  let stdout = '';
  let stderr = '';
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const code = await main(argv, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    readStdin: async () => '',
    stderrIsTty: false,
    cwd: process.cwd(),
  });
  const { user, system } = process.cpuUsage(cpu);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { code, ms, cpuMs: (user + system) / 1e3, stdout, stdoutBytes: Buffer.byteLength(stdout), stderr };
}

function measurement(name: string, timing: CliTiming, detail: string): ReportMeasurement {
  const failed = timing.code !== 0 ? `; exit ${timing.code}: ${timing.stderr.trim()}` : '';
  return { name, ms: timing.ms, cpuMs: timing.cpuMs, target: REPORT_TARGET_MS, ok: timing.code === 0 && timing.ms < REPORT_TARGET_MS, detail: `${detail}${failed}` };
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
  void measureReports().then((measurements) => {
    for (const m of measurements) {
      process.stdout.write(`${m.ok ? 'ok  ' : 'SLOW'}  ${m.name.padEnd(30)} ${m.ms.toFixed(0).padStart(6)} ms (cpu ${m.cpuMs.toFixed(0)} ms, target < ${m.target} ms)  ${m.detail}\n`);
    }
    process.exitCode = measurements.every((m) => m.ok) ? 0 : 1;
  });
}
