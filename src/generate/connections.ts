// Words of bitsets are walked here directly: a 5,000 x 5,000 matrix per port is too big to copy per row.
/* eslint-disable no-bitwise */
import { Bitset } from '../evaluator/bitset';
import { formatIp, IpAddress, IpInterval, IpRangeSet } from '../evaluator/ip';
import { Protocol } from '../evaluator/kube';
import { computeExternalMatrix, computeMatrix, PodMatrix } from '../evaluator/matrix';
import { ClusterModel } from '../evaluator/model';
import { compareStrings } from '../evaluator/text';

/** A destination port and its protocol. */
export interface PortProtocol {
  readonly port: number;
  readonly protocol: Protocol;
}

/** One allowed connection that starts or ends at a pod in the scope. */
export type Connection =
  | { readonly kind: 'pods'; readonly from: number; readonly to: number; readonly port: number; readonly protocol: Protocol }
  | { readonly kind: 'egress' | 'ingress'; readonly pod: number; readonly external: IpAddress; readonly port: number; readonly protocol: Protocol };

/** What to enumerate: the scoped pods, every pod, the ports, and the external addresses. */
export interface ConnectionSpace {
  /** Pods (indices) in the scope; host-network pods are never among them, no policy can isolate them. */
  readonly scoped: readonly number[];
  readonly ports: readonly PortProtocol[];
  /** One address per block of external addresses that every policy treats alike (see `externalRepresentatives`). */
  readonly externals: readonly IpAddress[];
}

/**
 * Calls `visit` for every connection the model allows that starts or ends at a scoped pod: pod to
 * pod over every other (non host-network) pod, and pod to/from each external representative, on
 * every port. Pod pairs come from the evaluator's matrix, one per port (set algebra over the
 * model's selections, checked cell by cell against `evaluateFlow` in the evaluator's tests);
 * traffic of a Pod to itself is never reported (plugins never block it).
 */
export function forEachConnection(model: ClusterModel, space: ConnectionSpace, visit: (connection: Connection) => void): void {
  const scopedSet = new Bitset(model.pods.length);
  space.scoped.forEach((i) => scopedSet.add(i));
  const selectable = new Bitset(model.pods.length);
  model.pods.forEach((pod) => { if (!pod.hostNetwork) selectable.add(pod.index); });
  for (const { port, protocol } of space.ports) {
    for (const matrix of podMatrices(model, space.scoped, scopedSet, port, protocol)) {
      visitPodMatrix(model, matrix, { scoped: scopedSet, selectable }, visit);
    }
    if (space.externals.length > 0 && space.scoped.length > 0) {
      const external = computeExternalMatrix(model, { port, protocol, externals: space.externals, pods: space.scoped });
      external.pods.forEach((pod, row) => {
        for (const column of external.egress.rows[row]) visit({ kind: 'egress', pod, external: space.externals[column], port, protocol });
        for (const column of external.ingress.rows[row]) visit({ kind: 'ingress', pod, external: space.externals[column], port, protocol });
      });
    }
  }
}

/**
 * The matrices that hold every pair with a scoped end: the whole square when the scope holds most
 * pods (the matrix's fast path: every pod, in order), else scoped -> all and others -> scoped.
 */
function podMatrices(model: ClusterModel, scoped: readonly number[], scopedSet: Bitset, port: number, protocol: Protocol): PodMatrix[] {
  if (scoped.length === 0) return [];
  if (scoped.length * 2 >= model.pods.length) return [computeMatrix(model, { port, protocol })];
  const others = model.pods.filter((pod) => !scopedSet.has(pod.index)).map((pod) => pod.index);
  return [
    computeMatrix(model, { port, protocol, sources: scoped }),
    ...(others.length > 0 ? [computeMatrix(model, { port, protocol, sources: others, destinations: scoped })] : []),
  ];
}

/**
 * Visits the allowed cells of a matrix whose row or column is a scoped pod, leaving out
 * host-network pods (no selector matches them: they count as their node's address) and a Pod to itself.
 */
function visitPodMatrix(
  model: ClusterModel, matrix: PodMatrix, pods: { readonly scoped: Bitset; readonly selectable: Bitset }, visit: (connection: Connection) => void,
): void {
  const { port, protocol, sources, destinations } = matrix;
  const columns = (keep: Bitset) => {
    const set = new Bitset(destinations.length);
    destinations.forEach((pod, column) => { if (keep.has(pod)) set.add(column); });
    return set;
  };
  const [scopedColumns, selectableColumns] = [columns(pods.scoped), columns(pods.selectable)];
  matrix.allowed.rows.forEach((row, r) => {
    const from = sources[r];
    if (!pods.selectable.has(from)) return;
    forEachSetBit(row, pods.scoped.has(from) ? selectableColumns : scopedColumns, (column) => {
      const to = destinations[column];
      if (!isSamePod(model, from, to)) visit({ kind: 'pods', from, to, port, protocol });
    });
  });
}

/** Calls `visit` with each member of both `set` and `mask`, a word at a time. */
function forEachSetBit(set: Bitset, mask: Bitset, visit: (i: number) => void): void {
  const words = set.words;
  for (let w = 0; w < words.length; w++) {
    let word = words[w] & mask.words[w];
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word);
      visit((w << 5) + bit);
      word &= word - 1;
    }
  }
}

function isSamePod(model: ClusterModel, a: number, b: number): boolean {
  if (a === b) return true;
  const [x, y] = [model.pods[a], model.pods[b]];
  return x.kind === 'Pod' && y.kind === 'Pod' && x.namespace === y.namespace && x.name === y.name;
}

/**
 * One address per block of `named` addresses inside which every policy of the models answers alike:
 * the blocks are cut at every edge of `named`, of every ipBlock and ClusterNetworkPolicy network,
 * and around every Node address. Checking one address per block checks them all.
 */
export function externalRepresentatives(models: readonly ClusterModel[], named: IpRangeSet): IpAddress[] {
  if (named.isEmpty()) return [];
  const edges: IpInterval[] = [...named.intervals, ...models.flatMap(addressEdges)];
  const starts = new Map<string, { family: 4 | 6; value: bigint }>();
  for (const { family, start, end } of edges) {
    for (const value of [start, end + 1n]) starts.set(`${family}:${value}`, { family, value });
  }
  return [...starts.values()]
    .filter(({ family, value }) => rangeHas(named, family, value))
    .sort((a, b) => a.family - b.family || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .map(({ family, value }) => ({ family, value, text: formatIp(family, value) }));
}

/** Every ipBlock and ClusterNetworkPolicy network of the model, and each Node address alone. */
function addressEdges(model: ClusterModel): IpInterval[] {
  const edges: IpInterval[] = [];
  for (const policy of model.policies) {
    for (const rule of [...policy.rules.Ingress, ...policy.rules.Egress]) {
      for (const peer of rule.peers ?? []) if (peer.kind === 'ipBlock') edges.push(...peer.addresses.intervals);
    }
  }
  for (const policy of model.clusterPolicies) {
    for (const rule of [...policy.rules.Ingress, ...policy.rules.Egress]) {
      for (const peer of rule.peers) if (peer.kind === 'networks') edges.push(...peer.addresses.intervals);
    }
  }
  for (const node of model.nodes) edges.push(...node.addresses.map((ip) => ({ family: ip.family, start: ip.value, end: ip.value })));
  return edges;
}

/** Whether the set holds the address. */
export function rangeHas(set: IpRangeSet, family: 4 | 6, value: bigint): boolean {
  return set.intervals.some((i) => i.family === family && i.start <= value && value <= i.end);
}

/** `TCP 80`, sorted by protocol then number. */
export function sortPorts(ports: Iterable<PortProtocol>): PortProtocol[] {
  const unique = new Map<string, PortProtocol>();
  for (const p of ports) unique.set(`${p.protocol}/${p.port}`, { port: p.port, protocol: p.protocol });
  return [...unique.values()].sort((a, b) => compareStrings(a.protocol, b.protocol) || a.port - b.port);
}
