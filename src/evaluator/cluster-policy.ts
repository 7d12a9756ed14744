import { Problem } from './errors';
import { Cidr, IpRangeSet, parseCidr } from './ip';
import { describeObject, isProtocol, KubeObject, Protocol, SourcedObject } from './kube';
import { Direction } from './policy';
import { CompiledSelector, compileSelector } from './selector';

export const CLUSTER_NETWORK_POLICY_API_VERSIONS: readonly string[] = ['policy.networking.k8s.io/v1alpha2', 'policy.networking.k8s.io/v1beta1'];

export type Tier = 'Admin' | 'Baseline';
export type ClusterAction = 'Accept' | 'Deny' | 'Pass';

/** A `namespaces` or `pods` selection (subject or peer): pods in matching namespaces, never host-network ones. */
export interface PodSelection {
  readonly namespaceSelector: CompiledSelector;
  /** Undefined: every pod of the selected namespaces. */
  readonly podSelector?: CompiledSelector;
}

export type ClusterPeer =
  | { readonly kind: 'pods'; readonly index: number; readonly selection: PodSelection }
  | { readonly kind: 'nodes'; readonly index: number; readonly selector: CompiledSelector }
  | { readonly kind: 'networks'; readonly index: number; readonly cidrs: readonly Cidr[]; readonly addresses: IpRangeSet }
  | { readonly kind: 'domainNames'; readonly index: number; readonly names: readonly string[] };

/** A protocols entry: a port range on one protocol, or a named port resolved on the destination pod. */
export type ClusterProtocol =
  | { readonly kind: 'ports'; readonly protocol: Protocol; readonly start: number; readonly end: number }
  | { readonly kind: 'named'; readonly name: string };

export interface ClusterRule {
  readonly index: number;
  readonly name?: string;
  readonly action: ClusterAction;
  readonly peers: readonly ClusterPeer[];
  /** Undefined: every protocol and port. */
  readonly protocols?: readonly ClusterProtocol[];
}

export interface CompiledClusterPolicy {
  readonly index: number;
  /** Cluster-scoped: the name is the id. */
  readonly name: string;
  readonly source?: string;
  readonly object: KubeObject;
  readonly tier: Tier;
  readonly priority: number;
  readonly subject: PodSelection;
  readonly rules: Readonly<Record<Direction, readonly ClusterRule[]>>;
}

/** Compiles a ClusterNetworkPolicy for evaluation; the validator owns the CRD's exact rules. */
export function compileClusterPolicy(sourced: SourcedObject, index: number, problems: Problem[]): CompiledClusterPolicy {
  const object = sourced.object;
  const local: Problem[] = [];
  const spec = object.spec ?? {};
  const tier = spec.tier === 'Admin' || spec.tier === 'Baseline' ? spec.tier : undefined;
  if (!tier) local.push({ code: 'unsupported-value', field: 'spec.tier', message: `Unsupported value: ${JSON.stringify(spec.tier)}: supported values: "Admin", "Baseline"` });
  if (!Number.isInteger(spec.priority) || spec.priority < 0 || spec.priority > 1000) {
    local.push({ code: 'invalid-priority', field: 'spec.priority', message: `Invalid value: ${JSON.stringify(spec.priority)}: must be an integer from 0 to 1000` });
  }
  const subject = compileSubject(spec.subject, local);
  const rules = {
    Ingress: compileClusterRules(spec.ingress, 'spec.ingress', 'from', local),
    Egress: compileClusterRules(spec.egress, 'spec.egress', 'to', local),
  };
  for (const problem of local) problems.push({ ...problem, object: describeObject(object), source: sourced.source });
  return { index, name: String(object.metadata?.name), source: sourced.source, object, tier: tier ?? 'Admin', priority: Number(spec.priority), subject, rules };
}

function compileSubject(subject: KubeObject | undefined, problems: Problem[]): PodSelection {
  const fields = subject && typeof subject === 'object' ? Object.keys(subject) : [];
  if (fields.length !== 1 || !['namespaces', 'pods'].includes(fields[0])) {
    problems.push({ code: 'invalid-subject', field: 'spec.subject', message: 'Invalid value: exactly one of namespaces or pods must be set' });
    return { namespaceSelector: new CompiledSelector([]) };
  }
  return compileSelection(subject!, 'spec.subject', problems);
}

function compileSelection(holder: KubeObject, path: string, problems: Problem[]): PodSelection {
  if (holder.namespaces !== undefined) {
    return { namespaceSelector: compileSelector(holder.namespaces, `${path}.namespaces`, problems) };
  }
  const pods = holder.pods ?? {};
  if (pods.podSelector === undefined || pods.podSelector === null) {
    problems.push({ code: 'required', field: `${path}.pods.podSelector`, message: 'Required value' });
  }
  return {
    namespaceSelector: compileSelector(pods.namespaceSelector, `${path}.pods.namespaceSelector`, problems),
    podSelector: compileSelector(pods.podSelector, `${path}.pods.podSelector`, problems),
  };
}

const ACTIONS: readonly ClusterAction[] = ['Accept', 'Deny', 'Pass'];

function compileClusterRules(list: unknown, path: string, peerField: 'from' | 'to', problems: Problem[]): ClusterRule[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.push({ code: 'invalid-type', field: path, message: 'Invalid value: must be a list of rules' });
    return [];
  }
  return list.map((rule: KubeObject, index: number) => {
    const rulePath = `${path}[${index}]`;
    const action = ACTIONS.includes(rule?.action) ? rule.action as ClusterAction : undefined;
    if (!action) problems.push({ code: 'unsupported-value', field: `${rulePath}.action`, message: `Unsupported value: ${JSON.stringify(rule?.action)}: supported values: "Accept", "Deny", "Pass"` });
    const peersRaw = Array.isArray(rule?.[peerField]) ? rule[peerField] : [];
    const peers = peersRaw.map((peer: KubeObject, i: number) => compileClusterPeer(peer, i, `${rulePath}.${peerField}[${i}]`, problems)).filter((p: ClusterPeer | undefined): p is ClusterPeer => p !== undefined);
    const protocols = rule?.protocols === undefined ? undefined : compileProtocols(rule.protocols, `${rulePath}.protocols`, problems);
    return { index, name: typeof rule?.name === 'string' ? rule.name : undefined, action: action ?? 'Deny', peers, protocols };
  });
}

function compileClusterPeer(peer: KubeObject, index: number, path: string, problems: Problem[]): ClusterPeer | undefined {
  const fields = peer && typeof peer === 'object' ? Object.keys(peer) : [];
  if (fields.length !== 1) {
    problems.push({ code: 'invalid-peer', field: path, message: 'Invalid value: exactly one peer field must be set' });
    return undefined;
  }
  switch (fields[0]) {
    case 'namespaces':
    case 'pods':
      return { kind: 'pods', index, selection: compileSelection(peer, path, problems) };
    case 'nodes':
      return { kind: 'nodes', index, selector: compileSelector(peer.nodes, `${path}.nodes`, problems) };
    case 'networks': {
      const cidrs = (Array.isArray(peer.networks) ? peer.networks : []).map((text: unknown, i: number) => {
        const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
        if (!cidr) problems.push({ code: 'invalid-cidr', field: `${path}.networks[${i}]`, message: `Invalid value: ${JSON.stringify(text)}: Invalid CIDR format provided` });
        return cidr;
      }).filter((c: Cidr | undefined): c is Cidr => c !== undefined);
      return { kind: 'networks', index, cidrs, addresses: IpRangeSet.of(cidrs) };
    }
    case 'domainNames':
      return { kind: 'domainNames', index, names: (Array.isArray(peer.domainNames) ? peer.domainNames : []).map((n: unknown) => String(n).toLowerCase().replace(/\.$/, '')) };
    default:
      problems.push({ code: 'invalid-peer', field: `${path}.${fields[0]}`, message: 'Unsupported value: supported peers: "domainNames", "namespaces", "networks", "nodes", "pods"' });
      return undefined;
  }
}

function compileProtocols(list: unknown, path: string, problems: Problem[]): ClusterProtocol[] {
  if (!Array.isArray(list)) {
    problems.push({ code: 'invalid-type', field: path, message: 'Invalid value: must be a list of protocols' });
    return [];
  }
  const out: ClusterProtocol[] = [];
  list.forEach((entry: KubeObject, i: number) => {
    const at = `${path}[${i}]`;
    if (typeof entry?.destinationNamedPort === 'string') {
      out.push({ kind: 'named', name: entry.destinationNamedPort });
      return;
    }
    const key = entry && typeof entry === 'object' ? Object.keys(entry)[0] : undefined;
    const protocol = key?.toUpperCase();
    const port = key ? entry[key]?.destinationPort : undefined;
    if (!isProtocol(protocol) || !port) {
      problems.push({ code: 'invalid-protocol', field: at, message: 'Invalid value: one of tcp, udp, sctp (with destinationPort) or destinationNamedPort must be set' });
      return;
    }
    if (Number.isInteger(port.number)) out.push({ kind: 'ports', protocol, start: port.number, end: port.number });
    else if (Number.isInteger(port.range?.start) && Number.isInteger(port.range?.end)) out.push({ kind: 'ports', protocol, start: port.range.start, end: port.range.end });
    else problems.push({ code: 'invalid-port', field: `${at}.${key}.destinationPort`, message: 'Invalid value: exactly one of number or range must be set' });
  });
  return out;
}

/** `*.example.com` matches one or more whole labels before `example.com`; other names match exactly. */
export function domainMatches(pattern: string, domain: string): boolean {
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return domain.endsWith(suffix) && domain.length > suffix.length;
  }
  return pattern === domain;
}

export function describeClusterRule(policy: CompiledClusterPolicy, rule: ClusterRule, direction: Direction): string {
  const name = rule.name ? ` "${rule.name}"` : '';
  return `${policy.tier} ClusterNetworkPolicy ${policy.name} (priority ${policy.priority}) ${direction.toLowerCase()} rule ${rule.index}${name}`;
}
