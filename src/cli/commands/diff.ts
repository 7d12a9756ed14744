import { Command, Option } from 'commander';
import { InputError } from '../../evaluator/errors';
import { diffReports } from '../../report/diff';
import { DIFF_FORMATS, DiffFormat, renderDiff } from '../../report/formats/diff';
import { EXIT } from '../exit';
import { CliIo, printable } from '../io';
import { progressOn } from '../progress';
import { addReportOptions, checkNamespaces, parsePorts, ReportCommandOptions, reportExternals, reportPorts } from '../report-input';
import { bothInOrder, reportSides, SideOptions } from '../report-sides';

interface DiffCommandOptions extends ReportCommandOptions {
  readonly before: string[];
  readonly after: string[];
  readonly output: DiffFormat;
  readonly failOnLoss?: boolean;
}

/**
 * `netpol diff`: connections gained and lost between two manifest sets, by workload and port;
 * exit 1 when something was lost and --fail-on-loss is set, 0 otherwise, 2 on invalid input.
 */
export function registerDiff(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('diff')
    .description('Show the connections gained and lost between two versions of a manifest set (Markdown for a pull request comment); exit 1 on a loss with --fail-on-loss')
    .requiredOption('--before <path...>', 'the old manifests: files, directories or - for stdin')
    .requiredOption('--after <path...>', 'the new manifests: files, directories or - for stdin');
  addReportOptions(command, { grouping: true, externals: true })
    .addOption(new Option('--output <format>', 'output format').choices([...DIFF_FORMATS]).default('markdown'))
    .option('--fail-on-loss', 'exit 1 when any connection is lost')
    .action(async (options: DiffCommandOptions) => {
      if (options.before.includes('-') && options.after.includes('-')) {
        throw new InputError([{ code: 'stdin-twice', field: '--after', message: 'Invalid value: "-": standard input already feeds --before' }]);
      }
      const requested = parsePorts(options.port, options.protocol);
      // The two versions are read and evaluated at once, one on a worker thread where one can run.
      const sides = reportSides(options.before, options.after, io, options.profile);
      try {
        const summaries = await bothInOrder([sides[0].summary(), sides[1].summary()]);
        checkNamespaces(summaries, options.namespace);
        const ports = reportPorts(summaries, requested, options.protocol);
        const externals = reportExternals(summaries, options.externals);
        const shared: SideOptions = { grouping: options.group, ...ports, namespaces: options.namespace, externals };
        const progress = progressOn(io, 'netpol diff', 'ports');
        const done = [0, 0];
        const report = (i: 0 | 1) => sides[i].report(shared, (count) => {
          done[i] = count;
          progress.update(done[0] + done[1], ports.ports.length * 2);
        });
        const [beforeReport, afterReport] = await bothInOrder([report(0), report(1)]);
        progress.finish();
        const diff = diffReports(beforeReport, afterReport);
        const text = renderDiff(diff, options.output);
        io.stdout(options.output === 'json' ? text : text.split('\n').map(printable).join('\n'));
        setExit(options.failOnLoss && diff.lost.length > 0 ? EXIT.FAILED : EXIT.OK);
      } finally {
        sides.forEach((side) => side.close());
      }
    });
}
