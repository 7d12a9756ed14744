import { ExternalEntity, ExternalReach } from './matrix-externals';
import type { CellProfile, CellVerdict, MatrixEndpoint } from './matrix-report';
import { PortKey, portText } from './ports';
import { Bitset } from '../evaluator/bitset';
import { visitMatrixRows } from '../evaluator/matrix';
import { ClusterModel } from '../evaluator/model';

const NOT_JUDGED = 0;
const DENIED = 1;
const PARTIAL = 2;
const ALLOWED = 3;
const STATUS_TEXT = '-DPA';
const NO_CELL = -1;
/** Ports whose statuses (two bits each) one float64 holds exactly: 4^26 = 2^52. */
const PORTS_PER_KEY = 26;
/** Below one pod in this many judged on a port, its matrix has the judged columns only (measured on the benchmark cluster). */
const FEW_COLUMNS_DIVISOR = 4;

/** Which pods a port's matrix has as columns, and where each judged pod is among them. */
interface MatrixColumns {
  readonly destinations: readonly number[];
  /** Set when the columns are every pod: the judged ones. */
  readonly mask?: Uint32Array;
  /** Position (in `pods`) to column, -1 for none. */
  readonly columnOf: Int32Array;
  /** Column to group. */
  readonly group: Int32Array;
}

/**
 * The cells of a matrix as they grow port by port. A cell's statuses are the digits of a number
 * in base 4 (one float64 per 26 ports, the first port least significant), so that a port adds
 * to the cells it judges only (not judged is digit 0), and cells with equal statuses share a
 * key that `finish` turns into one profile.
 */
export class CellStates {
  /** `keys[chunk][cell]`: the statuses of the chunk's ports. */
  private readonly keys: Float64Array[];
  /** `deniedBase[chunk][group]`: the digits of the ports that judge the group's column, all denied. */
  private readonly deniedBase: Float64Array[];
  private readonly size: number;
  /** Position (in `pods`) to group. */
  private readonly groupOf: Int32Array;
  private readonly live: Uint8Array;
  /** For each pod position, the indices of the report ports it declares. */
  private readonly declares: Array<Set<number>>;
  /** Group to its pod positions. */
  private readonly positionsOfGroup: number[][];
  /** Every group's positions, group after group. */
  private readonly positionsByGroup: number[];
  /** The pods at `positionsByGroup`. */
  private readonly sourcesByGroup: number[];
  private externalReach?: ExternalReach;

  constructor(
    private readonly model: ClusterModel,
    private readonly pods: readonly number[],
    private readonly endpoints: readonly MatrixEndpoint[],
    private readonly groupCount: number,
    private readonly ports: readonly PortKey[],
    private readonly declaredOnly: boolean,
  ) {
    this.size = endpoints.length;
    this.keys = Array.from({ length: Math.ceil(ports.length / PORTS_PER_KEY) }, () => new Float64Array(this.size * this.size));
    this.deniedBase = this.keys.map(() => new Float64Array(groupCount));
    const positionOf = new Map(pods.map((pod, position) => [pod, position]));
    this.groupOf = new Int32Array(pods.length);
    this.positionsOfGroup = endpoints.slice(0, groupCount).map((endpoint) => endpoint.pods.map((pod) => positionOf.get(pod)!));
    this.positionsOfGroup.forEach((positions, g) => positions.forEach((position) => { this.groupOf[position] = g; }));
    this.positionsByGroup = this.positionsOfGroup.flat();
    this.sourcesByGroup = this.positionsByGroup.map((position) => pods[position]);
    this.live = Uint8Array.from(pods, (pod) => (model.pods[pod].kind === 'Pod' ? 1 : 0));
    const portIndex = new Map(ports.map((p, k) => [portText(p), k]));
    this.declares = pods.map((pod) => new Set(model.pods[pod].ports.flatMap((p) => portIndex.get(portText(p)) ?? [])));
  }

  /**
   * Pod-to-pod statuses on port k. Only the destinations judged on it are computed: with the
   * declared ports, most ports are served by few pods.
   */
  public addPodPort(k: number): void {
    const { port, protocol } = this.ports[k];
    const judged = this.judgedPositions(k);
    const judgedCount = new Int32Array(this.groupCount);
    const liveJudged = new Int32Array(this.groupCount);
    for (const position of judged) {
      judgedCount[this.groupOf[position]]++;
      liveJudged[this.groupOf[position]] += this.live[position];
    }
    const columns = this.columnsFor(judged);
    const { keys, weight } = this.digitOf(k);
    // Every judged cell starts denied (added to whole columns in `finish`); counting then touches
    // only the cells some pair reaches: the rest of a large matrix is mostly denied.
    const base = this.deniedBase[Math.floor(k / PORTS_PER_KEY)];
    for (const h of new Set(judged.map((position) => this.groupOf[position]))) {
      base[h] += weight * DENIED;
      // A group of one live Pod has no pair with itself: its own cell is not judged.
      if (this.endpoints[h].pods.length * judgedCount[h] === liveJudged[h]) keys[h * this.size + h] -= weight * DENIED;
    }
    const counts = new Int32Array(this.groupCount);
    const touched: number[] = [];
    const flush = (g: number) => {
      const members = this.endpoints[g].pods.length;
      for (const h of touched) {
        const total = members * judgedCount[h] - (g === h ? liveJudged[h] : 0);
        keys[g * this.size + h] += weight * (statusOf(counts[h], total) - DENIED);
        counts[h] = 0;
      }
      touched.length = 0;
    };
    // Sources in group order, so that a group's rows come one after another.
    let group = -1;
    visitMatrixRows(this.model, { port, protocol, sources: this.sourcesByGroup, destinations: columns.destinations }, (i, row) => {
      const position = this.positionsByGroup[i];
      if (this.groupOf[position] !== group) {
        if (group >= 0) flush(group);
        group = this.groupOf[position];
      }
      countRow(row.words, columns.mask, this.live[position] ? columns.columnOf[position] : -1, columns.group, counts, touched);
    });
    if (group >= 0) flush(group);
  }

  /** Pod-to-external and external-to-pod statuses on port k. */
  public addExternalPort(k: number, externals: readonly ExternalEntity[]): void {
    this.externalReach ??= new ExternalReach(this.model, this.pods, externals);
    const { atoms, entitiesOfAtom } = this.externalReach;
    const judgedPositions = this.judgedPositions(k);
    const judged = new Set(judgedPositions);
    const reach = this.externalReach.onPort(this.ports[k], judgedPositions);
    const { keys, weight } = this.digitOf(k);
    const counts = new Int32Array(externals.length);
    const tally = (rowOf: (position: number) => Bitset, positions: readonly number[]): void => {
      counts.fill(0);
      for (const position of positions) {
        forEachMember(rowOf(position).words, (atom) => {
          for (const e of entitiesOfAtom[atom]) counts[e]++;
        });
      }
    };
    const addStatuses = (cellOf: (e: number) => number, pods: number) => externals.forEach((_, e) => {
      keys[cellOf(e)] += weight * statusOf(counts[e], pods * atoms.atomsOf[e].length);
    });
    for (let g = 0; g < this.groupCount; g++) {
      const sources = this.positionsOf(g);
      tally(reach.egress, sources);
      addStatuses((e) => g * this.size + this.groupCount + e, sources.length);
      const destinations = sources.filter((p) => judged.has(p));
      tally(reach.ingress, destinations);
      addStatuses((e) => (this.groupCount + e) * this.size + g, destinations.length);
    }
  }

  /** The profiles (sorted) and each cell's profile index. */
  public finish(): { profiles: CellProfile[]; cells: Int32Array[] } {
    this.addDeniedBase();
    const flat = new Int32Array(this.size * this.size);
    const keysOfId: number[][] = [];
    const idOf = this.keys.length === 1 ? this.singleKeyIds(keysOfId) : this.joinedKeyIds(keysOfId);
    for (let r = 0; r < this.size; r++) {
      // Between two externals there is no cell.
      const noCellFrom = r < this.groupCount ? this.size : this.groupCount;
      for (let c = 0; c < this.size; c++) flat[r * this.size + c] = c < noCellFrom ? idOf(r * this.size + c) : NO_CELL;
    }
    const profiles = keysOfId.map((keys) => this.profileOf(keys));
    const order = profiles.map((_, i) => i).sort((a, b) => compareProfiles(profiles[a], profiles[b]));
    const rank = new Int32Array(profiles.length);
    order.forEach((id, position) => { rank[id] = position; });
    for (let cell = 0; cell < flat.length; cell++) if (flat[cell] !== NO_CELL) flat[cell] = rank[flat[cell]];
    return {
      profiles: order.map((id) => profiles[id]),
      cells: Array.from({ length: this.size }, (_, r) => flat.subarray(r * this.size, (r + 1) * this.size)),
    };
  }

  /** Adds each pod column's denied digits to its cells from pods (not from externals, judged apart). */
  private addDeniedBase(): void {
    this.deniedBase.forEach((base, chunk) => {
      const keys = this.keys[chunk];
      for (let r = 0; r < this.groupCount; r++) {
        for (let c = 0; c < this.groupCount; c++) keys[r * this.size + c] += base[c];
      }
    });
  }

  /** Cell to id when one number per cell holds its statuses: a hash table of numbers, without boxing millions of keys for a Map. */
  private singleKeyIds(keysOfId: number[][]): (cell: number) => number {
    const index = new KeyIndex();
    const keys = this.keys[0];
    // Neighbouring cells often agree (runs of denied cells): remember the last key.
    let [lastKey, lastId] = [NaN, -1];
    return (cell) => {
      if (keys[cell] === lastKey) return lastId;
      lastKey = keys[cell];
      lastId = index.idOf(lastKey);
      if (lastId === keysOfId.length) keysOfId.push([lastKey]);
      return lastId;
    };
  }

  /** Cell to id when more than 26 ports spread its statuses over several numbers. */
  private joinedKeyIds(keysOfId: number[][]): (cell: number) => number {
    const idOf = new Map<string, number>();
    return (cell) => {
      const keys = this.keys.map((chunk) => chunk[cell]);
      const text = keys.join(',');
      let id = idOf.get(text);
      if (id === undefined) idOf.set(text, id = keysOfId.push(keys) - 1);
      return id;
    };
  }

  /** Where port k's status goes: its chunk of keys, and its digit's weight (4^i for the i-th port of the chunk). */
  private digitOf(k: number): { keys: Float64Array; weight: number } {
    return { keys: this.keys[Math.floor(k / PORTS_PER_KEY)], weight: 4 ** (k % PORTS_PER_KEY) };
  }

  /**
   * The matrix columns for the judged positions: those alone when they are few (computing fewer
   * columns saves more than it costs), else every pod and a mask of the judged ones, since
   * `computeMatrix` is quickest on every pod in order.
   */
  private columnsFor(judged: readonly number[]): MatrixColumns {
    if (judged.length * FEW_COLUMNS_DIVISOR > this.pods.length) {
      const mask = new Bitset(this.pods.length);
      for (const position of judged) mask.add(position);
      return { destinations: this.pods, mask: mask.words, columnOf: Int32Array.from(this.pods, (_, position) => position), group: this.groupOf };
    }
    const columnOf = new Int32Array(this.pods.length).fill(-1);
    judged.forEach((position, column) => { columnOf[position] = column; });
    const group = Int32Array.from(judged, (position) => this.groupOf[position]);
    return { destinations: judged.map((position) => this.pods[position]), columnOf, group };
  }

  private positionsOf(g: number): number[] {
    return this.positionsOfGroup[g];
  }

  /** Positions of the destinations judged on port k: every pod, or (declared ports only) those that declare it or none of the report's. */
  private judgedPositions(k: number): number[] {
    const judged: number[] = [];
    this.declares.forEach((declared, position) => {
      if (!this.declaredOnly || declared.size === 0 || declared.has(k)) judged.push(position);
    });
    return judged;
  }

  /** The statuses of each chunk's key, read back from its base-4 digits. */
  private profileOf(keys: readonly number[]): CellProfile {
    const statuses: number[] = [];
    keys.forEach((key, chunk) => {
      const digits = Math.min(PORTS_PER_KEY, this.ports.length - chunk * PORTS_PER_KEY);
      for (let i = 0; i < digits; i++) {
        const digit = key % 4;
        statuses.push(digit);
        key = (key - digit) / 4;
      }
    });
    return { verdict: verdictOf(statuses), statuses: statuses.map((s) => STATUS_TEXT[s]).join('') };
  }
}

/* eslint-disable no-bitwise -- walking the set bits of a row, a word at a time */
/** Adds each allowed destination (column, within the mask) of one source row to its group's count, except the source's own column; a group counted first is noted in `touched`. */
function countRow(
  row: Uint32Array, mask: Uint32Array | undefined, self: number, columnGroup: Int32Array, counts: Int32Array, touched: number[],
): void {
  for (let w = 0; w < row.length; w++) {
    let word = mask ? row[w] & mask[w] : row[w];
    while (word !== 0) {
      const column = (w << 5) + (31 - Math.clz32(word & -word));
      word &= word - 1;
      if (column === self) continue;
      const group = columnGroup[column];
      if (counts[group]++ === 0) touched.push(group);
    }
  }
}
/** Calls `visit` with each member of a bitset's words, in order. */
function forEachMember(words: Uint32Array, visit: (member: number) => void): void {
  for (let w = 0; w < words.length; w++) {
    let word = words[w];
    while (word !== 0) {
      visit((w << 5) + (31 - Math.clz32(word & -word)));
      word &= word - 1;
    }
  }
}

/** Numbers to consecutive ids in order of first sight: open addressing with linear probing. */
class KeyIndex {
  private keys = new Float64Array(1024);
  private ids = new Int32Array(1024).fill(-1);
  private count = 0;

  public idOf(key: number): number {
    const mask = this.ids.length - 1;
    let slot = hashOf(key) & mask;
    while (this.ids[slot] !== -1) {
      if (this.keys[slot] === key) return this.ids[slot];
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.ids[slot] = this.count;
    if (++this.count * 2 > this.ids.length) this.grow();
    return this.count - 1;
  }

  private grow(): void {
    const [keys, ids] = [this.keys, this.ids];
    this.keys = new Float64Array(keys.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    const mask = this.ids.length - 1;
    ids.forEach((id, old) => {
      if (id === -1) return;
      let slot = hashOf(keys[old]) & mask;
      while (this.ids[slot] !== -1) slot = (slot + 1) & mask;
      this.keys[slot] = keys[old];
      this.ids[slot] = id;
    });
  }
}

/** Mixes the low and high 32 bits of an integer below 2^52. */
function hashOf(key: number): number {
  return Math.imul(key | 0, 0x9e3779b1) ^ Math.imul((key / 4294967296) | 0, 0x85ebca6b);
}
/* eslint-enable no-bitwise */

function statusOf(allowed: number, total: number): number {
  if (total === 0) return NOT_JUDGED;
  return allowed === 0 ? DENIED : allowed === total ? ALLOWED : PARTIAL;
}

function verdictOf(statuses: readonly number[]): CellVerdict {
  const judged = statuses.filter((s) => s !== NOT_JUDGED);
  if (judged.length === 0) return 'self';
  if (judged.every((s) => s === ALLOWED)) return 'allow';
  return judged.every((s) => s === DENIED) ? 'deny' : 'partial';
}

const VERDICT_ORDER: readonly CellVerdict[] = ['allow', 'partial', 'deny', 'self'];

function compareProfiles(a: CellProfile, b: CellProfile): number {
  return VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) || (a.statuses < b.statuses ? -1 : a.statuses > b.statuses ? 1 : 0);
}
