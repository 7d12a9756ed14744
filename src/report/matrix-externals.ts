import { PortKey } from './ports';
import { Bitset } from '../evaluator/bitset';
import { InputError, Problem } from '../evaluator/errors';
import { formatIp, IpAddress, IpFamily, IpInterval, parseCidr, parseIp } from '../evaluator/ip';
import { computeExternalMatrix } from '../evaluator/matrix';
import { ClusterModel } from '../evaluator/model';
import { PodSelections } from '../evaluator/pod-selections';
import { Direction } from '../evaluator/policy';

/** Addresses outside the cluster that a matrix shows as one row and one column. */
export interface ExternalEntity {
  /** The CIDR in canonical form (`203.0.113.0/24`), or the address for a single one (`203.0.113.5`). */
  readonly id: string;
  readonly interval: IpInterval;
}

/**
 * Every CIDR the policies name: NetworkPolicy ipBlock `cidr`s and `except`s, and
 * ClusterNetworkPolicy `networks`; sorted (IPv4 first, by first address, wider first).
 */
export function policyExternals(model: ClusterModel): ExternalEntity[] {
  const intervals: IpInterval[] = [];
  for (const policy of model.policies) {
    for (const rule of [...policy.rules.Ingress, ...policy.rules.Egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.kind === 'ipBlock') intervals.push(peer.block.cidr, ...peer.block.except);
      }
    }
  }
  for (const policy of model.clusterPolicies) {
    for (const rule of [...policy.rules.Ingress, ...policy.rules.Egress]) {
      for (const peer of rule.peers) {
        if (peer.kind === 'networks') intervals.push(...peer.cidrs);
      }
    }
  }
  return uniqueExternals(intervals.map(externalOf));
}

/** Addresses or CIDRs as given on a command line (`--externals`); every bad one is a problem. */
export function parseExternals(texts: readonly string[], field: string): ExternalEntity[] {
  const problems: Problem[] = [];
  const entities = texts.flatMap((text) => {
    const ip = parseIp(text);
    const cidr = ip ? undefined : parseCidr(text);
    if (ip) return [externalOf({ family: ip.family, start: ip.value, end: ip.value })];
    if (cidr) return [externalOf(cidr)];
    problems.push({ code: 'invalid-external', field, message: `Invalid value: ${JSON.stringify(text)}: must be an IP address or a CIDR (e.g. 203.0.113.5 or 203.0.113.0/24)` });
    return [];
  });
  if (problems.length > 0) throw new InputError(problems);
  return entities;
}

/** The entities of several lists, each range once, sorted. */
export function uniqueExternals(entities: readonly ExternalEntity[]): ExternalEntity[] {
  const byRange = new Map<string, ExternalEntity>();
  for (const entity of entities) byRange.set(rangeKey(entity.interval), entity);
  return [...byRange.values()].sort((a, b) => compareIntervals(a.interval, b.interval));
}

/**
 * The entities cut into atoms: address ranges that every entity either holds whole or not at
 * all. One address stands for each atom (all of its addresses meet the same policies, since
 * the entities include every CIDR the policies name); an entity's verdict is its atoms'.
 */
export interface ExternalAtoms {
  /** The first address of each atom. */
  readonly addresses: readonly IpAddress[];
  /** For each entity, the indices of its atoms. */
  readonly atomsOf: readonly number[][];
}

export function externalAtoms(entities: readonly ExternalEntity[]): ExternalAtoms {
  const addresses: IpAddress[] = [];
  const atomsOf: number[][] = entities.map(() => []);
  for (const family of [4, 6] as const) {
    const members = entities.map((e, i) => ({ e, i })).filter(({ e }) => e.interval.family === family);
    const cuts = [...new Set(members.flatMap(({ e }) => [e.interval.start, e.interval.end + 1n]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let k = 0; k + 1 < cuts.length; k++) {
      const [start, next] = [cuts[k], cuts[k + 1]];
      const holders = members.filter(({ e }) => e.interval.start <= start && next - 1n <= e.interval.end);
      if (holders.length === 0) continue;
      for (const { i } of holders) atomsOf[i].push(addresses.length);
      addresses.push(address(family, start));
    }
  }
  return { addresses, atomsOf };
}

function externalOf(interval: IpInterval): ExternalEntity {
  const bits = interval.family === 4 ? 32 : 128;
  const size = interval.end - interval.start + 1n;
  const prefix = bits - (size.toString(2).length - 1);
  const first = formatIp(interval.family, interval.start);
  return { id: prefix === bits ? first : `${first}/${prefix}`, interval: { family: interval.family, start: interval.start, end: interval.end } };
}

function address(family: IpFamily, value: bigint): IpAddress {
  return { family, value, text: formatIp(family, value) };
}

function compareIntervals(a: IpInterval, b: IpInterval): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.end === b.end ? 0 : a.end > b.end ? -1 : 1;
}

function rangeKey(interval: IpInterval): string {
  return `${interval.family}:${interval.start}-${interval.end}`;
}

/**
 * Pods' verdicts against the atoms of some externals, one port at a time. Against an address,
 * a pod's egress depends only on the policies that select it, and its ingress on those and its
 * container ports of that number named (for named rule ports): the address's side has no
 * policy, and pod labels or IPs are not matched. Pods alike in that share a row of
 * `computeExternalMatrix`.
 */
export class ExternalReach {
  public readonly atoms: ExternalAtoms;
  /** For each atom, the entities that hold it. */
  public readonly entitiesOfAtom: readonly number[][];
  /** Per pod position, its egress class. */
  private readonly egressClass: Int32Array;
  private readonly egressRepresentatives: number[];

  constructor(private readonly model: ClusterModel, private readonly pods: readonly number[], entities: readonly ExternalEntity[]) {
    this.atoms = externalAtoms(entities);
    const entitiesOfAtom: number[][] = this.atoms.addresses.map(() => []);
    this.atoms.atomsOf.forEach((list, e) => list.forEach((a) => entitiesOfAtom[a].push(e)));
    this.entitiesOfAtom = entitiesOfAtom;
    const egress = classify(pods.map((_, position) => position), (position) => this.selectionKey(position, 'Egress'));
    this.egressClass = egress.classOf;
    this.egressRepresentatives = egress.representatives.map((position) => pods[position]);
  }

  /**
   * On one port: for a pod position, the atoms it may reach, and (for the positions given as
   * destinations) those that may reach it.
   */
  public onPort(port: PortKey, destinations: readonly number[]): { egress: (position: number) => Bitset; ingress: (position: number) => Bitset } {
    const ingress = classify(destinations, (position) => `${this.selectionKey(position, 'Ingress')}#${this.namesOf(position, port)}`);
    const representatives = [...this.egressRepresentatives, ...ingress.representatives.map((position) => this.pods[position])];
    const matrix = computeExternalMatrix(this.model, { ...port, externals: this.atoms.addresses, pods: representatives });
    const offset = this.egressRepresentatives.length;
    return {
      egress: (position) => matrix.egress.rows[this.egressClass[position]],
      ingress: (position) => matrix.ingress.rows[offset + ingress.classOf[position]],
    };
  }

  /** The NetworkPolicies and ClusterNetworkPolicies that select the pod for a direction, as an id. */
  private selectionKey(position: number, direction: Direction): number {
    return PodSelections.of(this.model).idOf(this.model.pods[this.pods[position]], 'all', direction);
  }

  /** The names the pod gives this port (a rule naming one of them admits it). */
  private namesOf(position: number, port: PortKey): string {
    return this.model.pods[this.pods[position]].ports
      .filter((p) => p.name !== undefined && p.port === port.port && p.protocol === port.protocol)
      .map((p) => p.name).sort().join(',');
  }
}

/** Positions into classes by key: each position's class, and the first position of each class. */
function classify(positions: readonly number[], keyOf: (position: number) => string | number): { classOf: Int32Array; representatives: number[] } {
  const classes = new Map<string | number, number>();
  const representatives: number[] = [];
  const classOf = new Int32Array(positions.length === 0 ? 0 : Math.max(...positions) + 1).fill(-1);
  for (const position of positions) {
    const key = keyOf(position);
    let found = classes.get(key);
    if (found === undefined) {
      found = representatives.push(position) - 1;
      classes.set(key, found);
    }
    classOf[position] = found;
  }
  return { classOf, representatives };
}
