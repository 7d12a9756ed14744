import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, Problem } from '../evaluator/errors';
import { SourcedObject } from '../evaluator/kube';
import { compareStrings } from '../evaluator/text';
import { describeSource, parseDocuments, parseManifests, PathStep } from '../manifests/parse';

/** What a command may touch: streams and the file system (in-process tests pass fakes). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of stdin (for `-`). */
  readonly readStdin: () => Promise<string>;
  /** Whether stderr is a terminal (progress is shown only then). */
  readonly stderrIsTty: boolean;
  /** Whether stdout is a terminal (tables then use Unicode marks, with a UTF-8 locale). */
  readonly stdoutIsTty?: boolean;
  /** `LC_ALL`, else `LC_CTYPE`, else `LANG`. */
  readonly locale?: string;
  readonly cwd: string;
}

/** The name messages give to standard input. */
export const STDIN_NAME = '<stdin>';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Reads manifests from files, directories (recursive, sorted, .yaml/.yml/.json only, hidden
 * entries skipped) and `-` (stdin). A file named twice, directly or through a directory, is
 * read once. Every problem in every path is collected and thrown together.
 */
export async function readManifestPaths(paths: readonly string[], io: CliIo): Promise<SourcedObject[]> {
  const stdin = paths.includes('-') ? await io.readStdin() : '';
  const objects: SourcedObject[] = [];
  const problems: Problem[] = [];
  const attempt = <T>(read: () => T[]): T[] => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      return [];
    }
  };
  const seen = new Set<string>();
  for (const given of paths) {
    const files = given === '-' ? [given] : attempt(() => listManifestFiles(given, io.cwd));
    for (const file of files) {
      const key = file === '-' ? file : realPath(path.resolve(io.cwd, file));
      if (seen.has(key)) continue;
      seen.add(key);
      objects.push(...attempt(() => (file === '-' ? parseManifests(stdin, STDIN_NAME) : parseManifests(readTextFile(file, io.cwd), file))));
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}

/**
 * The manifest files behind a path, as given or joined onto it: the file itself, or every
 * .yaml/.yml/.json file below a directory, sorted by name at each level. Symbolic links are
 * followed (each directory once); names starting with `.` (`.git`, `.github`) are skipped.
 */
export function listManifestFiles(given: string, cwd: string): string[] {
  const stat = statOrThrow(given, cwd);
  if (stat.isFile()) return [given];
  if (!stat.isDirectory()) throw new InputError([{ code: 'not-a-file', source: given, message: 'not a file or a directory' }]);
  const found: string[] = [];
  const visited = new Set<string>();
  const walk = (dir: string) => {
    const real = realPath(path.resolve(cwd, dir));
    if (visited.has(real)) return;
    visited.add(real);
    for (const name of readDirectory(dir, cwd)) {
      if (name.startsWith('.')) continue;
      const child = path.join(dir, name);
      const entry = statOrThrow(child, cwd);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(name).toLowerCase())) found.push(child);
    }
  };
  walk(given);
  if (found.length === 0) {
    throw new InputError([{ code: 'no-manifests', source: given, message: 'this directory holds no .yaml, .yml or .json file', hint: 'hidden files and directories are skipped' }]);
  }
  return found;
}

/** What a single-document file (a flows file) holds, with the lines of its parts for messages. */
export interface SingleDocument {
  readonly document: unknown;
  /** The file's name in messages (`<stdin>` for `-`). */
  readonly source: string;
  /** `file (document N, line L)` for the node at `path` (or its deepest existing ancestor). */
  sourceAt(path: readonly PathStep[]): string;
}

/** Reads one YAML/JSON file that holds a single document (a flows file, a profile). */
export async function readSingleDocument(file: string, io: CliIo): Promise<SingleDocument> {
  const text = file === '-' ? await io.readStdin() : readTextFile(file, io.cwd);
  const source = file === '-' ? STDIN_NAME : file;
  const documents = parseDocuments(text, source).filter((d) => d.value !== null);
  if (documents.length !== 1) {
    const found = documents.length === 0 ? 'it is empty' : `found ${documents.length}, at lines ${documents.map((d) => d.line).join(', ')}`;
    throw new InputError([{ code: 'invalid-document', source, message: `expected exactly one YAML document; ${found}` }]);
  }
  const [only] = documents;
  return { document: only.value, source, sourceAt: (at) => describeSource(source, only.number, only.lineAt(at)) };
}

/** Replaces control characters, so input cannot break a line of output or drive the terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function readTextFile(file: string, cwd: string): string {
  try {
    return fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new InputError([fileProblem(file, error, 'cannot read this file')]);
  }
}

function readDirectory(dir: string, cwd: string): string[] {
  try {
    return fs.readdirSync(path.resolve(cwd, dir)).sort(compareStrings);
  } catch (error) {
    throw new InputError([fileProblem(dir, error, 'cannot read this directory')]);
  }
}

function statOrThrow(file: string, cwd: string): fs.Stats {
  try {
    return fs.statSync(path.resolve(cwd, file));
  } catch (error) {
    throw new InputError([fileProblem(file, error, 'cannot read it')]);
  }
}

function realPath(full: string): string {
  try {
    return fs.realpathSync(full);
  } catch {
    return full;
  }
}

const FS_ERRORS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ELOOP: 'too many levels of symbolic links',
  ERR_STRING_TOO_LONG: 'too large to read into memory',
};

/** A file system error as a problem: `path: no such file or directory`, `path: cannot read this file: permission denied`. */
function fileProblem(file: string, error: unknown, action: string): Problem {
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'not-found', source: file, message: 'no such file or directory' };
  const reason = FS_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
  return { code: 'unreadable', source: file, message: `${action}: ${reason}` };
}
