import { KubeObject } from '../../src/evaluator/kube';
import { validateManifests } from '../../src/validation';
import { CLUSTER_NETWORK_POLICY_MESSAGES, ClusterNetworkPolicyValidationOptions, DOMAIN_NAME_PATTERN, validateClusterNetworkPolicy } from '../../src/validation/cluster-network-policy';

/** A valid Admin guardrail: payments takes no ingress, and may reach the cluster DNS. */
function guardrail(): KubeObject {
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: 'payments-guardrail' },
    spec: {
      tier: 'Admin',
      priority: 10,
      subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } } },
      ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }],
      egress: [{
        name: 'dns',
        action: 'Accept',
        to: [{ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } }],
        protocols: [{ udp: { destinationPort: { number: 53 } } }, { tcp: { destinationPort: { number: 53 } } }],
      }],
    },
  };
}

/** The guardrail changed by `change` (which may also replace it by returning another object). */
function cnp(change: (policy: KubeObject) => KubeObject | void = () => undefined): KubeObject {
  const policy = guardrail();
  return change(policy) ?? policy;
}

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const egressTo = (to: KubeObject[], protocols?: KubeObject[]) => (p: KubeObject) => {
  p.spec.egress = [{ action: 'Accept', to, ...(protocols ? { protocols } : {}) }];
};
const egressPort = (destinationPort: KubeObject) => egressTo([{ namespaces: {} }], [{ tcp: { destinationPort } }]);
const networks = (list: string[]) => egressTo([{ networks: list }]);
const domainNames = (list: string[]) => egressTo([{ domainNames: list }]);
const NOT_CHECKED = { field: undefined, message: `Invalid value: null: ${CLUSTER_NETWORK_POLICY_MESSAGES.rulesNotChecked}` };
const cidrError = (field: string) => ({ field, message: 'Invalid value: "string": Invalid CIDR format provided' });
const E0 = 'spec.egress[0]';

interface InvalidRow {
  readonly title: string;
  readonly policy: KubeObject;
  readonly options?: ClusterNetworkPolicyValidationOptions;
  readonly problems: Array<{ field?: string; message: string }>;
}

const INVALID: InvalidRow[] = [
  // tier and priority
  { title: 'a priority above 1000', policy: cnp((p) => { p.spec.priority = 1001; }), problems: [{ field: 'spec.priority', message: 'Invalid value: 1001: spec.priority in body should be less than or equal to 1000' }] },
  { title: 'a negative priority', policy: cnp((p) => { p.spec.priority = -1; }), problems: [{ field: 'spec.priority', message: 'Invalid value: -1: spec.priority in body should be greater than or equal to 0' }] },
  { title: 'a fractional priority', policy: cnp((p) => { p.spec.priority = 1.5; }), problems: [{ field: 'spec.priority', message: 'Invalid value: "number": spec.priority in body must be of type integer: "number"' }, NOT_CHECKED] },
  { title: 'a quoted priority', policy: cnp((p) => { p.spec.priority = '10'; }), problems: [{ field: 'spec.priority', message: 'Invalid value: "string": spec.priority in body must be of type integer: "string"' }, NOT_CHECKED] },
  { title: 'no priority', policy: cnp((p) => { delete p.spec.priority; }), problems: [{ field: 'spec.priority', message: 'Required value' }, NOT_CHECKED] },
  { title: 'a lower-case tier', policy: cnp((p) => { p.spec.tier = 'admin'; }), problems: [{ field: 'spec.tier', message: 'Unsupported value: "admin": supported values: "Admin", "Baseline"' }, NOT_CHECKED] },
  { title: 'a numeric tier', policy: cnp((p) => { p.spec.tier = 5; }), problems: [{ field: 'spec.tier', message: 'Invalid value: "integer": spec.tier in body must be of type string: "integer"' }, NOT_CHECKED] },
  { title: 'no tier', policy: cnp((p) => { delete p.spec.tier; }), problems: [{ field: 'spec.tier', message: 'Required value' }, NOT_CHECKED] },
  { title: 'no spec', policy: cnp((p) => { delete p.spec; }), problems: [{ field: 'spec', message: 'Required value' }, NOT_CHECKED] },
  // subject
  { title: 'no subject', policy: cnp((p) => { delete p.spec.subject; }), problems: [{ field: 'spec.subject', message: 'Required value' }, NOT_CHECKED] },
  { title: 'an empty subject', policy: cnp((p) => { p.spec.subject = {}; }), problems: [{ field: 'spec.subject', message: 'Invalid value: 0: spec.subject in body should have at least 1 properties' }] },
  { title: 'a subject with both namespaces and pods', policy: cnp((p) => { p.spec.subject.pods = { podSelector: {} }; }), problems: [{ field: 'spec.subject', message: 'Too many: 2: must have at most 1 item' }, NOT_CHECKED] },
  { title: 'a pods subject without podSelector', policy: cnp((p) => { p.spec.subject = { pods: { namespaceSelector: {} } }; }), problems: [{ field: 'spec.subject.pods.podSelector', message: 'Required value' }, NOT_CHECKED] },
  // rules
  { title: 'a rule without action', policy: cnp((p) => { delete p.spec.ingress[0].action; }), problems: [{ field: 'spec.ingress[0].action', message: 'Required value' }, NOT_CHECKED] },
  { title: 'the v1alpha1 action Allow', policy: cnp((p) => { p.spec.ingress[0].action = 'Allow'; }), problems: [{ field: 'spec.ingress[0].action', message: 'Unsupported value: "Allow": supported values: "Accept", "Deny", "Pass"' }, NOT_CHECKED] },
  { title: 'an ingress rule without from', policy: cnp((p) => { delete p.spec.ingress[0].from; }), problems: [{ field: 'spec.ingress[0].from', message: 'Required value' }, NOT_CHECKED] },
  { title: 'an egress rule with from instead of to', policy: cnp((p) => { p.spec.egress[0].from = p.spec.egress[0].to; delete p.spec.egress[0].to; }), problems: [{ field: 'spec.egress[0].from', message: 'strict decoding error: unknown field "spec.egress[0].from"' }, { field: 'spec.egress[0].to', message: 'Required value' }, NOT_CHECKED] },
  { title: 'an empty from', policy: cnp((p) => { p.spec.ingress[0].from = []; }), problems: [{ field: 'spec.ingress[0].from', message: 'Invalid value: 0: spec.ingress[0].from in body should have at least 1 items' }] },
  { title: '26 peers', policy: cnp((p) => { p.spec.ingress[0].from = times(26, () => ({ namespaces: {} })); }), problems: [{ field: 'spec.ingress[0].from', message: 'Too many: 26: must have at most 25 items' }, NOT_CHECKED] },
  { title: '26 ingress rules', policy: cnp((p) => { p.spec.ingress = times(26, () => ({ action: 'Deny', from: [{ namespaces: {} }] })); }), problems: [{ field: 'spec.ingress', message: 'Too many: 26: must have at most 25 items' }, NOT_CHECKED] },
  { title: '26 egress rules', policy: cnp((p) => { p.spec.egress = times(26, () => ({ action: 'Deny', to: [{ namespaces: {} }] })); }), problems: [{ field: 'spec.egress', message: 'Too many: 26: must have at most 25 items' }, NOT_CHECKED] },
  { title: 'a rule name of 101 characters', policy: cnp((p) => { p.spec.ingress[0].name = 'x'.repeat(101); }), problems: [{ field: 'spec.ingress[0].name', message: 'Too long: may not be more than 100 bytes' }, NOT_CHECKED] },
  // peers
  { title: 'a networks peer in an ingress rule', policy: cnp((p) => { p.spec.ingress[0].from = [{ networks: ['10.0.0.0/8'] }]; }), problems: [{ field: 'spec.ingress[0].from[0].networks', message: 'strict decoding error: unknown field "spec.ingress[0].from[0].networks"' }, { field: 'spec.ingress[0].from[0]', message: 'Invalid value: 0: spec.ingress[0].from[0] in body should have at least 1 properties' }] },
  { title: 'a peer with two fields', policy: cnp(egressTo([{ namespaces: {}, networks: ['10.0.0.0/8'] }])), problems: [{ field: `${E0}.to[0]`, message: 'Too many: 2: must have at most 1 item' }, NOT_CHECKED] },
  { title: 'an empty peer', policy: cnp(egressTo([{}])), problems: [{ field: `${E0}.to[0]`, message: `Invalid value: 0: ${E0}.to[0] in body should have at least 1 properties` }] },
  // protocols
  { title: 'an empty protocols list', policy: cnp((p) => { p.spec.egress[0].protocols = []; }), problems: [{ field: `${E0}.protocols`, message: `Invalid value: 0: ${E0}.protocols in body should have at least 1 items` }] },
  { title: '26 protocols', policy: cnp((p) => { p.spec.egress[0].protocols = times(26, (i) => ({ tcp: { destinationPort: { number: i + 1 } } })); }), problems: [{ field: `${E0}.protocols`, message: 'Too many: 26: must have at most 25 items' }, NOT_CHECKED] },
  { title: 'a protocols entry with tcp and udp', policy: cnp((p) => { p.spec.egress[0].protocols = [{ tcp: { destinationPort: { number: 53 } }, udp: { destinationPort: { number: 53 } } }]; }), problems: [{ field: `${E0}.protocols[0]`, message: 'Too many: 2: must have at most 1 item' }, NOT_CHECKED] },
  { title: 'an empty protocols entry', policy: cnp((p) => { p.spec.egress[0].protocols = [{}]; }), problems: [{ field: `${E0}.protocols[0]`, message: `Invalid value: 0: ${E0}.protocols[0] in body should have at least 1 properties` }] },
  { title: 'tcp without destinationPort', policy: cnp((p) => { p.spec.egress[0].protocols = [{ tcp: {} }]; }), problems: [{ field: `${E0}.protocols[0].tcp`, message: `Invalid value: 0: ${E0}.protocols[0].tcp in body should have at least 1 properties` }] },
  { title: 'a destinationPort without number or range', policy: cnp(egressPort({})), problems: [{ field: `${E0}.protocols[0].tcp.destinationPort`, message: `Invalid value: 0: ${E0}.protocols[0].tcp.destinationPort in body should have at least 1 properties` }] },
  { title: 'a destinationPort with number and range', policy: cnp(egressPort({ number: 80, range: { start: 80, end: 90 } })), problems: [{ field: `${E0}.protocols[0].tcp.destinationPort`, message: 'Too many: 2: must have at most 1 item' }, NOT_CHECKED] },
  { title: 'port 0', policy: cnp(egressPort({ number: 0 })), problems: [{ field: `${E0}.protocols[0].tcp.destinationPort.number`, message: `Invalid value: 0: ${E0}.protocols[0].tcp.destinationPort.number in body should be greater than or equal to 1` }] },
  { title: 'port 65536', policy: cnp(egressPort({ number: 65536 })), problems: [{ field: `${E0}.protocols[0].tcp.destinationPort.number`, message: `Invalid value: 65536: ${E0}.protocols[0].tcp.destinationPort.number in body should be less than or equal to 65535` }] },
  { title: 'a range that starts where it ends', policy: cnp(egressPort({ range: { start: 80, end: 80 } })), problems: [{ field: `${E0}.protocols[0].tcp.destinationPort.range`, message: 'Invalid value: "object": Start port must be less than End port' }] },
  { title: 'a range that starts after it ends', policy: cnp(egressPort({ range: { start: 9000, end: 8000 } })), problems: [{ field: `${E0}.protocols[0].tcp.destinationPort.range`, message: 'Invalid value: "object": Start port must be less than End port' }] },
  { title: 'a range without end', policy: cnp(egressPort({ range: { start: 80 } })), problems: [{ field: `${E0}.protocols[0].tcp.destinationPort.range.end`, message: 'Required value' }, NOT_CHECKED] },
  {
    title: 'a range starting above 65535 and after its end (both the schema and the CEL rule object)',
    policy: cnp(egressPort({ range: { start: 70000, end: 80 } })),
    problems: [
      { field: `${E0}.protocols[0].tcp.destinationPort.range.start`, message: `Invalid value: 70000: ${E0}.protocols[0].tcp.destinationPort.range.start in body should be less than or equal to 65535` },
      { field: `${E0}.protocols[0].tcp.destinationPort.range`, message: 'Invalid value: "object": Start port must be less than End port' },
    ],
  },
  { title: 'a range ending above 65535', policy: cnp(egressPort({ range: { start: 80, end: 70000 } })), problems: [{ field: `${E0}.protocols[0].tcp.destinationPort.range.end`, message: `Invalid value: 70000: ${E0}.protocols[0].tcp.destinationPort.range.end in body should be less than or equal to 65535` }] },
  // networks
  { title: 'an empty networks list', policy: cnp(networks([])), problems: [{ field: `${E0}.to[0].networks`, message: `Invalid value: 0: ${E0}.to[0].networks in body should have at least 1 items` }] },
  { title: '26 networks', policy: cnp(networks(times(26, (i) => `10.${i}.0.0/16`))), problems: [{ field: `${E0}.to[0].networks`, message: 'Too many: 26: must have at most 25 items' }, NOT_CHECKED] },
  { title: 'a prefix longer than the address', policy: cnp(networks(['10.0.0.0/33'])), problems: [cidrError(`${E0}.to[0].networks[0]`)] },
  { title: 'an address without prefix', policy: cnp(networks(['192.0.2.10'])), problems: [cidrError(`${E0}.to[0].networks[0]`)] },
  { title: 'leading zeros', policy: cnp(networks(['10.0.0.0/8', '010.0.0.0/8'])), problems: [cidrError(`${E0}.to[0].networks[1]`)] },
  { title: 'an IPv4-mapped IPv6 CIDR', policy: cnp(networks(['::ffff:10.0.0.0/104'])), problems: [cidrError(`${E0}.to[0].networks[0]`)] },
  { title: 'an IPv6 CIDR with a zone', policy: cnp(networks(['fe80::1%eth0/64'])), problems: [cidrError(`${E0}.to[0].networks[0]`)] },
  { title: 'host bits set, in v1beta1', policy: cnp((p) => { p.apiVersion = 'policy.networking.k8s.io/v1beta1'; networks(['10.0.0.1/8'])(p); }), problems: [cidrError(`${E0}.to[0].networks[0]`)] },
  { title: 'a repeated CIDR', policy: cnp(networks(['10.0.0.0/8', '192.0.2.0/24', '10.0.0.0/8'])), problems: [{ field: `${E0}.to[0].networks[2]`, message: 'Duplicate value: "10.0.0.0/8"' }] },
  { title: 'a CIDR of 44 characters', policy: cnp(networks(['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/0128'])), problems: [{ field: `${E0}.to[0].networks[0]`, message: 'Too long: may not be more than 43 bytes' }, NOT_CHECKED] },
  // domainNames
  { title: 'a wildcard that is not a whole label', policy: cnp(domainNames(['*example.com'])), problems: [{ field: `${E0}.to[0].domainNames[0]`, message: `Invalid value: "*example.com": ${E0}.to[0].domainNames[0] in body should match '${DOMAIN_NAME_PATTERN}'` }] },
  { title: 'a single-label domain name', policy: cnp(domainNames(['api.example.com', 'localhost'])), problems: [{ field: `${E0}.to[0].domainNames[1]`, message: `Invalid value: "localhost": ${E0}.to[0].domainNames[1] in body should match '${DOMAIN_NAME_PATTERN}'` }] },
  { title: 'a wildcard inside a name', policy: cnp(domainNames(['api.*.example.com'])), problems: [{ field: `${E0}.to[0].domainNames[0]`, message: `Invalid value: "api.*.example.com": ${E0}.to[0].domainNames[0] in body should match '${DOMAIN_NAME_PATTERN}'` }] },
  { title: 'an empty domainNames list', policy: cnp(domainNames([])), problems: [{ field: `${E0}.to[0].domainNames`, message: `Invalid value: 0: ${E0}.to[0].domainNames in body should have at least 1 items` }] },
  { title: 'a repeated domain name', policy: cnp(domainNames(['api.example.com', 'api.example.com'])), problems: [{ field: `${E0}.to[0].domainNames[1]`, message: 'Duplicate value: "api.example.com"' }] },
  // the experimental channel's CEL rule, and the standard channel
  {
    title: 'a named port in a rule with a networks peer',
    policy: cnp(egressTo([{ namespaces: {} }, { networks: ['10.0.0.0/8'] }], [{ destinationNamedPort: 'http' }])),
    problems: [{ field: E0, message: `Invalid value: "object": ${CLUSTER_NETWORK_POLICY_MESSAGES.namedPortWithAddressPeer}` }],
  },
  {
    title: 'a named port in a rule with a nodes peer',
    policy: cnp(egressTo([{ nodes: {} }], [{ tcp: { destinationPort: { number: 22 } } }, { destinationNamedPort: 'ssh' }])),
    problems: [{ field: E0, message: `Invalid value: "object": ${CLUSTER_NETWORK_POLICY_MESSAGES.namedPortWithAddressPeer}` }],
  },
  {
    title: 'a nodes peer on the standard channel',
    policy: cnp(egressTo([{ nodes: {} }])),
    options: { channel: 'standard' },
    problems: [{ field: `${E0}.to[0].nodes`, message: `strict decoding error: unknown field "${E0}.to[0].nodes"` }, { field: `${E0}.to[0]`, message: `Invalid value: 0: ${E0}.to[0] in body should have at least 1 properties` }],
  },
  {
    title: 'a named port on the standard channel',
    policy: cnp((p) => { p.spec.egress[0].protocols = [{ destinationNamedPort: 'dns' }]; }),
    options: { channel: 'standard' },
    problems: [{ field: `${E0}.protocols[0].destinationNamedPort`, message: `strict decoding error: unknown field "${E0}.protocols[0].destinationNamedPort"` }, { field: `${E0}.protocols[0]`, message: `Invalid value: 0: ${E0}.protocols[0] in body should have at least 1 properties` }],
  },
  // label selectors (beyond the CRD, as an implementation converting them would refuse)
  {
    title: 'a selector operator in lower case',
    policy: cnp((p) => { p.spec.subject = { namespaces: { matchExpressions: [{ key: 'team', operator: 'in', values: ['a'] }] } }; }),
    problems: [{ field: 'spec.subject.namespaces.matchExpressions[0].operator', message: 'Invalid value: "in": not a valid selector operator' }],
  },
  {
    title: 'In without values',
    policy: cnp((p) => { p.spec.ingress[0].from = [{ pods: { podSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } } }]; }),
    problems: [{ field: 'spec.ingress[0].from[0].pods.podSelector.matchExpressions[0].values', message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" }],
  },
  {
    title: 'Exists with values',
    policy: cnp((p) => { p.spec.subject = { namespaces: { matchExpressions: [{ key: 'team', operator: 'Exists', values: ['a'] }] } }; }),
    problems: [{ field: 'spec.subject.namespaces.matchExpressions[0].values', message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" }],
  },
  {
    title: 'a selector requirement without operator',
    policy: cnp((p) => { p.spec.subject = { namespaces: { matchExpressions: [{ key: 'team' }] } }; }),
    problems: [{ field: 'spec.subject.namespaces.matchExpressions[0].operator', message: 'Required value' }, NOT_CHECKED],
  },
  {
    title: 'a label value with a space',
    policy: cnp((p) => { p.spec.subject = { namespaces: { matchLabels: { team: 'pay ments' } } }; }),
    problems: [{ field: 'spec.subject.namespaces.matchLabels', message: 'Invalid value: "pay ments": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')' }],
  },
  {
    title: 'an unquoted boolean label value',
    policy: cnp((p) => { p.spec.subject = { namespaces: { matchLabels: { monitored: true } } }; }),
    problems: [{ field: 'spec.subject.namespaces.matchLabels.monitored', message: 'Invalid value: "boolean": spec.subject.namespaces.matchLabels.monitored in body must be of type string: "boolean"' }, NOT_CHECKED],
  },
  // the object around the spec
  { title: 'a namespace on a cluster-scoped object', policy: cnp((p) => { p.metadata.namespace = 'payments'; }), problems: [{ field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' }] },
  {
    title: 'a name that is no DNS subdomain',
    policy: cnp((p) => { p.metadata.name = 'Payments_Guardrail'; }),
    problems: [{ field: 'metadata.name', message: 'Invalid value: "Payments_Guardrail": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')' }],
  },
  { title: 'an unknown spec field', policy: cnp((p) => { p.spec.priorty = 5; }), problems: [{ field: 'spec.priorty', message: 'strict decoding error: unknown field "spec.priorty"' }] },
  {
    title: 'the AdminNetworkPolicy apiVersion',
    policy: cnp((p) => { p.apiVersion = 'policy.networking.k8s.io/v1alpha1'; }),
    problems: [{ field: 'apiVersion', message: 'Unsupported value: "policy.networking.k8s.io/v1alpha1": supported values: "policy.networking.k8s.io/v1alpha2", "policy.networking.k8s.io/v1beta1"' }],
  },
  {
    title: 'a CEL violation behind a blocking schema error (the API server checks no rule then)',
    policy: cnp((p) => { p.spec.tier = 'admin'; egressPort({ range: { start: 90, end: 80 } })(p); }),
    problems: [{ field: 'spec.tier', message: 'Unsupported value: "admin": supported values: "Admin", "Baseline"' }, NOT_CHECKED],
  },
];

interface ValidRow {
  readonly title: string;
  readonly policy: KubeObject;
  readonly options?: ClusterNetworkPolicyValidationOptions;
}

const VALID: ValidRow[] = [
  { title: 'the Admin guardrail', policy: cnp() },
  { title: 'a Baseline default deny', policy: cnp((p) => { p.spec.tier = 'Baseline'; delete p.spec.egress; }) },
  { title: 'a Pass rule', policy: cnp((p) => { p.spec.ingress[0].action = 'Pass'; }) },
  { title: 'priority 0', policy: cnp((p) => { p.spec.priority = 0; }) },
  { title: 'priority 1000', policy: cnp((p) => { p.spec.priority = 1000; }) },
  { title: 'a subject of every namespace', policy: cnp((p) => { p.spec.subject = { namespaces: {} }; }) },
  { title: 'a pods subject without namespaceSelector', policy: cnp((p) => { p.spec.subject = { pods: { podSelector: { matchLabels: { app: 'api' } } } }; }) },
  { title: 'no rules at all (a no-op, which is lint)', policy: cnp((p) => { delete p.spec.ingress; delete p.spec.egress; }) },
  { title: 'an empty ingress list', policy: cnp((p) => { p.spec.ingress = []; }) },
  { title: '25 rules of 25 peers', policy: cnp((p) => { p.spec.ingress = times(25, () => ({ action: 'Deny', from: times(25, () => ({ namespaces: {} })) })); }) },
  { title: '25 protocols', policy: cnp((p) => { p.spec.egress[0].protocols = times(25, (i) => ({ sctp: { destinationPort: { number: 9000 + i } } })); }) },
  { title: 'every port as a range', policy: cnp(egressPort({ range: { start: 1, end: 65535 } })) },
  { title: 'a range of two ports', policy: cnp(egressPort({ range: { start: 80, end: 81 } })) },
  { title: 'port 65535', policy: cnp(egressPort({ number: 65535 })) },
  { title: 'the whole IPv4 and IPv6 internet', policy: cnp(networks(['0.0.0.0/0', '::/0'])) },
  { title: 'host bits set, in v1alpha2', policy: cnp(networks(['10.0.0.1/8'])) },
  { title: 'a masked CIDR in v1beta1', policy: cnp((p) => { p.apiVersion = 'policy.networking.k8s.io/v1beta1'; networks(['10.0.0.0/8', '2001:db8::/32'])(p); }) },
  { title: '25 networks', policy: cnp(networks(times(25, (i) => `10.${i}.0.0/16`))) },
  { title: 'a CIDR of 43 characters', policy: cnp(networks(['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128'])) },
  { title: 'exact, wildcard, trailing-dot and underscore domain names', policy: cnp(domainNames(['api.example.com', '*.example.com', 'example.org.', 'my_service.internal.example'])) },
  { title: 'every node', policy: cnp(egressTo([{ nodes: {} }], [{ tcp: { destinationPort: { number: 10250 } } }])) },
  { title: 'a named port for pods', policy: cnp(egressTo([{ pods: { podSelector: {} } }], [{ destinationNamedPort: 'http' }])) },
  {
    title: 'a named port and a networks peer in separate rules',
    policy: cnp((p) => { p.spec.egress = [{ action: 'Accept', to: [{ namespaces: {} }], protocols: [{ destinationNamedPort: 'http' }] }, { action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }]; }),
  },
  { title: 'a rule name of 100 characters', policy: cnp((p) => { p.spec.ingress[0].name = 'x'.repeat(100); }) },
  { title: 'all four selector operators', policy: cnp((p) => { p.spec.subject = { namespaces: { matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }, { key: 'b', operator: 'NotIn', values: ['2'] }, { key: 'c', operator: 'Exists' }, { key: 'd', operator: 'DoesNotExist' }] } }; }) },
  { title: 'standard fields on the standard channel', policy: cnp(), options: { channel: 'standard' } },
  { title: 'an unknown field with --validate=false (the API server prunes it)', policy: cnp((p) => { p.spec.priorty = 5; }), options: { rejectUnknownFields: false } },
];

describe('validateClusterNetworkPolicy', () => {
  test.each(INVALID)('refuses $title', ({ policy, options, problems }) => {
    const found = validateClusterNetworkPolicy(policy, options);
    expect(found.map(({ field, message }) => ({ field, message }))).toEqual(problems);
  });

  test.each(VALID)('accepts $title', ({ policy, options }) => {
    expect(validateClusterNetworkPolicy(policy, options)).toEqual([]);
  });

  test('the table has at least 45 invalid and 22 valid policies', () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(45);
    expect(VALID.length).toBeGreaterThanOrEqual(22);
  });

  test('suggests the intended value for a mistyped enum, a CIDR with host bits and an experimental field', () => {
    // GIVEN three mistakes a person makes
    const hints = (policy: KubeObject, options?: ClusterNetworkPolicyValidationOptions) => validateClusterNetworkPolicy(policy, options)
      .map((p) => p.hint);
    // THEN each problem says what was meant
    expect(hints(cnp((p) => { p.spec.ingress[0].action = 'Allow'; }))).toContain('did you mean "Accept"?');
    expect(hints(cnp((p) => { p.apiVersion = 'policy.networking.k8s.io/v1beta1'; networks(['10.0.0.1/8'])(p); }))).toEqual(['did you mean "10.0.0.0/8"?']);
    expect(hints(cnp(egressTo([{ domainNames: ['api.example.com'] }])), { channel: 'standard' })).toContain("domainNames is in the experimental channel's CRD only");
  });

  test('gives every problem a stable code', () => {
    const codes = INVALID.flatMap(({ policy, options }) => validateClusterNetworkPolicy(policy, options).map((p) => p.code));
    expect(codes.filter((code) => !/^[a-z]+(-[a-z0-9]+)*$/.test(code))).toEqual([]);
  });
});

describe('validateManifests', () => {
  test('validates ClusterNetworkPolicies of policy.networking.k8s.io beside NetworkPolicies, naming object and source', () => {
    // GIVEN an invalid ClusterNetworkPolicy, and another vendor's kind of the same name
    const antrea = { apiVersion: 'crd.antrea.io/v1beta1', kind: 'ClusterNetworkPolicy', metadata: { name: 'x' }, spec: { priority: 'anything' } };
    const objects = [{ object: cnp((p) => { p.spec.priority = 1001; }), source: 'platform.yaml (document 1, line 1)' }, { object: antrea, source: 'antrea.yaml' }];
    // WHEN the manifests are validated
    const problems = validateManifests(objects);
    // THEN only ours is checked, and its problem says where it is
    expect(problems).toEqual([expect.objectContaining({
      object: 'ClusterNetworkPolicy payments-guardrail',
      source: 'platform.yaml (document 1, line 1)',
      field: 'spec.priority',
      message: 'Invalid value: 1001: spec.priority in body should be less than or equal to 1000',
    })]);
  });
});
