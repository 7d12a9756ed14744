import { Command, Option } from 'commander';
import { Charset, MATRIX_FORMATS, MatrixFormat, renderMatrix } from '../../report/formats';
import { buildMatrixReport, mergeIdenticalAxes } from '../../report/matrix-report';
import { EXIT } from '../exit';
import { CliIo, printable } from '../io';
import { progressOn } from '../progress';
import { addReportOptions, checkNamespaces, parsePorts, readModel, ReportCommandOptions, reportExternals, reportPorts, summarize, tableCharset } from '../report-input';

interface MatrixCommandOptions extends ReportCommandOptions {
  readonly manifests: string[];
  readonly output: MatrixFormat;
  readonly merge?: boolean;
  readonly charset: 'auto' | Charset;
}

/** Formats whose text is all the input's names and our marks: control characters are shown escaped. */
const TEXT_FORMATS: ReadonlySet<MatrixFormat> = new Set(['table', 'markdown', 'mermaid', 'dot']);

/** `netpol matrix`: who can reach whom, in one of seven formats; exit 0, or 2 on invalid input. */
export function registerMatrix(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('matrix')
    .description('Show who can reach whom (pods grouped by workload, namespace or not at all, and addresses outside the cluster) as a table, Markdown, CSV, JSON, Mermaid, DOT or an HTML report')
    .requiredOption('--manifests <path...>', 'manifest files, directories (recursive .yaml/.yml/.json) or - for stdin');
  addReportOptions(command, { grouping: true, externals: true })
    .addOption(new Option('--output <format>', 'output format').choices([...MATRIX_FORMATS]).default('table'))
    .option('--merge', 'merge rows (and columns) of a namespace whose cells are all the same')
    .addOption(new Option('--charset <charset>', 'marks of the table: auto (Unicode on a UTF-8 terminal, else ASCII), unicode or ascii').choices(['auto', 'unicode', 'ascii']).default('auto'))
    .action(async (options: MatrixCommandOptions) => {
      const requested = parsePorts(options.port, options.protocol);
      const model = await readModel(options.manifests, io, options.profile);
      const summary = summarize(model);
      checkNamespaces([summary], options.namespace);
      const progress = progressOn(io, 'netpol matrix', 'ports');
      const report = buildMatrixReport(model, {
        grouping: options.group,
        ...reportPorts([summary], requested, options.protocol),
        namespaces: options.namespace,
        externals: reportExternals([summary], options.externals),
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.finish();
      const text = renderMatrix(options.merge ? mergeIdenticalAxes(report) : report, options.output, tableCharset(options.charset, io));
      io.stdout(TEXT_FORMATS.has(options.output) ? text.split('\n').map(printable).join('\n') : text);
      setExit(EXIT.OK);
    });
}
