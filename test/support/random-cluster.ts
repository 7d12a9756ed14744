import * as fc from 'fast-check';
import { namespace, node, pod, policy } from './builders';
import { NaiveEndpoint } from './naive-evaluator';
import { EndpointSpec } from '../../src/evaluator/flows';
import { KubeObject, Protocol } from '../../src/evaluator/kube';

/**
 * fast-check arbitraries for small random clusters and flows through them, for comparing the
 * evaluator with the naive reference. Label keys, values, port names and address anchors come from
 * small pools so that selectors, named ports and CIDRs hit the cluster's objects often.
 */

const NAMESPACES = ['default', 'apps', 'data'];
/** Pods may name it; no Namespace object or policy ever does, so it exists with only its name label. */
const GHOST_NAMESPACE = 'ghost';
const POD_LABEL_KEYS = ['app', 'tier'];
const POD_LABEL_VALUES = ['web', 'api', 'db'];
const NAMESPACE_LABEL_KEYS = ['team', 'kubernetes.io/metadata.name'];
const NAMESPACE_LABEL_VALUES = ['blue', 'green', ...NAMESPACES, GHOST_NAMESPACE];
const PORT_NAMES = ['http', 'metrics', 'dns'];
const CONTAINER_PORT_NUMBERS = [53, 80, 8080, 9090];
const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];
/** Flow ports: container ports, the edges of the generated endPort ranges, and the extremes. */
const FLOW_PORTS = [1, 53, 54, 80, 80, 81, 443, 8000, 8001, 8080, 8080, 8081, 8100, 9080, 9090, 65535];
const NODE_ADDRESS = '10.0.100.1';
/** Outside the pod and node addresses; some inside policy CIDRs, some not. */
const EXTERNAL_IPS = ['192.0.2.1', '192.0.2.77', '198.51.100.9', '203.0.113.5', '10.0.0.200', '2001:db8::1', '2001:db8::ff', 'fd00::ffff'];
const V4_ANCHORS = ['0.0.0.0', '10.0.0.0', '10.0.0.1', '10.0.0.4', '10.0.0.200', NODE_ADDRESS, '192.0.2.0', '192.0.2.77', '198.51.100.9'];
const V6_ANCHORS = ['::', 'fd00::', 'fd00::1', 'fd00::4', '2001:db8::', '2001:db8::ff'];
const V4_PREFIXES = [0, 8, 16, 24, 25, 26, 29, 30, 31, 32];
const V6_PREFIXES = [0, 8, 64, 120, 124, 126, 127, 128];

/** Flow endpoints as ranges stay in the external space (documentation prefixes), small enough to enumerate. */
const RANGE_ANCHORS = ['192.0.2.0', '192.0.2.72', '198.51.100.0', '2001:db8::f0'];

/** A random cluster: its objects, plus the pods and addresses flows may name. */
export interface RandomCluster {
  readonly objects: KubeObject[];
  readonly pods: KubeObject[];
  /** Pod IPs, node address and external IPs: flows to these exercise address resolution. */
  readonly addresses: string[];
}

export interface ContainerPortShape {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: Protocol;
}

/** Where a flow starts or ends, as indices and shapes that shrink well. */
export type EndpointChoice =
  | { readonly kind: 'pod'; readonly pick: number }
  | { readonly kind: 'address'; readonly pick: number }
  | { readonly kind: 'adhoc'; readonly namespace: string; readonly labels: Record<string, string>; readonly ports: ContainerPortShape[] }
  | { readonly kind: 'range'; readonly cidr: string; readonly except?: string[] };

export interface RandomFlow {
  readonly from: EndpointChoice;
  readonly to: EndpointChoice;
  /** A number, or one of the destination pod's container ports (its number and protocol). */
  readonly port: number | { readonly destinationPort: number };
  readonly protocol: Protocol;
}

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const rarely = (arb: fc.Arbitrary<boolean>) => fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: arb, weight: 1 });

function labelsArb(keys: string[], values: string[]): fc.Arbitrary<Record<string, string>> {
  return fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3, noNullPrototype: true });
}

/**
 * `{}`, one label, or matchLabels with matchExpressions of all four operators: weighted so that
 * selectors match some of the cluster's objects more often than not.
 */
function selectorArb(keys: string[], values: string[]): fc.Arbitrary<KubeObject> {
  const expression = fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 }) }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
  );
  const general = fc.record({
    matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2, noNullPrototype: true }),
    matchExpressions: fc.array(expression, { maxLength: 2 }),
  }, { requiredKeys: [], noNullPrototype: true });
  const oneLabel = fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...values)).map(([key, value]) => ({ matchLabels: { [key]: value } }));
  return fc.oneof({ arbitrary: fc.constant({}), weight: 2 }, { arbitrary: oneLabel, weight: 3 }, { arbitrary: general, weight: 3 });
}

const podSelectorArb = selectorArb(POD_LABEL_KEYS, POD_LABEL_VALUES);
const namespaceSelectorArb = selectorArb(NAMESPACE_LABEL_KEYS, NAMESPACE_LABEL_VALUES);

/**
 * A block and up to two holes, usually carved around the block's own anchor so that they fall
 * inside it. Anchors often have host bits set (`10.0.0.4/24`), as users write them.
 */
function blockArb(anchors: string[], prefixes: number[], holePrefixes: number[]): fc.Arbitrary<KubeObject> {
  const hole = fc.record({
    ownAnchor: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
    anchor: fc.constantFrom(...anchors),
    prefix: fc.constantFrom(...holePrefixes),
  });
  const block = fc.record({
    anchor: fc.constantFrom(...anchors),
    prefix: fc.constantFrom(...prefixes),
    holes: fc.array(hole, { maxLength: 2 }),
    omitEmptyExcept: fc.boolean(),
  });
  return block
    .map(({ anchor, prefix, holes, omitEmptyExcept }) => {
      const except = holes.map((h) => `${h.ownAnchor ? anchor : h.anchor}/${h.prefix}`);
      return except.length === 0 && omitEmptyExcept ? { cidr: `${anchor}/${prefix}` } : { cidr: `${anchor}/${prefix}`, except };
    });
}

const ipBlockArb: fc.Arbitrary<KubeObject> = fc.oneof(
  blockArb(V4_ANCHORS, V4_PREFIXES, [24, 25, 30, 31, 32]),
  blockArb(V6_ANCHORS, V6_PREFIXES, [64, 120, 126, 128]),
);

const peerArb: fc.Arbitrary<KubeObject> = fc.oneof(
  fc.record({ podSelector: podSelectorArb }),
  fc.record({ namespaceSelector: namespaceSelectorArb }),
  fc.record({ podSelector: podSelectorArb, namespaceSelector: namespaceSelectorArb }),
  fc.record({ ipBlock: ipBlockArb }),
);

const protocolArb = optional(fc.constantFrom(...PROTOCOLS));

/** Protocol only, numeric, named (some names no pod has), and ranges. */
const portEntryArb: fc.Arbitrary<KubeObject> = fc.oneof(
  fc.record({ protocol: protocolArb }, { requiredKeys: [] }),
  fc.record({ protocol: protocolArb, port: fc.constantFrom(53, 80, 443, 8080, 9090) }, { requiredKeys: ['port'] }),
  fc.record({ protocol: protocolArb, port: fc.constantFrom(...PORT_NAMES, 'nope') }, { requiredKeys: ['port'] }),
  fc.record({ protocol: protocolArb, port: fc.constantFrom(53, 80, 8000, 8080), span: fc.constantFrom(0, 1, 100, 1000) }, { requiredKeys: ['port', 'span'] })
    .map(({ span, ...entry }) => ({ ...entry, endPort: entry.port + span })),
);

/** Absent, `[]`, or 1-3 items: the three forms that mean different things in a policy. */
function listOf(arb: fc.Arbitrary<KubeObject>): fc.Arbitrary<KubeObject[] | undefined> {
  return fc.oneof(fc.constant(undefined), fc.constant<KubeObject[]>([]), fc.array(arb, { minLength: 1, maxLength: 3 }));
}

function rulesArb(peersKey: 'from' | 'to'): fc.Arbitrary<KubeObject[] | undefined> {
  const rule: fc.Arbitrary<KubeObject> = fc.record({ [peersKey]: listOf(peerArb), ports: listOf(portEntryArb) }, { requiredKeys: [] });
  const allowAll = fc.constant<KubeObject[]>([{}]);
  return fc.oneof(fc.constant(undefined), fc.constant<KubeObject[]>([]), allowAll, fc.array(rule, { minLength: 1, maxLength: 3 }));
}

const policyTypesArb = fc.constantFrom<string[] | undefined>(undefined, [], ['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Ingress']);

const policyArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  podSelector: podSelectorArb,
  policyTypes: policyTypesArb,
  ingress: rulesArb('from'),
  egress: rulesArb('to'),
});

/** Container ports with distinct names, as the API requires within a pod. */
const containerPortsArb: fc.Arbitrary<ContainerPortShape[]> = fc.uniqueArray(
  fc.record({ name: optional(fc.constantFrom(...PORT_NAMES)), containerPort: fc.constantFrom(...CONTAINER_PORT_NUMBERS), protocol: protocolArb }, { requiredKeys: ['containerPort'] }),
  { maxLength: 3, selector: (p) => p.name ?? `#${p.containerPort}/${p.protocol}` },
).map((ports) => ports.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as ContainerPortShape));

const podArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES, GHOST_NAMESPACE),
  labels: labelsArb(POD_LABEL_KEYS, POD_LABEL_VALUES),
  /** Mostly true: a pod without IP is pending, and no ipBlock can match it. */
  ipv4: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
  ipv6: rarely(fc.boolean()),
  ports: containerPortsArb,
  hostNetwork: rarely(fc.boolean()),
  /** Write a pod of `default` without metadata.namespace, as `kubectl apply` would read it. */
  omitNamespace: fc.boolean(),
});

const namespaceArb = fc.record({
  declared: fc.boolean(),
  labels: labelsArb(NAMESPACE_LABEL_KEYS, NAMESPACE_LABEL_VALUES),
});

/** 3 namespaces (some declared, some only referenced) and a ghost one, 3-10 pods, 1-6 policies, maybe a node. */
export const randomClusterArb: fc.Arbitrary<RandomCluster> = fc.record({
  namespaces: fc.array(namespaceArb, { minLength: NAMESPACES.length, maxLength: NAMESPACES.length }),
  pods: fc.array(podArb, { minLength: 3, maxLength: 10 }),
  policies: fc.array(policyArb, { minLength: 1, maxLength: 6 }),
  withNode: fc.boolean(),
}).map(({ namespaces, pods, policies, withNode }) => {
  const objects: KubeObject[] = [];
  namespaces.forEach((ns, i) => {
    if (ns.declared) objects.push(namespace(NAMESPACES[i], ns.labels));
  });
  const podObjects = pods.map((p, i) => {
    const ips = [...(p.ipv4 ? [`10.0.0.${i + 1}`] : []), ...(p.ipv6 ? [`fd00::${(i + 1).toString(16)}`] : [])];
    const object = pod(`${p.namespace}/p${i}`, { labels: p.labels, ips, hostNetwork: p.hostNetwork });
    if (p.ports.length) object.spec.containers[0].ports = p.ports;
    if (p.omitNamespace && p.namespace === 'default') delete object.metadata.namespace;
    return object;
  });
  objects.push(...podObjects);
  if (withNode) objects.push(node('worker-1', [NODE_ADDRESS]));
  policies.forEach((p, i) => {
    const spec: KubeObject = { podSelector: p.podSelector };
    if (p.policyTypes !== undefined) spec.policyTypes = p.policyTypes;
    if (p.ingress !== undefined) spec.ingress = p.ingress;
    if (p.egress !== undefined) spec.egress = p.egress;
    objects.push(policy(`${p.namespace}/np${i}`, spec));
  });
  const addresses = [...podObjects.flatMap((o) => (o.status?.podIPs ?? []).map((e: KubeObject) => e.ip)), NODE_ADDRESS, ...EXTERNAL_IPS];
  return { objects, pods: podObjects, addresses };
});

/** At most 4 addresses: the reference enumerates them one by one; a hole makes partial coverage likely. */
const rangeArb = fc.tuple(fc.constantFrom(...RANGE_ANCHORS), fc.nat(2), fc.option(fc.nat(1), { nil: undefined })).map(([anchor, shrink, hole]) => {
  const bits = anchor.includes(':') ? 128 : 32;
  const prefix = bits - shrink;
  const except = hole === undefined || hole >= shrink ? undefined : [`${anchor}/${bits - hole}`];
  return { kind: 'range' as const, cidr: `${anchor}/${prefix}`, ...(except ? { except } : {}) };
});

const endpointChoiceArb: fc.Arbitrary<EndpointChoice> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('pod' as const), pick: fc.nat() }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('address' as const), pick: fc.nat() }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('adhoc' as const),
      namespace: fc.constantFrom(...NAMESPACES, GHOST_NAMESPACE),
      labels: labelsArb(POD_LABEL_KEYS, POD_LABEL_VALUES),
      ports: containerPortsArb,
    }),
    weight: 2,
  },
  { arbitrary: rangeArb, weight: 1 },
);

export const randomFlowArb: fc.Arbitrary<RandomFlow> = fc.record({
  from: endpointChoiceArb,
  to: endpointChoiceArb,
  port: fc.oneof(
    { arbitrary: fc.constantFrom(...FLOW_PORTS), weight: 6 },
    { arbitrary: fc.record({ destinationPort: fc.nat() }), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: 65535 }), weight: 1 },
  ),
  protocol: fc.constantFrom(...PROTOCOLS),
});

/** An endpoint as a flows file writes it, and as the naive reference takes it (a range stays a range). */
export interface ChosenEndpoint {
  readonly spec: EndpointSpec;
  readonly naive: NaiveEndpoint | { readonly range: { cidr: string; except?: string[] } };
}

/** A flow with its endpoints chosen and its port a number. */
export interface ChosenFlow {
  readonly from: ChosenEndpoint;
  readonly to: ChosenEndpoint;
  readonly port: number;
  readonly protocol: Protocol;
}

export function chooseFlow(cluster: RandomCluster, flow: RandomFlow): ChosenFlow {
  const from = chooseEndpoint(cluster, flow.from);
  const to = chooseEndpoint(cluster, flow.to);
  if (typeof flow.port === 'number') return { from, to, port: flow.port, protocol: flow.protocol };
  const ports: ContainerPortShape[] = 'pod' in to.naive ? to.naive.pod.spec?.containers?.[0]?.ports ?? [] : [];
  const target = ports[flow.port.destinationPort % Math.max(ports.length, 1)];
  return target
    ? { from, to, port: target.containerPort, protocol: target.protocol ?? 'TCP' }
    : { from, to, port: 80, protocol: flow.protocol };
}

export function chooseEndpoint(cluster: RandomCluster, choice: EndpointChoice): ChosenEndpoint {
  switch (choice.kind) {
    case 'pod': {
      const chosen = cluster.pods[choice.pick % cluster.pods.length];
      return { spec: `${chosen.metadata.namespace ?? 'default'}/${chosen.metadata.name}`, naive: { pod: chosen } };
    }
    case 'address': {
      const ip = cluster.addresses[choice.pick % cluster.addresses.length];
      return { spec: ip, naive: { ip } };
    }
    case 'adhoc': {
      const adHoc = pod(`${choice.namespace}/ad-hoc`, { labels: choice.labels });
      if (choice.ports.length) adHoc.spec.containers[0].ports = choice.ports;
      return { spec: { namespace: choice.namespace, labels: choice.labels, ports: choice.ports }, naive: { pod: adHoc } };
    }
    case 'range': {
      const range = { cidr: choice.cidr, ...(choice.except ? { except: choice.except } : {}) };
      return { spec: range, naive: { range } };
    }
  }
}
