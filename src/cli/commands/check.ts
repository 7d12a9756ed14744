import { Command, Option } from 'commander';
import { InputError, Problem } from '../../evaluator/errors';
import { CheckReport, checkFlows, FlowReport, FlowSpec, parseFlowsDocument, ResolvedFlow, resolveFlows } from '../../evaluator/flows';
import { ClusterModel } from '../../evaluator/model';
import { UPSTREAM_PROFILE } from '../../profile/platform-profile';
import { withLikelyCauses } from '../../report/causes';
import { validateManifests } from '../../validation';
import { EXIT } from '../exit';
import { CliIo, printable, readManifestPaths, readSingleDocument, SingleDocument } from '../io';
import { printLintWarnings } from './lint';

interface CheckOptions {
  readonly manifests?: string[];
  readonly flows?: string;
  readonly output: 'table' | 'json';
}

const USAGE = '--manifests <path...> --flows <file> [--output table|json]';

/** `netpol check`: evaluates a flows file against manifests (FLOWS.md); exit 0, 1, or 2 on invalid input. */
export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('Evaluate the flows in a flows file against manifests; exit 1 when any flow is not as expected')
    .usage(USAGE)
    .showHelpAfterError(`Usage: netpol check ${USAGE}\nRun "netpol check --help" for the options.`)
    // Checked in the action rather than by commander, so that a mistyped option is named before a missing one.
    .option('--manifests <path...>', '(required) manifest files, directories (recursive .yaml/.yml/.json) or - for stdin')
    .option('--flows <file>', '(required) the flows file (see FLOWS.md)')
    .addOption(new Option('--output <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: CheckOptions, command: Command) => {
      const { manifests, flows } = requireOptions(command, options);
      const { report, model } = await runCheck(manifests, flows, io);
      io.stdout(options.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderCheckTable(report));
      printLintWarnings(model, io);
      setExit(report.summary.failed > 0 ? EXIT.FAILED : EXIT.OK);
    });
}

function requireOptions(command: Command, options: CheckOptions): { manifests: string[]; flows: string } {
  for (const name of ['manifests', 'flows'] as const) {
    if (options[name] === undefined) {
      const flags = command.options.find((o) => o.attributeName() === name)?.flags;
      command.error(`error: required option '${flags}' not specified`, { exitCode: EXIT.INVALID_INPUT, code: 'commander.missingMandatoryOptionValue' });
    }
  }
  const { manifests, flows } = options as { manifests: string[]; flows: string };
  if (flows === '-' && manifests.includes('-')) {
    command.error('error: standard input (-) can feed --manifests or --flows, not both', { exitCode: EXIT.INVALID_INPUT, code: 'netpol.stdinTwice' });
  }
  return { manifests, flows };
}

/** What `runCheck` found: the report, and the model and flows behind it. */
export interface CheckRun {
  readonly report: CheckReport;
  readonly model: ClusterModel;
  readonly resolved: ResolvedFlow[];
}

/**
 * Reads everything first and reports the problems of manifests and flows file together; a
 * failed flow's reasons end with its likely cause (`netpol probe` reuses this).
 */
export async function runCheck(manifestPaths: readonly string[], flowsPath: string, io: CliIo): Promise<CheckRun> {
  const problems: Problem[] = [];
  const objects = await collectProblems(() => readManifestPaths(manifestPaths, io), problems);
  const flows = await collectProblems(() => readFlows(flowsPath, io), problems);
  if (objects) problems.push(...validateManifests(objects));
  if (!objects || !flows || problems.length > 0) throw new InputError(problems);
  const model = ClusterModel.build(objects);
  const resolved = withFlowLines(flows.file, () => resolveFlows(model, flows.specs, flows.file.source));
  return { report: withLikelyCauses(model, resolved, checkFlows(model, resolved), UPSTREAM_PROFILE), model, resolved };
}

export async function readFlows(file: string, io: CliIo): Promise<{ file: SingleDocument; specs: FlowSpec[] }> {
  const flowsFile = await readSingleDocument(file, io);
  return { file: flowsFile, specs: withFlowLines(flowsFile, () => parseFlowsDocument(flowsFile.document, flowsFile.source)) };
}

export async function collectProblems<T>(read: () => Promise<T>, problems: Problem[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

/** Adds the line of the flow (`flows[3] ...`), or of the file's top level, to the flows layer's problems. */
export function withFlowLines<T>(file: SingleDocument, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.problems.map((problem) => {
      if (problem.source !== file.source) return problem;
      const index = /^flows\[(\d+)\]/.exec(problem.object ?? '')?.[1];
      const at = index !== undefined ? ['flows', Number(index)] : problem.field ? [problem.field] : [];
      return { ...problem, source: file.sourceAt(at) };
    }));
  }
}

/** One line per flow (PASS/FAIL), the explanation under each failure, then the totals. */
export function renderCheckTable(report: CheckReport): string {
  const width = Math.min(60, Math.max(4, ...report.flows.map((f) => f.name.length)));
  const lines = report.flows.flatMap((flow) => renderFlowLines(flow, width));
  const { total, passed, failed } = report.summary;
  lines.push(`${total} flow${total === 1 ? '' : 's'}: ${passed} passed, ${failed} failed`);
  return `${lines.map(printable).join('\n')}\n`;
}

function renderFlowLines(flow: FlowReport, width: number): string[] {
  const status = flow.ok ? 'PASS' : 'FAIL';
  const head = `${status}  ${flow.name.padEnd(width)}  expected ${flow.expect}, got ${flow.verdict}`;
  const notes = flow.implementationDefined.map((n) => `      note: ${n}`);
  if (flow.ok) return [head, ...notes];
  const reasons = flow.reasons.length > 0 ? flow.reasons : [whyUnexpectedAllow(flow)];
  return [head, ...reasons.map((r) => `      ${r}`), ...notes];
}

function whyUnexpectedAllow(flow: FlowReport): string {
  const sides = [
    flow.egress.isolated ? `egress allowed by ${flow.egress.allowedBy.map((r) => `${r.policy} rule ${r.rule}`).join(', ')}` : 'the source is not isolated for egress',
    flow.ingress.isolated ? `ingress allowed by ${flow.ingress.allowedBy.map((r) => `${r.policy} rule ${r.rule}`).join(', ')}` : 'the destination is not isolated for ingress',
  ];
  return sides.join('; ');
}
