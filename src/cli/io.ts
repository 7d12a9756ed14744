import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../evaluator/errors';
import { SourcedObject } from '../evaluator/kube';
import { parseManifests } from '../manifests/parse';

/** What a command may touch: streams and the file system (in-process tests pass fakes). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of stdin (for `-`). */
  readonly readStdin: () => Promise<string>;
  /** Whether stderr is a terminal (progress is shown only then). */
  readonly stderrIsTty: boolean;
  readonly cwd: string;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Reads manifests from files, directories (recursive, sorted) and `-` (stdin, read once). */
export async function readManifestPaths(paths: readonly string[], io: CliIo): Promise<SourcedObject[]> {
  const stdin = paths.includes('-') ? await io.readStdin() : '';
  const objects: SourcedObject[] = [];
  const errors: InputError[] = [];
  const attempt = (parse: () => SourcedObject[]) => {
    try {
      objects.push(...parse());
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(error);
    }
  };
  for (const given of new Set(paths)) {
    if (given === '-') {
      attempt(() => parseManifests(stripBom(stdin), '<stdin>'));
      continue;
    }
    attempt(() => listManifestFiles(given, io.cwd).flatMap((file) => parseManifests(readFileOrThrow(file, io.cwd), file)));
  }
  if (errors.length > 0) throw new InputError(errors.flatMap((e) => e.problems));
  return objects;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The manifest files behind a path: the file itself, or every .yaml/.yml/.json below a directory. */
export function listManifestFiles(given: string, cwd: string): string[] {
  const full = path.resolve(cwd, given);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    throw new InputError([{ code: 'not-found', source: given, message: 'no such file or directory' }]);
  }
  if (stat.isFile()) return [given];
  if (!stat.isDirectory()) throw new InputError([{ code: 'not-a-file', source: given, message: 'not a file or directory' }]);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.resolve(cwd, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) found.push(child);
    }
  };
  walk(given);
  return found;
}

/** Reads one YAML/JSON file that holds a single document (a flows file, a profile). */
export async function readSingleDocument(file: string, io: CliIo): Promise<{ document: unknown; source: string }> {
  const text = file === '-' ? await io.readStdin() : readFileOrThrow(file, io.cwd);
  const source = file === '-' ? '<stdin>' : file;
  return { document: parseSingle(text, source), source };
}

function readFileOrThrow(file: string, cwd: string): string {
  try {
    return stripBom(fs.readFileSync(path.resolve(cwd, file), 'utf8'));
  } catch {
    throw new InputError([{ code: 'not-found', source: file, message: 'cannot read this file' }]);
  }
}

function parseSingle(text: string, source: string): unknown {
  // The manifest parser gives error positions and limits; a flows file is one mapping.
  const objects = parseManifests(text, source).map((o) => o.object);
  if (objects.length !== 1) {
    throw new InputError([{ code: 'invalid-document', source, message: `expected exactly one YAML document, found ${objects.length}` }]);
  }
  return objects[0];
}
