import * as yaml from 'js-yaml';
import { InputError, Problem } from '../evaluator/errors';
import { SourcedObject } from '../evaluator/kube';

/** Limits that keep hostile input (alias bombs, runaway nesting) from exhausting memory or the stack. */
export interface ParseLimits {
  /**
   * Most nodes one document may expand to once YAML aliases are followed.
   * @default - ten times the document's length in characters, and at least 1,000,000
   */
  readonly maxNodesPerDocument?: number;
  /**
   * Deepest nesting of mappings and sequences a document may have.
   * @default 100
   */
  readonly maxDepth?: number;
}

/** A step in a path into a document: a mapping key or a sequence index. */
export type PathStep = string | number;

/** One YAML (or JSON) document of a text, with where it is. */
export interface ParsedDocument {
  /** 1-based number among the text's documents; every `---` starts one, empty documents included. */
  readonly number: number;
  /** 1-based line of the document's first content (not its comments or `---`). */
  readonly line: number;
  /** The parsed value; `null` for an empty document. */
  readonly value: unknown;
  /** 1-based line where the node at `path` starts, or where its deepest existing ancestor starts. */
  lineAt(path: readonly PathStep[]): number;
}

const DEFAULT_MAX_DEPTH = 100;
const MIN_MAX_NODES = 1_000_000;
const NODES_PER_CHARACTER = 10;
const BYTE_ORDER_MARK = 0xfeff;

/**
 * Parses multi-document YAML (or JSON) into the documents it holds, with their positions.
 * Every problem (malformed YAML, alias bombs, runaway nesting) is collected and thrown
 * together as an InputError whose sources name the file, document, line and column.
 */
export function parseDocuments(text: string, file: string, limits: ParseLimits = {}): ParsedDocument[] {
  const problems: Problem[] = [];
  const documents = readDocuments(text, file, limits, problems);
  if (problems.length > 0) throw new InputError(problems);
  return documents;
}

/**
 * Parses multi-document YAML (or JSON) into objects that know their file, document and line:
 * `deploy.yaml (document 3, line 40)`. `kind: List` (and `*List`) documents, as
 * `kubectl get -o yaml` writes them, are flattened into their items, nested Lists included;
 * an item's source adds its line and path: `all.yaml (document 1, line 57, items[3])`.
 * Empty documents are skipped; every problem is collected and thrown together as an InputError.
 */
export function parseManifests(text: string, file: string, limits: ParseLimits = {}): SourcedObject[] {
  const problems: Problem[] = [];
  const objects = readDocuments(text, file, limits, problems).flatMap((document) => manifestsOf(document, file, problems));
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}

/** `file (document N, line L)`, with the path of a List item when there is one. */
export function describeSource(file: string, document: number, line: number, path: readonly PathStep[] = []): string {
  return `${file} (document ${document}, line ${line}${path.length > 0 ? `, ${formatPath(path)}` : ''})`;
}

/** `items[0].items[2]`: a path in the API server's field-path form. */
export function formatPath(path: readonly PathStep[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : `${i === 0 ? '' : '.'}${step}`)).join('');
}

function readDocuments(text: string, file: string, limits: ParseLimits, problems: Problem[]): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  for (const chunk of splitDocuments(text)) {
    const document = readChunk(chunk, file, limits, problems);
    if (document) documents.push(document);
  }
  return documents;
}

interface Chunk {
  /** 1-based document number. */
  readonly number: number;
  /** The document's text, its `---` blanked so that columns stay true. */
  readonly text: string;
  /** 1-based line of the chunk's first line in the whole text. */
  readonly firstLine: number;
  /** 1-based line of the first content, or of `---` for an empty document. */
  readonly contentLine: number;
  /** Whether the text may hold YAML anchors, and so aliases that share nodes. */
  readonly mayHaveAliases: boolean;
}

/**
 * YAML's core types (null, booleans, numbers) and merge keys (`<<: *anchor`), as kubectl reads
 * manifests: a timestamp-like value stays a string (js-yaml's default schema would make it a
 * Date, which no Kubernetes field holds), and `!!binary`, `!!set` and the like are not types here.
 */
const KUBERNETES_SCHEMA = yaml.CORE_SCHEMA.extend({
  // js-yaml exports its types as `types`, which its type definitions leave out.
  implicit: [(yaml as unknown as { readonly types: { readonly merge: yaml.Type } }).types.merge],
});

const DASH = 0x2d;
const DOT = 0x2e;
const PERCENT = 0x25;
const HASH = 0x23;

/**
 * Splits a text on `---` and `...` lines as YAML does: `---` starts a document (an empty
 * one still counts), `...` ends one, and comments or directives between documents are no
 * document. Each document is parsed on its own so one broken document hides no other problem.
 * The text is scanned by offsets, not split into lines: a cluster dump has millions of them.
 */
function splitDocuments(input: string): Chunk[] {
  const text = input.charCodeAt(0) === BYTE_ORDER_MARK ? input.slice(1) : input;
  const chunks: Chunk[] = [];
  let current: { firstLine: number; offset: number; prefix: string; explicit: boolean; contentLine?: number } | undefined;
  const close = (end: number) => {
    if (current && (current.explicit || current.contentLine !== undefined)) {
      const chunkText = current.prefix + text.slice(current.offset, end);
      chunks.push({
        number: chunks.length + 1,
        text: chunkText,
        firstLine: current.firstLine,
        contentLine: current.contentLine ?? current.firstLine,
        mayHaveAliases: chunkText.includes('&'),
      });
    }
    current = undefined;
  };
  for (let offset = 0, line = 1; offset <= text.length; line++) {
    const newline = text.indexOf('\n', offset);
    const end = newline < 0 ? text.length : newline;
    if (isMarker(text, offset, end, DASH)) {
      close(offset);
      current = { firstLine: line, offset: offset + 3, prefix: '   ', explicit: true };
    } else if (isMarker(text, offset, end, DOT)) {
      close(offset);
      // Content after `...` on its line starts a bare document.
      if (hasContent(text, offset + 3, end)) current = { firstLine: line, offset: offset + 3, prefix: '   ', explicit: false };
    } else if (!current && hasContent(text, offset, end) && text.charCodeAt(offset) !== PERCENT) {
      // Between documents a directive (`%YAML 1.2`) belongs to the next `---`; content starts a bare document.
      current = { firstLine: line, offset, prefix: '', explicit: false };
    }
    if (current && current.contentLine === undefined && hasContent(text, Math.max(current.offset, offset), end)) current.contentLine = line;
    offset = end + 1;
  }
  close(text.length);
  return chunks;
}

/** Whether the line from `offset` to `end` is `---` or `...`, alone or before a space. */
function isMarker(text: string, offset: number, end: number, char: number): boolean {
  for (let i = 0; i < 3; i++) {
    if (text.charCodeAt(offset + i) !== char || offset + i >= end) return false;
  }
  return end === offset + 3 || isBlank(text.charCodeAt(offset + 3));
}

/** Whether the text between the offsets holds something other than blanks and a comment. */
function hasContent(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (!isBlank(code)) return code !== HASH;
  }
  return false;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d;
}

function readChunk(chunk: Chunk, file: string, limits: ParseLimits, problems: Problem[]): ParsedDocument | undefined {
  const where = describeSource(file, chunk.number, chunk.contentLine);
  let loaded: { value: unknown; positions: () => Positions };
  try {
    loaded = loadChunk(chunk.text, limits.maxDepth ?? DEFAULT_MAX_DEPTH);
  } catch (error) {
    problems.push(yamlProblem(error, file, chunk, limits));
    return undefined;
  }
  const maxNodes = limits.maxNodesPerDocument ?? Math.max(MIN_MAX_NODES, NODES_PER_CHARACTER * chunk.text.length);
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const shape = measure(loaded.value, maxNodes, maxDepth, chunk.mayHaveAliases);
  if (shape === 'too-many-nodes') {
    problems.push({
      code: 'too-large',
      source: where,
      message: `this document expands to more than ${maxNodes} nodes through YAML aliases; refusing to read it`,
      hint: 'an alias bomb ("billion laughs"), or an alias used inside its own anchor',
    });
    return undefined;
  }
  if (shape === 'too-deep') {
    problems.push(tooDeep(where, maxDepth));
    return undefined;
  }
  return {
    number: chunk.number,
    line: chunk.contentLine,
    value: loaded.value ?? null,
    lineAt: (path) => chunk.firstLine + loaded.positions().lineAt(path),
  };
}

/** 0-based lines of a document's mappings and sequences, found on demand. */
interface Positions {
  lineAt(path: readonly PathStep[]): number;
}

function loadChunk(text: string, maxDepth: number): { value: unknown; positions: () => Positions } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const value = parseJson(text);
    // JSON.parse is many times faster than YAML, but knows no lines: those come from YAML, on demand (as for YAML).
    if (value !== undefined) return { value, positions: memoize(() => positionsOf(text, maxDepth)) };
  }
  // Noting lines while loading costs a third of the load; only error messages need them.
  const value = yaml.load(text, { json: true, maxDepth, schema: KUBERNETES_SCHEMA } as yaml.LoadOptions);
  return { value, positions: memoize(() => positionsOf(text, maxDepth)) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // not strict JSON: YAML flow style, which js-yaml reads
  }
}

function positionsOf(text: string, maxDepth: number): Positions {
  try {
    return loadWithPositions(text, maxDepth);
  } catch {
    return { lineAt: () => 0 };
  }
}

/**
 * Loads YAML, noting (from js-yaml's listener events) the 0-based line where each mapping and
 * sequence starts, and where each item of a sequence starts (scalars have no identity to key on).
 */
function loadWithPositions(text: string, maxDepth: number): { value: unknown } & Positions {
  const lines = new Map<object, number>();
  const itemLines = new Map<unknown[], number[]>();
  const open: Array<{ line: number; children?: number[] }> = [];
  const listener = (event: 'open' | 'close', state: { line: number; result: unknown }) => {
    if (event === 'open') {
      open.push({ line: state.line });
      return;
    }
    const frame = open.pop()!;
    const parent = open[open.length - 1];
    if (parent) (parent.children ??= []).push(frame.line);
    const node = state.result;
    // An alias closes with its anchor's node, which keeps the line where it was written.
    if (node === null || typeof node !== 'object' || lines.has(node)) return;
    lines.set(node, frame.line);
    // `[a: b]` composes two nodes for one item: keep item lines only when they line up.
    if (Array.isArray(node) && frame.children?.length === node.length) itemLines.set(node, frame.children);
  };
  const value = yaml.load(text, { json: true, maxDepth, listener, schema: KUBERNETES_SCHEMA } as yaml.LoadOptions);
  const rootLine = firstContentLine(text);
  return {
    value,
    lineAt: (path) => {
      let node: any = value;
      let line = rootLine;
      for (const step of path) {
        const parent = node;
        node = parent !== null && typeof parent === 'object' ? parent[step] : undefined;
        const item = Array.isArray(parent) && typeof step === 'number' ? itemLines.get(parent)?.[step] : undefined;
        const found = item ?? (node !== null && typeof node === 'object' ? lines.get(node) : undefined);
        if (found === undefined) break;
        line = found;
      }
      return line;
    },
  };
}

/** 0-based line of the first content of a text (0 when it has none). */
function firstContentLine(text: string): number {
  for (let offset = 0, line = 0; offset < text.length; line++) {
    const newline = text.indexOf('\n', offset);
    const end = newline < 0 ? text.length : newline;
    if (hasContent(text, offset, end)) return line;
    offset = end + 1;
  }
  return 0;
}

function memoize<T>(compute: () => T): () => T {
  let cached: { value: T } | undefined;
  return () => (cached ??= { value: compute() }).value;
}

function yamlProblem(error: unknown, file: string, chunk: Chunk, limits: ParseLimits): Problem {
  if (!(error instanceof yaml.YAMLException)) {
    return { code: 'malformed-yaml', source: describeSource(file, chunk.number, chunk.contentLine), message: `malformed YAML: ${String((error as Error)?.message ?? error)}` };
  }
  const { line, column } = markPosition(chunk, error.mark);
  const source = `${file} (document ${chunk.number}, line ${line}, column ${column})`;
  if (/maxDepth/.test(error.reason)) return tooDeep(source, limits.maxDepth ?? DEFAULT_MAX_DEPTH);
  return { code: 'malformed-yaml', source, message: `malformed YAML: ${error.reason}` };
}

/**
 * 1-based line and column of a js-yaml error mark. An error at the end of the text (an unclosed
 * bracket or quote) points just after the last content, not at the blank lines that follow it.
 */
function markPosition(chunk: Chunk, mark: { line?: number; column?: number } | undefined): { line: number; column: number } {
  const lines = chunk.text.split('\n');
  const lastContent = lines.reduce((last, text, i) => (text.trim() !== '' ? i : last), 0);
  const markLine = mark?.line ?? 0;
  if (markLine > lastContent) return { line: chunk.firstLine + lastContent, column: lines[lastContent].trimEnd().length + 1 };
  return { line: chunk.firstLine + markLine, column: (mark?.column ?? 0) + 1 };
}

function tooDeep(source: string, maxDepth: number): Problem {
  return {
    code: 'too-deep',
    source,
    message: `this document nests mappings and sequences more than ${maxDepth} levels deep; refusing to read it`,
    hint: 'Kubernetes objects nest far less deeply: is the file generated wrongly?',
  };
}

/**
 * Walks a value as it expands (a shared, aliased subtree counts once per reference) and stops
 * at the first limit it passes, so the walk itself is bounded in time and stack. Only text
 * with anchors can share nodes, so only then are sizes remembered (and cycles caught).
 */
function measure(root: unknown, maxNodes: number, maxDepth: number, mayShare: boolean): 'ok' | 'too-many-nodes' | 'too-deep' {
  const sizes = mayShare ? new Map<object, number>() : undefined;
  let verdict: 'ok' | 'too-many-nodes' | 'too-deep' = 'ok';
  const visit = (value: unknown, depth: number): number => {
    // Counted as js-yaml counts: a scalar is a level too.
    if (depth > maxDepth) {
      verdict = 'too-deep';
      return Infinity;
    }
    if (value === null || typeof value !== 'object') return 1;
    const known = sizes?.get(value);
    if (known !== undefined) return known;
    sizes?.set(value, Infinity); // met again while inside itself: a cycle, which never ends
    let total = 1;
    for (const key in value) {
      total += visit((value as Record<string, unknown>)[key], depth + 1);
      if (total > maxNodes) break;
    }
    sizes?.set(value, total);
    return total;
  };
  const total = visit(root, 1);
  if (verdict === 'ok' && total > maxNodes) verdict = 'too-many-nodes';
  return verdict;
}

function manifestsOf(document: ParsedDocument, file: string, problems: Problem[]): SourcedObject[] {
  if (document.value === null) return [];
  return flattenLists(document.value, [], document, file, problems);
}

function flattenLists(value: unknown, path: PathStep[], document: ParsedDocument, file: string, problems: Problem[]): SourcedObject[] {
  const source = describeSource(file, document.number, path.length > 0 ? document.lineAt(path) : document.line, path);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(notAMapping(value, source, path.length > 0));
    return [];
  }
  const object = value as Record<string, any>;
  if (!isList(object)) return [{ object, source }];
  if (!Array.isArray(object.items)) {
    problems.push({ code: 'invalid-type', source, object: `${object.kind}`, field: 'items', message: `Invalid value: ${describeValue(object.items)}: must be a list of objects` });
    return [];
  }
  return object.items.flatMap((item: unknown, i: number) => flattenLists(item, [...path, 'items', i], document, file, problems));
}

/** `kind: List` as kubectl writes it, or a typed list such as `PodList`. */
function isList(object: Record<string, any>): boolean {
  return typeof object.kind === 'string' && object.kind.endsWith('List') && 'items' in object;
}

function notAMapping(value: unknown, source: string, isItem: boolean): Problem {
  const what = isItem ? 'a List item' : 'a manifest';
  return {
    code: 'not-an-object',
    source,
    message: `Invalid value: ${describeValue(value)}: ${what} must be a mapping with apiVersion, kind and metadata`,
    hint: Array.isArray(value) && !isItem ? 'separate manifests with --- lines, or put them under the items of a kind: List' : undefined,
  };
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
