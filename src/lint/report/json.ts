import { Finding } from '../rule';
import { FindingSummary, summarize } from './summary';

/** The JSON report: every finding (suppressed ones with their suppression) and the totals. */
export interface LintJsonReport {
  readonly findings: readonly Finding[];
  readonly summary: FindingSummary;
}

export function renderLintJson(findings: readonly Finding[]): string {
  const report: LintJsonReport = { findings, summary: summarize(findings) };
  return `${JSON.stringify(report, null, 2)}\n`;
}
