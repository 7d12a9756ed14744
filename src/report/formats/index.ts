import { MatrixReport } from '../matrix-report';
import { Charset } from './common';
import { renderMatrixCsv } from './csv';
import { renderMatrixDot } from './dot';
import { renderMatrixHtml } from './html';
import { renderMatrixJson } from './json';
import { renderMatrixMarkdown } from './markdown';
import { renderMatrixMermaid } from './mermaid';
import { renderMatrixTable } from './table';

export { MARKS } from './common';
export type { Charset } from './common';
export { MATRIX_JSON_SCHEMA, matrixJson } from './json';
export type { MatrixJson } from './json';

/** The formats of `netpol matrix --output`. */
export type MatrixFormat = 'table' | 'markdown' | 'csv' | 'json' | 'mermaid' | 'dot' | 'html';

export const MATRIX_FORMATS: readonly MatrixFormat[] = ['table', 'markdown', 'csv', 'json', 'mermaid', 'dot', 'html'];

/** The report in a format; `charset` matters to the terminal table only. */
export function renderMatrix(report: MatrixReport, format: MatrixFormat, charset: Charset = 'ascii'): string {
  switch (format) {
    case 'table': return renderMatrixTable(report, charset);
    case 'markdown': return renderMatrixMarkdown(report);
    case 'csv': return renderMatrixCsv(report);
    case 'json': return renderMatrixJson(report);
    case 'mermaid': return renderMatrixMermaid(report);
    case 'dot': return renderMatrixDot(report);
    case 'html': return renderMatrixHtml(report);
  }
}
