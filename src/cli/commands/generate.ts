import { Command, Option } from 'commander';
import * as yaml from 'js-yaml';
import { InputError, Problem } from '../../evaluator/errors';
import { KubeObject } from '../../evaluator/kube';
import {
  formatConflict, GeneratedPoliciesCheckError, generatePolicies, GenerateResult, UnsatisfiableFlowsError, WorkloadConnections,
} from '../../generate';
import { validateManifests } from '../../validation';
import { EXIT } from '../exit';
import { CliIo, printable, readManifestPaths } from '../io';
import { PROFILE_NAMES, profileNamed } from '../profiles';
import { collectProblems, readFlows, withFlowLines } from './check';

interface GenerateCommandOptions {
  readonly manifests: string[];
  readonly flows: string;
  readonly scope?: string[];
  readonly dns: boolean;
  readonly output: 'yaml' | 'json';
  readonly report?: boolean;
  readonly profile: string;
}

/**
 * `netpol generate`: least-privilege NetworkPolicies for a flows file, printed only once they are
 * proven. Exit 0 with the policies on stdout; 1 with nothing on stdout when the flows cannot all
 * hold (or the policies fail their re-check); 2 on invalid input.
 */
export function registerGenerate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('generate')
    .description('Write least-privilege NetworkPolicies for the flows in a flows file, proven with the evaluator before they are printed')
    .requiredOption('--manifests <path...>', 'manifest files, directories (recursive .yaml/.yml/.json) or - for stdin')
    .requiredOption('--flows <file>', 'the flows file (see FLOWS.md): allow flows to open, deny flows that must stay closed')
    .option('--scope <namespace...>', 'namespaces whose pods the policies isolate (default: every namespace where a flow starts or ends at a pod or workload of the manifests)')
    .option('--no-dns', 'do not give isolated pods DNS egress')
    .addOption(new Option('--output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--report', 'print, on stderr, each scoped workload\'s connections before and after')
    .addOption(new Option('--profile <name>', 'where the cluster DNS runs').choices(PROFILE_NAMES).default('upstream'))
    .action(async (options: GenerateCommandOptions, command: Command) => {
      if (options.flows === '-' && options.manifests.includes('-')) {
        command.error('error: standard input (-) can feed --manifests or --flows, not both', { exitCode: EXIT.INVALID_INPUT, code: 'netpol.stdinTwice' });
      }
      const problems: Problem[] = [];
      const objects = await collectProblems(() => readManifestPaths(options.manifests, io), problems);
      const flows = await collectProblems(() => readFlows(options.flows, io), problems);
      if (objects) problems.push(...validateManifests(objects));
      if (!objects || !flows || problems.length > 0) throw new InputError(problems);
      const generateOptions = {
        profile: profileNamed(options.profile),
        scope: options.scope,
        dns: options.dns,
        flowsSource: flows.file.source,
        report: options.report,
      };
      let result: GenerateResult;
      try {
        result = withFlowLines(flows.file, () => generatePolicies(objects, flows.specs, generateOptions));
      } catch (error) {
        if (error instanceof UnsatisfiableFlowsError) {
          for (const conflict of error.conflicts) io.stderr(`error: unsatisfiable: ${printable(formatConflict(conflict))}\n`);
          io.stderr(`error: ${error.conflicts.length} conflict${error.conflicts.length === 1 ? '' : 's'}: no policies written\n`);
          setExit(EXIT.FAILED);
          return;
        }
        if (error instanceof GeneratedPoliciesCheckError) {
          for (const failure of error.failures) io.stderr(`error: internal error: generated policies failed their re-check: ${printable(failure)}\n`);
          setExit(EXIT.FAILED);
          return;
        }
        throw error;
      }
      io.stdout(options.output === 'json' ? renderJson(result.policies) : renderYaml(result.policies));
      io.stderr(summary(result, options.dns));
      if (options.report && result.connections) io.stderr(renderConnectionTable(result.connections));
      setExit(EXIT.OK);
    });
}

/** Multi-document YAML, one policy per document, byte for byte the same for the same input. */
export function renderYaml(policies: readonly KubeObject[]): string {
  return policies.map((policy) => yaml.dump(policy, { lineWidth: -1, noRefs: true, sortKeys: false })).join('---\n');
}

/** A `List`, which `kubectl apply -f` and `netpol check --manifests` read like the YAML. */
function renderJson(policies: readonly KubeObject[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: policies }, null, 2)}\n`;
}

/** What was written and proven, and the policies of the manifests the output replaces. */
function summary(result: GenerateResult, dns: boolean): string {
  const { summary: flows } = result.check;
  const { pods, ports, externalBlocks } = result.checkedSpace;
  const lines = [
    `generated ${result.policies.length} NetworkPolic${result.policies.length === 1 ? 'y' : 'ies'} for ${result.scope.length ? `namespace${result.scope.length === 1 ? '' : 's'} ${result.scope.join(', ')}` : 'an empty scope'}${dns ? '' : ' (no DNS egress)'}`,
    `proven: ${flows.passed} of ${flows.total} flows as expected; nothing beyond them allowed at ${pods} scoped pod${pods === 1 ? '' : 's'} over ${ports} port${ports === 1 ? '' : 's'} and ${externalBlocks} external address block${externalBlocks === 1 ? '' : 's'}`,
    ...result.replaced.map((r) => (r.reason === 'same-name'
      ? `note: replaces ${r.id} of the manifests (same name)`
      : `note: ${r.id} is earlier netpol generate output that this run no longer writes: delete it when you apply this`)),
  ];
  return lines.map((line) => `${printable(line)}\n`).join('');
}

/** Per scoped workload: connections in and out, before and after, and beyond the list (zero). */
export function renderConnectionTable(rows: readonly WorkloadConnections[]): string {
  const header = ['workload', 'pods', 'in before', 'in after', 'out before', 'out after', 'beyond list'];
  const counts = (r: WorkloadConnections) => [r.pods, r.before.ingress, r.after.ingress, r.before.egress, r.after.egress, r.beyondList].map(String);
  const cells = rows.map((r) => [printable(r.workload), ...counts(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].map((l) => `${l}\n`).join('');
}
