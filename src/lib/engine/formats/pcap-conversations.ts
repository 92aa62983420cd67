/**
 * Packets → bidirectional conversations (one FlowRecord each, like a Zeek conn.log entry).
 * The client is the sender of a TCP SYN without ACK (or the receiver of a SYN-ACK), the sender
 * of an ICMP echo request, or for UDP the sender of the first packet (FORMATS.md §11). A TCP
 * conversation whose handshake was not captured keeps initiator 'unknown' for the aggregate
 * layer's heuristics.
 */
import type { FlowRecord } from '../model/flow';
import { normalizeProto } from './common';
import type { PacketInfo } from './pcap-decode';

interface Side {
  packets: number;
  bytes: number;
}

export interface Conversation {
  proto: number;
  /** Side `a` is the sender of the first packet seen. */
  aIp: string;
  aPort?: number;
  bIp: string;
  bPort?: number;
  client: 'a' | 'b' | null;
  first: number | null;
  last: number | null;
  a: Side;
  b: Side;
  icmp?: { type: number; code: number };
}

export type Conversations = Map<string, Conversation>;

const ICMP_REQUEST: Record<number, number> = { 1: 8, 58: 128 };
const ICMP_REPLY: Record<number, number> = { 1: 0, 58: 129 };

function keyOf(p: PacketInfo): string {
  const x = `${p.srcIp}|${p.srcPort ?? ''}`;
  const y = `${p.dstIp}|${p.dstPort ?? ''}`;
  return x < y ? `${p.proto}|${x}|${y}` : `${p.proto}|${y}|${x}`;
}

function open(p: PacketInfo, time: number | null): Conversation {
  const c: Conversation = {
    proto: p.proto,
    aIp: p.srcIp,
    bIp: p.dstIp,
    client: p.proto === 17 || p.proto === 132 ? 'a' : null,
    first: time,
    last: time,
    a: { packets: 0, bytes: 0 },
    b: { packets: 0, bytes: 0 },
  };
  if (p.srcPort !== undefined) c.aPort = p.srcPort;
  if (p.dstPort !== undefined) c.bPort = p.dstPort;
  return c;
}

/** Who opened the conversation, learnt from this packet (sent by side `from`). */
function learnClient(c: Conversation, p: PacketInfo, from: 'a' | 'b'): void {
  const other = from === 'a' ? 'b' : 'a';
  if (p.proto === 6 && p.flags !== undefined && (p.flags & 0x02) !== 0) {
    c.client = (p.flags & 0x10) === 0 ? from : other;
  } else if (p.icmpType !== undefined && c.client === null) {
    if (p.icmpType === ICMP_REQUEST[p.proto]) c.client = from;
    else if (p.icmpType === ICMP_REPLY[p.proto]) c.client = other;
    c.icmp ??= { type: p.icmpType, code: p.icmpCode ?? 0 };
  }
}

/** Adds one decoded packet to its conversation. */
export function addPacket(convs: Conversations, p: PacketInfo, time: number | null): void {
  const key = keyOf(p);
  let c = convs.get(key);
  if (!c) {
    c = open(p, time);
    convs.set(key, c);
  }
  const from = p.srcIp === c.aIp && p.srcPort === c.aPort ? 'a' : 'b';
  c[from].packets++;
  c[from].bytes += p.bytes;
  if (time !== null) {
    c.first = c.first === null ? time : Math.min(c.first, time);
    c.last = c.last === null ? time : Math.max(c.last, time);
  }
  if (c.client === null || p.proto === 6) learnClient(c, p, from);
}

/** The conversation as a record, client first. */
export function conversationRecord(c: Conversation, format: string): FlowRecord {
  const swap = c.client === 'b';
  const [src, dst] = swap ? [c.b, c.a] : [c.a, c.b];
  const r: FlowRecord = {
    format,
    time: c.first,
    srcIp: swap ? c.bIp : c.aIp,
    dstIp: swap ? c.aIp : c.bIp,
    proto: normalizeProto(c.proto),
    initiator: c.client === null ? 'unknown' : 'src',
    packets: src.packets,
    bytes: src.bytes,
    packetsRev: dst.packets,
    bytesRev: dst.bytes,
  };
  if (c.client !== null) r.isReply = false;
  if (c.last !== null && c.first !== null) r.timeEnd = c.last;
  const sp = swap ? c.bPort : c.aPort;
  const dp = swap ? c.aPort : c.bPort;
  if (sp !== undefined) r.srcPort = sp;
  if (dp !== undefined) r.dstPort = dp;
  if (c.icmp) r.icmp = c.icmp;
  return r;
}
