/**
 * Address arithmetic for ipBlocks: strict parsing of IPs and CIDRs (the apiserver's syntax:
 * dotted-quad IPv4, RFC 4291 IPv6, no zones), canonical forms (host bits zeroed, RFC 5952) and
 * containment. Bad text yields null, never an exception.
 */
import ipaddr from 'ipaddr.js';

export interface Cidr {
  family: 4 | 6;
  /** Canonical network address (host bits zero). */
  network: string;
  prefix: number;
  /** The address as written, parsed (host bits kept): for containment tests. */
  addr: ipaddr.IPv4 | ipaddr.IPv6;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses one IP address (no prefix); IPv4-mapped IPv6 stays IPv6. Null when invalid. */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const m = IPV4.exec(text);
  if (m) {
    const octets = m.slice(1).map(Number);
    return octets.every((o) => o <= 255) ? new ipaddr.IPv4(octets) : null;
  }
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return null;
  return ipaddr.IPv6.parse(text);
}

/** Parses `addr/prefix`; null when either half is invalid. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const addr = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const family = addr.kind() === 'ipv4' ? 4 : 6;
  if (prefix > (family === 4 ? 32 : 128)) return null;
  return { family, prefix, addr, network: networkOf(addr, prefix) };
}

function networkOf(addr: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string {
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  const net = ipaddr.fromByteArray(bytes);
  return net.kind() === 'ipv6' ? (net as ipaddr.IPv6).toRFC5952String() : net.toString();
}

/** `a.b.c.d/n` with host bits zeroed, or null when the text is not a CIDR. */
export function canonicalCidr(text: string): string | null {
  const c = parseCidr(text);
  return c ? `${c.network}/${c.prefix}` : null;
}

/** The single-address CIDR of an IP (/32 or /128), or null when it is not an IP. */
export function hostCidr(ip: string): string | null {
  const addr = parseIp(ip);
  if (!addr) return null;
  return addr.kind() === 'ipv4'
    ? `${addr.toString()}/32`
    : `${(addr as ipaddr.IPv6).toRFC5952String()}/128`;
}

/** Accepts an IP or a CIDR; an IP becomes its host CIDR. */
export function toCidr(text: string): string | null {
  return text.includes('/') ? canonicalCidr(text) : hostCidr(text);
}

/** True when the IP lies inside the CIDR (same family only). */
export function cidrContainsIp(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const a = parseIp(ip);
  if (!c || !a || a.kind() !== c.addr.kind()) return false;
  return (a as ipaddr.IPv4).match(c.addr as ipaddr.IPv4, c.prefix);
}

/** True when `inner` is inside `outer` (same family, prefix at least as long). */
export function cidrContainsCidr(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || o.family !== i.family || i.prefix < o.prefix) return false;
  return (i.addr as ipaddr.IPv4).match(o.addr as ipaddr.IPv4, o.prefix);
}
