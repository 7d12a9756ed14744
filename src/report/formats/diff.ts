import { connectionCount, PairChange, PortChange, ReachabilityDiff } from '../diff';
import { PortStatus, portText, portWords } from '../matrix-report';
import { escapeMarkdown } from './markdown';

/** The `schema` value of `netpol diff --output json`. */
export const DIFF_JSON_SCHEMA = 'netpol.diff/v1';

/** Rows of each Markdown table: a PR comment has a size limit, and the JSON has everything. */
const MARKDOWN_ROWS = 100;

/** The formats of `netpol diff --output`. */
export type DiffFormat = 'markdown' | 'table' | 'json';

export const DIFF_FORMATS: readonly DiffFormat[] = ['markdown', 'table', 'json'];

export function renderDiff(diff: ReachabilityDiff, format: DiffFormat): string {
  switch (format) {
    case 'markdown': return renderDiffMarkdown(diff);
    case 'table': return renderDiffTable(diff);
    case 'json': return `${JSON.stringify(diffJson(diff), null, 2)}\n`;
  }
}

/**
 * `netpol diff --output json`. Fields may be added, never removed or renamed. A port's status
 * is `allow` (every pair of pods or addresses), `partial` (some) or `deny` (none).
 */
export interface DiffJson {
  readonly schema: typeof DIFF_JSON_SCHEMA;
  readonly grouping: string;
  /** Every port compared, `PORT/PROTOCOL`. */
  readonly ports: string[];
  readonly declaredPortsOnly: boolean;
  /** Connections are (source, destination, port); pairs are (source, destination). */
  readonly summary: { lost: number; gained: number; lostPairs: number; gainedPairs: number; added: number; removed: number; compared: number };
  readonly lost: DiffJsonPair[];
  readonly gained: DiffJsonPair[];
  /** Endpoints in the new version only, and in the old only: listed, not compared. */
  readonly added: string[];
  readonly removed: string[];
}

export interface DiffJsonPair {
  readonly from: string;
  readonly to: string;
  readonly ports: Array<{ port: string; before: string; after: string }>;
}

const STATUS_WORDS: Readonly<Record<string, string>> = { A: 'allow', P: 'partial', D: 'deny' };

export function diffJson(diff: ReachabilityDiff): DiffJson {
  const pairs = (changes: readonly PairChange[]) => changes.map((c) => ({
    from: c.from,
    to: c.to,
    ports: c.ports.map((p) => ({ port: portText(p.port), before: STATUS_WORDS[p.before], after: STATUS_WORDS[p.after] })),
  }));
  return {
    schema: DIFF_JSON_SCHEMA,
    grouping: diff.grouping,
    ports: diff.ports.map(portText),
    declaredPortsOnly: diff.declaredPortsOnly,
    summary: {
      lost: connectionCount(diff.lost),
      gained: connectionCount(diff.gained),
      lostPairs: diff.lost.length,
      gainedPairs: diff.gained.length,
      added: diff.added.length,
      removed: diff.removed.length,
      compared: diff.compared,
    },
    lost: pairs(diff.lost),
    gained: pairs(diff.gained),
    added: [...diff.added],
    removed: [...diff.removed],
  };
}

/** `3 connections lost, 1 gained` */
export function diffHeadline(diff: ReachabilityDiff): string {
  const [lost, gained] = [connectionCount(diff.lost), connectionCount(diff.gained)];
  if (lost === 0 && gained === 0) return 'No connection lost or gained';
  return `${plural(lost, 'connection')} lost, ${gained} gained`;
}

/**
 * For a pull request comment: the headline counts, a "Lost" and a "Gained" table (source,
 * destination, ports), each change in a sentence, and the endpoints only one version has.
 */
export function renderDiffMarkdown(diff: ReachabilityDiff): string {
  const lines = [
    '### NetworkPolicy reachability',
    '',
    `**${diffHeadline(diff)}** (by ${diff.grouping}, ${diff.compared} compared, on ${diff.ports.map(portWords).join(', ')}).`,
  ];
  for (const [title, changes, sentence] of [['Lost', diff.lost, lostSentence], ['Gained', diff.gained, gainedSentence]] as const) {
    if (changes.length === 0) continue;
    lines.push('', `#### ${title} (${plural(connectionCount(changes), 'connection')})`, '', '| From | To | Ports |', '| --- | --- | --- |');
    for (const change of changes.slice(0, MARKDOWN_ROWS)) lines.push(`| ${escapeMarkdown(change.from)} | ${escapeMarkdown(change.to)} | ${describePortChanges(change.ports)} |`);
    if (changes.length > MARKDOWN_ROWS) lines.push(`| … ${changes.length - MARKDOWN_ROWS} more pairs (see --output json) | | |`);
    lines.push('', ...changes.slice(0, MARKDOWN_ROWS).flatMap(sentence).map((s) => `- After this change, ${escapeMarkdown(s)}.`));
  }
  if (diff.added.length > 0) lines.push('', `New (not compared): ${diff.added.map(escapeMarkdown).join(', ')}.`);
  if (diff.removed.length > 0) lines.push('', `Removed (not compared): ${diff.removed.map(escapeMarkdown).join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

/** One line per pair for a terminal, under the headline. */
export function renderDiffTable(diff: ReachabilityDiff): string {
  const lines = [`${diffHeadline(diff)} (by ${diff.grouping}, ${diff.compared} compared, on ${diff.ports.map(portWords).join(', ')}).`];
  for (const [title, changes] of [['Lost', diff.lost], ['Gained', diff.gained]] as const) {
    if (changes.length === 0) continue;
    const width = Math.max(...changes.map((c) => `${c.from} -> ${c.to}`.length));
    lines.push('', `${title}:`, ...changes.map((c) => `  ${`${c.from} -> ${c.to}`.padEnd(width)}  ${describePortChanges(c.ports)}`));
  }
  if (diff.added.length > 0) lines.push('', `New (not compared): ${diff.added.join(', ')}`);
  if (diff.removed.length > 0) lines.push('', `Removed (not compared): ${diff.removed.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** `TCP 8080, TCP 9090 (now partly)`: the ports, each with what it became when that is not plain. */
function describePortChanges(ports: readonly PortChange[]): string {
  return ports.map((p) => `${portWords(p.port)}${transition(p.before, p.after)}`).join(', ');
}

function transition(before: PortStatus, after: PortStatus): string {
  if (after === 'P') return ' (now partly)';
  if (before === 'P') return after === 'A' ? ' (was partly, now fully)' : ' (was partly)';
  return '';
}

/** `monitoring/prometheus can no longer reach app/api on TCP 8080` (one clause per kind of loss). */
function lostSentence(change: PairChange): string[] {
  const gone = change.ports.filter((p) => p.after === 'D').map((p) => portWords(p.port));
  const partly = change.ports.filter((p) => p.after === 'P').map((p) => portWords(p.port));
  return [
    ...(gone.length ? [`${change.from} can no longer reach ${change.to} on ${gone.join(', ')}`] : []),
    ...(partly.length ? [`${change.from} can reach ${change.to} on ${partly.join(', ')} only partly (some pods or addresses)`] : []),
  ];
}

function gainedSentence(change: PairChange): string[] {
  const fully = change.ports.filter((p) => p.after === 'A').map((p) => portWords(p.port));
  const partly = change.ports.filter((p) => p.after === 'P').map((p) => portWords(p.port));
  return [
    ...(fully.length ? [`${change.from} can reach ${change.to} on ${fully.join(', ')}`] : []),
    ...(partly.length ? [`${change.from} can partly reach ${change.to} on ${partly.join(', ')} (some pods or addresses)`] : []),
  ];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
