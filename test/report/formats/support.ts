import { buildMatrixReport, MatrixReport } from '../../../src/report/matrix-report';
import { labObjects, modelOf } from '../matrix-support';

let lab: MatrixReport | undefined;

/** The seed lab's matrix by workload (built once per test file). */
export function labReport(): MatrixReport {
  lab ??= buildMatrixReport(modelOf(labObjects()));
  return lab;
}
