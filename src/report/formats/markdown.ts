import { MatrixReport } from '../matrix-report';
import { axisLabel, countVerdicts, describeMatrix, legend, MARKS, partialLines } from './common';

/** How many partly allowed cells the Markdown explains. */
const PARTIAL_LINES = 50;

/**
 * The matrix as GitHub-flavoured Markdown: a sentence on what it shows, a table with a row per
 * source and a column per destination, the legend, the counts, and the partly allowed cells in
 * a collapsed list.
 */
export function renderMatrixMarkdown(report: MatrixReport): string {
  const marks = MARKS.unicode;
  const header = ['from \\ to', ...report.columns.map((axis) => escapeMarkdown(axisLabel(report, axis)))];
  const lines = [
    describeMatrix(report),
    '',
    tableRow(header),
    tableRow(header.map((_, i) => (i === 0 ? '---' : ':-:'))),
    ...report.cells.map((row, r) => tableRow([
      `**${escapeMarkdown(axisLabel(report, report.rows[r]))}**`,
      ...Array.from(row, (cell) => (cell < 0 ? '' : marks[report.profiles[cell].verdict])),
    ])),
    '',
    legend('unicode'),
  ];
  const counts = countVerdicts(report);
  lines.push('', `${counts.allow} allowed, ${counts.partial} partly allowed, ${counts.deny} denied.`);
  const partial = partialLines(report, PARTIAL_LINES, '→');
  if (partial.length > 0) {
    lines.push('', `<details><summary>Partly allowed (${counts.partial})</summary>`, '', ...partial.map((line) => `- ${escapeMarkdown(line)}`), '', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Text that Markdown shows as written: table pipes, emphasis, code and HTML characters escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>#]/g, (c) => `\\${c}`);
}
