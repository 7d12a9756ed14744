import { formatCidr, parseCidrSloppy, strictCidrViolation, unmappedCidr } from './cidr';
import { isObject, Json, reportUnknownFields, Walk } from './decoding';
import { duplicate, FieldError, FieldPath, forbidden, invalid, notSupported, required, tooLong } from './field-error';
import { validateLabelSelector } from './label-selector';
import { validateObjectMeta } from './object-meta';
import { CLUSTER_NETWORK_POLICY_API_VERSIONS } from '../evaluator/cluster-policy';
import { Problem } from '../evaluator/errors';
import { closest } from '../evaluator/text';

/**
 * policy.networking.k8s.io ClusterNetworkPolicy, validated as the API server validates it
 * against the network-policy-api CRD (bundle v0.2.0): the CRD's openAPI schema (rendered as the
 * apiextensions server renders kube-openapi results), its `x-kubernetes-list-type: set` lists,
 * then its CEL rules, which the server skips when a blocking schema error was found.
 *
 * On top of the CRD, like an implementation that has to convert the object: label selector
 * operators and values, and label syntax (the CRD types them as plain strings).
 */

/** The CRD channel installed: standard lacks nodes, domainNames, destinationNamedPort and the named-port rule. */
export type CrdChannel = 'standard' | 'experimental';

export interface ClusterNetworkPolicyValidationOptions {
  /**
   * Which CRD of the network-policy-api bundle the cluster has.
   * @default 'experimental'
   */
  readonly channel?: CrdChannel;
  /**
   * Refuse fields the CRD does not have, as `kubectl apply` does with its default
   * `--validate=strict`. Either way they are then pruned, as the API server prunes them,
   * and the rest is still checked.
   * @default true
   */
  readonly rejectUnknownFields?: boolean;
}

/** The DomainName pattern, as the CRD writes it (and as the API server quotes it). */
export const DOMAIN_NAME_PATTERN = '^(\\*\\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$';

/** Messages of the CRD's CEL rules, verbatim. */
export const CLUSTER_NETWORK_POLICY_MESSAGES = {
  invalidCidr: 'Invalid CIDR format provided',
  portRange: 'Start port must be less than End port',
  namedPortWithAddressPeer: 'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames',
  rulesNotChecked: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
} as const;

// ---- the CRD's schema, as data ----------------------------------------------------------

/** An `x-kubernetes-validations` rule: its message, and the rule itself on the node's value. */
interface CelRule {
  readonly code: string;
  readonly message: string;
  holds(value: any): boolean;
  hint?(value: any): string | undefined;
}

type SchemaNode = ObjectNode | ArrayNode | StringNode | IntegerNode | OpaqueNode;

interface ObjectNode {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly minProperties?: number;
  readonly maxProperties?: number;
  /** `additionalProperties`: a map whose values all have this schema. */
  readonly values?: SchemaNode;
  readonly rules?: readonly CelRule[];
  /** Checks beyond the CRD, run when the node passed the schema. */
  readonly beyondSchema?: (walk: CrdWalk, value: Json, path: FieldPath) => void;
}

interface ArrayNode {
  readonly type: 'array';
  readonly items: SchemaNode;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** `x-kubernetes-list-type: set`: no item twice. */
  readonly set?: boolean;
}

interface StringNode {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly rules?: readonly CelRule[];
}

interface IntegerNode {
  readonly type: 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Validated elsewhere (metadata) or dropped on create (status, with the status subresource). */
interface OpaqueNode {
  readonly type: 'opaque';
}

const STRING: StringNode = { type: 'string' };
const OPAQUE: OpaqueNode = { type: 'opaque' };
const MAX_LIST = 25;

function exactlyOne(properties: Record<string, SchemaNode>, extra: Partial<ObjectNode> = {}): ObjectNode {
  return { type: 'object', properties, minProperties: 1, maxProperties: 1, ...extra };
}

function list(items: SchemaNode, bounds: Partial<ArrayNode> = {}): ArrayNode {
  return { type: 'array', items, ...bounds };
}

const LABEL_SELECTOR: ObjectNode = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', properties: {}, values: STRING },
    matchExpressions: list({ type: 'object', required: ['key', 'operator'], properties: { key: STRING, operator: STRING, values: list(STRING) } }),
  },
  beyondSchema: (walk, selector, path) => validateLabelSelector({ problems: walk.schemaProblems, rejectUnknownFields: false }, selector, path),
};

const NAMESPACED_POD: ObjectNode = { type: 'object', required: ['podSelector'], properties: { namespaceSelector: LABEL_SELECTOR, podSelector: LABEL_SELECTOR } };

const PORT_NUMBER: IntegerNode = { type: 'integer', minimum: 1, maximum: 65535 };

const PORT_RANGE: ObjectNode = {
  type: 'object',
  required: ['end', 'start'],
  properties: { start: PORT_NUMBER, end: PORT_NUMBER },
  rules: [{
    code: 'invalid-port-range',
    message: CLUSTER_NETWORK_POLICY_MESSAGES.portRange,
    holds: (range) => range.start < range.end,
    hint: (range) => (range.start === range.end ? `for the single port ${range.start}, write number: ${range.start}` : undefined),
  }],
};

const TRANSPORT: ObjectNode = { type: 'object', minProperties: 1, properties: { destinationPort: exactlyOne({ number: PORT_NUMBER, range: PORT_RANGE }) } };

function cidrRule(masked: boolean): CelRule {
  return {
    code: 'invalid-cidr',
    message: CLUSTER_NETWORK_POLICY_MESSAGES.invalidCidr,
    holds: (text: string) => isCidr(text, masked),
    hint: (text: string) => cidrHint(text),
  };
}

/**
 * CEL `isCIDR` (Go's `netip.ParsePrefix`: no leading zeros, no zone; and no IPv4-mapped IPv6),
 * plus, for v1beta1, `cidr(self) == cidr(self).masked()`: no host bits set.
 */
function isCidr(text: string, masked: boolean): boolean {
  const cidr = parseCidrSloppy(text);
  if (!cidr) return false;
  const violation = strictCidrViolation(text, cidr);
  return violation === undefined || (violation === 'host-bits' && !masked);
}

/** The CIDR that was probably meant: canonical, unmapped, masked, or a bare address as a single-address CIDR. */
function cidrHint(text: string): string | undefined {
  const cidr = parseCidrSloppy(text);
  if (cidr) {
    const meant = strictCidrViolation(text, cidr) === 'ipv4-mapped' ? unmappedCidr(cidr) : formatCidr(cidr.network, cidr.prefix);
    return `did you mean "${meant}"?`;
  }
  const single = text.includes('/') ? undefined : parseCidrSloppy(`${text}/${text.includes(':') ? 128 : 32}`);
  return single ? `did you mean "${formatCidr(single.address, single.prefix)}"?` : undefined;
}

const NAMED_PORT_RULE: CelRule = {
  code: 'named-port-with-address-peer',
  message: CLUSTER_NETWORK_POLICY_MESSAGES.namedPortWithAddressPeer,
  holds: (rule) => !((rule.to ?? []).some((peer: Json) => isObject(peer) && ['networks', 'nodes', 'domainNames'].some((f) => peer[f] != null))
    && Array.isArray(rule.protocols) && rule.protocols.some((p: Json) => isObject(p) && p.destinationNamedPort != null)),
  hint: () => 'put the networks, nodes or domainNames peers in a rule of their own, with numeric ports',
};

/** The CRD of one channel, for one apiVersion (v1beta1 also wants CIDRs without host bits). */
function clusterNetworkPolicySchema(channel: CrdChannel, apiVersion: unknown): ObjectNode {
  const experimental = channel === 'experimental';
  const protocol = exactlyOne({ tcp: TRANSPORT, udp: TRANSPORT, sctp: TRANSPORT, ...(experimental ? { destinationNamedPort: STRING } : {}) });
  const protocols = list(protocol, { minItems: 1, maxItems: MAX_LIST });
  const cidr: StringNode = { type: 'string', maxLength: 43, rules: [cidrRule(apiVersion === 'policy.networking.k8s.io/v1beta1')] };
  const podPeers = { namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD };
  const egressPeer = exactlyOne({
    ...podPeers,
    ...(experimental ? { nodes: LABEL_SELECTOR } : {}),
    networks: list(cidr, { minItems: 1, maxItems: MAX_LIST, set: true }),
    ...(experimental ? { domainNames: list({ type: 'string', pattern: DOMAIN_NAME_PATTERN }, { minItems: 1, maxItems: MAX_LIST, set: true }) } : {}),
  });
  const rule = (peerField: 'from' | 'to', peer: ObjectNode, rules: CelRule[]): ObjectNode => ({
    type: 'object',
    required: ['action', peerField],
    properties: {
      name: { type: 'string', maxLength: 100 },
      action: { type: 'string', enum: ['Accept', 'Deny', 'Pass'] },
      [peerField]: list(peer, { minItems: 1, maxItems: MAX_LIST }),
      protocols,
    },
    rules,
  });
  const spec: ObjectNode = {
    type: 'object',
    required: ['priority', 'subject', 'tier'],
    properties: {
      tier: { type: 'string', enum: ['Admin', 'Baseline'] },
      priority: { type: 'integer', minimum: 0, maximum: 1000 },
      subject: exactlyOne(podPeers),
      ingress: list(rule('from', exactlyOne(podPeers), []), { maxItems: MAX_LIST }),
      egress: list(rule('to', egressPeer, experimental ? [NAMED_PORT_RULE] : []), { maxItems: MAX_LIST }),
    },
  };
  return { type: 'object', required: ['spec'], properties: { apiVersion: STRING, kind: STRING, metadata: OPAQUE, spec, status: OPAQUE } };
}

// ---- the walk --------------------------------------------------------------------------------

/** Problems in the API server's phases: decoding (`problems`), schema, list sets, then CEL rules. */
interface CrdWalk extends Walk {
  readonly schemaProblems: Problem[];
  readonly setProblems: Problem[];
  readonly celChecks: Array<() => Problem | undefined>;
  readonly channel: CrdChannel;
  /** A schema error that makes the API server skip the CEL rules. */
  blocked: boolean;
}

/**
 * Validates one ClusterNetworkPolicy as the API server does on create with the network-policy-api
 * CRD of the chosen channel installed. Returns every problem (none: `kubectl apply` accepts it),
 * each with the API field path and the API server's message after it.
 */
export function validateClusterNetworkPolicy(object: unknown, options: ClusterNetworkPolicyValidationOptions = {}): Problem[] {
  const walk: CrdWalk = {
    problems: [],
    schemaProblems: [],
    setProblems: [],
    celChecks: [],
    blocked: false,
    rejectUnknownFields: options.rejectUnknownFields ?? true,
    channel: options.channel ?? 'experimental',
  };
  if (!isObject(object)) {
    walk.problems.push({ code: 'invalid-type', ...invalid(FieldPath.root(''), typeName(object), 'must be an object (a ClusterNetworkPolicy manifest)') });
    return walk.problems;
  }
  const apiVersionProblem = checkApiVersion(object.apiVersion);
  const metadata = metadataProblems(object.metadata, walk.rejectUnknownFields);
  validateNode(walk, clusterNetworkPolicySchema(walk.channel, object.apiVersion), object, FieldPath.root(''));
  const celProblems = walk.blocked
    ? [{ code: 'validation-rules-not-checked', ...invalid(FieldPath.root(''), null, CLUSTER_NETWORK_POLICY_MESSAGES.rulesNotChecked) }]
    : walk.celChecks.map((check) => check()).filter((p): p is Problem => p !== undefined);
  return [...apiVersionProblem, ...walk.problems, ...metadata, ...walk.schemaProblems, ...walk.setProblems, ...celProblems];
}

/** A ClusterNetworkPolicy of the network-policy-api group (not another vendor's kind of that name, such as Antrea's). */
export function isClusterNetworkPolicy(object: unknown): object is Json {
  return isObject(object) && object.kind === 'ClusterNetworkPolicy' && typeof object.apiVersion === 'string' && object.apiVersion.startsWith(`${CLUSTER_NETWORK_POLICY_GROUP}/`);
}

const CLUSTER_NETWORK_POLICY_GROUP = 'policy.networking.k8s.io';

function checkApiVersion(apiVersion: unknown): Problem[] {
  if (typeof apiVersion === 'string' && CLUSTER_NETWORK_POLICY_API_VERSIONS.includes(apiVersion)) return [];
  return [{ code: 'unsupported-api-version', ...notSupported(FieldPath.root('apiVersion'), typeof apiVersion === 'string' ? apiVersion : null, CLUSTER_NETWORK_POLICY_API_VERSIONS) }];
}

/** `ValidateObjectMeta` for a cluster-scoped object: a DNS-subdomain name and no namespace. */
function metadataProblems(metadata: unknown, rejectUnknownFields: boolean): Problem[] {
  const walk: Walk = { problems: [], rejectUnknownFields };
  validateObjectMeta(walk, metadata);
  const namespace = isObject(metadata) ? metadata.namespace : undefined;
  if (typeof namespace === 'string' && namespace !== '') {
    walk.problems.push({
      code: 'namespace-on-cluster-scoped',
      ...forbidden(FieldPath.root('metadata').child('namespace'), 'not allowed on this type'),
      hint: 'ClusterNetworkPolicy is cluster-scoped: remove metadata.namespace (the API server drops it)',
    });
  }
  return walk.problems;
}

function validateNode(walk: CrdWalk, node: SchemaNode, value: unknown, path: FieldPath): void {
  if (node.type === 'opaque') return;
  const actual = typeName(value);
  if (actual !== node.type) {
    schemaError(walk, 'invalid-type', invalid(path, actual, `${path} in body must be of type ${node.type}: "${actual}"`), true, integerHint(node, value));
    return;
  }
  switch (node.type) {
    case 'object': return validateObject(walk, node, value as Json, path);
    case 'array': return validateArray(walk, node, value as unknown[], path);
    case 'string': return validateString(walk, node, value as string, path);
    case 'integer': return validateInteger(walk, node, value as number, path);
  }
}

function validateObject(walk: CrdWalk, node: ObjectNode, object: Json, path: FieldPath): void {
  const before = walk.schemaProblems.length;
  if (node.values === undefined) reportPrunedFields(walk, object, path, Object.keys(node.properties));
  const present = Object.keys(object).filter((key) => object[key] != null && (node.values !== undefined || key in node.properties));
  if (node.minProperties !== undefined && present.length < node.minProperties) {
    schemaError(walk, 'too-few-properties', invalid(path, present.length, `${path} in body should have at least ${node.minProperties} properties`), false);
  }
  if (node.maxProperties !== undefined && present.length > node.maxProperties) {
    schemaError(walk, 'too-many-properties', tooMany(path, present.length, node.maxProperties), true, `set only one of ${present.join(', ')}`);
  }
  for (const key of node.required ?? []) {
    if (object[key] == null) schemaError(walk, 'required', required(path.child(key)), true);
  }
  for (const key of present) {
    const child = node.values ?? node.properties[key];
    validateNode(walk, child, object[key], path.child(key));
  }
  // Selector rules beyond the CRD only for a selector the schema accepts, so nothing is said twice.
  if (walk.schemaProblems.length === before) node.beyondSchema?.(walk, object, path);
  for (const rule of node.rules ?? []) queueRule(walk, rule, object, path, 'object');
}

function validateArray(walk: CrdWalk, node: ArrayNode, items: unknown[], path: FieldPath): void {
  if (node.minItems !== undefined && items.length < node.minItems) {
    schemaError(walk, 'too-few-items', invalid(path, items.length, `${path} in body should have at least ${node.minItems} items`), false, items.length === 0 ? 'omit the field instead of an empty list' : undefined);
  }
  if (node.maxItems !== undefined && items.length > node.maxItems) {
    schemaError(walk, 'too-many-items', tooMany(path, items.length, node.maxItems), true);
  }
  items.forEach((item, i) => validateNode(walk, node.items, item, path.index(i)));
  if (node.set) reportDuplicates(walk, items, path);
}

/** `x-kubernetes-list-type: set`: every repeat of an earlier item. */
function reportDuplicates(walk: CrdWalk, items: unknown[], path: FieldPath): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) walk.setProblems.push({ code: 'duplicate', ...duplicate(path.index(i), item as string) });
    seen.add(key);
  });
}

function validateString(walk: CrdWalk, node: StringNode, text: string, path: FieldPath): void {
  if (node.maxLength !== undefined && [...text].length > node.maxLength) {
    schemaError(walk, 'too-long', tooLong(path, node.maxLength), true);
  }
  if (node.pattern !== undefined && !new RegExp(node.pattern).test(text)) {
    schemaError(walk, 'pattern-mismatch', invalid(path, text, `${path} in body should match '${node.pattern}'`), false);
  }
  if (node.enum !== undefined && !node.enum.includes(text)) {
    const suggestion = node.enum.find((v) => v.toLowerCase() === text.toLowerCase()) ?? (text === 'Allow' ? 'Accept' : closest(text, node.enum));
    schemaError(walk, 'unsupported-value', notSupported(path, text, node.enum), true, suggestion ? `did you mean "${suggestion}"?` : undefined);
  }
  for (const rule of node.rules ?? []) queueRule(walk, rule, text, path, 'string');
}

function validateInteger(walk: CrdWalk, node: IntegerNode, value: number, path: FieldPath): void {
  if (node.maximum !== undefined && value > node.maximum) {
    schemaError(walk, 'out-of-range', invalid(path, value, `${path} in body should be less than or equal to ${node.maximum}`), false);
  }
  if (node.minimum !== undefined && value < node.minimum) {
    schemaError(walk, 'out-of-range', invalid(path, value, `${path} in body should be greater than or equal to ${node.minimum}`), false);
  }
}

/**
 * CEL rules run after the schema, and only when it found no blocking error (so every value has its
 * type and required fields); failures read `Invalid value: "<type>": <message>`.
 */
function queueRule(walk: CrdWalk, rule: CelRule, value: any, path: FieldPath, type: string): void {
  walk.celChecks.push(() => (rule.holds(value) ? undefined : {
    code: rule.code,
    ...invalid(path, type, rule.message),
    ...hintOf(rule.hint?.(value)),
  }));
}

/**
 * One schema error. Required, enum, maxLength, maxItems, maxProperties and type errors are the
 * ones that make the API server skip the CEL rules (`hasBlockingErr`).
 */
function schemaError(walk: CrdWalk, code: string, error: FieldError, blocking: boolean, hint?: string): void {
  walk.schemaProblems.push({ code, ...error, ...hintOf(hint) });
  if (blocking) walk.blocked = true;
}

function hintOf(hint: string | undefined): { hint?: string } {
  return hint ? { hint } : {};
}

/** `field.TooMany`: `Too many: 26: must have at most 25 items`. */
function tooMany(path: FieldPath, actual: number, max: number): FieldError {
  return { field: path.toString(), message: `Too many: ${actual}: must have at most ${max} ${max === 1 ? 'item' : 'items'}` };
}

/**
 * Fields the CRD does not have (refused under `--validate=strict`, pruned either way); on the
 * standard channel, the experimental channel's fields say so.
 */
function reportPrunedFields(walk: CrdWalk, object: Json, path: FieldPath, known: readonly string[]): void {
  const before = walk.problems.length;
  reportUnknownFields(walk, object, path, known);
  if (walk.channel !== 'standard') return;
  for (let i = before; i < walk.problems.length; i++) {
    const name = EXPERIMENTAL_FIELDS.find((field) => walk.problems[i].field === path.child(field).toString());
    if (name) walk.problems[i] = { ...walk.problems[i], hint: `${name} is in the experimental channel's CRD only` };
  }
}

const EXPERIMENTAL_FIELDS = ['nodes', 'domainNames', 'destinationNamedPort'];

function integerHint(node: SchemaNode, value: unknown): string | undefined {
  return node.type === 'integer' && typeof value === 'string' && /^\d+$/.test(value) ? `write it unquoted: ${value}` : undefined;
}

/** The JSON type kube-openapi reports for a decoded value. */
function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
