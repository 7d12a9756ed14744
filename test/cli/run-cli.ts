import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

/** test/fixtures/cli: the working directory of CLI tests unless they say otherwise. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cli');

/** The seed lab: examples/lab-yaml/manifests.yaml and flows.yaml. */
export const LAB = path.join(__dirname, '..', '..', 'examples', 'lab-yaml');
export const LAB_MANIFESTS = path.join(LAB, 'manifests.yaml');
export const LAB_FLOWS = path.join(LAB, 'flows.yaml');

/** What `netpol check` prints for the seed lab. */
export const LAB_TABLE = [
  'PASS  frontend reaches api              expected allow, got allow',
  'PASS  a random client cannot reach api  expected deny, got deny',
  '2 flows: 2 passed, 0 failed',
  '',
].join('\n');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  /** Working directory; default FIXTURES. */
  readonly cwd?: string;
  /** What stdin holds; reading it when the test gave none fails the run. */
  readonly stdin?: string;
}

/** Runs `netpol ARGV` in-process, capturing stdout and stderr. */
export async function runCli(argv: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    readStdin: async () => {
      if (options.stdin === undefined) throw new Error('this test gives the CLI no stdin');
      return options.stdin;
    },
    stderrIsTty: false,
    cwd: options.cwd ?? FIXTURES,
  });
  return { code, stdout, stderr };
}

/**
 * Asserts the contract for invalid input (exit 2, nothing on stdout, every stderr line an
 * `error:` line, no stack trace, no internal error) and returns the stderr lines.
 */
export function expectInvalidInput(run: CliRun): string[] {
  const lines = run.stderr.replace(/\n$/, '').split('\n');
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
  expect(lines.filter((line) => !line.startsWith('error: '))).toEqual([]);
  expectNoStackTrace(run.stderr);
  return lines;
}

/** No `    at ...` frames and no internal error: the CLI understood what went wrong. */
export function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('internal error');
}

/** A fresh temporary directory, removed when the current test file ends. */
export function temporaryDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-cli-'));
  createdDirectories.push(dir);
  return dir;
}

const createdDirectories: string[] = [];
afterAll(() => {
  for (const dir of createdDirectories.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
