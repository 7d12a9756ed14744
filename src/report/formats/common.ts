import { CellProfile, CellVerdict, MatrixAxis, MatrixReport, portsWithStatus, portWords } from '../matrix-report';

/** Marks for terminals that may not show Unicode (pipes, files, unknown locales). */
export type Charset = 'unicode' | 'ascii';

/** The mark of each verdict, and of a missing cell (external to external). */
export const MARKS: Readonly<Record<Charset, Readonly<Record<CellVerdict | 'none', string>>>> = {
  unicode: { allow: '✓', partial: '◐', deny: '✗', self: '·', none: ' ' },
  ascii: { allow: '+', partial: '~', deny: '-', self: '.', none: ' ' },
};

const VERDICT_WORDS: Readonly<Record<CellVerdict, string>> = {
  allow: 'allowed on every port',
  partial: 'partly: some ports, pods or addresses',
  deny: 'denied',
  self: 'a pod to itself',
};

/** `✓ allowed on every port   ◐ partly: ...   ✗ denied   · a pod to itself` */
export function legend(charset: Charset): string {
  return (Object.keys(VERDICT_WORDS) as CellVerdict[]).map((v) => `${MARKS[charset][v]} ${VERDICT_WORDS[v]}`).join('   ');
}

/** What the matrix shows, in one sentence. */
export function describeMatrix(report: MatrixReport): string {
  const ports = report.ports.map(portWords).join(', ');
  const judged = report.declaredPortsOnly ? '; each destination on the ports it declares (all of them when it declares none)' : '';
  return `Who can reach whom, by ${report.grouping} (rows: sources, columns: destinations), on ${report.ports.length === 1 ? 'port' : 'ports'} ${ports}${judged}.`;
}

/** A row's or column's name: its endpoint, or a few of the endpoints merged into it. */
export function axisLabel(report: MatrixReport, axis: MatrixAxis): string {
  const ids = axis.endpoints.map((e) => report.endpoints[e].id);
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 2).join(', ')} +${ids.length - 2} more`;
}

/** `allowed TCP 80; partly TCP 443; denied TCP 8080` (statuses that no port has are left out). */
export function describeCellPorts(report: MatrixReport, profile: CellProfile): string {
  const parts = [['allowed', 'A'], ['partly', 'P'], ['denied', 'D']] as const;
  return parts
    .map(([word, status]) => [word, portsWithStatus(report, profile, status).map(portWords)] as const)
    .filter(([, ports]) => ports.length > 0)
    .map(([word, ports]) => `${word} ${ports.join(', ')}`)
    .join('; ');
}

/** The ports a graph edge stands for: `TCP 80, TCP 443 (partly)`, at most `max` of them. */
export function edgeLabel(report: MatrixReport, profile: CellProfile, max = 4): string {
  const ports = [
    ...portsWithStatus(report, profile, 'A').map(portWords),
    ...portsWithStatus(report, profile, 'P').map((p) => `${portWords(p)} (partly)`),
  ];
  return ports.length <= max ? ports.join(', ') : `${ports.slice(0, max).join(', ')} +${ports.length - max} more`;
}

/** One line per partly allowed cell, `FROM -> TO: allowed ...; partly ...`, at most `limit` and a line saying how many more. */
export function partialLines(report: MatrixReport, limit: number, arrow = '->'): string[] {
  const lines: string[] = [];
  let total = 0;
  report.cells.forEach((row, r) => row.forEach((cell, c) => {
    if (cell < 0 || report.profiles[cell].verdict !== 'partial') return;
    total++;
    if (lines.length < limit) {
      lines.push(`${axisLabel(report, report.rows[r])} ${arrow} ${axisLabel(report, report.columns[c])}: ${describeCellPorts(report, report.profiles[cell])}`);
    }
  }));
  if (total > limit) lines.push(`... and ${total - limit} more (see --output json)`);
  return lines;
}

/** How many cells have each verdict. */
export function countVerdicts(report: MatrixReport): Record<CellVerdict, number> {
  const counts: Record<CellVerdict, number> = { allow: 0, partial: 0, deny: 0, self: 0 };
  const perProfile = new Float64Array(report.profiles.length);
  for (const row of report.cells) for (const cell of row) if (cell >= 0) perProfile[cell]++;
  report.profiles.forEach((profile, i) => { counts[profile.verdict] += perProfile[i]; });
  return counts;
}
