import * as yaml from 'js-yaml';
import { InputError, Problem } from '../evaluator/errors';
import { SourcedObject } from '../evaluator/kube';

/** Limits that keep hostile input (alias bombs, runaway nesting) from exhausting memory. */
export interface ParseLimits {
  /** Most nodes one document may expand to once YAML aliases are followed. */
  readonly maxNodesPerDocument?: number;
}

const DEFAULT_MAX_NODES = 2_000_000;
const DOCUMENT_MARKER = /^---(?=\s|$)|^\.\.\.(?=\s|$)/;

/**
 * Parses multi-document YAML (or JSON) into objects that know their file, document and line.
 * `kind: List` (and `*List`) documents are flattened into their items. Every problem in the
 * text is collected and thrown together as an InputError.
 */
export function parseManifests(text: string, file: string, limits: ParseLimits = {}): SourcedObject[] {
  const problems: Problem[] = [];
  const objects: SourcedObject[] = [];
  const maxNodes = limits.maxNodesPerDocument ?? DEFAULT_MAX_NODES;
  splitDocuments(text).forEach((chunk, i) => {
    const where = `${file} (document ${i + 1}, line ${chunk.line})`;
    let document: unknown;
    try {
      document = loadChunk(chunk.text);
    } catch (error) {
      problems.push(yamlProblem(error, file, i + 1, chunk.line));
      return;
    }
    if (document === null || document === undefined) return;
    if (typeof document !== 'object' || Array.isArray(document)) {
      problems.push({ code: 'not-an-object', source: where, message: `Invalid value: a manifest must be a mapping with apiVersion, kind and metadata, not ${Array.isArray(document) ? 'a list' : JSON.stringify(document).slice(0, 60)}` });
      return;
    }
    if (expandedSize(document, maxNodes) > maxNodes) {
      problems.push({ code: 'too-large', source: where, message: `this document expands to more than ${maxNodes} YAML nodes (an alias bomb?); refusing to read it` });
      return;
    }
    objects.push(...flattenLists(document as Record<string, any>, where, problems));
  });
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}

interface Chunk {
  readonly text: string;
  /** 1-based line where the document's content starts. */
  readonly line: number;
}

/** Splits on `---` / `...` lines; offsets are kept so errors point at the real line. */
function splitDocuments(text: string): Chunk[] {
  const lines = text.split(/\r?\n/);
  const chunks: Chunk[] = [];
  let start = 0;
  let current: string[] = [];
  const flush = () => {
    if (current.some((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))) chunks.push({ text: current.join('\n'), line: start + 1 });
    current = [];
  };
  lines.forEach((line, i) => {
    if (DOCUMENT_MARKER.test(line)) {
      flush();
      const rest = line.replace(DOCUMENT_MARKER, '');
      start = i;
      current = rest.trim() ? [' '.repeat(3) + rest] : [];
      if (!rest.trim()) start = i + 1;
      return;
    }
    if (line.startsWith('%') && current.length === 0) {
      start = i + 1;
      return;
    }
    current.push(line);
  });
  flush();
  return chunks;
}

function loadChunk(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      // Not strict JSON: YAML flow style, which js-yaml reads.
    }
  }
  return yaml.load(text, { json: true });
}

function yamlProblem(error: unknown, file: string, document: number, firstLine: number): Problem {
  if (error instanceof yaml.YAMLException) {
    const line = (error.mark?.line ?? 0) + firstLine;
    const column = (error.mark?.column ?? 0) + 1;
    return { code: 'malformed-yaml', source: `${file} (document ${document}, line ${line}, column ${column})`, message: `malformed YAML: ${error.reason}` };
  }
  return { code: 'malformed-yaml', source: `${file} (document ${document}, line ${firstLine})`, message: `malformed YAML: ${String((error as Error)?.message ?? error)}` };
}

/** Nodes a value expands to, counting shared (aliased) subtrees once per reference. */
function expandedSize(root: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const visit = (value: unknown): number => {
    if (value === null || typeof value !== 'object') return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    sizes.set(value, limit + 1); // a cycle counts as too large
    let total = 1;
    for (const child of Object.values(value)) {
      total += visit(child);
      if (total > limit) break;
    }
    sizes.set(value, total);
    return total;
  };
  return visit(root);
}

function flattenLists(document: Record<string, any>, where: string, problems: Problem[]): SourcedObject[] {
  const isList = typeof document.kind === 'string' && document.kind.endsWith('List') && 'items' in document;
  if (!isList) return [{ object: document, source: where }];
  if (!Array.isArray(document.items)) {
    problems.push({ code: 'invalid-type', source: where, field: 'items', message: 'Invalid value: a List needs an items list' });
    return [];
  }
  const out: SourcedObject[] = [];
  document.items.forEach((item: unknown, i: number) => {
    const itemWhere = `${where.slice(0, -1)}, item ${i})`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ code: 'not-an-object', source: itemWhere, message: 'Invalid value: a List item must be a mapping' });
      return;
    }
    out.push(...flattenLists(item as Record<string, any>, itemWhere, problems));
  });
  return out;
}
