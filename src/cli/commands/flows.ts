import { Command } from 'commander';
import { baselineFlows, renderFlowsFile } from '../../report/flows-baseline';
import { buildMatrixReport } from '../../report/matrix-report';
import { EXIT } from '../exit';
import { CliIo, printable } from '../io';
import { progressOn } from '../progress';
import { addReportOptions, checkNamespaces, parsePorts, readModel, ReportCommandOptions, reportPorts, summarize } from '../report-input';

interface FlowsCommandOptions extends Pick<ReportCommandOptions, 'port' | 'protocol' | 'namespace' | 'profile'> {
  readonly manifests: string[];
}

/** `netpol flows`: the flows that hold today, as a flows file to commit; exit 0, or 2 on invalid input. */
export function registerFlows(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('flows')
    .description('Print the flows that hold today (allowed connections between workloads on the ports their pods declare) as a flows file, a baseline to commit and re-check with "netpol check"')
    .requiredOption('--manifests <path...>', 'manifest files, directories (recursive .yaml/.yml/.json) or - for stdin');
  addReportOptions(command, { grouping: false, externals: false })
    .action(async (options: FlowsCommandOptions) => {
      const requested = parsePorts(options.port, options.protocol);
      const model = await readModel(options.manifests, io, options.profile);
      const summary = summarize(model);
      checkNamespaces([summary], options.namespace);
      const progress = progressOn(io, 'netpol flows', 'ports');
      const report = buildMatrixReport(model, {
        grouping: 'workload',
        ...reportPorts([summary], requested, options.protocol),
        namespaces: options.namespace,
        externals: [],
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.finish();
      io.stdout(renderFlowsFile(baselineFlows(model, report)).split('\n').map(printable).join('\n'));
      setExit(EXIT.OK);
    });
}
