import { Command, Option } from 'commander';
import { InputError } from '../../evaluator/errors';
import { ClusterModel } from '../../evaluator/model';
import { closest } from '../../evaluator/text';
import { activeFindings, ALL_RULES, Finding, formatFindingLine, renderLintJson, renderLintSarif, renderLintTable, runLint } from '../../lint';
import { validateManifests } from '../../validation';
import { EXIT } from '../exit';
import { CliIo, printable, readManifestPaths } from '../io';
import { PROFILE_NAMES, profileNamed } from '../profiles';

type LintFormat = 'table' | 'json' | 'sarif';

const RENDERERS: Record<LintFormat, (findings: readonly Finding[]) => string> = {
  // Labels and names come from the input: keep terminal control characters out of the table.
  table: (findings) => renderLintTable(findings).split('\n').map(printable).join('\n'),
  json: renderLintJson,
  sarif: renderLintSarif,
};

interface LintCommandOptions {
  readonly manifests: string[];
  readonly output: LintFormat;
  readonly profile: string;
  readonly errorOn?: string[];
}

export function registerLint(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('lint')
    .description('Report NetworkPolicy mistakes the API server accepts; exit 1 when any unsuppressed finding is an error')
    .requiredOption('--manifests <path...>', 'manifest files, directories (recursive .yaml/.yml/.json) or - for stdin')
    .addOption(new Option('--output <format>', 'output format').choices(Object.keys(RENDERERS)).default('table'))
    .addOption(new Option('--profile <name>', 'where DNS, the ingress controller and monitoring run').choices(PROFILE_NAMES).default('upstream'))
    .option('--error-on <rule...>', 'rule ids whose findings count as errors')
    .action(async (options: LintCommandOptions) => {
      const errorRules = checkRuleIds(options.errorOn ?? []);
      const objects = await readManifestPaths(options.manifests, io);
      const invalid = validateManifests(objects);
      if (invalid.length > 0) throw new InputError(invalid);
      const model = ClusterModel.build(objects);
      const findings = runLint(model, { profile: profileNamed(options.profile), errorRules });
      io.stdout(RENDERERS[options.output](findings));
      setExit(activeFindings(findings).some((f) => f.severity === 'error') ? EXIT.FAILED : EXIT.OK);
    });
}

function checkRuleIds(ids: readonly string[]): string[] {
  const known = ALL_RULES.map((rule) => rule.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new InputError(unknown.map((id) => {
      const guess = closest(id, known);
      return { code: 'unknown-rule', field: '--error-on', message: `Unsupported value: ${JSON.stringify(id)}: no lint rule has this id`, hint: guess ? `did you mean "${guess}"?` : `rules: ${known.join(', ')}` };
    }));
  }
  return [...ids];
}

/** For commands other than lint: unsuppressed lint errors and warnings, one `warning:` line each on stderr. */
export function printLintWarnings(model: ClusterModel, io: CliIo): void {
  for (const finding of activeFindings(runLint(model))) {
    if (finding.severity !== 'info') io.stderr(`warning: ${printable(formatFindingLine(finding))}\n`);
  }
}
