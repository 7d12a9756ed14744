import { Finding } from '../rule';

/** Counts of unsuppressed findings by severity, and of suppressed ones. */
export interface FindingSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
  readonly suppressed: number;
}

export function summarize(findings: readonly Finding[]): FindingSummary {
  const active = findings.filter((f) => !f.suppressed);
  return {
    errors: active.filter((f) => f.severity === 'error').length,
    warnings: active.filter((f) => f.severity === 'warning').length,
    info: active.filter((f) => f.severity === 'info').length,
    suppressed: findings.length - active.length,
  };
}

/** `2 errors, 1 warning, 0 info; 1 suppressed`. */
export function describeSummary(summary: FindingSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.info} info; ${summary.suppressed} suppressed`;
}
