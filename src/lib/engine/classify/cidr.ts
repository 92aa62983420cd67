/**
 * IP and CIDR parsing and containment (IPv4 and IPv6) on ipaddr.js. Addresses are accepted
 * only in their usual text forms (dotted-quad IPv4, RFC 4291 IPv6); IPv4-mapped IPv6
 * addresses count as their IPv4 address, and zone ids are ignored.
 */
import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

export interface ParsedCidr {
  address: IpAddress;
  prefix: number;
  /** Canonical text: the network address and prefix, e.g. `10.1.0.0/16`, `fd00::/8`. */
  cidr: string;
}

/** Parses an IP address; null when it is not one. */
export function parseIp(s: string): IpAddress | null {
  const text = s.trim().replace(/%.*$/, '');
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!ipaddr.IPv6.isValid(text)) return null;
  const v6 = ipaddr.IPv6.parse(text);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** The canonical text of an IP (compressed lower-case IPv6, mapped IPv4 unwrapped); `s` when not an IP. */
export function normalizeIp(s: string): string {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return s;
  const ip = parseIp(s);
  return ip === null ? s : ip.toString();
}

function maxPrefix(a: IpAddress): number {
  return a.kind() === 'ipv4' ? 32 : 128;
}

function networkOf(address: IpAddress, prefix: number): IpAddress {
  const bytes = address.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = (bytes[i] as number) & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes);
}

/** Parses `a.b.c.d/n` or `x::/n`; a bare address is a single-address CIDR. Null when invalid. */
export function parseCidr(s: string): ParsedCidr | null {
  const [addrText, prefixText, extra] = s.trim().split('/');
  if (addrText === undefined || extra !== undefined) return null;
  const address = parseIp(addrText);
  if (address === null) return null;
  const mappedOffset = address.kind() === 'ipv4' && addrText.includes(':') ? 96 : 0;
  let prefix = maxPrefix(address);
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText) - mappedOffset;
    if (prefix < 0 || prefix > maxPrefix(address)) return null;
  }
  const network = networkOf(address, prefix);
  return { address: network, prefix, cidr: `${network.toString()}/${prefix}` };
}

/** Whether `ipOrCidr` (an address or a CIDR) lies inside `cidr`. False when either is invalid. */
export function cidrContains(cidr: string | ParsedCidr, ipOrCidr: string): boolean {
  const outer = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  const inner = parseCidr(ipOrCidr);
  if (outer === null || inner === null) return false;
  if (outer.address.kind() !== inner.address.kind() || inner.prefix < outer.prefix) return false;
  return containsAddress(outer, inner.address);
}

/** Whether a parsed address lies inside a parsed CIDR (same family only). */
export function containsAddress(outer: ParsedCidr, ip: IpAddress): boolean {
  if (outer.address.kind() !== ip.kind()) return false;
  return ip.kind() === 'ipv4'
    ? (ip as ipaddr.IPv4).match(outer.address as ipaddr.IPv4, outer.prefix)
    : (ip as ipaddr.IPv6).match(outer.address as ipaddr.IPv6, outer.prefix);
}
