import { formatProblem } from '../../evaluator/errors';
import { Finding } from '../rule';
import { describeSummary, summarize } from './summary';

/**
 * Findings for people: per finding a head line (severity, rule id, object, field, source), the
 * message and the fix; suppressed findings listed briefly with their reasons; then the totals.
 */
export function renderLintTable(findings: readonly Finding[]): string {
  const active = findings.filter((f) => !f.suppressed);
  const suppressed = findings.filter((f) => f.suppressed);
  const width = Math.max(0, ...active.map((f) => f.ruleId.length));
  const blocks = active.map((f) => [
    `${f.severity.toUpperCase().padEnd(7)}  ${f.ruleId.padEnd(width)}  ${f.object}${f.field ? `  ${f.field}` : ''}${f.source ? `  (${f.source})` : ''}`,
    `  ${f.message}`,
    `  fix: ${f.fix}`,
  ].join('\n'));
  const lines = [...blocks.flatMap((block) => [block, ''])];
  if (suppressed.length > 0) {
    lines.push('suppressed:');
    for (const f of suppressed) lines.push(`  ${f.ruleId}  ${f.object}  (by ${f.suppressed!.by}: ${f.suppressed!.reason})`);
    lines.push('');
  }
  lines.push(active.length === 0 ? `no findings (${describeSummary(summarize(findings))})` : describeSummary(summarize(findings)));
  return `${lines.join('\n')}\n`;
}

/**
 * One line for stderr, in the voice of the CLI's other messages:
 * `<source>: <object>: <field>: <message> [rule-id] (fix: ...)`.
 */
export function formatFindingLine(finding: Finding): string {
  return formatProblem({
    code: finding.ruleId,
    object: finding.object,
    source: finding.source,
    field: finding.field,
    message: `${finding.message} [${finding.ruleId}]`,
    hint: `fix: ${finding.fix}`,
  });
}
