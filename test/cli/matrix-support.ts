import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { CliRun, temporaryDirectory } from './run-cli';
import { syntheticCluster, SyntheticClusterOptions } from '../../bench/synthetic-cluster';
import { main } from '../../src/cli/main';
import { labObjects, labYaml } from '../report/matrix-support';

/** A directory holding the synthesized lab (lab.yaml) and its platform (platform.yaml). */
export function labDirectory(): string {
  const dir = temporaryDirectory();
  const objects = labObjects();
  const platform = objects.filter((o) => o.metadata.namespace === 'kube-system' || o.metadata.namespace === 'monitoring');
  fs.writeFileSync(path.join(dir, 'lab.yaml'), labYaml(objects.filter((o) => !platform.includes(o))));
  fs.writeFileSync(path.join(dir, 'platform.yaml'), labYaml(platform));
  return dir;
}

/** A generated cluster written as one YAML file; returns its path. */
export function generatedClusterFile(options: SyntheticClusterOptions, name = 'cluster.yaml'): string {
  const file = path.join(temporaryDirectory(), name);
  fs.writeFileSync(file, syntheticCluster(options).objects.map(({ object }) => yaml.dump(object, { noRefs: true })).join('---\n'));
  return file;
}

/** What the CLI may be told about stdout besides `CliIo` (see `tableCharset`). */
interface TerminalStreams {
  readonly stdoutIsTty?: boolean;
  readonly locale?: string;
}

/** Runs the CLI with stderr (and optionally stdout) on a terminal, capturing both. */
export async function runOnTerminal(argv: readonly string[], cwd: string, terminal: TerminalStreams = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    readStdin: async () => { throw new Error('no stdin in this test'); },
    stderrIsTty: true,
    cwd,
    ...terminal,
  } as Parameters<typeof main>[1]);
  return { code, stdout, stderr };
}
