import { Command, Option } from 'commander';
import { CheckReport, checkFlows, FlowReport, parseFlowsDocument, resolveFlows } from '../../evaluator/flows';
import { ClusterModel } from '../../evaluator/model';
import { CliIo, readManifestPaths, readSingleDocument } from '../io';
import { EXIT } from '../exit';

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('Evaluate the flows in a flows file against manifests; exit 1 when any flow is not as expected')
    .requiredOption('--manifests <path...>', 'manifest files, directories (recursive .yaml/.yml/.json) or - for stdin')
    .requiredOption('--flows <file>', 'the flows file (see FLOWS.md)')
    .addOption(new Option('--output <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { manifests: string[]; flows: string; output: 'table' | 'json' }) => {
      const objects = await readManifestPaths(options.manifests, io);
      const flowsFile = await readSingleDocument(options.flows, io);
      const specs = parseFlowsDocument(flowsFile.document, flowsFile.source);
      const model = ClusterModel.build(objects);
      const report = checkFlows(model, resolveFlows(model, specs, flowsFile.source));
      io.stdout(options.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderCheckTable(report));
      setExit(report.summary.failed > 0 ? EXIT.FAILED : EXIT.OK);
    });
}

/** One line per flow (PASS/FAIL), the explanation under each failure, then the totals. */
export function renderCheckTable(report: CheckReport): string {
  const width = Math.min(60, Math.max(4, ...report.flows.map((f) => f.name.length)));
  const lines = report.flows.map((flow) => renderFlowLine(flow, width));
  const { total, passed, failed } = report.summary;
  lines.push(`${total} flow${total === 1 ? '' : 's'}: ${passed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}

function renderFlowLine(flow: FlowReport, width: number): string {
  const status = flow.ok ? 'PASS' : 'FAIL';
  const head = `${status}  ${flow.name.padEnd(width)}  expected ${flow.expect}, got ${flow.verdict}`;
  const notes = flow.implementationDefined.map((n) => `      note: ${n}`);
  if (flow.ok) return [head, ...notes].join('\n');
  const reasons = flow.reasons.length > 0 ? flow.reasons : [whyUnexpectedAllow(flow)];
  return [head, ...reasons.map((r) => `      ${r}`), ...notes].join('\n');
}

function whyUnexpectedAllow(flow: FlowReport): string {
  const sides = [
    flow.egress.isolated ? `egress allowed by ${flow.egress.allowedBy.map((r) => `${r.policy} rule ${r.rule}`).join(', ')}` : 'the source is not isolated for egress',
    flow.ingress.isolated ? `ingress allowed by ${flow.ingress.allowedBy.map((r) => `${r.policy} rule ${r.rule}`).join(', ')}` : 'the destination is not isolated for ingress',
  ];
  return `${sides.join('; ')}`;
}
