import { KubeObject, NAMESPACE_NAME_LABEL, Protocol, SourcedObject } from '../src/evaluator/kube';

/** Sizes of a synthetic cluster; the defaults are the benchmark's. */
export interface SyntheticClusterOptions {
  /** Seed of the PRNG: the same options always give the same objects. @default 1 */
  readonly seed?: number;
  /** Namespaces, including kube-system and monitoring. @default 200 */
  readonly namespaces?: number;
  /** Pods in the model: live Pods plus templates of workloads without live pods. @default 5000 */
  readonly pods?: number;
  /** NetworkPolicies. @default 2000 */
  readonly policies?: number;
  /** External addresses (public, documentation, metadata and private non-pod ranges). @default 256 */
  readonly externals?: number;
  /** Nodes; each runs one host-network node-exporter pod. @default 50 */
  readonly nodes?: number;
  /** ClusterNetworkPolicies (Admin and Baseline tiers). @default 0 */
  readonly clusterPolicies?: number;
}

export interface PortProtocol {
  readonly port: number;
  readonly protocol: Protocol;
}

export interface SyntheticCluster {
  /** Namespaces, Nodes, Pods, Deployments/StatefulSets/CronJobs, Services and NetworkPolicies. */
  readonly objects: SourcedObject[];
  /** External addresses as text. */
  readonly externals: string[];
  /** The ports the pods declare and the policies name: the interesting ones for flows. */
  readonly ports: readonly PortProtocol[];
}

/* eslint-disable no-bitwise -- a PRNG is bit mixing */
/** mulberry32: a small, fast, seedable PRNG; enough for reproducible test data. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  public int(n: number): number {
    return Math.floor(this.next() * n);
  }

  public pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  public chance(probability: number): boolean {
    return this.next() < probability;
  }
}
/* eslint-enable no-bitwise */

interface App {
  readonly name: string;
  readonly tier: Tier;
}

type Tier = 'web' | 'api' | 'db' | 'cache' | 'worker' | 'telecom';

const APPS: readonly App[] = [
  ...['frontend', 'storefront', 'admin-ui', 'docs', 'landing'].map((name) => ({ name, tier: 'web' as const })),
  ...['checkout', 'cart', 'payments', 'catalog', 'search', 'auth', 'users', 'orders', 'inventory', 'shipping', 'gateway', 'graphql', 'billing', 'ledger', 'reviews', 'ads', 'recommendations', 'media']
    .map((name) => ({ name, tier: 'api' as const })),
  ...['postgres', 'mysql', 'elasticsearch', 'kafka'].map((name) => ({ name, tier: 'db' as const })),
  ...['redis', 'memcached'].map((name) => ({ name, tier: 'cache' as const })),
  ...['email', 'notifications', 'reports', 'etl', 'thumbnails', 'scheduler'].map((name) => ({ name, tier: 'worker' as const })),
  { name: 'sigtran', tier: 'telecom' },
];

const TEAMS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango'];
const ENVS = ['prod', 'staging', 'dev'];
const VERSIONS = ['v1', 'v2', 'v3'];
const TIERS: readonly Tier[] = ['web', 'api', 'db', 'cache', 'worker'];

/** Container ports by tier; `http` is 8080 on some pods and 80 on others, so named ports must resolve per pod. */
function containerPorts(tier: Tier, random: Random): KubeObject[] {
  const metrics = { name: 'metrics', containerPort: 9090, protocol: 'TCP' };
  switch (tier) {
    case 'web': return [{ name: 'http', containerPort: random.chance(0.7) ? 8080 : 80, protocol: 'TCP' }, metrics];
    case 'api': return [{ name: 'http', containerPort: random.pick([8080, 8000, 8050]), protocol: 'TCP' }, { name: 'grpc', containerPort: 9000, protocol: 'TCP' }, metrics];
    case 'db': return [{ name: 'db', containerPort: random.pick([5432, 3306, 9200, 9092]), protocol: 'TCP' }, metrics];
    case 'cache': return [{ name: 'cache', containerPort: random.pick([6379, 11211]), protocol: random.chance(0.2) ? 'UDP' : 'TCP' }];
    case 'worker': return random.chance(0.5) ? [metrics, { name: 'statsd', containerPort: 8125, protocol: 'UDP' }] : [];
    case 'telecom': return [{ name: 'sigtran', containerPort: 2905, protocol: 'SCTP' }];
  }
}

export const SYNTHETIC_PORTS: readonly PortProtocol[] = [
  ...[80, 443, 8080, 8000, 8050, 9000, 9090, 5432, 3306, 9200, 9092, 6379, 53].map((port) => ({ port, protocol: 'TCP' as const })),
  ...[53, 8125, 11211].map((port) => ({ port, protocol: 'UDP' as const })),
  { port: 2905, protocol: 'SCTP' },
];

interface NamespacePlan {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly team: string;
  /** Apps deployed here, with the versions that run. */
  readonly apps: App[];
}

/**
 * A deterministic cluster of the given size, shaped like a multi-team platform: namespaces per
 * team and environment, workload-like pod labels, named TCP/UDP/SCTP container ports, dual-stack
 * and pending pods, host-network node agents, and a policy mix of default-deny, DNS egress,
 * selector peers of every kind, all matchExpressions operators, ipBlocks with except, and
 * numeric, named, range and protocol-only ports.
 */
export function syntheticCluster(options: SyntheticClusterOptions = {}): SyntheticCluster {
  const random = new Random(options.seed ?? 1);
  const sizes = {
    namespaces: Math.max(3, options.namespaces ?? 200),
    pods: options.pods ?? 5000,
    policies: options.policies ?? 2000,
    externals: options.externals ?? 256,
    nodes: options.nodes ?? 50,
  };
  const objects: KubeObject[] = [];
  const namespaces = planNamespaces(sizes.namespaces, random);
  for (const ns of namespaces) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: ns.labels } });
  const nodeIps = Array.from({ length: sizes.nodes }, (_, i) => addressInSlash16('192.168', i + 1));
  nodeIps.forEach((address, i) => objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${i}` }, status: { addresses: [{ type: 'InternalIP', address }] } }));
  objects.push(...podsAndWorkloads(namespaces, nodeIps, sizes.pods, random));
  objects.push(...policies(namespaces, sizes.policies, random));
  objects.push(...clusterNetworkPolicies(options.clusterPolicies ?? 0, random));
  const externals = Array.from({ length: sizes.externals }, (_, i) => externalAddress(i, random));
  return {
    objects: objects.map((object, i) => ({ object, source: `synthetic (object ${i + 1})` })),
    externals,
    ports: SYNTHETIC_PORTS,
  };
}

function planNamespaces(count: number, random: Random): NamespacePlan[] {
  const plans: NamespacePlan[] = [
    { name: 'kube-system', labels: {}, team: 'platform', apps: [] },
    { name: 'monitoring', labels: { team: 'platform', purpose: 'observability' }, team: 'platform', apps: [] },
  ];
  for (let i = 0; plans.length < count; i++) {
    const team = TEAMS[i % TEAMS.length];
    const env = ENVS[Math.floor(i / TEAMS.length) % ENVS.length];
    const labels: Record<string, string> = { team };
    if (random.chance(0.9)) labels.env = env;
    if (random.chance(0.3)) labels['istio-injection'] = 'enabled';
    if (random.chance(0.1)) labels.compliance = 'pci';
    const apps = Array.from({ length: 3 + random.int(6) }, () => random.pick(APPS))
      .filter((app, k, all) => all.findIndex((a) => a.name === app.name) === k);
    plans.push({ name: `${team}-${env}-${i}`, labels, team, apps });
  }
  return plans;
}

function podsAndWorkloads(namespaces: readonly NamespacePlan[], nodeIps: readonly string[], total: number, random: Random): KubeObject[] {
  const objects: KubeObject[] = [];
  let ipCounter = 0;
  const nextIp = () => addressInSlash16('10.244', ++ipCounter);
  const dns = [0, 1].map((k) => pod('kube-system', `coredns-${k}`, { 'k8s-app': 'kube-dns' }, [
    { name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
  ], [nextIp()]));
  const agents = nodeIps.map((ip, i) => pod('monitoring', `node-exporter-${i}`, { app: 'node-exporter' }, [{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }], [ip], true));
  const prometheus = pod('monitoring', 'prometheus-0', { app: 'prometheus', tier: 'worker' }, [{ name: 'http', containerPort: 9090, protocol: 'TCP' }], [nextIp()]);
  objects.push(...dns, ...agents, prometheus);
  const teamNamespaces = namespaces.filter((ns) => ns.apps.length > 0);
  // A twentieth of the pods are templates of batch workloads that have no live pods.
  const templates = Math.floor(total / 20);
  let remaining = Math.max(0, total - objects.length - templates);
  const perNamespace = distribute(remaining, teamNamespaces.length, random);
  teamNamespaces.forEach((ns, n) => {
    // Only apps with a labelled live pod get a Deployment, so no template adds to the pod count.
    const live = new Set<App>();
    for (let k = 0; k < perNamespace[n]; k++) {
      const app = ns.apps[k % ns.apps.length];
      const version = random.pick(VERSIONS);
      const labels: Record<string, string> = random.chance(0.01) ? {} : { app: app.name, tier: app.tier, team: ns.team, version };
      if (labels.app) live.add(app);
      if (random.chance(0.1)) labels.canary = 'true';
      const ips = random.chance(0.02) ? [] : random.chance(0.1) ? [nextIp(), `fd00:10:244::${ipCounter.toString(16)}`] : [nextIp()];
      objects.push(pod(ns.name, `${app.name}-${version}-${k}`, labels, containerPorts(app.tier, random), ips));
    }
    for (const app of live) objects.push(...deploymentAndService(ns, app, random));
  });
  remaining = templates;
  for (let k = 0; remaining > 0; k++, remaining--) objects.push(batchWorkload(random.pick(teamNamespaces), k, random));
  return objects;
}

/** The n-th address of a /16 (`prefix` is its first two octets). */
function addressInSlash16(prefix: string, n: number): string {
  return `${prefix}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** `total` split over `parts`, unevenly (a few big namespaces, many small ones) but summing exactly. */
function distribute(total: number, parts: number, random: Random): number[] {
  const weights = Array.from({ length: parts }, () => 0.2 + random.next() ** 3);
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  for (let left = total - counts.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i++) counts[i % parts]++;
  return counts;
}

function pod(namespace: string, name: string, labels: Record<string, string>, ports: KubeObject[], ips: string[], hostNetwork = false): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { ...(hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'main', image: `registry.example/${name}:1`, ...(ports.length ? { ports } : {}) }] },
    status: ips.length ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : { phase: 'Pending' },
  };
}

/** The Deployment and Service of an app whose pods are live (so the model keeps the Pods, not the template). */
function deploymentAndService(ns: NamespacePlan, app: App, random: Random): KubeObject[] {
  const selector = { app: app.name, team: ns.team };
  const template = { metadata: { labels: { ...selector, tier: app.tier, version: 'v1' } }, spec: { containers: [{ name: 'main', image: `registry.example/${app.name}:1`, ports: containerPorts(app.tier, random) }] } };
  return [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app.name, namespace: ns.name }, spec: { selector: { matchLabels: selector }, template } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: app.name, namespace: ns.name }, spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] } },
  ];
}

function batchWorkload(ns: NamespacePlan, k: number, random: Random): KubeObject {
  const labels = { app: `batch-${k}`, tier: 'worker', team: ns.team };
  const podSpec = { containers: [{ name: 'main', image: 'registry.example/batch:1', ports: containerPorts('worker', random) }] };
  const kind = random.pick(['Deployment', 'StatefulSet', 'CronJob']);
  const metadata = { name: `batch-${k}`, namespace: ns.name };
  if (kind === 'CronJob') {
    return { apiVersion: 'batch/v1', kind, metadata, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { metadata: { labels }, spec: podSpec } } } } };
  }
  return { apiVersion: 'apps/v1', kind, metadata, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } } };
}

function policies(namespaces: readonly NamespacePlan[], total: number, random: Random): KubeObject[] {
  const out: KubeObject[] = [];
  const teamNamespaces = namespaces.filter((ns) => ns.apps.length > 0);
  // Baselines first: most namespaces deny ingress by default, some deny egress too and then allow DNS.
  for (const ns of teamNamespaces) {
    if (out.length >= total) break;
    const roll = random.next();
    if (roll < 0.6) {
      out.push(policy(ns.name, 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }));
    } else if (roll < 0.8) {
      out.push(policy(ns.name, 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
      if (out.length < total) out.push(policy(ns.name, 'allow-dns', dnsEgress()));
    }
  }
  for (let k = 0; out.length < total; k++) {
    const ns = random.pick(teamNamespaces);
    out.push(policy(ns.name, `allow-${k}`, random.chance(0.7) ? ingressPolicy(ns, random) : egressPolicy(ns, random)));
  }
  return out;
}

function policy(namespace: string, name: string, spec: KubeObject): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

function dnsEgress(): KubeObject {
  return {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{
      to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }],
  };
}

function subjectSelector(ns: NamespacePlan, random: Random): KubeObject {
  const app = random.pick(ns.apps);
  switch (random.int(5)) {
    case 0: return { matchLabels: { app: app.name, version: random.pick(VERSIONS) } };
    case 1: return { matchExpressions: [{ key: 'app', operator: 'In', values: [app.name, random.pick(ns.apps).name] }] };
    case 2: return { matchLabels: { tier: app.tier }, matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }] };
    case 3: return { matchLabels: { app: app.name }, matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] };
    default: return { matchLabels: { app: app.name } };
  }
}

function ingressPolicy(ns: NamespacePlan, random: Random): KubeObject {
  const rules = Array.from({ length: 1 + random.int(3) }, () => ({ ...peersEntry('from', ns, random), ...portsEntry(random) }));
  const typed = random.chance(0.5) ? { policyTypes: ['Ingress'] } : {};
  return { podSelector: subjectSelector(ns, random), ...typed, ingress: random.chance(0.03) ? [{}] : rules };
}

function egressPolicy(ns: NamespacePlan, random: Random): KubeObject {
  const rules = Array.from({ length: 1 + random.int(3) }, () => ({ ...peersEntry('to', ns, random), ...portsEntry(random) }));
  // Without policyTypes, a non-empty egress list makes the policy isolate ingress as well.
  const typed = random.chance(0.7) ? { policyTypes: ['Egress'] } : {};
  return { podSelector: subjectSelector(ns, random), ...typed, egress: random.chance(0.03) ? [{}] : rules };
}

function peersEntry(field: 'from' | 'to', ns: NamespacePlan, random: Random): KubeObject {
  const count = random.chance(0.1) ? 0 : 1 + random.int(2);
  if (count === 0) return {};
  return { [field]: Array.from({ length: count }, () => peer(ns, random)) };
}

function peer(ns: NamespacePlan, random: Random): KubeObject {
  const app = random.pick(APPS).name;
  switch (random.int(12)) {
    case 0: return { podSelector: { matchLabels: { tier: random.pick(TIERS) } } };
    case 1: return { podSelector: { matchLabels: { app } } };
    case 2: return { podSelector: { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }, { key: 'tier', operator: 'In', values: ['web', 'api'] }] } };
    case 3: return { namespaceSelector: { matchLabels: { team: ns.team } } };
    case 4: return { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] }, podSelector: { matchLabels: { app: 'gateway' } } };
    case 5: return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } };
    case 6: return { namespaceSelector: { matchExpressions: [{ key: 'compliance', operator: 'Exists' }] } };
    case 7: return { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, podSelector: { matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }] } };
    case 8: return { namespaceSelector: {} };
    case 9: return { ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.1.0/24', '10.244.7.128/25'] } };
    case 10: return { ipBlock: random.chance(0.5) ? { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } : { cidr: '203.0.113.0/24', except: ['203.0.113.64/26'] } };
    default: return { ipBlock: random.chance(0.5) ? { cidr: '2001:db8::/32' } : { cidr: `10.244.${random.int(20)}.0/24` } };
  }
}

function portsEntry(random: Random): KubeObject {
  if (random.chance(0.1)) return {};
  const entries = Array.from({ length: 1 + random.int(2) }, () => {
    switch (random.int(8)) {
      case 0: return { port: 'http' };
      case 1: return { protocol: 'TCP', port: random.pick(['db', 'metrics', 'grpc']) };
      case 2: return { protocol: 'UDP', port: random.pick(['statsd', 'cache']) };
      case 3: return { protocol: 'TCP', port: 8000, endPort: 8100 };
      case 4: return { protocol: 'UDP' };
      case 5: return { protocol: 'SCTP', port: 2905 };
      case 6: return { port: 443 };
      default: return { protocol: 'TCP', port: random.pick([80, 8080, 5432, 6379, 9090]) };
    }
  });
  return { ports: entries };
}

function externalAddress(i: number, random: Random): string {
  switch (i % 8) {
    case 0: return `203.0.113.${random.int(256)}`;
    case 1: return `198.51.100.${random.int(256)}`;
    case 2: return random.pick(['8.8.8.8', '1.1.1.1', '169.254.169.254', '140.82.112.3']);
    case 3: return `10.${1 + random.int(200)}.${random.int(256)}.${random.int(256)}`;
    case 4: return `172.16.${random.int(256)}.${random.int(256)}`;
    case 5: return `2001:db8::${(i + 1).toString(16)}`;
    case 6: return `2606:4700::${(i + 1).toString(16)}`;
    default: return `${1 + random.int(223)}.${random.int(256)}.${random.int(256)}.${1 + random.int(254)}`;
  }
}

/**
 * ClusterNetworkPolicies of both tiers over the same label vocabulary: subjects by team, env or
 * compliance namespace labels (or pods by tier), rules with namespace, pod and network peers and
 * TCP/UDP ports and ranges or named ports, Accept/Deny/Pass, priorities that sometimes collide.
 */
function clusterNetworkPolicies(count: number, random: Random): KubeObject[] {
  const namespaceSelector = () => random.pick<KubeObject>([
    { matchLabels: { team: random.pick(TEAMS) } },
    { matchLabels: { env: random.pick(ENVS) } },
    { matchLabels: { compliance: 'pci' } },
    { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
    {},
  ]);
  const podSelector = () => random.pick<KubeObject>([
    { matchLabels: { tier: random.pick(TIERS) } },
    { matchLabels: { app: random.pick(APPS).name } },
    { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] },
  ]);
  const selection = () => (random.chance(0.5)
    ? { namespaces: namespaceSelector() }
    : { pods: { namespaceSelector: namespaceSelector(), podSelector: podSelector() } });
  const protocols = () => random.pick<KubeObject[] | undefined>([
    undefined,
    [{ tcp: { destinationPort: { number: random.pick([80, 8080, 5432, 9090]) } } }],
    [{ tcp: { destinationPort: { range: { start: 8000, end: 8100 } } } }, { udp: { destinationPort: { number: 53 } } }],
    [{ destinationNamedPort: random.pick(['http', 'metrics', 'db']) }],
  ]);
  const rule = (direction: 'from' | 'to', i: number) => {
    const networks = direction === 'to' && random.chance(0.2);
    const ports = networks ? random.pick([undefined, [{ tcp: { destinationPort: { number: 443 } } }]]) : protocols();
    return {
      name: `rule-${i}`,
      action: random.pick(['Accept', 'Deny', 'Pass']),
      [direction]: networks ? [{ networks: [random.pick(['203.0.113.0/24', '198.51.100.0/24', '10.0.0.0/8', '0.0.0.0/0'])] }] : [selection()],
      ...(ports ? { protocols: ports } : {}),
    };
  };
  return Array.from({ length: count }, (_, i) => {
    const rules = (direction: 'from' | 'to') => Array.from({ length: random.int(4) }, (__, r) => rule(direction, r));
    return {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: `cnp-${i}` },
      spec: {
        tier: random.chance(0.6) ? 'Admin' : 'Baseline',
        priority: random.int(100),
        subject: selection(),
        ingress: rules('from'),
        egress: rules('to'),
      },
    };
  });
}
