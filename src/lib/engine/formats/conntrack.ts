/**
 * `conntrack -L` / `/proc/net/nf_conntrack` / `conntrack -E` lines (FORMATS.md §7.2). The
 * original tuple's source is the initiator; the reply tuple's source is the real server after
 * DNAT, so a connection to a Service ClusterIP resolves to the backend pod.
 */
import type { FlowRecord } from '../model/flow';
import {
  badRecord,
  normalizeProto,
  toNumber,
  toPort,
  type LineParser,
  type ParseContext,
} from './common';

/** The `conntrack vX (conntrack-tools): N flow entries have been shown.` footer. */
const FOOTER = /^conntrack v[\d.]+ \(conntrack-tools\)/;

interface Tuple {
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  type?: number;
  code?: number;
  packets?: number;
  bytes?: number;
}

export function conntrackParser(ctx: ParseContext): LineParser {
  return (text, line) => {
    const t = text.trim();
    if (t === '' || FOOTER.test(t)) return;
    const r = conntrackRecord(t);
    if (r) ctx.emit(r);
    else badRecord(ctx, line, 'Not a conntrack entry');
  };
}

/** Splits the leading `[EVENT] [ipv4 2] proto num [timeout] [STATE]` part from key=value pairs. */
function head(tokens: string[]): { proto: string; rest: number } | null {
  let i = 0;
  if (tokens[i]?.startsWith('[')) i++;
  if (tokens[i] === 'ipv4' || tokens[i] === 'ipv6') i += 2;
  const name = tokens[i];
  const num = tokens[i + 1];
  if (!name || num === undefined || !/^\d+$/.test(num)) return null;
  return { proto: name === 'unknown' ? num : name, rest: i + 2 };
}

function readTuples(tokens: string[], from: number): [Tuple, Tuple] {
  const orig: Tuple = {};
  const reply: Tuple = {};
  for (let i = from; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    const eq = tok.indexOf('=');
    if (eq <= 0) continue;
    const key = tok.slice(0, eq);
    const val = tok.slice(eq + 1);
    const t =
      orig.src !== undefined && (key === 'src' || orig[key as keyof Tuple] !== undefined)
        ? reply
        : orig;
    if (key === 'src' || key === 'dst') t[key] = val;
    else if (key === 'sport' || key === 'dport') t[key] = toPort(val);
    else if (key === 'type' || key === 'code' || key === 'packets' || key === 'bytes')
      t[key] = toNumber(val);
  }
  return [orig, reply];
}

/** Builds the common record of one entry; null when the line is not a conntrack entry. */
export function conntrackRecord(text: string): FlowRecord | null {
  const tokens = text.split(/\s+/);
  const h = head(tokens);
  if (!h) return null;
  const [orig, reply] = readTuples(tokens, h.rest);
  if (!orig.src || !orig.dst) return null;
  const r: FlowRecord = {
    format: 'conntrack',
    time: null,
    srcIp: orig.src,
    dstIp: reply.src ?? orig.dst,
    proto: normalizeProto(h.proto),
    initiator: 'src',
    isReply: false,
  };
  addPorts(r, orig, reply);
  addOriginalDestination(r, orig);
  if (orig.packets !== undefined) r.packets = orig.packets;
  if (orig.bytes !== undefined) r.bytes = orig.bytes;
  if (reply.packets !== undefined) r.packetsRev = reply.packets;
  if (reply.bytes !== undefined) r.bytesRev = reply.bytes;
  return r;
}

function addPorts(r: FlowRecord, orig: Tuple, reply: Tuple): void {
  if (orig.type !== undefined) {
    r.icmp = { type: orig.type, code: orig.code ?? 0 };
    return;
  }
  if (orig.sport !== undefined) r.srcPort = orig.sport;
  const dport = reply.src !== undefined ? (reply.sport ?? orig.dport) : orig.dport;
  if (dport !== undefined) r.dstPort = dport;
}

/** When DNAT changed the destination (ClusterIP → pod), the original one is kept beside it. */
function addOriginalDestination(r: FlowRecord, orig: Tuple): void {
  const natted = r.dstIp !== orig.dst || (r.icmp === undefined && r.dstPort !== orig.dport);
  if (!natted || orig.dst === undefined) return;
  r.origDstIp = orig.dst;
  if (orig.dport !== undefined && r.icmp === undefined) r.origDstPort = orig.dport;
}
