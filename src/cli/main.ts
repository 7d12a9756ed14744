import { Command, CommanderError } from 'commander';
import { InputError } from '../evaluator/errors';
import { registerCheck } from './commands/check';
import { EXIT } from './exit';
import { CliIo } from './io';


export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('netpol')
    .description('Check, explain and report Kubernetes NetworkPolicies on plain manifests')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerCheck(program, io, setExit);
  return program;
}

/** Runs the CLI in-process and returns the exit code; never throws, never prints a stack trace. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = buildProgram(io, (code) => { exitCode = Math.max(exitCode, code); });
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
    for (const line of error.message.split('\n')) io.stderr(`error: ${line}\n`);
    return EXIT.INVALID_INPUT;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`error: internal error: ${message}\n(please report this with the input that caused it)\n`);
  return Math.max(exitCode, EXIT.INVALID_INPUT);
}

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
    cwd: process.cwd(),
  };
}

