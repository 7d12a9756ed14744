import { Command, CommanderError } from 'commander';
import { formatProblem, InputError, Problem } from '../evaluator/errors';
import { registerCheck } from './commands/check';
import { registerDiff } from './commands/diff';
import { registerExplain } from './commands/explain';
import { registerFlows } from './commands/flows';
import { registerGenerate } from './commands/generate';
import { registerLint } from './commands/lint';
import { registerMatrix } from './commands/matrix';
import { registerProbe } from './commands/probe';
import { EXIT } from './exit';
import { CliIo, printable } from './io';

/** The `netpol` command line, its output routed to `io`; errors throw instead of exiting. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('netpol')
    .description('Check, explain and report Kubernetes NetworkPolicies on plain manifests')
    .showHelpAfterError('Run "netpol --help" for the commands, "netpol <command> --help" for their options.')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerCheck(program, io, setExit);
  registerLint(program, io, setExit);
  registerExplain(program, io, setExit);
  registerGenerate(program, io, setExit);
  registerProbe(program, io, setExit);
  registerMatrix(program, io, setExit);
  registerDiff(program, io, setExit);
  registerFlows(program, io, setExit);
  return program;
}

/** Runs the CLI in-process and returns the exit code; never throws, never prints a stack trace. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = buildProgram(io, (code) => { exitCode = Math.max(exitCode, code); });
  if (argv.length === 0) {
    io.stderr(`error: no command given\n${program.helpInformation()}`);
    return EXIT.INVALID_INPUT;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io, exitCode);
  }
}

function reportError(error: unknown, io: CliIo, exitCode: number): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage mistakes are invalid input.
    return error.exitCode === 0 ? EXIT.OK : EXIT.INVALID_INPUT;
  }
  if (error instanceof InputError) {
    for (const problem of [...error.problems].sort(compareProblems)) io.stderr(`error: ${printable(formatProblem(problem))}\n`);
    return EXIT.INVALID_INPUT;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`error: internal error: ${printable(message)} (please report this with the input that caused it)\n`);
  return Math.max(exitCode, EXIT.INVALID_INPUT);
}

/**
 * Orders problems by file, then by document and line as numbers (`document 2` before
 * `document 10`), then by object, field and message.
 */
function compareProblems(a: Problem, b: Problem): number {
  const key = (p: Problem) => [p.source ?? '', p.object ?? '', p.field ?? '', p.message];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) {
    const order = compareNatural(ka[i], kb[i]);
    if (order !== 0) return order;
  }
  return 0;
}

/** Compares strings with runs of digits compared as numbers. */
function compareNatural(a: string, b: string): number {
  const runs = (text: string) => text.match(/\d+|\D+/g) ?? [];
  const [ra, rb] = [runs(a), runs(b)];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const numeric = /^\d/.test(ra[i]) && /^\d/.test(rb[i]);
    const order = numeric ? Number(ra[i]) - Number(rb[i]) : ra[i] < rb[i] ? -1 : ra[i] > rb[i] ? 1 : 0;
    if (order !== 0) return Math.sign(order);
  }
  return ra.length - rb.length;
}

/** Streams and working directory of this process. */
export function processIo(): CliIo {
  return {
    stdout: (text) => { process.stdout.write(text); },
    stderr: (text) => { process.stderr.write(text); },
    readStdin: () => new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
      process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      process.stdin.on('error', reject);
    }),
    stderrIsTty: Boolean(process.stderr.isTTY),
    stdoutIsTty: Boolean(process.stdout.isTTY),
    locale: process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG,
    cwd: process.cwd(),
  };
}

