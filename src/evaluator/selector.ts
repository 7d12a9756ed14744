import { Problem } from './errors';
import { typeError } from '../validation/decoding';
import { forbidden, invalid, required } from '../validation/field-error';
import { invalidOperator, SELECTOR_MESSAGES } from '../validation/label-selector';
import { labelKeyErrors } from '../validation/names';

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** metav1.LabelSelector as it appears in manifests. */
export interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
const OPERATORS: readonly Operator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** One requirement of a compiled selector (matchLabels entries become `In` with one value). */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: ReadonlySet<string>;
}

/** A label selector compiled once: every requirement (matchLabels become `In`) ANDed. */
export class CompiledSelector {
  /** Canonical text, equal for equal selectors: the cache key for selections. */
  public readonly key: string;

  /** @param requirements every requirement, ANDed (read by lint's containment and overlap proofs) */
  constructor(public readonly requirements: readonly Requirement[]) {
    this.key = requirements.length === 0 ? '{}' : requirements.map(describeRequirement).join(',');
  }

  /** The empty selector `{}` matches everything. */
  public get isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  public matches(labels: Labels): boolean {
    for (const req of this.requirements) {
      if (!requirementMatches(req, labels)) return false;
    }
    return true;
  }

  /** The requirements that these labels fail, in words (`app=frontend`, `!tier`). */
  public unmet(labels: Labels): string[] {
    return this.requirements.filter((req) => !requirementMatches(req, labels)).map(describeRequirement);
  }

  /** Every label key this selector reads (for lint's typo detection). */
  public get keys(): string[] {
    return this.requirements.map((req) => req.key);
  }

  /** Keys with the values an object must carry (`In` with one value, from matchLabels or expressions). */
  public get requiredPairs(): Array<[string, string]> {
    return this.requirements
      .filter((req) => req.operator === 'In' && req.values.size === 1)
      .map((req) => [req.key, [...req.values][0]]);
  }

  public toString(): string {
    return this.isEmpty ? '{} (everything)' : this.key;
  }
}

function requirementMatches(req: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case 'In': return has && req.values.has(labels[req.key]);
    case 'NotIn': return !has || !req.values.has(labels[req.key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
  }
}

function describeRequirement(req: Requirement): string {
  const values = [...req.values].sort();
  switch (req.operator) {
    case 'In': return values.length === 1 ? `${req.key}=${values[0]}` : `${req.key} in (${values.join(',')})`;
    case 'NotIn': return `${req.key} notin (${values.join(',')})`;
    case 'Exists': return req.key;
    case 'DoesNotExist': return `!${req.key}`;
  }
}

/**
 * Compiles a selector, reporting malformed parts to `problems` with field paths under `path`.
 * Semantic validation (key syntax, value rules) is the validator's job; this only refuses what
 * cannot be evaluated.
 */
export function compileSelector(selector: unknown, path: string, problems: Problem[]): CompiledSelector {
  if (selector === undefined || selector === null) return new CompiledSelector([]);
  if (typeof selector !== 'object' || Array.isArray(selector)) {
    problems.push({ code: 'invalid-type', ...typeError(path, selector, 'an object') });
    return new CompiledSelector([]);
  }
  const sel = selector as LabelSelector;
  const requirements: Requirement[] = [];
  const matchLabels = sel.matchLabels ?? {};
  if (typeof matchLabels !== 'object' || Array.isArray(matchLabels)) {
    problems.push({ code: 'invalid-type', ...typeError(`${path}.matchLabels`, matchLabels, 'a map of string keys to string values') });
  } else {
    for (const key of Object.keys(matchLabels).sort()) {
      const value = (matchLabels as Record<string, unknown>)[key];
      if (typeof value !== 'string') {
        problems.push({ code: 'invalid-type', ...typeError(`${path}.matchLabels[${key}]`, value, 'a string'), hint: 'quote numbers and booleans in YAML, e.g. "true"' });
        continue;
      }
      requirements.push({ key, operator: 'In', values: new Set([value]) });
    }
  }
  const expressions = sel.matchExpressions ?? [];
  if (!Array.isArray(expressions)) {
    problems.push({ code: 'invalid-type', ...typeError(`${path}.matchExpressions`, expressions, 'a list') });
  } else {
    expressions.forEach((expr, i) => {
      const req = compileRequirement(expr, `${path}.matchExpressions[${i}]`, problems);
      if (req) requirements.push(req);
    });
  }
  return new CompiledSelector(requirements);
}

function compileRequirement(expr: LabelSelectorRequirement, path: string, problems: Problem[]): Requirement | undefined {
  if (typeof expr !== 'object' || expr === null) {
    problems.push({ code: 'invalid-type', ...typeError(path, expr, 'an object') });
    return undefined;
  }
  if (typeof expr.key !== 'string' || expr.key === '') {
    problems.push(typeof expr.key === 'string' ? { code: 'invalid-label-key', ...invalid(`${path}.key`, '', labelKeyErrors('')[0]) } : { code: 'invalid-type', ...typeError(`${path}.key`, expr.key, 'a string') });
    return undefined;
  }
  if (!OPERATORS.includes(expr.operator as Operator)) {
    problems.push(typeof expr.operator === 'string' || expr.operator == null ? invalidOperator(`${path}.operator`, expr.operator ?? '') : { code: 'invalid-type', ...typeError(`${path}.operator`, expr.operator, 'a string') });
    return undefined;
  }
  const operator = expr.operator as Operator;
  const values = expr.values ?? [];
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
    problems.push({ code: 'invalid-type', ...typeError(`${path}.values`, values, 'a list of strings') });
    return undefined;
  }
  const needsValues = operator === 'In' || operator === 'NotIn';
  if (needsValues && values.length === 0) {
    problems.push({ code: 'selector-values-required', ...required(`${path}.values`, SELECTOR_MESSAGES.valuesRequired) });
    return undefined;
  }
  if (!needsValues && values.length > 0) {
    problems.push({ code: 'selector-values-forbidden', ...forbidden(`${path}.values`, SELECTOR_MESSAGES.valuesForbidden) });
    return undefined;
  }
  return { key: expr.key, operator, values: new Set(values) };
}
