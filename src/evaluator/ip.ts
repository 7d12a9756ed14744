// Addresses are numbers here; masks and shifts are the arithmetic of CIDRs.
/* eslint-disable no-bitwise */
import * as ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

/** An address as a number in its family's space (32 or 128 bits). */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
  /** Canonical text (`10.0.0.1`, `2001:db8::1`). */
  readonly text: string;
}

/** An inclusive address interval within one family. */
export interface IpInterval {
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
}

/** A parsed CIDR: its interval plus the text as written. */
export interface Cidr extends IpInterval {
  readonly prefix: number;
  readonly text: string;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

function bytesToBigint(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/**
 * Parses an IPv4 (strict dotted quad, as the API server reads it) or IPv6 address.
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as IPv4, as Go's net.ParseIP does.
 */
export function parseIp(text: string): IpAddress | undefined {
  const trimmed = String(text);
  if (ipaddr.IPv4.isValidFourPartDecimal(trimmed)) {
    const addr = ipaddr.IPv4.parse(trimmed);
    return { family: 4, value: bytesToBigint(addr.toByteArray()), text: addr.toString() };
  }
  const hex = trimmed.includes(':') && !trimmed.includes('%') ? withHexTail(trimmed) : undefined;
  if (hex !== undefined && ipaddr.IPv6.isValid(hex)) {
    const addr = ipaddr.IPv6.parse(hex);
    if (addr.isIPv4MappedAddress()) {
      const v4 = addr.toIPv4Address();
      return { family: 4, value: bytesToBigint(v4.toByteArray()), text: v4.toString() };
    }
    return { family: 6, value: bytesToBigint(addr.toByteArray()), text: addr.toString() };
  }
  return undefined;
}

/**
 * IPv6 text with a dotted IPv4 tail rewritten as two hex groups, the tail checked as strictly as an
 * IPv4 address. ipaddr.js alone accepts `::ffff:010.1.1.1` and `0x` parts, and reads the
 * IPv4-compatible `::1.2.3.4` as IPv4-mapped; Go reads it as the IPv6 address `::102:304`.
 */
function withHexTail(text: string): string | undefined {
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  if (!tail.includes('.')) return text;
  if (!ipaddr.IPv4.isValidFourPartDecimal(tail)) return undefined;
  const [a, b, c, d] = ipaddr.IPv4.parse(tail).octets;
  return `${text.slice(0, colon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/** Parses `a.b.c.d/n` or `v6/n`; host bits are masked, as Go's net.ParseCIDR does. */
export function parseCidr(text: string): Cidr | undefined {
  const raw = String(text);
  const slash = raw.indexOf('/');
  if (slash < 0) return undefined;
  const prefixText = raw.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const address = parseIp(raw.slice(0, slash));
  if (!address) return undefined;
  const bits = BITS[address.family];
  // `::ffff:1.2.3.4/n` is an IPv6 CIDR to Go; keep it simple and reject the mix.
  if (address.family === 4 && raw.slice(0, slash).includes(':')) return undefined;
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const start = (address.value >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  return { family: address.family, start, end, prefix, text: raw };
}

export function intervalContains(interval: IpInterval, ip: IpAddress): boolean {
  return interval.family === ip.family && interval.start <= ip.value && ip.value <= interval.end;
}

/** A CIDR minus its exceptions: the shape of ipBlock and of a flow's `{cidr, except}`. */
export interface IpBlockRange {
  readonly cidr: Cidr;
  readonly except: readonly Cidr[];
}

export function blockContains(block: IpBlockRange, ip: IpAddress): boolean {
  return intervalContains(block.cidr, ip) && !block.except.some((hole) => intervalContains(hole, ip));
}

/** A set of addresses as sorted, disjoint, inclusive intervals (both families). */
export class IpRangeSet {
  public static ofBlock(block: IpBlockRange): IpRangeSet {
    return IpRangeSet.of([block.cidr]).minus(IpRangeSet.of(block.except));
  }

  public static of(intervals: readonly IpInterval[]): IpRangeSet {
    return new IpRangeSet(normalize(intervals));
  }

  private constructor(public readonly intervals: readonly IpInterval[]) {}

  public isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  public union(other: IpRangeSet): IpRangeSet {
    return IpRangeSet.of([...this.intervals, ...other.intervals]);
  }

  public intersect(other: IpRangeSet): IpRangeSet {
    const out: IpInterval[] = [];
    for (const a of this.intervals) {
      for (const b of other.intervals) {
        if (a.family !== b.family) continue;
        const start = a.start > b.start ? a.start : b.start;
        const end = a.end < b.end ? a.end : b.end;
        if (start <= end) out.push({ family: a.family, start, end });
      }
    }
    return IpRangeSet.of(out);
  }

  public minus(other: IpRangeSet): IpRangeSet {
    let remaining: IpInterval[] = [...this.intervals];
    for (const hole of other.intervals) {
      const next: IpInterval[] = [];
      for (const piece of remaining) {
        if (piece.family !== hole.family || hole.end < piece.start || hole.start > piece.end) {
          next.push(piece);
          continue;
        }
        if (piece.start < hole.start) next.push({ family: piece.family, start: piece.start, end: hole.start - 1n });
        if (hole.end < piece.end) next.push({ family: piece.family, start: hole.end + 1n, end: piece.end });
      }
      remaining = next;
    }
    return IpRangeSet.of(remaining);
  }

  public equals(other: IpRangeSet): boolean {
    return this.intervals.length === other.intervals.length && this.intervals.every((a, i) => {
      const b = other.intervals[i];
      return a.family === b.family && a.start === b.start && a.end === b.end;
    });
  }

  public toString(): string {
    return this.intervals.map(intervalToString).join(', ');
  }
}

function normalize(intervals: readonly IpInterval[]): IpInterval[] {
  const sorted = [...intervals].sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: IpInterval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && last.family === next.family && next.start <= last.end + 1n) {
      if (next.end > last.end) out[out.length - 1] = { family: last.family, start: last.start, end: next.end };
    } else {
      out.push(next);
    }
  }
  return out;
}

export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  }
  const parts: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(Number((value >> shift) & 0xffffn));
  return ipaddr.IPv6.parse(parts.map((p) => p.toString(16)).join(':')).toString();
}

function intervalToString(interval: IpInterval): string {
  const start = formatIp(interval.family, interval.start);
  return interval.start === interval.end ? start : `${start}-${formatIp(interval.family, interval.end)}`;
}
