/**
 * The one address module: IP and CIDR parsing, canonical text and containment, on ipaddr.js.
 * Two grammars: strict (the apiserver's: dotted-quad decimal IPv4 without leading zeros,
 * RFC 4291 IPv6 with at most four hex digits a group, no zone) for policies, arguments and
 * settings; lenient for what captures carry (surrounding spaces, a `%zone`, IPv4-mapped IPv6
 * read as its IPv4 address). Neither accepts `1.2.3.4.5`, `999.1.1.1`, `0x0a000001` or
 * `10.0.0.0/33`. Bad text gives null, never an exception.
 */
import ipaddr from 'ipaddr.js';
import { textMemo } from './memo';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;
export type IpFamily = 4 | 6;

export interface Cidr {
  family: IpFamily;
  /** The network address (host bits zero). */
  address: IpAddress;
  prefix: number;
  /** Canonical text: network address and prefix, e.g. `10.1.0.0/16`, `fd00::/8`. */
  cidr: string;
}

const DECIMAL_OCTET = /^(0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * The last two strings isDottedQuad accepted (at first a dotted quad, as every later one). A
 * flow record's addresses are checked (formats/record-check.ts) and then resolved (normalizeIp)
 * one after the other — the same string objects, which `===` finds at once, without the pass
 * over their characters.
 */
let lastQuad = '0.0.0.0';
let lastQuad2 = '0.0.0.0';

/** Four decimal octets 0–255, no leading zeros, no signs: the only IPv4 text accepted. */
export function isDottedQuad(s: string): boolean {
  if (s === lastQuad || s === lastQuad2) return true;
  if (dottedQuad(s, false) === -1) return false;
  lastQuad2 = lastQuad;
  lastQuad = s;
  return true;
}

/**
 * A dotted quad's value as an unsigned 32-bit number (four decimal octets 0–255, no leading
 * zeros, no signs: the text isDottedQuad accepts, its own canonical text), or -1 for any other
 * text: one pass, no address object — the explainer reads every pod's address of a dump, once,
 * in code the optimizer no longer compiles.
 */
export function dottedQuadValue(s: string): number {
  return dottedQuad(s, true);
}

/**
 * dottedQuadValue's pass; without `value`, 0 for a dotted quad. The test (every address of
 * every record) adds nothing up: a value from 128.0.0.0 on is past the small integers its
 * first addresses taught the optimizing compiler, whose code was thrown away at the first one.
 */
function dottedQuad(s: string, value: boolean): number {
  const n = s.length;
  if (n < 7 || n > 15) return -1;
  let dots = 0;
  let octet = 0;
  let digits = 0;
  let v = 0;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? 46 : s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255) return -1;
      if (i < n && ++dots > 3) return -1;
      if (value) v = v * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // A leading zero, or a fourth digit (past 255): the octet stays a small integer.
      if ((digits === 1 && octet === 0) || digits === 3) return -1;
      octet = octet * 10 + (c - 48);
      digits++;
    } else return -1;
  }
  return dots === 3 ? v : -1;
}

/**
 * A dotted quad's address (`s` passed isDottedQuad): its octets are decimal numbers (ipaddr's
 * parser reads octal and hex too), read digit by digit — a policy's 10,000 ipBlocks and a
 * capture's addresses are read here, where splitting the text made an array of strings each.
 */
function quad(s: string): ipaddr.IPv4 {
  const octets = [0, 0, 0, 0];
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) o++;
    else octets[o] = (octets[o] as number) * 10 + (c - 48);
  }
  return new ipaddr.IPv4(octets);
}

function strictIpv6(s: string): ipaddr.IPv6 | null {
  if (!s.includes(':') || s.length > 45) return null;
  const groups = s.split(':');
  const last = groups[groups.length - 1] as string;
  const tail = last.includes('.') ? groups.pop() : undefined;
  if (tail !== undefined && !isDottedQuad(tail)) return null;
  if (groups.some((g) => g !== '' && !HEX_GROUP.test(g))) return null;
  return ipaddr.IPv6.isValid(s) ? ipaddr.IPv6.parse(s) : null;
}

/** An address in the apiserver's syntax (IPv4-mapped IPv6 stays IPv6); null otherwise. */
export function parseIpStrict(text: string): IpAddress | null {
  if (isDottedQuad(text)) return quad(text);
  return strictIpv6(text);
}

/**
 * An address as captures write it: trimmed, a `%zone` dropped, IPv4-mapped IPv6 read as its
 * IPv4 address; the octets and groups themselves as strict as parseIpStrict.
 */
export function parseIpLenient(text: string): IpAddress | null {
  const s = text.trim();
  if (isDottedQuad(s)) return quad(s);
  const zone = s.indexOf('%');
  const v6 = strictIpv6(zone < 0 ? s : s.slice(0, zone));
  if (v6 === null) return null;
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** An address parsed and its canonical text (ipText). */
export interface ParsedIp {
  addr: IpAddress;
  text: string;
  /** Its specialRange, once asked. */
  special?: SpecialRange;
  /**
   * As the evaluator reads an address — its family and value, alone in a list — once asked
   * (evaluate/ip-set.ts `ipAddresses`): a verification replays each row's peer IP.
   */
  values?: readonly { family: IpFamily; value: bigint }[];
}

/** ipaddr.js's special range of an address: `range()`'s name and the CIDR of it that holds it. */
export interface SpecialRange {
  /** 'unicast' outside every special range. */
  name: string;
  /** Null outside every special range. */
  cidr: string | null;
}

type Ranges = Record<string, [IpAddress, number][] | [IpAddress, number]>;

/** The ranges of a family in ipaddr's order (a name's first CIDR that holds an address wins). */
function rangesOf(family: typeof ipaddr.IPv4 | typeof ipaddr.IPv6) {
  const ranges = (family.prototype as unknown as { SpecialRanges: Ranges }).SpecialRanges;
  return Object.entries(ranges).flatMap(([name, list]) =>
    (Array.isArray(list[0]) ? (list as [IpAddress, number][]) : [list as [IpAddress, number]]).map(
      ([net, prefix]) => ({ name, net, prefix, cidr: `${net.toString()}/${prefix}` }),
    ),
  );
}

/** IPv4's special ranges as spans of numbers, in ipaddr's order. */
const SPECIAL_V4 = rangesOf(ipaddr.IPv4).map((r) => {
  const lo = v4Number(r.net as ipaddr.IPv4);
  return { name: r.name, cidr: r.cidr, lo, hi: lo + 2 ** (32 - r.prefix) - 1 };
});
const SPECIAL_V6 = rangesOf(ipaddr.IPv6);

function v4Number(a: ipaddr.IPv4): number {
  const o = a.octets;
  return (
    (o[0] as number) * 16777216 +
    (o[1] as number) * 65536 +
    (o[2] as number) * 256 +
    (o[3] as number)
  );
}

/**
 * `addr.range()` and the CIDR of that range holding the address (the first in ipaddr's list) —
 * an IPv4 address compared as a number with each range's span, not matched octet by octet.
 */
export function specialRange(addr: IpAddress): SpecialRange {
  if (addr.kind() === 'ipv4') {
    const v = v4Number(addr as ipaddr.IPv4);
    const hit = SPECIAL_V4.find((r) => v >= r.lo && v <= r.hi);
    return hit ? { name: hit.name, cidr: hit.cidr } : { name: 'unicast', cidr: null };
  }
  const name = addr.range();
  const hit = SPECIAL_V6.find((r) => r.name === name && addr.match(r.net as never, r.prefix));
  return { name, cidr: hit?.cidr ?? null };
}

/** specialRange of a parsed address, remembered with it. */
export function parsedRange(p: ParsedIp): SpecialRange {
  return (p.special ??= specialRange(p.addr));
}

/**
 * parseIpLenient with the canonical text, remembered per text (never mutated): a review's
 * query classifies, aliases and explains every IP peer, each of which parsed the text again.
 */
export const parsedIp: (text: string) => ParsedIp | null = textMemo(1 << 17, (text) => {
  const addr = parseIpLenient(text);
  return addr === null ? null : { addr, text: addr.toString() };
});

/** Whether parseIpLenient reads `text` as an address, without building one for a dotted quad. */
export function isIpLenient(text: string): boolean {
  return isDottedQuad(text) || parseIpLenient(text) !== null;
}

export function familyOf(a: IpAddress): IpFamily {
  return a.kind() === 'ipv4' ? 4 : 6;
}

function bits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/** Canonical text of an address (dotted quad, RFC 5952 IPv6). */
export function ipText(a: IpAddress): string {
  return a.toString();
}

/** The canonical text of a lenient address; `s` itself when it is not one. */
export function normalizeIp(s: string): string {
  if (isDottedQuad(s)) return s;
  const ip = parseIpLenient(s);
  return ip === null ? s : ip.toString();
}

function networkOf(address: IpAddress, prefix: number): IpAddress {
  const bytes = address.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = (bytes[i] as number) & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes);
}

function cidrOf(address: IpAddress, prefix: number): Cidr {
  // An IPv4 address without host bits (a /32 above all: a policy's addresses) is its own network.
  if (address.kind() === 'ipv4' && v4Number(address as ipaddr.IPv4) % 2 ** (32 - prefix) === 0) {
    return { family: 4, address, prefix, cidr: `${ipText(address)}/${prefix}` };
  }
  const network = networkOf(address, prefix);
  return {
    family: familyOf(address),
    address: network,
    prefix,
    cidr: `${ipText(network)}/${prefix}`,
  };
}

const PREFIX = /^(0|[1-9]\d{0,2})$/;

/**
 * `addr/prefix` in the apiserver's syntax (host bits may be set; they are cleared). Remembered
 * per text (never mutated): a policy's 10,000 ipBlocks were parsed again by its sort, its
 * validation and its verification's index, each the text its translation had just written.
 */
export const parseCidrStrict: (text: string) => Cidr | null = textMemo(1 << 17, cidrStrict);

function cidrStrict(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const address = parseIpStrict(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === null || !PREFIX.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix > bits(familyOf(address)) ? null : cidrOf(address, prefix);
}

/**
 * `addr/prefix` or a bare address (a single-address CIDR), trimmed, addresses as
 * parseIpLenient reads them (an IPv4-mapped `::ffff:a.b.c.d/120` is `a.b.c.d/24`).
 */
export function parseCidrLenient(text: string): Cidr | null {
  const [addrText, prefixText, extra] = text.trim().split('/');
  if (addrText === undefined || extra !== undefined) return null;
  const address = parseIpLenient(addrText);
  if (address === null) return null;
  const max = bits(familyOf(address));
  if (prefixText === undefined) return cidrOf(address, max);
  if (!DECIMAL_OCTET.test(prefixText)) return null;
  const prefix = Number(prefixText) - (max === 32 && addrText.includes(':') ? 96 : 0);
  return prefix < 0 || prefix > max ? null : cidrOf(address, prefix);
}

/** `a.b.c.d/n` with host bits zeroed, or null when the text is not a strict CIDR. */
export function canonicalCidr(text: string): string | null {
  return parseCidrStrict(text)?.cidr ?? null;
}

/** The single-address CIDR of a strict IP (/32 or /128), or null; remembered per text. */
export const hostCidr: (ip: string) => string | null = textMemo(1 << 17, (ip) => {
  const a = parseIpStrict(ip);
  return a === null ? null : `${ipText(a)}/${a.kind() === 'ipv4' ? 32 : 128}`;
});

/** A strict IP or CIDR as a canonical CIDR (an IP becomes its host CIDR); null otherwise. */
export function toCidr(text: string): string | null {
  return text.includes('/') ? canonicalCidr(text) : hostCidr(text);
}

/** Whether a parsed address lies inside a parsed CIDR (same family only). */
export function containsAddress(outer: Cidr, ip: IpAddress): boolean {
  if (outer.address.kind() !== ip.kind()) return false;
  return ip.kind() === 'ipv4'
    ? (ip as ipaddr.IPv4).match(outer.address as ipaddr.IPv4, outer.prefix)
    : (ip as ipaddr.IPv6).match(outer.address as ipaddr.IPv6, outer.prefix);
}

/** Whether `inner` (a CIDR) lies inside `outer`: same family, prefix at least as long. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && containsAddress(outer, inner.address);
}

/** Whether a strict IP lies inside a strict CIDR (same family only); false when either is invalid. */
export function cidrContainsIp(cidr: string, ip: string): boolean {
  const c = parseCidrStrict(cidr);
  const a = parseIpStrict(ip);
  return c !== null && a !== null && containsAddress(c, a);
}

/** Whether `ipOrCidr` lies inside `cidr` (lenient text); false when either is invalid. */
export function cidrContains(cidr: string | Cidr, ipOrCidr: string): boolean {
  const outer = typeof cidr === 'string' ? parseCidrLenient(cidr) : cidr;
  const inner = parseCidrLenient(ipOrCidr);
  return outer !== null && inner !== null && containsCidr(outer, inner);
}

/** The address as an unsigned integer (for interval arithmetic over address sets). */
export function addressValue(a: IpAddress): bigint {
  // An IPv4 address fits a double: one BigInt, not one per byte.
  if (a.kind() === 'ipv4') return BigInt(v4Number(a as ipaddr.IPv4));
  let v = 0n;
  for (const b of a.toByteArray()) v = (v << 8n) | BigInt(b);
  return v;
}

/** The address of `family` whose integer value is `value`. */
export function addressOfValue(family: IpFamily, value: bigint): IpAddress {
  const bytes: number[] = [];
  for (let i = bits(family) / 8 - 1; i >= 0; i--)
    bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes);
}

/** The first and last address of a CIDR as integers. */
export function cidrSpan(c: Cidr): { start: bigint; end: bigint } {
  const hostBits = BigInt(bits(c.family) - c.prefix);
  const start = addressValue(c.address);
  return { start, end: start + (1n << hostBits) - 1n };
}

export function addressBits(family: IpFamily): number {
  return bits(family);
}
