import { integerAt, listAt, objectAt, stringAt, stringListAt, stringMapAt, Walk } from './decoding';
import { FieldPath, invalid, required, tooLong } from './field-error';
import { validateLabels } from './label-selector';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelKeyErrors, utf8Length } from './names';

/** Every field of `metav1.ObjectMeta`; anything else is an unknown field. */
const OBJECT_META_FIELDS = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** `TotalAnnotationSizeLimitB`: keys and values together, in bytes. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/**
 * `ValidateObjectMeta` for a namespaced object whose names are DNS-1123 subdomains
 * (`ValidateNetworkPolicyName`), as on create.
 *
 * An absent namespace is not an error: kubectl fills in the context's namespace before the
 * object reaches validation. When only generateName is given, the API server generates the name
 * first, so only generateName is checked. ownerReferences and managedFields are checked for
 * their JSON type only: manifests do not carry them, and cluster dumps carry valid ones.
 */
export function validateObjectMeta(walk: Walk, value: unknown): void {
  const path = FieldPath.root('metadata');
  const meta = objectAt(walk, value, path, OBJECT_META_FIELDS) ?? {};
  const generateName = stringAt(walk, meta.generateName, path.child('generateName')) ?? '';
  const name = stringAt(walk, meta.name, path.child('name'), 'quote names that YAML reads as numbers or booleans');
  if (generateName !== '') {
    for (const detail of dns1123SubdomainErrors(maskTrailingDash(generateName))) {
      walk.problems.push({ code: 'invalid-generate-name', ...invalid(path.child('generateName'), generateName, detail) });
    }
  }
  validateName(walk, name, meta.name, generateName, path.child('name'));
  validateNamespace(walk, meta.namespace, path.child('namespace'));
  const generation = integerAt(walk, meta.generation, path.child('generation'));
  if (generation !== undefined && generation < 0) {
    walk.problems.push({ code: 'invalid-generation', ...invalid(path.child('generation'), generation, 'must be greater than or equal to 0') });
  }
  validateLabels(walk, meta.labels, path.child('labels'));
  validateAnnotations(walk, meta.annotations, path.child('annotations'));
  listAt(walk, meta.ownerReferences, path.child('ownerReferences'));
  listAt(walk, meta.managedFields, path.child('managedFields'));
  validateFinalizers(walk, meta.finalizers, path.child('finalizers'));
}

function validateName(walk: Walk, name: string | undefined, raw: unknown, generateName: string, path: FieldPath): void {
  if (name === undefined && raw !== undefined && raw !== null) return;
  if (name === undefined || name === '') {
    if (generateName === '') walk.problems.push({ code: 'name-required', ...required(path, 'name or generateName is required') });
    return;
  }
  for (const detail of dns1123SubdomainErrors(name)) {
    walk.problems.push({ code: 'invalid-name', ...invalid(path, name, detail), ...nameHint(name) });
  }
}

/** A lowercase, dash-separated spelling of a name, when that is a valid one. */
function nameHint(name: string): { hint?: string } {
  const suggestion = name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return suggestion !== '' && suggestion !== name && dns1123SubdomainErrors(suggestion).length === 0 ? { hint: `did you mean "${suggestion}"?` } : {};
}

/** `NameIsDNSSubdomain(name, prefix=true)`: a trailing `-` is fine, and Go drops two characters for it. */
function maskTrailingDash(name: string): string {
  return name.endsWith('-') ? `${name.slice(0, Math.max(0, name.length - 2))}a` : name;
}

function validateNamespace(walk: Walk, value: unknown, path: FieldPath): void {
  const namespace = stringAt(walk, value, path) ?? '';
  for (const detail of namespace === '' ? [] : dns1123LabelErrors(namespace)) {
    walk.problems.push({ code: 'invalid-namespace', ...invalid(path, namespace, detail) });
  }
}

/** Keys are label keys once lowercased; keys and values together at most 256 KiB. */
function validateAnnotations(walk: Walk, value: unknown, path: FieldPath): void {
  let bytes = 0;
  for (const [key, annotation] of stringMapAt(walk, value, path)) {
    for (const detail of labelKeyErrors(key.toLowerCase())) walk.problems.push({ code: 'invalid-annotation-key', ...invalid(path, key, detail) });
    bytes += utf8Length(key) + utf8Length(annotation);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) walk.problems.push({ code: 'annotations-too-long', ...tooLong(path, ANNOTATIONS_MAX_BYTES) });
}

/**
 * Finalizers are label keys (errors at `metadata.finalizers`), orphan and foregroundDeletion
 * exclude each other, and (core's extra check) one without `/` must be a standard one.
 */
function validateFinalizers(walk: Walk, value: unknown, path: FieldPath): void {
  const entries = stringListAt(walk, value, path) ?? [];
  const finalizers = entries.filter((f): f is string => f !== undefined);
  for (const finalizer of finalizers) {
    for (const detail of labelKeyErrors(finalizer)) walk.problems.push({ code: 'invalid-finalizer', ...invalid(path, finalizer, detail) });
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    walk.problems.push({ code: 'invalid-finalizer', ...invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set') });
  }
  entries.forEach((finalizer, i) => {
    if (finalizer !== undefined && !finalizer.includes('/') && !STANDARD_FINALIZERS.includes(finalizer)) {
      walk.problems.push({ code: 'invalid-finalizer', ...invalid(path.index(i), finalizer, 'name is neither a standard finalizer name nor is it fully qualified') });
    }
  });
}
