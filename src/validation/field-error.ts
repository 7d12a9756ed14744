/*
 * The API server's field errors (`k8s.io/apimachinery/pkg/util/validation/field`), rendered
 * byte for byte as `ErrorBody()` does, so that our messages read exactly like `kubectl apply`'s.
 */

/** A field path in the API server's notation: `spec.ingress[0].from[1].ipBlock.cidr`. */
export class FieldPath {
  /** The root of a path (`metadata`, `spec`). */
  public static root(name: string): FieldPath {
    return new FieldPath(name);
  }

  private constructor(private readonly text: string) {}

  public child(name: string): FieldPath {
    return new FieldPath(this.text === '' ? name : `${this.text}.${name}`);
  }

  public index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  /** A map key, as `field.Path.Key` renders it: `metadata.labels[app]`. */
  public key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  public toString(): string {
    return this.text;
  }
}

/** A path as a `FieldPath` or already rendered (`spec.ingress[0].ports[1]`). */
export type PathLike = FieldPath | string;

/** A path and the message after it; the caller adds the stable code. No field: the whole object. */
export interface FieldError {
  readonly field?: string;
  readonly message: string;
}

/**
 * A value of a named Go string type (`Protocol`, `PolicyType`, `LabelSelectorOperator`).
 * The API server prints those with `json.Marshal` rather than `%q`; the two differ only for
 * `<`, `>`, `&` and some invisible characters, but we reproduce the difference.
 */
export class NamedString {
  constructor(public readonly text: string) {}
}

/** What a field error may carry as its bad value. */
export type BadValue = string | number | boolean | NamedString | readonly unknown[] | Record<string, unknown> | null | undefined;

/** `p: Invalid value: <v>: detail` (`field.Invalid`). */
export function invalid(path: PathLike, value: BadValue, detail: string): FieldError {
  return error(path, `Invalid value: ${renderValue(value)}`, detail);
}

/** `p: Required value` or `p: Required value: detail` (`field.Required`). */
export function required(path: PathLike, detail = ''): FieldError {
  return error(path, 'Required value', detail);
}

/** `p: Forbidden: detail` (`field.Forbidden`). */
export function forbidden(path: PathLike, detail: string): FieldError {
  return error(path, 'Forbidden', detail);
}

/** `p: Unsupported value: <v>: supported values: "A", "B"` (`field.NotSupported`). */
export function notSupported(path: PathLike, value: BadValue, supported: readonly string[]): FieldError {
  const detail = supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return error(path, `Unsupported value: ${renderValue(value)}`, detail);
}

/** `p: Too long: may not be more than N bytes` (`field.TooLong`; the value is never printed). */
export function tooLong(path: PathLike, maxLength: number): FieldError {
  return error(path, 'Too long', `may not be more than ${maxLength} byte${maxLength === 1 ? '' : 's'}`);
}

/** `p: Duplicate value: <v>` (`field.Duplicate`). */
export function duplicate(path: PathLike, value: BadValue): FieldError {
  return error(path, `Duplicate value: ${renderValue(value)}`, '');
}

function error(path: PathLike, head: string, detail: string): FieldError {
  const message = detail === '' ? head : `${head}: ${detail}`;
  const field = String(path);
  return field === '' ? { message } : { field, message };
}

/**
 * A bad value as `ErrorBody()` prints it: Go strings with `%q`, numbers and booleans bare,
 * named strings, lists and maps as JSON.
 */
export function renderValue(value: BadValue): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof NamedString) return goJson(value.text);
  return goJson(value ?? null);
}

/** Go's `json.Marshal`: JSON with `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\',
};

/** Go's `strconv.Quote` (`%q`): printable characters as they are, the rest escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const escape = SIMPLE_ESCAPES[char];
    if (escape !== undefined) out += escape;
    else if (isGoPrintable(char)) out += char;
    else out += escapeCodePoint(char.codePointAt(0)!);
  }
  return `${out}"`;
}

function isGoPrintable(char: string): boolean {
  return char === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(char);
}

function escapeCodePoint(code: number): string {
  // Lone surrogates cannot come from valid UTF-8; Go's decoder would have replaced them.
  if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
