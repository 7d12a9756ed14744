import { LintRule } from '../rule';
import { ALL_RULES } from '../rules';

/** Start and end markers of the generated rule table in README.md. */
export const RULE_TABLE_START = '<!-- lint-rules:start -->';
export const RULE_TABLE_END = '<!-- lint-rules:end -->';

/** The README's rule table (markdown): id, severity, title, example, fix; one row per rule. */
export function renderRuleTable(rules: readonly LintRule[] = ALL_RULES): string {
  const rows = rules.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${cell(rule.title)} | ${cell(rule.example)} | ${cell(rule.fix)} |`);
  return ['| id | severity | title | example | fix |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
