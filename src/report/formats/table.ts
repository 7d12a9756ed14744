import { MatrixReport } from '../matrix-report';
import { axisLabel, Charset, describeMatrix, legend, MARKS, partialLines } from './common';

/** How many partly allowed cells the terminal table explains under the matrix. */
const PARTIAL_LINES = 20;

/**
 * The matrix for a terminal: numbered rows with their names, columns by the same numbers when
 * rows and columns are the same endpoints (by name above the numbers otherwise), one mark per
 * cell, the legend, and what each partly allowed cell allows.
 */
export function renderMatrixTable(report: MatrixReport, charset: Charset): string {
  const marks = MARKS[charset];
  const rowLabels = report.rows.map((axis) => axisLabel(report, axis));
  const columnLabels = report.columns.map((axis) => axisLabel(report, axis));
  const sameAxes = rowLabels.length === columnLabels.length && rowLabels.every((label, i) => label === columnLabels[i]);
  const number = (i: number) => String(i + 1);
  const cellWidth = Math.max(2, number(report.columns.length - 1).length) + 1;
  const indexWidth = number(report.rows.length - 1).length;
  const labelWidth = Math.max(0, ...rowLabels.map((label) => label.length));
  const margin = ' '.repeat(indexWidth + labelWidth + 3);
  const lines = [describeMatrix(report), ''];
  if (!sameAxes) lines.push('Columns:', ...columnLabels.map((label, c) => `${number(c).padStart(indexWidth + 1)}  ${label}`), '');
  lines.push(`${margin}${report.columns.map((_, c) => number(c).padStart(cellWidth)).join('')}`);
  report.cells.forEach((row, r) => {
    const marksOfRow = Array.from(row, (cell) => (cell < 0 ? marks.none : marks[report.profiles[cell].verdict]).padStart(cellWidth)).join('');
    lines.push(`${number(r).padStart(indexWidth + 1)}  ${rowLabels[r].padEnd(labelWidth)}${marksOfRow}`.trimEnd());
  });
  lines.push('', legend(charset));
  const partial = partialLines(report, PARTIAL_LINES);
  if (partial.length > 0) lines.push('', 'Partly allowed:', ...partial.map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}
