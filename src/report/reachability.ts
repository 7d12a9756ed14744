import { MatrixReport, portsWithStatus, portWords } from './matrix-report';

/**
 * A report as plain text for snapshots: a line on what was judged, then one line per source and
 * destination that can talk, `FROM -> TO: TCP 80, TCP 443 (partly)`, in the report's order
 * (sources, then destinations, sorted; externals last). Denied pairs and a pod's own cell have
 * no line, so a new or lost connection is a line added or removed in the snapshot's diff. With
 * `subjects` (endpoint indices), only pairs with a subject at one end or both have a line.
 */
export function renderReachability(report: MatrixReport, subjects?: ReadonlySet<number>): string {
  const judged = report.declaredPortsOnly ? ', each destination on the ports it declares' : '';
  const lines = [`Reachability by ${report.grouping} on ${report.ports.map(portWords).join(', ')}${judged}:`];
  report.rows.forEach((row, r) => report.columns.forEach((column, c) => {
    const cell = report.cells[r][c];
    const profile = cell >= 0 ? report.profiles[cell] : undefined;
    if (!profile || (profile.verdict !== 'allow' && profile.verdict !== 'partial')) return;
    if (subjects && ![...row.endpoints, ...column.endpoints].some((e) => subjects.has(e))) return;
    const ports = [
      ...portsWithStatus(report, profile, 'A').map(portWords),
      ...portsWithStatus(report, profile, 'P').map((p) => `${portWords(p)} (partly)`),
    ];
    const ids = (axis: typeof row) => axis.endpoints.map((e) => report.endpoints[e].id).join(', ');
    lines.push(`${ids(row)} -> ${ids(column)}: ${ports.join(', ')}`);
  }));
  if (lines.length === 1) lines.push('(no connection)');
  return `${lines.join('\n')}\n`;
}
