import { Problem } from './errors';
import { blockContains, Cidr, IpAddress, IpBlockRange, IpRangeSet, parseCidr } from './ip';
import { describeObject, isProtocol, KubeObject, namespaceOf, Protocol, SourcedObject } from './kube';
import { CompiledSelector, compileSelector } from './selector';

export type Direction = 'Ingress' | 'Egress';
export const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

/** A `from`/`to` entry that selects pods: podSelector, namespaceSelector, or both (AND). */
export interface SelectorPeer {
  readonly kind: 'selector';
  readonly index: number;
  /** Undefined: the policy's own namespace only. */
  readonly namespaceSelector?: CompiledSelector;
  /** Undefined: every pod of the selected namespaces. */
  readonly podSelector?: CompiledSelector;
  readonly policyNamespace: string;
  /** Equal for peers that select the same pods; the key of the selection cache. */
  readonly key: string;
}

/** An ipBlock entry: cidr minus except. */
export interface IpBlockPeer {
  readonly kind: 'ipBlock';
  readonly index: number;
  readonly block: IpBlockRange;
  readonly addresses: IpRangeSet;
}

export type CompiledPeer = SelectorPeer | IpBlockPeer;

/** One `ports` entry; `port` undefined means every port of the protocol. */
export interface CompiledPort {
  readonly index: number;
  readonly protocol: Protocol;
  readonly port?: number;
  readonly endPort?: number;
  /** A named port, resolved on the destination pod. */
  readonly name?: string;
}

export interface CompiledRule {
  readonly index: number;
  /** Undefined (`from`/`to` missing or empty): every endpoint. */
  readonly peers?: readonly CompiledPeer[];
  /** Undefined (`ports` missing or empty): every port of every protocol. */
  readonly ports?: readonly CompiledPort[];
}

export interface CompiledPolicy {
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
  /** `ns/name`, as flows output names policies. */
  readonly id: string;
  readonly source?: string;
  readonly object: KubeObject;
  readonly subject: CompiledSelector;
  /** Effective policyTypes, defaulted as the API server does. */
  readonly affects: Readonly<Record<Direction, boolean>>;
  readonly rules: Readonly<Record<Direction, readonly CompiledRule[]>>;
}

/**
 * policyTypes as the API server defaults them: explicit when given; otherwise Ingress,
 * plus Egress when spec.egress is a non-empty list.
 */
export function effectivePolicyTypes(spec: KubeObject | undefined): Record<Direction, boolean> {
  const explicit = spec?.policyTypes;
  if (Array.isArray(explicit) && explicit.length > 0) {
    return { Ingress: explicit.includes('Ingress'), Egress: explicit.includes('Egress') };
  }
  return { Ingress: true, Egress: Array.isArray(spec?.egress) && spec!.egress.length > 0 };
}

export function compilePolicy(sourced: SourcedObject, index: number, problems: Problem[]): CompiledPolicy {
  const object = sourced.object;
  const namespace = namespaceOf(object);
  const name = String(object.metadata?.name ?? '');
  const local: Problem[] = [];
  const spec = object.spec ?? {};
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    local.push({ code: 'invalid-type', field: 'spec', message: 'Invalid value: must be an object' });
  }
  if (spec.policyTypes !== undefined && spec.policyTypes !== null) {
    const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [spec.policyTypes];
    types.forEach((type: unknown, i: number) => {
      if (type !== 'Ingress' && type !== 'Egress') {
        local.push({ code: 'unsupported-value', field: `spec.policyTypes[${i}]`, message: `Unsupported value: ${JSON.stringify(type)}: supported values: "Egress", "Ingress"` });
      }
    });
  }
  const subject = compileSelector(spec.podSelector, 'spec.podSelector', local);
  const rules = {
    Ingress: compileRules(spec.ingress, 'spec.ingress', 'from', namespace, local),
    Egress: compileRules(spec.egress, 'spec.egress', 'to', namespace, local),
  };
  const objectName = describeObject(object, namespace);
  for (const problem of local) problems.push({ ...problem, object: objectName, source: sourced.source });
  return {
    index,
    namespace,
    name,
    id: `${namespace}/${name}`,
    source: sourced.source,
    object,
    subject,
    affects: effectivePolicyTypes(spec),
    rules,
  };
}

function compileRules(list: unknown, path: string, peerField: 'from' | 'to', namespace: string, problems: Problem[]): CompiledRule[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.push({ code: 'invalid-type', field: path, message: 'Invalid value: must be a list of rules' });
    return [];
  }
  return list.map((rule, index) => {
    const rulePath = `${path}[${index}]`;
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
      problems.push({ code: 'invalid-type', field: rulePath, message: 'Invalid value: must be an object' });
      return { index, peers: [], ports: [] };
    }
    return {
      index,
      peers: compilePeers(rule[peerField], `${rulePath}.${peerField}`, namespace, problems),
      ports: compilePorts(rule.ports, `${rulePath}.ports`, problems),
    };
  });
}

function compilePeers(list: unknown, path: string, namespace: string, problems: Problem[]): CompiledPeer[] | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) {
    problems.push({ code: 'invalid-type', field: path, message: 'Invalid value: must be a list of peers' });
    return [];
  }
  if (list.length === 0) return undefined;
  const peers: CompiledPeer[] = [];
  list.forEach((peer, index) => {
    const peerPath = `${path}[${index}]`;
    if (peer === null || typeof peer !== 'object' || Array.isArray(peer)) {
      problems.push({ code: 'invalid-type', field: peerPath, message: 'Invalid value: must be an object' });
      return;
    }
    const hasSelector = peer.podSelector != null || peer.namespaceSelector != null;
    if (peer.ipBlock != null) {
      if (hasSelector) {
        problems.push({ code: 'invalid-peer', field: peerPath, message: 'Forbidden: may not specify more than 1 peer' });
        return;
      }
      const block = compileIpBlock(peer.ipBlock, `${peerPath}.ipBlock`, problems);
      if (block) peers.push({ kind: 'ipBlock', index, block, addresses: IpRangeSet.ofBlock(block) });
      return;
    }
    if (!hasSelector) {
      problems.push({ code: 'invalid-peer', field: peerPath, message: 'Required value: must specify a peer' });
      return;
    }
    const namespaceSelector = peer.namespaceSelector != null ? compileSelector(peer.namespaceSelector, `${peerPath}.namespaceSelector`, problems) : undefined;
    const podSelector = peer.podSelector != null ? compileSelector(peer.podSelector, `${peerPath}.podSelector`, problems) : undefined;
    const key = `${namespaceSelector ? `ns[${namespaceSelector.key}]` : `in[${namespace}]`}|pod[${podSelector?.key ?? '{}'}]`;
    peers.push({ kind: 'selector', index, namespaceSelector, podSelector, policyNamespace: namespace, key });
  });
  return peers;
}

export function compileIpBlock(ipBlock: KubeObject, path: string, problems: Problem[]): IpBlockRange | undefined {
  if (typeof ipBlock !== 'object' || Array.isArray(ipBlock)) {
    problems.push({ code: 'invalid-type', field: path, message: 'Invalid value: must be an object with cidr and except' });
    return undefined;
  }
  const cidr = parseCidrField(ipBlock.cidr, `${path}.cidr`, problems);
  const exceptList = ipBlock.except ?? [];
  if (!Array.isArray(exceptList)) {
    problems.push({ code: 'invalid-type', field: `${path}.except`, message: 'Invalid value: must be a list of CIDRs' });
    return undefined;
  }
  const except = exceptList.map((text: unknown, i: number) => parseCidrField(text, `${path}.except[${i}]`, problems));
  if (!cidr || except.some((e) => e === undefined)) return undefined;
  return { cidr, except: except as Cidr[] };
}

function parseCidrField(text: unknown, path: string, problems: Problem[]): Cidr | undefined {
  if (text === undefined || text === null || text === '') {
    problems.push({ code: 'required', field: path, message: 'Required value' });
    return undefined;
  }
  const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
  if (!cidr) {
    problems.push({
      code: 'invalid-cidr',
      field: path,
      message: `Invalid value: ${JSON.stringify(text)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
    });
  }
  return cidr;
}

function compilePorts(list: unknown, path: string, problems: Problem[]): CompiledPort[] | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) {
    problems.push({ code: 'invalid-type', field: path, message: 'Invalid value: must be a list of ports' });
    return [];
  }
  if (list.length === 0) return undefined;
  const ports: CompiledPort[] = [];
  list.forEach((entry, index) => {
    const port = compilePort(entry, index, `${path}[${index}]`, problems);
    if (port) ports.push(port);
  });
  return ports;
}

function compilePort(entry: KubeObject, index: number, path: string, problems: Problem[]): CompiledPort | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push({ code: 'invalid-type', field: path, message: 'Invalid value: must be an object with protocol, port and endPort' });
    return undefined;
  }
  const protocol = entry.protocol ?? 'TCP';
  if (!isProtocol(protocol)) {
    problems.push({ code: 'unsupported-protocol', field: `${path}.protocol`, message: `Unsupported value: ${JSON.stringify(protocol)}: supported values: "SCTP", "TCP", "UDP"` });
    return undefined;
  }
  const { port, endPort } = entry;
  if (port === undefined || port === null) {
    if (endPort !== undefined && endPort !== null) {
      problems.push({ code: 'invalid-endport', field: `${path}.endPort`, message: 'Required value: may not be specified when `port` is not specified' });
      return undefined;
    }
    return { index, protocol };
  }
  if (typeof port === 'string') {
    if (endPort !== undefined && endPort !== null) {
      problems.push({ code: 'invalid-endport', field: `${path}.endPort`, message: 'Invalid value: may not be specified when `port` is non-numeric' });
      return undefined;
    }
    return { index, protocol, name: port };
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push({ code: 'invalid-port', field: `${path}.port`, message: `Invalid value: ${JSON.stringify(port)}: must be between 1 and 65535, inclusive` });
    return undefined;
  }
  if (endPort !== undefined && endPort !== null) {
    if (!Number.isInteger(endPort) || endPort < 1 || endPort > 65535) {
      problems.push({ code: 'invalid-port', field: `${path}.endPort`, message: `Invalid value: ${JSON.stringify(endPort)}: must be between 1 and 65535, inclusive` });
      return undefined;
    }
    if (endPort < port) {
      problems.push({ code: 'invalid-endport', field: `${path}.endPort`, message: `Invalid value: ${endPort}: must be greater than or equal to \`port\``, hint: `endPort ${endPort} is below port ${port}` });
      return undefined;
    }
    return { index, protocol, port, endPort };
  }
  return { index, protocol, port };
}

export function ipBlockMatches(peer: IpBlockPeer, ip: IpAddress): boolean {
  return blockContains(peer.block, ip);
}
