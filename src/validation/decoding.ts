/*
 * What the API server's decoder refuses before any validation runs: a value of the wrong JSON
 * type (`port: {}`, `labels: [a]`) and, because `kubectl apply` asks for strict field
 * validation by default, a field the type does not have (`podselector`, `status`).
 *
 * The decoder's own text (`json: cannot unmarshal object into Go struct field ...`) names Go
 * types rather than fields, so type errors are reported as `Invalid value` at the field's path.
 * Unknown fields keep the decoder's words: `strict decoding error: unknown field "spec.x"`.
 * JSON `null` means what it means to Go's decoder: an absent field, an empty list or map entry.
 */

import { FieldError, FieldPath, invalid, PathLike } from './field-error';
import { Problem } from '../evaluator/errors';
import { closest } from '../evaluator/text';

/** A JSON object as decoded from YAML or JSON. */
export type Json = Record<string, unknown>;

/** Collects problems in the API server's order while an object is walked. */
export interface Walk {
  readonly problems: Problem[];
  /** Report fields the type does not have (kubectl's default `--validate=strict`). */
  readonly rejectUnknownFields: boolean;
}

const TYPE_VALUE_LIMIT = 80;

/** `p: Invalid value: <v>: must be <expected>` for a value of the wrong JSON type, long values shortened. */
export function typeError(path: PathLike, value: unknown, expected: string): FieldError {
  return invalid(path, shorten(value), `must be ${expected}`);
}

function typeMismatch(walk: Walk, path: FieldPath, value: unknown, expected: string, hint?: string): void {
  walk.problems.push({ code: 'invalid-type', ...typeError(path, value, expected), ...(hint ? { hint } : {}) });
}

function shorten(value: unknown): string | number | boolean | Json | unknown[] | null {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'string') return value.length > TYPE_VALUE_LIMIT ? `${value.slice(0, TYPE_VALUE_LIMIT)}...` : value;
  const json = JSON.stringify(value) ?? 'null';
  return json.length > TYPE_VALUE_LIMIT ? `${json.slice(0, TYPE_VALUE_LIMIT)}...` : (value as Json | unknown[]);
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object field: undefined when absent or of another type (reported). */
export function objectAt(walk: Walk, value: unknown, path: FieldPath, knownFields: readonly string[]): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    typeMismatch(walk, path, value, 'an object');
    return undefined;
  }
  reportUnknownFields(walk, value, path, knownFields);
  return value;
}

/** A list field: undefined when absent or of another type (reported). */
export function listAt(walk: Walk, value: unknown, path: FieldPath): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    typeMismatch(walk, path, value, 'a list');
    return undefined;
  }
  return value;
}

/** A string field: undefined when absent or of another type (reported). */
export function stringAt(walk: Walk, value: unknown, path: FieldPath, hint?: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    typeMismatch(walk, path, value, 'a string', hint);
    return undefined;
  }
  return value;
}

/** The string Go would decode: `''` when absent, undefined when of another type (reported). */
export function goStringAt(walk: Walk, value: unknown, path: FieldPath): string | undefined {
  return value === undefined || value === null ? '' : stringAt(walk, value, path);
}

/**
 * A list of strings, positions kept so paths stay right; entries of another type are reported
 * and come back undefined.
 */
export function stringListAt(walk: Walk, value: unknown, path: FieldPath): Array<string | undefined> | undefined {
  return listAt(walk, value, path)?.map((entry, i) => goStringAt(walk, entry, path.index(i)));
}

/**
 * A `map[string]string` (labels, annotations, matchLabels), keys sorted so that problems come
 * out in a stable order (Go's map order is random). Values of another type are reported at
 * `path[key]` and left out.
 */
export function stringMapAt(walk: Walk, value: unknown, path: FieldPath): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) {
    typeMismatch(walk, path, value, 'a map of string keys to string values');
    return [];
  }
  const entries: Array<[string, string]> = [];
  for (const key of Object.keys(value).sort()) {
    // A null value decodes as "", as Go's decoder leaves a string's zero value.
    const entry = value[key] ?? '';
    if (typeof entry !== 'string') {
      typeMismatch(walk, path.key(key), entry, 'a string', 'quote numbers and booleans in YAML, e.g. "true"');
      continue;
    }
    entries.push([key, entry]);
  }
  return entries;
}

/** An int32 field: undefined when absent or of another type (reported). */
export function integerAt(walk: Walk, value: unknown, path: FieldPath): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    const hint = typeof value === 'string' && /^\d+$/.test(value) ? `write it unquoted: ${value}` : undefined;
    typeMismatch(walk, path, value, 'an integer', hint);
    return undefined;
  }
  return value;
}

/** `strict decoding error: unknown field "<path>"` for every key the type does not have. */
export function reportUnknownFields(walk: Walk, object: Json, path: FieldPath, knownFields: readonly string[]): void {
  if (!walk.rejectUnknownFields) return;
  for (const key of Object.keys(object).sort()) {
    if (knownFields.includes(key)) continue;
    const field = path.child(key).toString();
    const suggestion = closest(key, knownFields) ?? knownFields.find((known) => known.toLowerCase() === key.toLowerCase());
    walk.problems.push({
      code: 'unknown-field',
      field,
      message: `strict decoding error: unknown field "${field}"`,
      ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
    });
  }
}
