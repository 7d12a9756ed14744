import { MatrixReport } from '../matrix-report';
import { axisLabel } from './common';

/**
 * The matrix as CSV (RFC 4180): a header of destinations, then per source its name and one
 * verdict per destination (`allow`, `partial`, `deny`, `self`; empty where there is no cell).
 */
export function renderMatrixCsv(report: MatrixReport): string {
  const lines = [
    ['source \\ destination', ...report.columns.map((axis) => axisLabel(report, axis))],
    ...report.cells.map((row, r) => [axisLabel(report, report.rows[r]), ...Array.from(row, (cell) => (cell < 0 ? '' : report.profiles[cell].verdict))]),
  ];
  return lines.map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
