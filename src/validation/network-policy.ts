import {
  formatCidr, GoCidr, INVALID_CIDR_MESSAGE, isStrictSubset, parseCidrSloppy, STRICT_CIDR_MESSAGES, StrictCidrViolation,
  strictCidrViolation, unmappedCidr,
} from './cidr';
import { isClusterNetworkPolicy, validateClusterNetworkPolicy } from './cluster-network-policy';
import { goStringAt, integerAt, isObject, listAt, objectAt, reportUnknownFields, stringAt, stringListAt, typeError, Walk } from './decoding';
import { FieldPath, forbidden, invalid, NamedString, notSupported, required } from './field-error';
import { validateLabelSelector } from './label-selector';
import { portNameErrors, portNumberErrors } from './names';
import { validateObjectMeta } from './object-meta';
import { Problem, sortProblems } from '../evaluator/errors';
import { describeObject, namespaceOf, PROTOCOLS, SourcedObject } from '../evaluator/kube';

/** The Kubernetes release whose validation (rules, order and wording) this module reproduces. */
export const VALIDATED_KUBERNETES_VERSION = '1.37';

/** The only apiVersion of NetworkPolicy that API servers still serve. */
export const NETWORK_POLICY_API_VERSION = 'networking.k8s.io/v1';

/** Choices that change what the API server accepts. */
export interface ValidationOptions {
  /**
   * Refuse CIDRs with leading zeros (`010.0.0.0/8`), IPv4-mapped IPv6 addresses
   * (`::ffff:10.0.0.0/104`) and host bits set (`10.0.0.1/24`), as the StrictIPCIDRValidation
   * feature gate does. The gate is on by default from Kubernetes 1.36; before that (or with the
   * gate turned off) such CIDRs are accepted with a warning.
   * @default true
   */
  readonly strictCidr?: boolean;
  /**
   * Refuse fields that NetworkPolicy does not have (`podselector`, `status`), as `kubectl apply`
   * does with its default `--validate=strict`. Turn off to match `--validate=false`.
   * @default true
   */
  readonly rejectUnknownFields?: boolean;
}

/** The protocols NetworkPolicy ports accept, in the API server's order. */
export const SUPPORTED_PROTOCOLS: readonly string[] = PROTOCOLS;
/** The policyTypes values, in the API server's order. */
export const POLICY_TYPES: readonly string[] = ['Ingress', 'Egress'];

/** Details of the peer and port rules, shared with the evaluator's own checks. */
export const POLICY_MESSAGES = {
  peerRequired: 'must specify a peer',
  ipBlockWithOtherPeer: 'may not specify both ipBlock and another peer',
  endPortWithoutPort: 'may not be specified when `port` is not specified',
  endPortWithNamedPort: 'may not be specified when `port` is non-numeric',
  endPortBelowPort: 'must be greater than or equal to `port`',
  exceptNotSubset: 'must be a strict subset of `cidr`',
  tooManyPolicyTypes: 'may not specify more than two policyTypes',
} as const;

const TOP_LEVEL_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];
const SPEC_FIELDS = ['podSelector', 'ingress', 'egress', 'policyTypes'];
const PORT_FIELDS = ['protocol', 'port', 'endPort'];
const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'];
const IP_BLOCK_FIELDS = ['cidr', 'except'];

interface PolicyWalk extends Walk {
  readonly strictCidr: boolean;
}

/**
 * Validates one networking.k8s.io/v1 NetworkPolicy as the Kubernetes 1.37 API server does on
 * create (`ValidateNetworkPolicy` after defaulting), plus what its decoder refuses first (wrong
 * JSON types, unknown fields). Returns every problem in the API server's order; none means
 * `kubectl apply` accepts it. Each problem's `field` is the API field path and its `message`
 * the API server's text after the path.
 */
export function validateNetworkPolicy(object: unknown, options: ValidationOptions = {}): Problem[] {
  const walk: PolicyWalk = { problems: [], strictCidr: options.strictCidr ?? true, rejectUnknownFields: options.rejectUnknownFields ?? true };
  if (!isObject(object)) {
    return [{ code: 'invalid-type', ...typeError('', object, 'an object (a NetworkPolicy manifest)') }];
  }
  reportUnknownFields(walk, object, FieldPath.root(''), TOP_LEVEL_FIELDS);
  stringAt(walk, object.apiVersion, FieldPath.root('apiVersion'));
  stringAt(walk, object.kind, FieldPath.root('kind'));
  validateObjectMeta(walk, object.metadata);
  validateSpec(walk, object.spec);
  return walk.problems;
}

/**
 * Validates every NetworkPolicy (and policy.networking.k8s.io ClusterNetworkPolicy) in a set of
 * manifests, naming each problem's object and source.
 * Objects of other kinds are left alone (another API's `NetworkPolicy`, such as Calico's
 * `projectcalico.org/v3`, too); a NetworkPolicy of a removed apiVersion is refused.
 * The result is sorted (source, object, field, message).
 */
export function validateManifests(objects: readonly SourcedObject[], options: ValidationOptions = {}): Problem[] {
  const problems: Problem[] = [];
  for (const { object, source } of objects) {
    const found = problemsOf(object, options);
    if (found.length === 0) continue;
    // ClusterNetworkPolicies are cluster-scoped: no namespace in their name.
    const name = isClusterNetworkPolicy(object) ? describeObject(object) : describeObject(object, namespaceOf(object));
    problems.push(...found.map((problem) => ({ ...problem, object: name, ...(source !== undefined ? { source } : {}) })));
  }
  return sortProblems(problems);
}

function problemsOf(object: unknown, options: ValidationOptions): Problem[] {
  if (isClusterNetworkPolicy(object)) return validateClusterNetworkPolicy(object, { rejectUnknownFields: options.rejectUnknownFields });
  if (!isObject(object) || object.kind !== 'NetworkPolicy') return [];
  return object.apiVersion === NETWORK_POLICY_API_VERSION ? validateNetworkPolicy(object, options) : removedApiVersion(object.apiVersion);
}

/** NetworkPolicy was served as extensions/v1beta1 until 1.16; other groups own their own kinds. */
function removedApiVersion(apiVersion: unknown): Problem[] {
  const group = typeof apiVersion === 'string' ? apiVersion.split('/')[0] : '';
  if (group !== 'extensions' && group !== 'networking.k8s.io') return [];
  return [{
    code: 'unsupported-api-version',
    ...notSupported(FieldPath.root('apiVersion'), String(apiVersion), [NETWORK_POLICY_API_VERSION]),
    hint: `NetworkPolicy is served as ${NETWORK_POLICY_API_VERSION} only`,
  }];
}

/** `ValidateNetworkPolicySpec`: podSelector, each ingress rule, each egress rule, policyTypes. */
function validateSpec(walk: PolicyWalk, value: unknown): void {
  const path = FieldPath.root('spec');
  const spec = objectAt(walk, value, path, SPEC_FIELDS);
  if (!spec) return;
  validateLabelSelector(walk, spec.podSelector, path.child('podSelector'));
  validateRules(walk, spec.ingress, path.child('ingress'), 'from');
  validateRules(walk, spec.egress, path.child('egress'), 'to');
  validatePolicyTypes(walk, spec.policyTypes, path.child('policyTypes'));
}

/** Each rule: all its ports, then all its peers. A `null` entry decodes as an empty one. */
function validateRules(walk: PolicyWalk, value: unknown, path: FieldPath, peerField: 'from' | 'to'): void {
  listAt(walk, value, path)?.forEach((entry, i) => {
    const rulePath = path.index(i);
    const rule = objectAt(walk, entry ?? {}, rulePath, ['ports', peerField]);
    if (!rule) return;
    const portsPath = rulePath.child('ports');
    const peersPath = rulePath.child(peerField);
    listAt(walk, rule.ports, portsPath)?.forEach((port, j) => validatePort(walk, port ?? {}, portsPath.index(j)));
    listAt(walk, rule[peerField], peersPath)?.forEach((peer, j) => validatePeer(walk, peer ?? {}, peersPath.index(j)));
  });
}

/** `ValidateNetworkPolicyPort`: protocol, then port and endPort (endPort first for a named port). */
function validatePort(walk: PolicyWalk, value: unknown, path: FieldPath): void {
  const port = objectAt(walk, value, path, PORT_FIELDS);
  if (!port) return;
  const protocol = stringAt(walk, port.protocol, path.child('protocol'));
  if (protocol !== undefined && !SUPPORTED_PROTOCOLS.includes(protocol)) {
    const suggestion = SUPPORTED_PROTOCOLS.find((p) => p === protocol.toUpperCase());
    walk.problems.push({
      code: 'unsupported-protocol',
      ...notSupported(path.child('protocol'), new NamedString(protocol), SUPPORTED_PROTOCOLS),
      ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
    });
  }
  const endPortPath = path.child('endPort');
  const endPort = integerAt(walk, port.endPort, endPortPath);
  const portPath = path.child('port');
  if (port.port === undefined || port.port === null) {
    if (endPort !== undefined) walk.problems.push({ code: 'invalid-end-port', ...invalid(endPortPath, endPort, POLICY_MESSAGES.endPortWithoutPort) });
  } else if (typeof port.port === 'string') {
    if (endPort !== undefined) walk.problems.push({ code: 'invalid-end-port', ...invalid(endPortPath, endPort, POLICY_MESSAGES.endPortWithNamedPort) });
    validatePortName(walk, port.port, portPath);
  } else if (typeof port.port === 'number' && Number.isInteger(port.port)) {
    validatePortRange(walk, port.port, endPort, portPath, endPortPath);
  } else {
    walk.problems.push({ code: 'invalid-type', ...typeError(portPath, port.port, 'an integer or a string (a port number or name)') });
  }
}

function validatePortName(walk: PolicyWalk, name: string, path: FieldPath): void {
  const hint = portNameHint(name);
  for (const detail of portNameErrors(name)) walk.problems.push({ code: 'invalid-port-name', ...invalid(path, name, detail), ...(hint ? { hint } : {}) });
}

/** A quoted number was meant as a number; an uppercase name was meant in lowercase. */
function portNameHint(name: string): string | undefined {
  if (/^\d+$/.test(name)) return `write the port number unquoted: ${Number(name)}`;
  const lower = name.toLowerCase();
  return lower !== name && portNameErrors(lower).length === 0 ? `did you mean "${lower}"?` : undefined;
}

function validatePortRange(walk: PolicyWalk, port: number, endPort: number | undefined, portPath: FieldPath, endPortPath: FieldPath): void {
  for (const detail of portNumberErrors(port)) walk.problems.push({ code: 'invalid-port', ...invalid(portPath, port, detail) });
  if (endPort === undefined) return;
  if (endPort < port) walk.problems.push({ code: 'invalid-end-port', ...invalid(endPortPath, endPort, POLICY_MESSAGES.endPortBelowPort) });
  for (const detail of portNumberErrors(endPort)) walk.problems.push({ code: 'invalid-port', ...invalid(endPortPath, endPort, detail) });
}

/**
 * `ValidateNetworkPolicyPeer`: podSelector, namespaceSelector (both together mean AND), or
 * ipBlock alone. An empty selector `{}` counts as given; `null` does not.
 */
function validatePeer(walk: PolicyWalk, value: unknown, path: FieldPath): void {
  const peer = objectAt(walk, value, path, PEER_FIELDS);
  if (!peer) return;
  const given = (field: string) => peer[field] !== undefined && peer[field] !== null;
  if (given('podSelector')) validateLabelSelector(walk, peer.podSelector, path.child('podSelector'));
  if (given('namespaceSelector')) validateLabelSelector(walk, peer.namespaceSelector, path.child('namespaceSelector'));
  if (given('ipBlock')) validateIpBlock(walk, peer.ipBlock, path.child('ipBlock'));
  const count = PEER_FIELDS.filter(given).length;
  if (count === 0) {
    walk.problems.push({ code: 'peer-required', ...required(path, POLICY_MESSAGES.peerRequired) });
  } else if (count > 1 && given('ipBlock')) {
    walk.problems.push({
      code: 'ip-block-with-other-peer',
      ...forbidden(path, POLICY_MESSAGES.ipBlockWithOtherPeer),
      hint: 'put the ipBlock in a list item of its own (list items are ORed)',
    });
  }
}

/** `ValidateIPBlock`: cidr required and valid; each except valid and strictly inside cidr. */
function validateIpBlock(walk: PolicyWalk, value: unknown, path: FieldPath): void {
  const block = objectAt(walk, value, path, IP_BLOCK_FIELDS);
  if (!block) return;
  const cidrPath = path.child('cidr');
  const cidrText = goStringAt(walk, block.cidr, cidrPath);
  const excepts = stringListAt(walk, block.except, path.child('except')) ?? [];
  if (cidrText === '') walk.problems.push({ code: 'cidr-required', ...required(cidrPath) });
  const cidr = cidrText ? checkCidr(walk, cidrText, cidrPath) : undefined;
  if (!cidr) return;
  excepts.forEach((text, i) => {
    const exceptPath = path.child('except').index(i);
    const except = text === undefined ? undefined : checkCidr(walk, text, exceptPath);
    if (except && !isStrictSubset(cidr, except)) {
      walk.problems.push({ code: 'except-not-subset', ...invalid(exceptPath, text!, POLICY_MESSAGES.exceptNotSubset), hint: `cidr is ${cidrText}` });
    }
  });
}

/** `IsValidCIDRForLegacyField`: at most one problem; the sloppy parse, when there is one. */
function checkCidr(walk: PolicyWalk, text: string, path: FieldPath): GoCidr | undefined {
  const cidr = parseCidrSloppy(text);
  if (!cidr) {
    const hint = missingPrefixHint(text);
    walk.problems.push({ code: 'invalid-cidr', ...invalid(path, text, INVALID_CIDR_MESSAGE), ...(hint ? { hint } : {}) });
    return undefined;
  }
  const violation = walk.strictCidr ? strictCidrViolation(text, cidr) : undefined;
  if (violation) {
    walk.problems.push({ code: `cidr-${violation}`, ...invalid(path, text, STRICT_CIDR_MESSAGES[violation]), hint: strictCidrHint(violation, cidr) });
  }
  return cidr;
}

/** A bare address was meant as a single-address CIDR. */
function missingPrefixHint(text: string): string | undefined {
  if (text.includes('/')) return undefined;
  const single = parseCidrSloppy(`${text}/${text.includes(':') ? 128 : 32}`);
  return single ? `did you mean "${text}/${single.prefix}"?` : undefined;
}

function strictCidrHint(violation: StrictCidrViolation, cidr: GoCidr): string {
  switch (violation) {
    case 'leading-zeros': return `use "${formatCidr(cidr.address, cidr.prefix)}"`;
    case 'ipv4-mapped': return `use "${unmappedCidr(cidr)}"`;
    case 'host-bits': return `did you mean "${formatCidr(cidr.network, cidr.prefix)}" or "${formatCidr(cidr.address, cidr.address.length * 8)}"?`;
  }
}

/** At most two entries (then nothing else is checked), each exactly `Ingress` or `Egress`. */
function validatePolicyTypes(walk: PolicyWalk, value: unknown, path: FieldPath): void {
  const raw = listAt(walk, value, path);
  if (!raw) return;
  if (raw.length > POLICY_TYPES.length) {
    walk.problems.push({ code: 'too-many-policy-types', ...invalid(path, raw, POLICY_MESSAGES.tooManyPolicyTypes) });
    return;
  }
  stringListAt(walk, raw, path)?.forEach((type, i) => {
    if (type === undefined || POLICY_TYPES.includes(type)) return;
    const suggestion = POLICY_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    walk.problems.push({
      code: 'unsupported-policy-type',
      ...notSupported(path.index(i), new NamedString(type), POLICY_TYPES),
      ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
    });
  });
}
