/**
 * Orientation: who opened the connection a flow record belongs to (FORMATS.md §11, DESIGN.md
 * "Initiation"). Decides forward (src is the client), reverse (dst is the client) or drop
 * (a reply, or not enough evidence). Pure: reads the record and the inventory's known server
 * ports, never resolves endpoints. Also says which side observed the record, for the
 * observation-point dedupe in `buckets.ts`.
 */
import type { FlowRecord } from '../model/flow';
import { isKnownServerPort, type InventoryIndex } from '../inventory/index';
import { formatDescriptor } from '../formats/registry';

export type Orientation = 'forward' | 'reverse' | 'reply' | 'undetermined';

/** ICMP types that open an exchange (echo, timestamp, information, address mask requests). */
const ICMP_REQUESTS = new Set([8, 13, 15, 17]);
const ICMPV6_REQUESTS = new Set([128]);
/** ICMP types that answer one (echo/timestamp/info/mask replies). */
const ICMP_REPLIES = new Set([0, 14, 16, 18]);
const ICMPV6_REPLIES = new Set([129]);

/** Decides who opened the connection the record belongs to. */
export function orientFlow(idx: InventoryIndex, r: FlowRecord): Orientation {
  if (r.isReply === true) return 'reply';
  if (r.initiator === 'src') return 'forward';
  if (r.initiator === 'dst') return 'reverse';
  if (r.isReply === false) return 'forward';
  // The formats give protocols upper case: the common ones need no new string per record.
  const proto = r.proto === 'TCP' || r.proto === 'UDP' ? r.proto : r.proto.toUpperCase();
  if (proto === 'ICMP' || proto === 'ICMPV6') return byIcmp(r, proto === 'ICMPV6');
  const flags = byTcpFlags(r);
  if (flags) return flags;
  if (isHubble(r)) return hubbleWithoutReply(idx, r, proto);
  return byPorts(idx, r);
}

/**
 * NOTE: DESIGN.md "Initiation": a Hubble event without `is_reply` counts only when its TCP
 * flags show SYN without ACK (handled by `byTcpFlags`) or, for UDP, when the destination is a
 * known server port. Hubble reports every flag change of a connection, so an ACK-only event
 * is as likely a reply as a request.
 */
function hubbleWithoutReply(idx: InventoryIndex, r: FlowRecord, proto: string): Orientation {
  if (proto !== 'UDP') return 'undetermined';
  if (r.dstPort === undefined || !isServerPort(idx, r.dstIp, r.dstPort, r.proto)) {
    return 'undetermined';
  }
  return 'forward';
}

/** SYN without ACK opens a TCP connection; SYN+ACK answers it. Other flags say nothing. */
function byTcpFlags(r: FlowRecord): Orientation | null {
  const f = r.tcpFlags;
  if (!f?.syn) return null;
  return f.ack ? 'reply' : 'forward';
}

function byIcmp(r: FlowRecord, v6: boolean): Orientation {
  if (!r.icmp) return 'forward';
  if ((v6 ? ICMPV6_REQUESTS : ICMP_REQUESTS).has(r.icmp.type)) return 'forward';
  if ((v6 ? ICMPV6_REPLIES : ICMP_REPLIES).has(r.icmp.type)) return 'reply';
  // Errors (unreachable, time exceeded, …) answer someone else's packet: not an initiation.
  return 'undetermined';
}

/**
 * Port heuristics: a known server port (well-known, or a container/Service port in the dump)
 * facing one that is not wins; when both or neither are known, the lower port is the server;
 * equal ports keep the record's own direction. Without ports the record's direction stands.
 */
export function byPorts(idx: InventoryIndex, r: FlowRecord): Orientation {
  const s = r.srcPort;
  const d = r.dstPort;
  if (s === undefined || d === undefined) return 'forward';
  const srcKnown = isServerPort(idx, r.srcIp, s, r.proto);
  const dstKnown = isServerPort(idx, r.dstIp, d, r.proto);
  if (srcKnown !== dstKnown) return dstKnown ? 'forward' : 'reverse';
  return s < d ? 'reverse' : 'forward';
}

/** Well-known (< 1024 and common server ports) or a container/Service/node port at `ip`. */
function isServerPort(
  idx: InventoryIndex,
  ip: string | undefined,
  port: number,
  proto: string,
): boolean {
  return isKnownServerPort(idx, ip, port, proto);
}

/** Formats that report every event of a connection (Hubble), by the format registry. */
function isHubble(r: FlowRecord): boolean {
  return formatDescriptor(r.format)?.capabilities.orientation === 'events';
}

/**
 * Which end of the connection observed the record: `reporter` when the format says it,
 * else `direction` (egress = seen where the record's source lives, ingress = at its
 * destination), mapped through the orientation. Null when the record does not say.
 */
export function observedAt(r: FlowRecord, o: 'forward' | 'reverse'): 'client' | 'server' | null {
  const side =
    r.reporter === 'src' || r.reporter === 'dst'
      ? r.reporter
      : r.direction === 'egress'
        ? 'src'
        : r.direction === 'ingress'
          ? 'dst'
          : null;
  if (side === null) return null;
  return (side === 'src') === (o === 'forward') ? 'client' : 'server';
}
