import { goStringAt, listAt, objectAt, stringListAt, stringMapAt, Walk } from './decoding';
import { FieldPath, forbidden, invalid, NamedString, PathLike, required } from './field-error';
import { labelKeyErrors, labelValueErrors } from './names';
import { Problem } from '../evaluator/errors';
import { closest } from '../evaluator/text';

/** The four `metav1.LabelSelectorOperator`s; case matters. */
export const SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Details of the requirement rules, shared with the evaluator's own checks. */
export const SELECTOR_MESSAGES = {
  valuesRequired: "must be specified when `operator` is 'In' or 'NotIn'",
  valuesForbidden: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
  invalidOperator: 'not a valid selector operator',
} as const;

const SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'];
const REQUIREMENT_FIELDS = ['key', 'operator', 'values'];

/**
 * `ValidateLabels`: each key is a label key and each value a label value. Like the API server,
 * errors name the map (`metadata.labels`), not the key; the bad key or value is in the message.
 */
export function validateLabels(walk: Walk, labels: unknown, path: FieldPath): void {
  for (const [key, value] of stringMapAt(walk, labels, path)) {
    validateLabelKey(walk, key, path);
    for (const detail of labelValueErrors(value)) walk.problems.push({ code: 'invalid-label-value', ...invalid(path, value, detail) });
  }
}

/** `ValidateLabelName`: a label key, reported at `path`. */
export function validateLabelKey(walk: Walk, key: string, path: FieldPath): void {
  for (const detail of labelKeyErrors(key)) walk.problems.push({ code: 'invalid-label-key', ...invalid(path, key, detail) });
}

/**
 * `ValidateLabelSelector` with the options of a create (values are validated): matchLabels,
 * then each matchExpressions entry (operator and values, key, each value).
 */
export function validateLabelSelector(walk: Walk, selector: unknown, path: FieldPath): void {
  const object = objectAt(walk, selector, path, SELECTOR_FIELDS);
  if (!object) return;
  validateLabels(walk, object.matchLabels, path.child('matchLabels'));
  const expressions = listAt(walk, object.matchExpressions, path.child('matchExpressions'));
  expressions?.forEach((expression, i) => validateRequirement(walk, expression ?? {}, path.child('matchExpressions').index(i)));
}

function validateRequirement(walk: Walk, expression: unknown, path: FieldPath): void {
  const requirement = objectAt(walk, expression, path, REQUIREMENT_FIELDS);
  if (!requirement) return;
  const operator = goStringAt(walk, requirement.operator, path.child('operator'));
  const values = stringListAt(walk, requirement.values, path.child('values')) ?? [];
  if (operator !== undefined) validateOperator(walk, operator, values.length, path);
  const key = goStringAt(walk, requirement.key, path.child('key'));
  if (key !== undefined) validateLabelKey(walk, key, path.child('key'));
  values.forEach((value, i) => {
    if (value === undefined) return;
    const valuePath = path.child('values').index(i);
    for (const detail of labelValueErrors(value)) walk.problems.push({ code: 'invalid-label-value', ...invalid(valuePath, value, detail) });
  });
}

/** In and NotIn need values, Exists and DoesNotExist must have none, nothing else is an operator. */
function validateOperator(walk: Walk, operator: string, valueCount: number, path: FieldPath): void {
  const valuesPath = path.child('values');
  if (operator === 'In' || operator === 'NotIn') {
    if (valueCount === 0) walk.problems.push({ code: 'selector-values-required', ...required(valuesPath, SELECTOR_MESSAGES.valuesRequired) });
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (valueCount > 0) walk.problems.push({ code: 'selector-values-forbidden', ...forbidden(valuesPath, SELECTOR_MESSAGES.valuesForbidden) });
  } else {
    walk.problems.push(invalidOperator(path.child('operator'), operator));
  }
}

/** `…operator: Invalid value: "in": not a valid selector operator`, with the likely intended one. */
export function invalidOperator(path: PathLike, operator: string): Problem {
  const suggestion = SELECTOR_OPERATORS.find((op) => op.toLowerCase() === operator.toLowerCase()) ?? closest(operator, SELECTOR_OPERATORS);
  return {
    code: 'invalid-selector-operator',
    ...invalid(path, new NamedString(operator), SELECTOR_MESSAGES.invalidOperator),
    ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
  };
}
