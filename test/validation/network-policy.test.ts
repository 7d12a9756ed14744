import { formatProblem, InputError, Problem } from '../../src/evaluator/errors';
import { ClusterModel } from '../../src/evaluator/model';
import { validateManifests, validateNetworkPolicy, ValidationOptions } from '../../src/validation';

// The API server's texts, copied from Kubernetes 1.37 (apimachinery util/validation and
// api/validate/content), not from the code under test.
const SUBDOMAIN_RULE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS_LABEL_RULE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const KEY_REGEX = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const KEY_NAME_RULE = `name part ${KEY_REGEX}`;
const KEY_SLASHES_RULE = `a valid label key ${KEY_REGEX} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
const LABEL_VALUE_RULE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const CIDR_RULE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const PORT_CHARSET = 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
const PORT_LETTER = 'must contain at least one letter (a-z)';
const SUBSET = 'must be a strict subset of `cidr`';
const PROTOCOLS = 'supported values: "TCP", "UDP", "SCTP"';

type Json = Record<string, unknown>;
const META = { name: 'web', namespace: 'prod' };

function policy(spec?: unknown, metadata: Json = META, extra: Json = {}): Json {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, ...(spec === undefined ? {} : { spec }), ...extra };
}
const named = (metadata: Json) => policy({}, { ...META, ...metadata });
const selecting = (podSelector: unknown) => policy({ podSelector });
const expression = (requirement: unknown) => selecting({ matchExpressions: [requirement] });
const from = (...peers: unknown[]) => policy({ ingress: [{ from: peers }] });
const to = (...peers: unknown[]) => policy({ egress: [{ to: peers }] });
const port = (...entries: unknown[]) => policy({ ingress: [{ ports: entries }] });
const block = (cidr: unknown, except?: unknown) => from({ ipBlock: except === undefined ? { cidr } : { cidr, except } });
const policyTypes = (types: unknown) => policy({ policyTypes: types });

/** `field: message`, as the API server prints a cause. */
function lines(problems: readonly Problem[]): string[] {
  return problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
}

interface InvalidRow {
  readonly name: string;
  readonly policy: unknown;
  /** Every problem, in the API server's order, as `field: message`. */
  readonly expected: readonly string[];
  readonly options?: ValidationOptions;
}

const invalidRows: InvalidRow[] = [
  // metadata
  { name: 'rejects a name with uppercase letters', policy: named({ name: 'My-Policy' }), expected: [`metadata.name: Invalid value: "My-Policy": ${SUBDOMAIN_RULE}`] },
  { name: 'rejects a name with an underscore', policy: named({ name: 'allow_dns' }), expected: [`metadata.name: Invalid value: "allow_dns": ${SUBDOMAIN_RULE}`] },
  { name: 'rejects a name that starts with a hyphen', policy: named({ name: '-deny' }), expected: [`metadata.name: Invalid value: "-deny": ${SUBDOMAIN_RULE}`] },
  { name: 'rejects a name that ends with a dot', policy: named({ name: 'deny.' }), expected: [`metadata.name: Invalid value: "deny.": ${SUBDOMAIN_RULE}`] },
  { name: 'rejects a name longer than 253 characters', policy: named({ name: 'a'.repeat(254) }), expected: [`metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`] },
  { name: 'rejects a policy without a name', policy: policy({}, { namespace: 'prod' }), expected: ['metadata.name: Required value: name or generateName is required'] },
  { name: 'rejects a policy without metadata at all', policy: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec: {} }, expected: ['metadata.name: Required value: name or generateName is required'] },
  { name: 'rejects a name that YAML read as a number', policy: named({ name: 123 }), expected: ['metadata.name: Invalid value: 123: must be a string'] },
  { name: 'rejects a generateName with uppercase letters', policy: policy({}, { generateName: 'Deny-', namespace: 'prod' }), expected: [`metadata.generateName: Invalid value: "Deny-": ${SUBDOMAIN_RULE}`] },
  { name: 'rejects a namespace with dots', policy: named({ namespace: 'my.ns' }), expected: ['metadata.namespace: Invalid value: "my.ns": must not contain dots'] },
  { name: 'rejects a namespace with uppercase letters', policy: named({ namespace: 'My-NS' }), expected: [`metadata.namespace: Invalid value: "My-NS": ${DNS_LABEL_RULE}`] },
  { name: 'rejects a namespace longer than 63 characters', policy: named({ namespace: 'n'.repeat(64) }), expected: [`metadata.namespace: Invalid value: "${'n'.repeat(64)}": must be no more than 63 characters`] },
  { name: 'rejects a negative generation', policy: named({ generation: -1 }), expected: ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'] },
  { name: 'rejects labels written as a list', policy: named({ labels: ['app=web'] }), expected: ['metadata.labels: Invalid value: ["app=web"]: must be a map of string keys to string values'] },
  { name: 'rejects a label value that YAML read as a boolean', policy: named({ labels: { enabled: true } }), expected: ['metadata.labels[enabled]: Invalid value: true: must be a string'] },
  { name: 'rejects a label key with two slashes', policy: named({ labels: { 'a/b/c': 'x' } }), expected: [`metadata.labels: Invalid value: "a/b/c": ${KEY_SLASHES_RULE}`] },
  { name: 'rejects a label value longer than 63 bytes', policy: named({ labels: { app: 'v'.repeat(64) } }), expected: [`metadata.labels: Invalid value: "${'v'.repeat(64)}": must be no more than 63 bytes`] },
  {
    name: 'counts label value length in UTF-8 bytes, not characters',
    policy: named({ labels: { app: 'é'.repeat(32) } }),
    expected: [`metadata.labels: Invalid value: "${'é'.repeat(32)}": must be no more than 63 bytes`, `metadata.labels: Invalid value: "${'é'.repeat(32)}": ${LABEL_VALUE_RULE}`],
  },
  { name: 'rejects an annotation key with a space', policy: named({ annotations: { 'my key': 'x' } }), expected: [`metadata.annotations: Invalid value: "my key": ${KEY_NAME_RULE}`] },
  {
    name: 'rejects annotations larger than 256 KiB in total',
    policy: named({ annotations: { note: 'x'.repeat(262144) } }),
    expected: ['metadata.annotations: Too long: may not be more than 262144 bytes'],
  },
  {
    name: 'rejects a finalizer that is neither standard nor qualified',
    policy: named({ finalizers: ['cleanup'] }),
    expected: ['metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'],
  },
  { name: 'rejects an unknown metadata field', policy: named({ label: { app: 'web' } }), expected: ['metadata.label: strict decoding error: unknown field "metadata.label"'] },

  // the object and spec
  { name: 'rejects a document that is not an object', policy: 'kind: NetworkPolicy', expected: ['Invalid value: "kind: NetworkPolicy": must be an object (a NetworkPolicy manifest)'] },
  { name: 'rejects a status field, which NetworkPolicy no longer has', policy: policy({}, META, { status: {} }), expected: ['status: strict decoding error: unknown field "status"'] },
  { name: 'rejects a spec written as a list', policy: policy([{ podSelector: {} }]), expected: ['spec: Invalid value: [{"podSelector":{}}]: must be an object'] },
  { name: 'rejects a misspelled podSelector', policy: policy({ podselector: {} }), expected: ['spec.podselector: strict decoding error: unknown field "spec.podselector"'] },
  { name: 'rejects ingress written as a single rule instead of a list', policy: policy({ ingress: { from: [] } }), expected: ['spec.ingress: Invalid value: {"from":[]}: must be a list'] },
  { name: 'rejects a rule field that belongs to the other direction', policy: policy({ ingress: [{ to: [] }] }), expected: ['spec.ingress[0].to: strict decoding error: unknown field "spec.ingress[0].to"'] },

  // label selectors
  { name: 'rejects a matchLabels value that starts with a hyphen', policy: selecting({ matchLabels: { app: '-web' } }), expected: [`spec.podSelector.matchLabels: Invalid value: "-web": ${LABEL_VALUE_RULE}`] },
  { name: 'rejects a matchLabels key with two slashes', policy: selecting({ matchLabels: { 'a/b/c': 'x' } }), expected: [`spec.podSelector.matchLabels: Invalid value: "a/b/c": ${KEY_SLASHES_RULE}`] },
  {
    name: 'rejects a matchLabels key whose prefix has uppercase letters',
    policy: selecting({ matchLabels: { 'Example.com/app': 'web' } }),
    expected: [`spec.podSelector.matchLabels: Invalid value: "Example.com/app": prefix part ${SUBDOMAIN_RULE}`],
  },
  {
    name: 'rejects a matchLabels key with an empty name part',
    policy: selecting({ matchLabels: { 'example.com/': 'web' } }),
    expected: ['spec.podSelector.matchLabels: Invalid value: "example.com/": name part must be non-empty', `spec.podSelector.matchLabels: Invalid value: "example.com/": ${KEY_NAME_RULE}`],
  },
  { name: 'rejects a matchLabels key with an empty prefix', policy: selecting({ matchLabels: { '/app': 'web' } }), expected: ['spec.podSelector.matchLabels: Invalid value: "/app": prefix part must be non-empty'] },
  {
    name: 'rejects an empty matchLabels key with two messages',
    policy: selecting({ matchLabels: { '': 'x' } }),
    expected: ['spec.podSelector.matchLabels: Invalid value: "": name part must be non-empty', `spec.podSelector.matchLabels: Invalid value: "": ${KEY_NAME_RULE}`],
  },
  {
    name: 'rejects a matchLabels key whose name part is longer than 63 bytes',
    policy: selecting({ matchLabels: { ['k'.repeat(64)]: 'x' } }),
    expected: [`spec.podSelector.matchLabels: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 bytes`],
  },
  {
    name: 'rejects a matchLabels key whose prefix is longer than 253 bytes',
    policy: selecting({ matchLabels: { [`${'p'.repeat(254)}/app`]: 'x' } }),
    expected: [`spec.podSelector.matchLabels: Invalid value: "${'p'.repeat(254)}/app": prefix part must be no more than 253 bytes`],
  },
  { name: 'rejects a matchLabels value that YAML read as a number', policy: selecting({ matchLabels: { version: 2 } }), expected: ['spec.podSelector.matchLabels[version]: Invalid value: 2: must be a string'] },
  {
    name: 'rejects matchExpressions In without values',
    policy: expression({ key: 'app', operator: 'In' }),
    expected: ["spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
  },
  {
    name: 'rejects matchExpressions NotIn with an empty values list',
    policy: expression({ key: 'app', operator: 'NotIn', values: [] }),
    expected: ["spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
  },
  {
    name: 'rejects matchExpressions Exists with values',
    policy: expression({ key: 'app', operator: 'Exists', values: ['web'] }),
    expected: ["spec.podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
  },
  {
    name: 'rejects matchExpressions DoesNotExist with values and still checks those values',
    policy: expression({ key: 'app', operator: 'DoesNotExist', values: ['-x'] }),
    expected: [
      "spec.podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      `spec.podSelector.matchExpressions[0].values[0]: Invalid value: "-x": ${LABEL_VALUE_RULE}`,
    ],
  },
  { name: 'rejects a lowercase selector operator', policy: expression({ key: 'app', operator: 'in', values: ['web'] }), expected: ['spec.podSelector.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator'] },
  { name: 'rejects an Equals selector operator', policy: expression({ key: 'app', operator: 'Equals', values: ['web'] }), expected: ['spec.podSelector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator'] },
  { name: 'rejects a requirement without an operator', policy: expression({ key: 'app' }), expected: ['spec.podSelector.matchExpressions[0].operator: Invalid value: "": not a valid selector operator'] },
  {
    name: 'rejects a requirement value with a space',
    policy: expression({ key: 'app', operator: 'In', values: ['web', 'a b'] }),
    expected: [`spec.podSelector.matchExpressions[0].values[1]: Invalid value: "a b": ${LABEL_VALUE_RULE}`],
  },
  { name: 'rejects a requirement key with a space', policy: expression({ key: 'bad key', operator: 'Exists' }), expected: [`spec.podSelector.matchExpressions[0].key: Invalid value: "bad key": ${KEY_NAME_RULE}`] },
  {
    name: 'rejects a requirement without a key',
    policy: expression({ operator: 'Exists' }),
    expected: ['spec.podSelector.matchExpressions[0].key: Invalid value: "": name part must be non-empty', `spec.podSelector.matchExpressions[0].key: Invalid value: "": ${KEY_NAME_RULE}`],
  },
  {
    name: 'rejects a misspelled values field in a requirement',
    policy: expression({ key: 'app', operator: 'In', value: ['web'] }),
    expected: [
      'spec.podSelector.matchExpressions[0].value: strict decoding error: unknown field "spec.podSelector.matchExpressions[0].value"',
      "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ],
  },
  { name: 'rejects matchLabels written as a list', policy: selecting({ matchLabels: ['app=web'] }), expected: ['spec.podSelector.matchLabels: Invalid value: ["app=web"]: must be a map of string keys to string values'] },

  // policyTypes
  {
    name: 'rejects more than two policyTypes with one error and no per-entry checks',
    policy: policyTypes(['Ingress', 'Egress', 'ingress']),
    expected: ['spec.policyTypes: Invalid value: ["Ingress","Egress","ingress"]: may not specify more than two policyTypes'],
  },
  { name: 'rejects a lowercase policy type', policy: policyTypes(['ingress']), expected: ['spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"'] },
  { name: 'rejects an empty policy type', policy: policyTypes(['Ingress', '']), expected: ['spec.policyTypes[1]: Unsupported value: "": supported values: "Ingress", "Egress"'] },
  { name: 'rejects policyTypes written as one string', policy: policyTypes('Ingress'), expected: ['spec.policyTypes: Invalid value: "Ingress": must be a list'] },

  // ports
  { name: 'rejects port 0', policy: port({ port: 0 }), expected: [`spec.ingress[0].ports[0].port: Invalid value: 0: ${PORT_RANGE}`] },
  { name: 'rejects port 65536', policy: port({ port: 65536 }), expected: [`spec.ingress[0].ports[0].port: Invalid value: 65536: ${PORT_RANGE}`] },
  { name: 'rejects a negative port', policy: port({ port: -1 }), expected: [`spec.ingress[0].ports[0].port: Invalid value: -1: ${PORT_RANGE}`] },
  { name: 'rejects an empty port name with two messages', policy: port({ port: '' }), expected: [`spec.ingress[0].ports[0].port: Invalid value: "": ${PORT_CHARSET}`, `spec.ingress[0].ports[0].port: Invalid value: "": ${PORT_LETTER}`] },
  { name: 'rejects a quoted port number as a name without letters', policy: port({ port: '80' }), expected: [`spec.ingress[0].ports[0].port: Invalid value: "80": ${PORT_LETTER}`] },
  { name: 'rejects an uppercase port name', policy: port({ port: 'HTTP' }), expected: [`spec.ingress[0].ports[0].port: Invalid value: "HTTP": ${PORT_CHARSET}`, `spec.ingress[0].ports[0].port: Invalid value: "HTTP": ${PORT_LETTER}`] },
  { name: 'rejects a port name longer than 15 characters', policy: port({ port: 'my-very-long-port' }), expected: ['spec.ingress[0].ports[0].port: Invalid value: "my-very-long-port": must be no more than 15 characters'] },
  { name: 'rejects a port name with consecutive hyphens', policy: port({ port: 'a--b' }), expected: ['spec.ingress[0].ports[0].port: Invalid value: "a--b": must not contain consecutive hyphens'] },
  { name: 'rejects a port name that starts with a hyphen', policy: port({ port: '-ab' }), expected: ['spec.ingress[0].ports[0].port: Invalid value: "-ab": must not begin or end with a hyphen'] },
  { name: 'rejects a port name with an underscore', policy: port({ port: 'web_http' }), expected: [`spec.ingress[0].ports[0].port: Invalid value: "web_http": ${PORT_CHARSET}`] },
  {
    name: 'rejects endPort with a named port, before the name is checked',
    policy: port({ port: 'Http', endPort: 8080 }),
    expected: ['spec.ingress[0].ports[0].endPort: Invalid value: 8080: may not be specified when `port` is non-numeric', `spec.ingress[0].ports[0].port: Invalid value: "Http": ${PORT_CHARSET}`],
  },
  { name: 'rejects endPort without port', policy: port({ endPort: 8080 }), expected: ['spec.ingress[0].ports[0].endPort: Invalid value: 8080: may not be specified when `port` is not specified'] },
  { name: 'rejects endPort below port', policy: port({ port: 80, endPort: 70 }), expected: ['spec.ingress[0].ports[0].endPort: Invalid value: 70: must be greater than or equal to `port`'] },
  {
    name: 'rejects endPort 0 twice: below port and out of range',
    policy: port({ port: 80, endPort: 0 }),
    expected: ['spec.ingress[0].ports[0].endPort: Invalid value: 0: must be greater than or equal to `port`', `spec.ingress[0].ports[0].endPort: Invalid value: 0: ${PORT_RANGE}`],
  },
  { name: 'rejects endPort above 65535', policy: port({ port: 80, endPort: 70000 }), expected: [`spec.ingress[0].ports[0].endPort: Invalid value: 70000: ${PORT_RANGE}`] },
  { name: 'rejects the ICMP protocol', policy: port({ protocol: 'ICMP' }), expected: [`spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": ${PROTOCOLS}`] },
  { name: 'rejects a lowercase protocol', policy: port({ protocol: 'tcp', port: 80 }), expected: [`spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": ${PROTOCOLS}`] },
  { name: 'rejects an empty protocol, which is not defaulted', policy: port({ protocol: '' }), expected: [`spec.ingress[0].ports[0].protocol: Unsupported value: "": ${PROTOCOLS}`] },
  { name: 'rejects a port written as an object', policy: port({ port: { number: 80 } }), expected: ['spec.ingress[0].ports[0].port: Invalid value: {"number":80}: must be an integer or a string (a port number or name)'] },
  { name: 'rejects a fractional port', policy: port({ port: 80.5 }), expected: ['spec.ingress[0].ports[0].port: Invalid value: 80.5: must be an integer or a string (a port number or name)'] },
  { name: 'rejects a quoted endPort', policy: port({ port: 80, endPort: '90' }), expected: ['spec.ingress[0].ports[0].endPort: Invalid value: "90": must be an integer'] },
  { name: 'rejects a targetPort field in a policy port', policy: port({ targetPort: 8080 }), expected: ['spec.ingress[0].ports[0].targetPort: strict decoding error: unknown field "spec.ingress[0].ports[0].targetPort"'] },
  { name: 'rejects a bad port in an egress rule at the egress path', policy: policy({ egress: [{ ports: [{ port: 0 }] }] }), expected: [`spec.egress[0].ports[0].port: Invalid value: 0: ${PORT_RANGE}`] },

  // peers
  { name: 'rejects an empty peer', policy: from({}), expected: ['spec.ingress[0].from[0]: Required value: must specify a peer'] },
  { name: 'rejects an empty egress peer', policy: to({ podSelector: {} }, {}), expected: ['spec.egress[0].to[1]: Required value: must specify a peer'] },
  { name: 'rejects a peer whose only selector is null', policy: from({ podSelector: null }), expected: ['spec.ingress[0].from[0]: Required value: must specify a peer'] },
  {
    name: 'rejects ipBlock together with a namespaceSelector',
    policy: from({ namespaceSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }),
    expected: ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
  },
  {
    name: 'rejects ipBlock with both selectors with a single error',
    policy: from({ podSelector: {}, namespaceSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }),
    expected: ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
  },
  {
    name: 'reports a mixed peer after the errors inside it',
    policy: from({ podSelector: { matchLabels: { app: '-x' } }, ipBlock: { cidr: '10.0.0.0/33' } }),
    expected: [
      `spec.ingress[0].from[0].podSelector.matchLabels: Invalid value: "-x": ${LABEL_VALUE_RULE}`,
      `spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": ${CIDR_RULE}`,
      'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
    ],
  },
  {
    name: 'rejects a misspelled namespaceSelector and the peer it leaves empty',
    policy: to({ namespaceselector: {} }),
    expected: ['spec.egress[0].to[0].namespaceselector: strict decoding error: unknown field "spec.egress[0].to[0].namespaceselector"', 'spec.egress[0].to[0]: Required value: must specify a peer'],
  },
  {
    name: 'rejects a namespaceSelector label key in a peer at its own path',
    policy: from({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name/x': 'a' } } }),
    expected: [`spec.ingress[0].from[0].namespaceSelector.matchLabels: Invalid value: "kubernetes.io/metadata.name/x": ${KEY_SLASHES_RULE}`],
  },
  { name: 'rejects a null peer, which decodes as an empty one', policy: from(null), expected: ['spec.ingress[0].from[0]: Required value: must specify a peer'] },
  { name: 'rejects a peer written as a string', policy: from('app=web'), expected: ['spec.ingress[0].from[0]: Invalid value: "app=web": must be an object'] },

  // ipBlock
  { name: 'rejects an ipBlock without cidr', policy: from({ ipBlock: {} }), expected: ['spec.ingress[0].from[0].ipBlock.cidr: Required value'] },
  { name: 'rejects an empty cidr and ignores its except', policy: block('', ['bogus']), expected: ['spec.ingress[0].from[0].ipBlock.cidr: Required value'] },
  { name: 'rejects a CIDR prefix longer than 32 bits', policy: block('10.0.0.0/33'), expected: [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": ${CIDR_RULE}`] },
  { name: 'rejects a CIDR prefix longer than 128 bits', policy: block('2001:db8::/129'), expected: [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "2001:db8::/129": ${CIDR_RULE}`] },
  { name: 'rejects an address without a prefix length', policy: block('10.0.0.1'), expected: [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.1": ${CIDR_RULE}`] },
  { name: 'rejects an octet above 255', policy: block('256.0.0.0/8'), expected: [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "256.0.0.0/8": ${CIDR_RULE}`] },
  { name: 'rejects a signed prefix length', policy: block('1.2.3.0/+24'), expected: [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "1.2.3.0/+24": ${CIDR_RULE}`] },
  { name: 'rejects a CIDR with a leading space', policy: block(' 10.0.0.0/8'), expected: [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: " 10.0.0.0/8": ${CIDR_RULE}`] },
  { name: 'rejects an IPv6 zone', policy: block('fe80::%eth0/64'), expected: [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "fe80::%eth0/64": ${CIDR_RULE}`] },
  { name: 'rejects host bits beyond the prefix length', policy: block('10.0.0.1/24'), expected: ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.1/24": must not have bits set beyond the prefix length'] },
  { name: 'rejects IPv6 host bits beyond the prefix length', policy: block('2001:db8::1/64'), expected: ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "2001:db8::1/64": must not have bits set beyond the prefix length'] },
  { name: 'rejects a leading zero in an octet', policy: block('010.0.0.0/8'), expected: ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "010.0.0.0/8": must not have leading 0s in IP or prefix length'] },
  { name: 'rejects a leading zero in the prefix length', policy: block('10.0.0.0/08'), expected: ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/08": must not have leading 0s in IP or prefix length'] },
  { name: 'rejects an IPv6 group of five digits', policy: block('2001:00db8::/32'), expected: ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "2001:00db8::/32": must not have leading 0s in IP or prefix length'] },
  { name: 'rejects an IPv4-mapped IPv6 CIDR', policy: block('::ffff:10.0.0.0/104'), expected: ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "::ffff:10.0.0.0/104": must not have an IPv4-mapped IPv6 address'] },
  { name: 'rejects an except equal to its cidr', policy: block('10.0.0.0/8', ['10.0.0.0/8']), expected: [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/8": ${SUBSET}`] },
  { name: 'rejects an except wider than its cidr', policy: block('10.0.0.0/16', ['10.0.0.0/8']), expected: [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/8": ${SUBSET}`] },
  { name: 'rejects an except outside its cidr', policy: block('10.0.0.0/8', ['192.168.0.0/24']), expected: [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": ${SUBSET}`] },
  { name: 'rejects an IPv6 except in an IPv4 cidr', policy: block('10.0.0.0/8', ['fd00::/64']), expected: [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "fd00::/64": ${SUBSET}`] },
  { name: 'rejects an IPv4 except in an IPv6 cidr', policy: block('::/0', ['10.0.0.0/8']), expected: [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/8": ${SUBSET}`] },
  {
    name: 'rejects host bits in an except that is otherwise inside its cidr',
    policy: block('10.0.0.0/8', ['10.1.2.3/16']),
    expected: ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.2.3/16": must not have bits set beyond the prefix length'],
  },
  {
    name: 'checks every except: a malformed one does not stop the next',
    policy: block('10.0.0.0/8', ['bogus', '10.0.0.0/8']),
    expected: [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "bogus": ${CIDR_RULE}`, `spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "10.0.0.0/8": ${SUBSET}`],
  },
  { name: 'does not look at except when the cidr is malformed', policy: block('10.0.0.0/33', ['bogus']), expected: [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": ${CIDR_RULE}`] },
  {
    name: 'still checks except against a cidr that only strict validation refuses',
    policy: block('10.0.0.1/8', ['11.0.0.0/16']),
    expected: ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length', `spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "11.0.0.0/16": ${SUBSET}`],
  },
  {
    name: 'rejects an IPv4-mapped except that Go still counts as inside an IPv4 cidr',
    policy: block('10.0.0.0/8', ['::ffff:10.1.0.0/112']),
    expected: ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "::ffff:10.1.0.0/112": must not have an IPv4-mapped IPv6 address'],
  },
  {
    name: 'compares prefix lengths as written for an IPv4-mapped cidr (legacy validation)',
    policy: block('::ffff:10.0.0.0/104', ['10.1.0.0/16']),
    options: { strictCidr: false },
    expected: [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/16": ${SUBSET}`],
  },
  { name: 'rejects a cidr that YAML read as a number', policy: block(10), expected: ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: 10: must be a string'] },
  { name: 'rejects except written as one string', policy: block('10.0.0.0/8', '10.1.0.0/16'), expected: ['spec.ingress[0].from[0].ipBlock.except: Invalid value: "10.1.0.0/16": must be a list'] },
  { name: 'rejects a CIDR in an egress peer at the egress path', policy: to({ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254'] } }), expected: [`spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "169.254.169.254": ${CIDR_RULE}`] },
];

interface ValidRow {
  readonly name: string;
  readonly policy: unknown;
  readonly options?: ValidationOptions;
  /** Valid for `kubectl create` only: `kubectl apply` and the model need a name. */
  readonly createOnly?: boolean;
}

const validRows: ValidRow[] = [
  { name: 'accepts an empty spec', policy: policy({}) },
  { name: 'accepts a policy without a spec (it selects every pod and denies ingress)', policy: policy() },
  { name: 'accepts a policy without a namespace (kubectl fills it in)', policy: policy({}, { name: 'web' }) },
  { name: 'accepts a name of 253 characters in one label', policy: named({ name: 'a'.repeat(253) }) },
  { name: 'accepts a name with dots', policy: named({ name: 'allow.dns.v1' }) },
  { name: 'accepts a generateName without a name', policy: policy({}, { generateName: 'deny-', namespace: 'prod' }), createOnly: true },
  { name: 'accepts the metadata of a cluster dump', policy: named({ uid: 'a1b2', resourceVersion: '42', generation: 3, creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'kubectl' }] }) },
  { name: 'accepts an annotation key whose prefix has uppercase letters', policy: named({ annotations: { 'Example.com/Owner': 'team-a' } }) },
  { name: 'accepts qualified and standard finalizers', policy: named({ finalizers: ['example.com/cleanup', 'kubernetes'] }) },
  { name: 'accepts a label key name part with uppercase letters and underscores', policy: named({ labels: { 'example.com/My_Key': 'v' } }) },
  { name: 'accepts an empty label value', policy: selecting({ matchLabels: { app: '' } }) },
  { name: 'accepts a label value of 63 bytes', policy: selecting({ matchLabels: { app: 'v'.repeat(63) } }) },
  { name: 'accepts a label key name part of 63 bytes', policy: selecting({ matchLabels: { [`example.com/${'k'.repeat(63)}`]: 'x' } }) },
  { name: 'accepts a deny-all ingress policy', policy: policy({ podSelector: {}, policyTypes: ['Ingress'] }) },
  { name: 'accepts a deny-all policy for both directions', policy: policy({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] }) },
  { name: 'accepts a repeated policy type (there is no duplicate check)', policy: policyTypes(['Egress', 'Egress']) },
  { name: 'accepts an empty policyTypes list (it is defaulted)', policy: policyTypes([]) },
  { name: 'accepts an allow-all ingress rule', policy: policy({ ingress: [{}] }) },
  { name: 'accepts empty rule lists', policy: policy({ ingress: [], egress: [{ to: [], ports: [] }] }) },
  { name: 'accepts every selector operator used correctly', policy: selecting({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }, { key: 'env', operator: 'NotIn', values: ['dev'] }, { key: 'app', operator: 'Exists' }, { key: 'legacy', operator: 'DoesNotExist', values: [] }] }) },
  { name: 'accepts an empty string among requirement values', policy: expression({ key: 'app', operator: 'In', values: [''] }) },
  { name: 'accepts a podSelector and namespaceSelector in one peer (AND)', policy: from({ podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } } }) },
  { name: 'accepts an empty namespaceSelector (every namespace)', policy: from({ namespaceSelector: {} }) },
  { name: 'accepts a null ipBlock next to a selector (null is absent)', policy: from({ podSelector: {}, ipBlock: null }) },
  { name: 'accepts the internet minus private ranges', policy: block('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']) },
  { name: 'accepts all of IPv6 minus unique local addresses', policy: block('::/0', ['fd00::/8']) },
  { name: 'accepts uppercase IPv6 (only a warning)', policy: block('FD00::/8') },
  { name: 'accepts non-canonical IPv6 (only a warning)', policy: block('2001:db8:0::/48') },
  { name: 'accepts the NAT64 prefix', policy: block('64:ff9b::/96') },
  { name: 'accepts a single address', policy: block('10.0.0.5/32') },
  { name: 'accepts an except one bit longer than its cidr', policy: block('10.0.0.0/8', ['10.0.0.0/9']) },
  { name: 'accepts host bits when strict CIDR validation is off', policy: block('10.0.0.1/24'), options: { strictCidr: false } },
  { name: 'accepts leading zeros when strict CIDR validation is off', policy: block('010.0.0.0/08', ['010.1.0.0/16']), options: { strictCidr: false } },
  { name: 'accepts an IPv4-mapped except inside an IPv4 cidr when strict CIDR validation is off', policy: block('10.0.0.0/8', ['::ffff:10.1.0.0/112']), options: { strictCidr: false } },
  { name: 'accepts DNS on UDP and TCP', policy: port({ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }) },
  { name: 'accepts named ports', policy: port({ port: 'http' }, { port: 'dns-tcp' }, { port: 'h2c' }, { port: 'abcdefghijklmno' }) },
  { name: 'accepts an endPort equal to port', policy: port({ port: 80, endPort: 80 }) },
  { name: 'accepts a port range', policy: port({ port: 32000, endPort: 32768 }) },
  { name: 'accepts SCTP on the highest port', policy: port({ protocol: 'SCTP', port: 65535 }) },
  { name: 'accepts a ports entry with only a protocol (every port)', policy: port({ protocol: 'UDP' }) },
  { name: 'accepts a null ports entry (it decodes as an empty one)', policy: port(null) },
  { name: 'accepts a null rule, which decodes as an allow-all rule', policy: policy({ ingress: [null] }) },
  { name: 'accepts a status field when unknown fields are not rejected', policy: policy({}, META, { status: {} }), options: { rejectUnknownFields: false } },
];

describe('validateNetworkPolicy rejects what the API server rejects', () => {
  test.each(invalidRows)('$name', ({ policy: object, expected, options }) => {
    // WHEN validated as on create THEN every problem, its path and its text are the API server's
    expect(lines(validateNetworkPolicy(object, options))).toEqual(expected);
  });
});

describe('validateNetworkPolicy accepts what the API server accepts', () => {
  test.each(validRows)('$name', ({ policy: object, options }) => {
    expect(validateNetworkPolicy(object, options)).toEqual([]);
  });

  test.each(validRows.filter((row) => row.options === undefined && !row.createOnly))('the evaluator also accepts: $name', ({ policy: object }) => {
    // A manifest that passes validation must never be refused later by the model.
    expect(() => ClusterModel.build([{ object: object as Json }])).not.toThrow();
  });
});

describe('problems carry a stable code and, where there is one, a fix', () => {
  test.each([
    { object: block('10.0.0.1/24'), code: 'cidr-host-bits', hint: 'did you mean "10.0.0.0/24" or "10.0.0.1/32"?' },
    { object: block('010.0.0.0/8'), code: 'cidr-leading-zeros', hint: 'use "10.0.0.0/8"' },
    { object: block('::ffff:10.0.0.0/104'), code: 'cidr-ipv4-mapped', hint: 'use "10.0.0.0/8"' },
    { object: block('2001:db8::1/64'), code: 'cidr-host-bits', hint: 'did you mean "2001:db8::/64" or "2001:db8::1/128"?' },
    { object: block('10.0.0.1'), code: 'invalid-cidr', hint: 'did you mean "10.0.0.1/32"?' },
    { object: port({ port: 'HTTP' }), code: 'invalid-port-name', hint: 'did you mean "http"?' },
    { object: port({ port: '8080' }), code: 'invalid-port-name', hint: 'write the port number unquoted: 8080' },
    { object: port({ protocol: 'udp' }), code: 'unsupported-protocol', hint: 'did you mean "UDP"?' },
    { object: policyTypes(['egress']), code: 'unsupported-policy-type', hint: 'did you mean "Egress"?' },
    { object: expression({ key: 'app', operator: 'exists' }), code: 'invalid-selector-operator', hint: 'did you mean "Exists"?' },
    { object: policy({ podselector: {} }), code: 'unknown-field', hint: 'did you mean "podSelector"?' },
    { object: named({ name: 'Allow_DNS' }), code: 'invalid-name', hint: 'did you mean "allow-dns"?' },
    { object: from({ podSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }), code: 'ip-block-with-other-peer', hint: 'put the ipBlock in a list item of its own (list items are ORed)' },
  ])('$code suggests: $hint', ({ object, code, hint }) => {
    const problems = validateNetworkPolicy(object);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toEqual(expect.objectContaining({ code, hint }));
  });

  test('every invalid row has a kebab-case code on each problem', () => {
    const codes = invalidRows.flatMap((row) => validateNetworkPolicy(row.policy, row.options).map((p) => p.code));
    expect(codes.filter((code) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(code))).toEqual([]);
  });
});

describe('validateManifests', () => {
  test('names the object and source of each problem and sorts them', () => {
    // GIVEN two invalid policies out of order and a valid one
    const objects = [
      { object: named({ name: 'z-policy', namespace: 'prod' }), source: 'b.yaml (document 1)' },
      { object: port({ port: 0 }), source: 'b.yaml (document 2)' },
      { object: { ...block('10.0.0.0/33'), metadata: { name: 'egress', namespace: 'ops' } }, source: 'a.yaml (document 1)' },
    ];
    // WHEN validated as a set
    const problems = validateManifests(objects);
    // THEN each problem says where it is, sorted by source
    expect(problems.map(formatProblem)).toEqual([
      `a.yaml (document 1): NetworkPolicy ops/egress: spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": ${CIDR_RULE}`,
      `b.yaml (document 2): NetworkPolicy prod/web: spec.ingress[0].ports[0].port: Invalid value: 0: ${PORT_RANGE}`,
    ]);
  });

  test('names a policy without a namespace as in the default namespace', () => {
    const [problem] = validateManifests([{ object: { ...port({ port: 0 }), metadata: { name: 'web' } } }]);
    expect(problem).toEqual(expect.objectContaining({ object: 'NetworkPolicy default/web', field: 'spec.ingress[0].ports[0].port' }));
    expect(problem).not.toHaveProperty('source');
  });

  test('leaves other kinds, other APIs and non-objects alone', () => {
    const objects = [
      { object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'Bad_Name' }, spec: { ports: [{ port: 0 }] } } },
      { object: { apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'calico' }, spec: { selector: "app == 'web'" } } },
      { object: 'not a manifest' as unknown as Json },
      { object: policy({}) },
    ];
    expect(validateManifests(objects)).toEqual([]);
  });

  test('refuses a NetworkPolicy of a removed apiVersion', () => {
    const object = { ...policy({}), apiVersion: 'extensions/v1beta1' };
    expect(validateManifests([{ object, source: 'old.yaml' }]).map(formatProblem)).toEqual([
      'old.yaml: NetworkPolicy prod/web: apiVersion: Unsupported value: "extensions/v1beta1": supported values: "networking.k8s.io/v1" (NetworkPolicy is served as networking.k8s.io/v1 only)',
    ]);
  });

  test('passes options through to every policy', () => {
    expect(validateManifests([{ object: block('10.0.0.1/24') }], { strictCidr: false })).toEqual([]);
  });
});

describe('the evaluator speaks with the validator\'s words where their checks overlap', () => {
  test.each([
    { name: 'an ipBlock mixed with a selector', object: from({ podSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }) },
    { name: 'an empty peer', object: from({}) },
    { name: 'a malformed cidr', object: block('10.0.0.0/33') },
    { name: 'a missing cidr', object: from({ ipBlock: {} }) },
    { name: 'an unsupported protocol', object: port({ protocol: 'ICMP' }) },
    { name: 'a port out of range', object: port({ port: 0 }) },
    { name: 'an endPort without port', object: port({ endPort: 90 }) },
    { name: 'an endPort with a named port', object: port({ port: 'http', endPort: 90 }) },
    { name: 'an endPort below port', object: port({ port: 90, endPort: 80 }) },
    { name: 'an unsupported policy type', object: policyTypes(['ingress']) },
    { name: 'a lowercase selector operator', object: expression({ key: 'app', operator: 'in', values: ['x'] }) },
    { name: 'In without values', object: expression({ key: 'app', operator: 'In' }) },
    { name: 'Exists with values', object: expression({ key: 'app', operator: 'Exists', values: ['x'] }) },
    { name: 'a label selector written as a list', object: selecting(['app=web']) },
  ])('for $name', ({ object }) => {
    // GIVEN what the validator says
    const expected = validateNetworkPolicy(object).map(({ code, field, message }) => ({ code, field, message }));
    // WHEN the model compiles the same policy THEN it refuses it with the same code, path and text
    let thrown: unknown;
    try {
      ClusterModel.build([{ object }]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    for (const problem of expected) expect((thrown as InputError).problems).toContainEqual(expect.objectContaining(problem));
  });
});

test('the table covers at least 70 invalid and 35 valid policies', () => {
  expect({ invalid: invalidRows.length >= 70, valid: validRows.length >= 35 }).toEqual({ invalid: true, valid: true });
});
