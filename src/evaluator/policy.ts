import { Problem } from './errors';
import { blockContains, Cidr, IpAddress, IpBlockRange, IpRangeSet, parseCidr } from './ip';
import { describeObject, isProtocol, KubeObject, namespaceOf, Protocol, SourcedObject } from './kube';
import { CompiledSelector, compileSelector } from './selector';
import { INVALID_CIDR_MESSAGE } from '../validation/cidr';
import { typeError } from '../validation/decoding';
import { BadValue, forbidden, invalid, NamedString, notSupported, required } from '../validation/field-error';
import { inclusiveRangeError } from '../validation/names';
import { POLICY_MESSAGES, POLICY_TYPES, SUPPORTED_PROTOCOLS } from '../validation/network-policy';

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
    local.push({ code: 'invalid-type', ...typeError('spec', spec, 'an object') });
  }
  if (spec.policyTypes !== undefined && spec.policyTypes !== null) {
    const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [spec.policyTypes];
    types.forEach((type: unknown, i: number) => {
      if (type !== 'Ingress' && type !== 'Egress') {
        local.push({ code: 'unsupported-policy-type', ...notSupported(`spec.policyTypes[${i}]`, namedValue(type), POLICY_TYPES) });
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
    problems.push({ code: 'invalid-type', ...typeError(path, list, 'a list') });
    return [];
  }
  // A null entry decodes as an empty one, as Go's decoder does (`- ` alone is an allow-all rule).
  return list.map((entry, index) => {
    const rule = entry ?? {};
    const rulePath = `${path}[${index}]`;
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
      problems.push({ code: 'invalid-type', ...typeError(rulePath, rule, 'an object') });
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
    problems.push({ code: 'invalid-type', ...typeError(path, list, 'a list') });
    return [];
  }
  if (list.length === 0) return undefined;
  const peers: CompiledPeer[] = [];
  list.forEach((entry, index) => {
    const peer = entry ?? {};
    const peerPath = `${path}[${index}]`;
    if (peer === null || typeof peer !== 'object' || Array.isArray(peer)) {
      problems.push({ code: 'invalid-type', ...typeError(peerPath, peer, 'an object') });
      return;
    }
    const hasSelector = peer.podSelector != null || peer.namespaceSelector != null;
    if (peer.ipBlock != null) {
      if (hasSelector) {
        problems.push({ code: 'ip-block-with-other-peer', ...forbidden(peerPath, POLICY_MESSAGES.ipBlockWithOtherPeer) });
        return;
      }
      const block = compileIpBlock(peer.ipBlock, `${peerPath}.ipBlock`, problems);
      if (block) peers.push({ kind: 'ipBlock', index, block, addresses: IpRangeSet.ofBlock(block) });
      return;
    }
    if (!hasSelector) {
      problems.push({ code: 'peer-required', ...required(peerPath, POLICY_MESSAGES.peerRequired) });
      return;
    }
    const namespaceSelector = peer.namespaceSelector != null ? compileSelector(peer.namespaceSelector, `${peerPath}.namespaceSelector`, problems) : undefined;
    const podSelector = peer.podSelector != null ? compileSelector(peer.podSelector, `${peerPath}.podSelector`, problems) : undefined;
    peers.push({ kind: 'selector', index, namespaceSelector, podSelector, policyNamespace: namespace, key: peerSelectionKey(namespaceSelector, podSelector, namespace) });
  });
  return peers;
}

/** Equal for selectors that select the same pods: namespaces by selector (or one by name), then pods. */
export function peerSelectionKey(
  namespaceSelector: CompiledSelector | undefined, podSelector: CompiledSelector | undefined, namespace?: string,
): string {
  return `${namespaceSelector ? `ns[${namespaceSelector.key}]` : `in[${namespace}]`}|pod[${podSelector?.key ?? '{}'}]`;
}

export function compileIpBlock(ipBlock: KubeObject, path: string, problems: Problem[]): IpBlockRange | undefined {
  if (typeof ipBlock !== 'object' || Array.isArray(ipBlock)) {
    problems.push({ code: 'invalid-type', ...typeError(path, ipBlock, 'an object') });
    return undefined;
  }
  const cidr = parseCidrField(ipBlock.cidr, `${path}.cidr`, problems);
  const exceptList = ipBlock.except ?? [];
  if (!Array.isArray(exceptList)) {
    problems.push({ code: 'invalid-type', ...typeError(`${path}.except`, exceptList, 'a list') });
    return undefined;
  }
  const except = exceptList.map((text: unknown, i: number) => parseCidrField(text, `${path}.except[${i}]`, problems));
  if (!cidr || except.some((e) => e === undefined)) return undefined;
  return { cidr, except: except as Cidr[] };
}

function parseCidrField(text: unknown, path: string, problems: Problem[]): Cidr | undefined {
  if (text === undefined || text === null || text === '') {
    problems.push({ code: 'cidr-required', ...required(path) });
    return undefined;
  }
  const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
  if (!cidr) {
    problems.push({ code: 'invalid-cidr', ...invalid(path, text as BadValue, INVALID_CIDR_MESSAGE) });
  }
  return cidr;
}

function compilePorts(list: unknown, path: string, problems: Problem[]): CompiledPort[] | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) {
    problems.push({ code: 'invalid-type', ...typeError(path, list, 'a list') });
    return [];
  }
  if (list.length === 0) return undefined;
  const ports: CompiledPort[] = [];
  list.forEach((entry, index) => {
    const port = compilePort(entry ?? {}, index, `${path}[${index}]`, problems);
    if (port) ports.push(port);
  });
  return ports;
}

function compilePort(entry: KubeObject, index: number, path: string, problems: Problem[]): CompiledPort | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push({ code: 'invalid-type', ...typeError(path, entry, 'an object') });
    return undefined;
  }
  const protocol = entry.protocol ?? 'TCP';
  if (!isProtocol(protocol)) {
    problems.push({ code: 'unsupported-protocol', ...notSupported(`${path}.protocol`, namedValue(protocol), SUPPORTED_PROTOCOLS) });
    return undefined;
  }
  const { port, endPort } = entry;
  if (port === undefined || port === null) {
    if (endPort !== undefined && endPort !== null) {
      problems.push({ code: 'invalid-end-port', ...invalid(`${path}.endPort`, endPort, POLICY_MESSAGES.endPortWithoutPort) });
      return undefined;
    }
    return { index, protocol };
  }
  if (typeof port === 'string') {
    if (endPort !== undefined && endPort !== null) {
      problems.push({ code: 'invalid-end-port', ...invalid(`${path}.endPort`, endPort, POLICY_MESSAGES.endPortWithNamedPort) });
      return undefined;
    }
    return { index, protocol, name: port };
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push({ code: 'invalid-port', ...invalid(`${path}.port`, port, inclusiveRangeError(1, 65535)) });
    return undefined;
  }
  if (endPort !== undefined && endPort !== null) {
    if (!Number.isInteger(endPort) || endPort < 1 || endPort > 65535) {
      problems.push({ code: 'invalid-port', ...invalid(`${path}.endPort`, endPort, inclusiveRangeError(1, 65535)) });
      return undefined;
    }
    if (endPort < port) {
      problems.push({ code: 'invalid-end-port', ...invalid(`${path}.endPort`, endPort, POLICY_MESSAGES.endPortBelowPort), hint: `endPort ${endPort} is below port ${port}` });
      return undefined;
    }
    return { index, protocol, port, endPort };
  }
  return { index, protocol, port };
}

/** Named Go string types (Protocol, PolicyType) render as JSON; anything else as it is. */
function namedValue(value: unknown): BadValue {
  return typeof value === 'string' ? new NamedString(value) : (value as BadValue);
}

export function ipBlockMatches(peer: IpBlockPeer, ip: IpAddress): boolean {
  return blockContains(peer.block, ip);
}
