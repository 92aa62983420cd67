/**
 * AWS VPC Flow Logs (FORMATS.md §5.1): space-separated records, the v2 default field order or
 * any custom order announced by a header line (`version account-id …`, written by S3 delivery).
 * NODATA/SKIPDATA records carry no flow and are skipped with an info diagnostic.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { FlowRecord } from '../model/flow';
import { report } from './diagnostics';
import {
  badRecord,
  normalizeProto,
  secondsToMs,
  str,
  toNumber,
  toPort,
  type LineParser,
  type ParseContext,
} from './common';

/** The default (version 2) format's fields, in order. */
const V2_FIELDS =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'.split(
    ' ',
  );

type Index = Map<string, number>;

function indexOf(fields: string[]): Index {
  return new Map(fields.map((f, i) => [f, i]));
}

export function awsVpcParser(ctx: ParseContext): LineParser {
  let index = indexOf(V2_FIELDS);
  return (text, line) => {
    const cols = text.trim().split(/\s+/);
    if (cols[0] === 'version' || cols[0] === '${version}') {
      index = indexOf(cols.map((c) => c.replace(/^\$\{(.*)\}$/, '$1')));
      return;
    }
    const get = (name: string): string | undefined => {
      const i = index.get(name);
      return i === undefined ? undefined : str(cols[i]);
    };
    const status = get('log-status');
    if (status === 'NODATA' || status === 'SKIPDATA') {
      const msg = `AWS flow log record with log-status ${status}: no flow data`;
      return report(ctx.sink, DIAGNOSTIC_CODES.SKIPPED_RECORD, 'info', msg, line);
    }
    const r = awsRecord(get);
    if (r) ctx.emit(r);
    else badRecord(ctx, line, 'AWS flow log record without srcaddr/dstaddr');
  };
}

/**
 * NOTE: `pkt-srcaddr`/`pkt-dstaddr` (v3+) are the packet's own addresses; on EKS with the VPC
 * CNI they are the pod IPs where `srcaddr`/`dstaddr` can be the node ENI's primary address
 * (AWS VPC user guide, "Flow log records", pkt-srcaddr). Prefer them when present.
 */
function awsRecord(get: (name: string) => string | undefined): FlowRecord | null {
  const srcIp = get('pkt-srcaddr') ?? get('srcaddr');
  const dstIp = get('pkt-dstaddr') ?? get('dstaddr');
  if (!srcIp || !dstIp) return null;
  const r: FlowRecord = {
    format: 'aws-vpc',
    time: secondsToMs(get('start')),
    srcIp,
    dstIp,
    proto: normalizeProto(get('protocol') ?? ''),
  };
  const end = secondsToMs(get('end'));
  if (end !== null) r.timeEnd = end;
  if (r.proto !== 'ICMP' && r.proto !== 'ICMPv6') {
    const sp = toPort(get('srcport'));
    const dp = toPort(get('dstport'));
    if (sp !== undefined) r.srcPort = sp;
    if (dp !== undefined) r.dstPort = dp;
  }
  const bytes = toNumber(get('bytes'));
  const packets = toNumber(get('packets'));
  if (bytes !== undefined) r.bytes = bytes;
  if (packets !== undefined) r.packets = packets;
  addAction(r, get('action'));
  const dir = get('flow-direction');
  if (dir === 'ingress' || dir === 'egress') r.direction = dir;
  addTcpFlags(r, toNumber(get('tcp-flags')));
  return r;
}

function addAction(r: FlowRecord, action: string | undefined): void {
  if (!action) return;
  r.verdictRaw = action;
  r.verdict = action === 'ACCEPT' ? 'allowed' : action === 'REJECT' ? 'denied' : 'unknown';
}

/**
 * tcp-flags is the OR of the flags seen in the window: FIN 1, SYN 2, RST 4, SYN-ACK 18 (the ACK
 * bit is only recorded with SYN). SYN without ACK = the client's side; SYN-ACK = the server's reply.
 */
function addTcpFlags(r: FlowRecord, flags: number | undefined): void {
  if (flags === undefined || r.proto !== 'TCP') {
    r.initiator = 'unknown';
    return;
  }
  const syn = (flags & 2) !== 0;
  const ack = (flags & 16) !== 0;
  r.tcpFlags = {};
  if (syn) r.tcpFlags.syn = true;
  if (ack) r.tcpFlags.ack = true;
  if (flags & 1) r.tcpFlags.fin = true;
  if (flags & 4) r.tcpFlags.rst = true;
  if (syn && ack) {
    r.isReply = true;
    r.initiator = 'dst';
  } else if (syn) {
    r.isReply = false;
    r.initiator = 'src';
  } else {
    r.initiator = 'unknown';
  }
}
