/**
 * Packet decoding for captures: link layer (Ethernet + VLAN/QinQ, Linux SLL/SLL2, raw IP, BSD
 * loopback) → IPv4/IPv6 (extension headers, fragments) → TCP/UDP/SCTP/ICMP. Overlay traffic is
 * decapsulated (VXLAN 4789/8472, Geneve 6081, IP-in-IP) so the pod-to-pod packet is the one
 * that counts, not the node-to-node tunnel. Malformed packets give null.
 */

export interface PacketInfo {
  srcIp: string;
  dstIp: string;
  /** IANA protocol number. */
  proto: number;
  srcPort?: number;
  dstPort?: number;
  /** TCP flags byte (FIN 1, SYN 2, RST 4, ACK 16). */
  flags?: number;
  icmpType?: number;
  icmpCode?: number;
  /** IP length of the (inner) packet. */
  bytes: number;
  /** A DNS message sent from port 53 (UDP payload, or a whole TCP-framed message). */
  dns?: Uint8Array;
}

const DNS_PORT = 53;

const VXLAN_PORTS = new Set([4789, 8472]);
const GENEVE_PORT = 6081;
const MAX_NESTING = 4;

const be16 = (d: Uint8Array, at: number): number => ((d[at] ?? 0) << 8) | (d[at + 1] ?? 0);

export function ipv4Text(d: Uint8Array, at: number): string {
  return `${d[at]}.${d[at + 1]}.${d[at + 2]}.${d[at + 3]}`;
}

export function ipv6Text(d: Uint8Array, at: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(be16(d, at + i).toString(16));
  const s = groups.join(':');
  const runs = [...s.matchAll(/(?:^|:)0(?::0)+(?::|$)/g)];
  const longest = runs.sort((a, b) => b[0].length - a[0].length)[0];
  if (!longest || longest.index === undefined) return s;
  return `${s.slice(0, longest.index)}::${s.slice(longest.index + longest[0].length)}`;
}

/** Decodes one captured frame of `linkType`; null when it holds no IP packet we can read. */
export function decodeFrame(linkType: number, d: Uint8Array): PacketInfo | null {
  switch (linkType) {
    case 1:
      return ethernet(d, 0, 0);
    case 113:
      return d.length >= 16 ? byEthertype(d, 16, be16(d, 14), 0) : null;
    case 276:
      return d.length >= 20 ? byEthertype(d, 20, be16(d, 0), 0) : null;
    case 0:
    case 108:
      return loopback(d);
    case 12:
    case 14:
    case 101:
    case 228:
    case 229:
      return ipAny(d, 0, 0);
    default:
      return null;
  }
}

function loopback(d: Uint8Array): PacketInfo | null {
  if (d.length < 4) return null;
  const le = (d[0] ?? 0) | ((d[1] ?? 0) << 8);
  const family = le !== 0 ? le : be16(d, 2);
  if (family === 2) return ip4(d, 4, 0);
  if (family === 24 || family === 28 || family === 30) return ip6(d, 4, 0);
  return null;
}

function ethernet(d: Uint8Array, at: number, depth: number): PacketInfo | null {
  let p = at + 12;
  let type = be16(d, p);
  while ((type === 0x8100 || type === 0x88a8) && p + 6 <= d.length) {
    p += 4;
    type = be16(d, p);
  }
  return p + 2 <= d.length ? byEthertype(d, p + 2, type, depth) : null;
}

function byEthertype(d: Uint8Array, at: number, type: number, depth: number): PacketInfo | null {
  if (type === 0x0800) return ip4(d, at, depth);
  if (type === 0x86dd) return ip6(d, at, depth);
  return null;
}

function ipAny(d: Uint8Array, at: number, depth: number): PacketInfo | null {
  const v = (d[at] ?? 0) >> 4;
  return v === 4 ? ip4(d, at, depth) : v === 6 ? ip6(d, at, depth) : null;
}

function ip4(d: Uint8Array, at: number, depth: number): PacketInfo | null {
  if (at + 20 > d.length || (d[at] ?? 0) >> 4 !== 4) return null;
  const ihl = ((d[at] ?? 0) & 0x0f) * 4;
  const total = be16(d, at + 2);
  const fragOffset = be16(d, at + 6) & 0x1fff;
  const base: PacketInfo = {
    srcIp: ipv4Text(d, at + 12),
    dstIp: ipv4Text(d, at + 16),
    proto: d[at + 9] ?? 0,
    bytes: total,
  };
  if (fragOffset !== 0 || ihl < 20) return base;
  return transport(d, at + ihl, base, depth);
}

/** IPv6 extension headers that are skipped to reach the transport header. */
const IPV6_EXTENSIONS = new Set([0, 43, 60, 51]);

function ip6(d: Uint8Array, at: number, depth: number): PacketInfo | null {
  if (at + 40 > d.length || (d[at] ?? 0) >> 4 !== 6) return null;
  let next = d[at + 6] ?? 0;
  let p = at + 40;
  const info: PacketInfo = {
    srcIp: ipv6Text(d, at + 8),
    dstIp: ipv6Text(d, at + 24),
    proto: next,
    bytes: 40 + be16(d, at + 4),
  };
  for (let i = 0; i < 8 && p + 8 <= d.length; i++) {
    if (next === 44) {
      if ((be16(d, p + 2) & 0xfff8) !== 0) return { ...info, proto: d[p] ?? 0 };
      next = d[p] ?? 0;
      p += 8;
    } else if (IPV6_EXTENSIONS.has(next)) {
      const len = next === 51 ? ((d[p + 1] ?? 0) + 2) * 4 : ((d[p + 1] ?? 0) + 1) * 8;
      next = d[p] ?? 0;
      p += len;
    } else break;
  }
  return transport(d, p, { ...info, proto: next }, depth);
}

function transport(d: Uint8Array, at: number, info: PacketInfo, depth: number): PacketInfo | null {
  const proto = info.proto;
  if ((proto === 4 || proto === 41) && depth < MAX_NESTING) return ipAny(d, at, depth + 1) ?? info;
  if (proto === 1 || proto === 58) {
    if (at + 2 <= d.length) {
      info.icmpType = d[at];
      info.icmpCode = d[at + 1];
    }
    return info;
  }
  if ((proto !== 6 && proto !== 17 && proto !== 132) || at + 4 > d.length) return info;
  info.srcPort = be16(d, at);
  info.dstPort = be16(d, at + 2);
  if (proto === 6 && at + 14 <= d.length) info.flags = d[at + 13];
  if (info.srcPort === DNS_PORT) addDns(d, at, info);
  if (proto === 17 && depth < MAX_NESTING) return tunnel(d, at + 8, info, depth) ?? info;
  return info;
}

/** The inner packet of a VXLAN or Geneve datagram; null when it is not one we can read. */
function tunnel(d: Uint8Array, at: number, udp: PacketInfo, depth: number): PacketInfo | null {
  const port = udp.dstPort ?? 0;
  if (VXLAN_PORTS.has(port)) {
    return at + 8 + 14 <= d.length && ((d[at] ?? 0) & 0x08) !== 0
      ? ethernet(d, at + 8, depth + 1)
      : null;
  }
  if (port !== GENEVE_PORT || at + 8 > d.length) return null;
  const optLen = ((d[at] ?? 0) & 0x3f) * 4;
  const inner = at + 8 + optLen;
  const type = be16(d, at + 2);
  if (type === 0x6558) return ethernet(d, inner, depth + 1);
  return byEthertype(d, inner, type, depth + 1);
}

/**
 * The DNS message of a segment from port 53: a UDP payload; for TCP, a message that starts the
 * segment with its 2-byte length and fits in it (a message split over segments is not joined).
 */
function addDns(d: Uint8Array, at: number, info: PacketInfo): void {
  if (info.proto === 17 && at + 8 <= d.length) {
    info.dns = d.subarray(at + 8, Math.min(d.length, at + Math.max(8, be16(d, at + 4))));
  } else if (info.proto === 6 && at + 14 <= d.length) {
    const start = at + ((d[at + 12] ?? 0) >> 4) * 4;
    const len = be16(d, start);
    if (len >= 12 && start + 2 + len <= d.length) info.dns = d.subarray(start + 2, start + 2 + len);
  }
}
