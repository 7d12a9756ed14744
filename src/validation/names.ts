/*
 * The API server's syntax checks for names, label keys and values, and ports
 * (`k8s.io/apimachinery/pkg/util/validation` and `pkg/api/validate/content`, Kubernetes 1.37).
 * Each returns every message that applies, in the API server's order; none means valid.
 *
 * Lengths are UTF-8 bytes, as Go's `len`. The wording of length errors differs by package:
 * names and port names say `characters` (util), label keys and values say `bytes` (content).
 */

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_MAX = 63;
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;
const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/* Longest label key name part and label value. */
const LABEL_MAX_LENGTH = 63;
const PORT_NAME_MAX = 15;

const DNS1123_LABEL = anchored(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN = anchored(DNS1123_SUBDOMAIN_FMT);
const LABEL_KEY_NAME = anchored(LABEL_KEY_FMT);
const LABEL_VALUE = anchored(LABEL_VALUE_FMT);

function anchored(fmt: string): RegExp {
  return new RegExp(`^${fmt}$`);
}

/** Go's `RegexError`, including its double space before ` or `. */
function regexError(message: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${fmt}')`;
  return `${message} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** `must be no more than N characters` (util/validation's `MaxLenError`). */
function maxCharactersError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** `must be no more than N bytes` (validate/content's `MaxLenError`). */
function maxBytesError(length: number): string {
  return `must be no more than ${length} bytes`;
}

/** `must be between 1 and 65535, inclusive` (`InclusiveRangeError`). */
export function inclusiveRangeError(low: number, high: number): string {
  return `must be between ${low} and ${high}, inclusive`;
}

/** Byte length of the UTF-8 encoding, as Go's `len` of a string. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** `IsDNS1123Subdomain` as util/validation has it: metadata.name and generateName. */
export function dns1123SubdomainErrors(value: string): string[] {
  return subdomainErrors(value, maxCharactersError);
}

function subdomainErrors(value: string, maxLenError: (n: number) => string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX) errors.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN.test(value)) errors.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errors;
}

/** `IsDNS1123Label`: metadata.namespace. */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX) errors.push(maxCharactersError(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL.test(value)) {
    // A valid subdomain that is no valid label (the length is already reported) has dots.
    errors.push(DNS1123_SUBDOMAIN.test(value) ? 'must not contain dots' : regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errors;
}

/**
 * `IsLabelKey` (a.k.a. `IsQualifiedName`): an optional lowercase DNS subdomain prefix and `/`,
 * then a name of at most 63 alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric.
 */
export function labelKeyErrors(value: string): string[] {
  const slash = value.indexOf('/');
  if (slash >= 0 && value.indexOf('/', slash + 1) >= 0) {
    return [`a valid label key ${regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const errors: string[] = [];
  const name = slash < 0 ? value : value.slice(slash + 1);
  if (slash >= 0) {
    const prefix = value.slice(0, slash);
    if (prefix === '') errors.push('prefix part must be non-empty');
    else errors.push(...subdomainErrors(prefix, maxBytesError).map((m) => `prefix part ${m}`));
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (utf8Length(name) > LABEL_MAX_LENGTH) errors.push(`name part ${maxBytesError(LABEL_MAX_LENGTH)}`);
  if (!LABEL_KEY_NAME.test(name)) errors.push(`name part ${regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

/** `IsLabelValue`: empty, or at most 63 alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > LABEL_MAX_LENGTH) errors.push(maxBytesError(LABEL_MAX_LENGTH));
  if (!LABEL_VALUE.test(value)) errors.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errors;
}

/** `IsValidPortNum`: 1 to 65535. */
export function portNumberErrors(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/**
 * `IsValidPortName` (IANA_SVC_NAME): at most 15 characters of `a-z`, `0-9` and `-`, at least
 * one letter, no leading, trailing or doubled `-`.
 */
export function portNameErrors(port: string): string[] {
  const errors: string[] = [];
  if (utf8Length(port) > PORT_NAME_MAX) errors.push(maxCharactersError(PORT_NAME_MAX));
  if (!/^[-a-z0-9]+$/.test(port)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errors.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errors.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}
