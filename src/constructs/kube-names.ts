import { Problem, ProblemCollector } from '../evaluator/errors';
import { dns1123LabelErrors, labelKeyErrors, labelValueErrors, portNameErrors } from '../validation/names';

/*
 * The API server's name rules (from the validator) applied where our value factories take a
 * label or port name, so a bad one fails where it is written instead of at `kubectl apply`.
 */

export { labelKeyErrors, labelValueErrors, portNameErrors };

/** Why `name` is not a valid namespace name (an RFC 1123 label). */
export const namespaceNameErrors = dns1123LabelErrors;

/** One `Invalid value` problem per error, for the factory named `object`. */
export function addInvalid(
  collector: ProblemCollector, object: string, field: string, value: string | number, errors: readonly string[], hint?: string,
): void {
  for (const error of errors) collector.add(invalidValue(object, field, value, error, hint));
}

export function invalidValue(object: string, field: string, value: string | number, detail: string, hint?: string, code = 'invalid-value'): Problem {
  return { code, object, field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}`, hint };
}

/** Checks every key and value of a label map (matchLabels, namespace or pod labels). */
export function checkLabels(collector: ProblemCollector, object: string, field: string, labels: { [key: string]: string }): void {
  for (const key of Object.keys(labels).sort()) {
    addInvalid(collector, object, field, key, labelKeyErrors(key));
    const value = labels[key];
    if (typeof value !== 'string') {
      collector.add(invalidValue(object, `${field}.${key}`, String(value), 'label values must be strings'));
      continue;
    }
    addInvalid(collector, object, `${field}.${key}`, value, labelValueErrors(value));
  }
}
