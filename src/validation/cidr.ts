import * as ipaddr from 'ipaddr.js';

/*
 * CIDRs as the API server reads `ipBlock.cidr` and `ipBlock.except`: k8s.io/utils'
 * `ParseCIDRSloppy` (Go 1.16's `net.ParseCIDR`, which still accepts leading zeros) decides
 * what parses at all; Go's `netip.ParsePrefix` decides what the strict (1.36+) validation
 * refuses on top. The evaluator's own parser (evaluator/ip.ts) answers a different question
 * (which addresses a range holds), so this one mirrors Go byte for byte instead.
 */

/**
 * A parsed CIDR as Go's `net.IPNet`. Addresses are byte arrays, 4 long for IPv4 text and 16 for
 * IPv6 text, because Go's containment and mask-length rules depend on those lengths.
 */
export interface GoCidr {
  /** The address as written (host bits kept). */
  readonly address: readonly number[];
  /** The address with host bits cleared (`IPNet.IP`). */
  readonly network: readonly number[];
  /** How many leading bits of each byte the mask keeps (0 to 8). */
  readonly maskBits: readonly number[];
  /** Prefix length as written (`Mask.Size()`). */
  readonly prefix: number;
}

/** Why strict validation refuses a CIDR that the legacy parser accepts. */
export type StrictCidrViolation = 'leading-zeros' | 'ipv4-mapped' | 'host-bits';

/** The strict-validation detail for each violation, as `IsValidCIDRForLegacyField` words it. */
export const STRICT_CIDR_MESSAGES: Readonly<Record<StrictCidrViolation, string>> = {
  'leading-zeros': 'must not have leading 0s in IP or prefix length',
  'ipv4-mapped': 'must not have an IPv4-mapped IPv6 address',
  'host-bits': 'must not have bits set beyond the prefix length',
};

/** The detail when a CIDR does not parse at all. */
export const INVALID_CIDR_MESSAGE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** Go's `dtoi`/`xtoi` give up at this value. */
const BIG = 0xffffff;

/** `ParseCIDRSloppy`: undefined when the API server says "must be a valid CIDR value". */
export function parseCidrSloppy(text: string): GoCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const address = parseIpv4Sloppy(addressText) ?? parseIpv6Sloppy(addressText);
  const digits = decimalPrefix(prefixText);
  if (!address || !digits || digits.length !== prefixText.length) return undefined;
  const prefix = digits.value;
  if (prefix > address.length * 8) return undefined;
  const maskBits = prefixBits(prefix, address.length);
  return { address, network: address.map((byte, i) => keepHighBits(byte, maskBits[i])), maskBits, prefix };
}

/**
 * What strict validation (`StrictIPCIDRValidation`, on by default from 1.36) refuses in a CIDR
 * that parsed sloppily: at most one reason, in the API server's order of checks.
 */
export function strictCidrViolation(text: string, cidr: GoCidr): StrictCidrViolation | undefined {
  if (!parsesAsNetipPrefix(text)) return 'leading-zeros';
  if (cidr.address.length === 16 && isIpv4Mapped(cidr.address)) return 'ipv4-mapped';
  if (cidr.address.some((byte, i) => byte !== cidr.network[i])) return 'host-bits';
  return undefined;
}

/**
 * ValidateIPBlock's test for an except entry: `cidr.Contains(except.IP)` with Go's IPv4/IPv6
 * length rules, and a strictly longer prefix (compared as written).
 */
export function isStrictSubset(cidr: GoCidr, except: GoCidr): boolean {
  return ipNetContains(cidr, except.network) && cidr.prefix < except.prefix;
}

/** The CIDR in canonical text, for hints: `10.0.0.0/8`, `2001:db8::/32`. */
export function formatCidr(bytes: readonly number[], prefix: number): string {
  return `${ipaddr.fromByteArray([...bytes]).toString()}/${prefix}`;
}

/** The IPv4 form of an IPv4-mapped IPv6 CIDR (`::ffff:10.0.0.0/104` is `10.0.0.0/8`). */
export function unmappedCidr(cidr: GoCidr): string {
  return formatCidr(cidr.address.slice(12), Math.max(0, cidr.prefix - 96));
}

function ipNetContains(net: GoCidr, ip: readonly number[]): boolean {
  const network4 = toIpv4(net.network);
  const network = network4 ?? net.network;
  const mask = net.maskBits.length === 16 && network.length === 4 ? net.maskBits.slice(12) : net.maskBits;
  const tested = toIpv4(ip) ?? ip;
  if (tested.length !== network.length) return false;
  return tested.every((byte, i) => keepHighBits(byte, mask[i]) === keepHighBits(network[i], mask[i]));
}

/** Go's `IP.To4`: the 4 bytes of an IPv4 or IPv4-mapped address. */
function toIpv4(ip: readonly number[]): readonly number[] | undefined {
  if (ip.length === 4) return ip;
  return isIpv4Mapped(ip) ? ip.slice(12) : undefined;
}

function isIpv4Mapped(ip: readonly number[]): boolean {
  return ip.slice(0, 10).every((byte) => byte === 0) && ip[10] === 0xff && ip[11] === 0xff;
}

function prefixBits(prefix: number, length: number): number[] {
  return Array.from({ length }, (_, i) => Math.min(8, Math.max(0, prefix - i * 8)));
}

/** The byte with all but its `bits` leading bits cleared. */
function keepHighBits(byte: number, bits: number): number {
  const dropped = 2 ** (8 - bits);
  return Math.floor(byte / dropped) * dropped;
}

/** Go's `dtoi`: the leading decimal digits; undefined when there are none or they grow too big. */
function decimalPrefix(text: string): { value: number; length: number } | undefined {
  let value = 0;
  let length = 0;
  while (length < text.length && text[length] >= '0' && text[length] <= '9') {
    value = value * 10 + Number(text[length]);
    if (value >= BIG) return undefined;
    length++;
  }
  return length === 0 ? undefined : { value, length };
}

/** Go's `xtoi`: the leading hex digits. */
function hexPrefix(text: string): { value: number; length: number } | undefined {
  let value = 0;
  let length = 0;
  while (length < text.length && /^[0-9a-fA-F]$/.test(text[length])) {
    value = value * 16 + parseInt(text[length], 16);
    if (value >= BIG) return undefined;
    length++;
  }
  return length === 0 ? undefined : { value, length };
}

/** Four dotted decimal octets, leading zeros allowed (`010` is 10). */
function parseIpv4Sloppy(text: string): number[] | undefined {
  const bytes: number[] = [];
  let rest = text;
  for (let i = 0; i < 4; i++) {
    if (rest === '') return undefined;
    if (i > 0) {
      if (rest[0] !== '.') return undefined;
      rest = rest.slice(1);
    }
    const octet = decimalPrefix(rest);
    if (!octet || octet.value > 0xff) return undefined;
    bytes.push(octet.value);
    rest = rest.slice(octet.length);
  }
  return rest === '' ? bytes : undefined;
}

/** RFC 4291 text with at most one `::` and an optional trailing dotted IPv4; no zone. */
function parseIpv6Sloppy(text: string): number[] | undefined {
  const bytes = new Array<number>(16).fill(0);
  let rest = text;
  let ellipsis = -1;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return bytes;
  }
  let i = 0;
  while (i < 16) {
    const group = hexPrefix(rest);
    if (!group || group.value > 0xffff) return undefined;
    if (rest[group.length] === '.') {
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      const ipv4 = parseIpv4Sloppy(rest);
      if (!ipv4) return undefined;
      bytes.splice(i, 4, ...ipv4);
      rest = '';
      i += 4;
      break;
    }
    bytes[i] = Math.floor(group.value / 256);
    bytes[i + 1] = group.value % 256;
    i += 2;
    rest = rest.slice(group.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const gap = 16 - i;
    const tail = bytes.slice(ellipsis, i);
    bytes.fill(0, ellipsis);
    bytes.splice(ellipsis + gap, tail.length, ...tail);
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return bytes;
}

/**
 * Whether `netip.ParsePrefix` also accepts a CIDR that parsed sloppily. The only forms it
 * refuses on top are leading zeros: in an IPv4 octet (also inside IPv6), in an IPv6 group of
 * more than four digits, or in the prefix length.
 */
function parsesAsNetipPrefix(text: string): boolean {
  const slash = text.indexOf('/');
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (hasLeadingZero(prefixText)) return false;
  const dotted = addressText.slice(addressText.lastIndexOf(':') + 1);
  if (dotted.includes('.') && dotted.split('.').some(hasLeadingZero)) return false;
  return !addressText.includes(':') || addressText.split(':').every((group) => group.includes('.') || group.length <= 4);
}

function hasLeadingZero(digits: string): boolean {
  return digits.length > 1 && digits[0] === '0';
}
