/**
 * OpenShift Network Observability (NetObserv) flows (FORMATS.md §7.4): the JSON records of the
 * eBPF agent + flowlogs-pipeline, either as JSON lines (Kafka / IPFIX-to-JSON exports) or as a
 * Loki `query_range` answer, where the stream labels carry the low-cardinality fields
 * (namespaces, owners, FlowDirection) and each line the rest. A flow is one direction seen at
 * one interface: the SYN flag says who opened the connection (NetObserv's own SYN_ACK flag
 * marks the answer); other flows are left to the port heuristics.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { EndpointMeta, FlowRecord } from '../model/flow';
import { report } from './diagnostics';
import {
  badRecord,
  isObject,
  normalizeProto,
  parseJsonLine,
  str,
  toNumber,
  toPort,
  type LineParser,
  type ParseContext,
} from './common';

type Obj = Record<string, unknown>;

/** NOTE: TCP flags as NetObserv reports them (netobserv-ebpf-agent pkg/model flow flags). */
const SYN = 0x02;
const SYN_ACK = 0x100;

const DIRECTION: Record<string, FlowRecord['direction']> = { '0': 'ingress', '1': 'egress' };

function endpoint(o: Obj, side: 'Src' | 'Dst'): EndpointMeta | undefined {
  const m: EndpointMeta = {};
  const ns = str(o[`${side}K8S_Namespace`]);
  const name = str(o[`${side}K8S_Name`]);
  const type = str(o[`${side}K8S_Type`]);
  const ownerName = str(o[`${side}K8S_OwnerName`]);
  const ownerType = str(o[`${side}K8S_OwnerType`]);
  const node = str(o[`${side}K8S_HostName`]);
  if (ns) m.namespace = ns;
  if (type === 'Node') {
    m.kind = 'node';
    if (name) m.node = name;
  } else if (type === 'Pod' && ns) {
    m.kind = 'pod';
    if (name) m.pod = name;
    if (ownerName && ownerType) {
      m.workloadKind = ownerType;
      m.workloadName = ownerName;
    }
  } else if (type === 'Service' && ns && name) m.service = { namespace: ns, name };
  if (node && !m.node && type !== 'Service') m.node = node;
  const cluster = str(o.K8S_ClusterName);
  if (cluster) m.cluster = cluster;
  return Object.keys(m).length > 0 ? m : undefined;
}

function addOrientation(r: FlowRecord, o: Obj): void {
  const type = str(o._RecordType);
  if (type === 'newConnection') {
    r.isReply = false;
    r.initiator = 'src';
    return;
  }
  const flags = toNumber(o.Flags) ?? 0;
  if (r.proto === 'TCP' && flags & SYN_ACK) {
    r.isReply = true;
    r.initiator = 'dst';
  } else if (r.proto === 'TCP' && flags & SYN) {
    r.isReply = false;
    r.initiator = 'src';
  } else r.initiator = 'unknown';
}

function addCounters(r: FlowRecord, o: Obj): void {
  const bytes = toNumber(o.Bytes);
  const packets = toNumber(o.Packets);
  const dropped = toNumber(o.PktDropPackets) ?? 0;
  if (bytes !== undefined) r.bytes = bytes;
  if (packets !== undefined) r.packets = packets;
  r.verdict = dropped > 0 && !packets ? 'dropped' : 'allowed';
  const cause = str(o.PktDropLatestDropCause);
  if (r.verdict === 'dropped' && cause) r.verdictRaw = cause;
}

/** Builds the common record of one flow; null without both addresses. `nsTime`: Loki's. */
export function netobservRecord(o: Obj, format: string, nsTime?: number): FlowRecord | null {
  const srcIp = str(o.SrcAddr);
  const dstIp = str(o.DstAddr);
  if (!srcIp || !dstIp) return null;
  const start = toNumber(o.TimeFlowStartMs);
  const received = toNumber(o.TimeReceived);
  const time =
    start ?? (received !== undefined ? received * 1000 : undefined) ?? (nsTime && nsTime / 1e6);
  const r: FlowRecord = {
    format,
    time: time === undefined ? null : Math.floor(time),
    srcIp,
    dstIp,
    proto: normalizeProto(toNumber(o.Proto) ?? o.Proto),
  };
  const end = toNumber(o.TimeFlowEndMs);
  if (r.time !== null && end !== undefined && end >= r.time) r.timeEnd = end;
  if (r.proto === 'ICMP' || r.proto === 'ICMPv6') {
    r.icmp = { type: toNumber(o.IcmpType) ?? 0, code: toNumber(o.IcmpCode) ?? 0 };
  } else {
    const sp = toPort(o.SrcPort);
    const dp = toPort(o.DstPort);
    if (sp !== undefined) r.srcPort = sp;
    if (dp !== undefined) r.dstPort = dp;
  }
  r.direction = DIRECTION[String(o.FlowDirection)] ?? 'unknown';
  addOrientation(r, o);
  addCounters(r, o);
  const src = endpoint(o, 'Src');
  const dst = endpoint(o, 'Dst');
  if (src) r.src = src;
  if (dst) r.dst = dst;
  return r;
}

/** Records NetObserv itself marks as not a new flow: copies seen on another interface, connection updates. */
function skipReason(o: Obj): string | null {
  if (o.Duplicate === true) return 'NetObserv flow marked Duplicate (seen on another interface)';
  const type = str(o._RecordType);
  if (type === 'heartbeat' || type === 'endConnection')
    return `NetObserv ${type} record: an update of a connection counted at its newConnection`;
  return null;
}

/** Reads one flow object; `where` locates it in diagnostics (a Loki answer's stream/value). */
function readFlow(
  ctx: ParseContext,
  o: Obj,
  format: string,
  line: number,
  where = '',
  nsTime?: number,
): void {
  const skip = skipReason(o);
  if (skip) return report(ctx.sink, DIAGNOSTIC_CODES.SKIPPED_RECORD, 'info', skip, line);
  const r = netobservRecord(o, format, nsTime);
  if (r) ctx.emit(r);
  else badRecord(ctx, line, `NetObserv flow${where} without SrcAddr/DstAddr`);
}

/** JSON lines, one flow each (flowlogs-pipeline's Kafka or file exports). */
export function netobservJsonParser(ctx: ParseContext): LineParser {
  return (text, line) => {
    const o = parseJsonLine(ctx, text, line);
    if (o === undefined) return;
    if (!isObject(o)) return badRecord(ctx, line, 'Expected a JSON object');
    readFlow(ctx, o, 'netobserv-json', line);
  };
}

function streamsOf(doc: unknown): unknown[] | null {
  const data = isObject(doc) ? doc.data : undefined;
  return isObject(data) && Array.isArray(data.result) ? data.result : null;
}

/** One stream of a Loki answer: its labels merged under each of its JSON lines. */
function readStream(ctx: ParseContext, stream: unknown, at: string, line: number): void {
  const labels = isObject(stream) && isObject(stream.stream) ? stream.stream : {};
  const values = isObject(stream) && Array.isArray(stream.values) ? stream.values : [];
  for (const [j, v] of values.entries()) {
    const where = ` ${at}.values[${j}]`;
    const [ts, text] = Array.isArray(v) ? v : [];
    let o: unknown;
    try {
      o = typeof text === 'string' ? JSON.parse(text) : undefined;
    } catch {
      o = undefined;
    }
    if (!isObject(o)) {
      badRecord(ctx, line, `Loki line${where} is not a JSON flow`);
      continue;
    }
    readFlow(ctx, { ...labels, ...o }, 'netobserv-loki', line, where, toNumber(ts));
  }
}

/** A Loki `query_range` answer (`{"status","data":{"resultType":"streams","result":[…]}}`). */
export function netobservLokiParser(ctx: ParseContext): LineParser {
  return (text, line) => {
    const doc = parseJsonLine(ctx, text, line);
    if (doc === undefined) return;
    const streams = streamsOf(doc);
    if (!streams) return badRecord(ctx, line, 'Loki answer without data.result streams');
    streams.forEach((s, i) => readStream(ctx, s, `data.result[${i}]`, line));
  };
}

/** A NetObserv flow object (plain JSON lines). */
export function isNetobservFlow(o: Obj): boolean {
  return 'SrcAddr' in o && 'DstAddr' in o && ('TimeFlowStartMs' in o || 'TimeReceived' in o);
}

/** A Loki answer of streams; null when it is not one, else whether its lines are NetObserv's. */
export function lokiStreams(o: Obj): 'netobserv' | 'other' | null {
  const data = o.data;
  if (!isObject(data) || data.resultType !== 'streams') return null;
  const first: unknown = Array.isArray(data.result) ? data.result[0] : undefined;
  const labels = isObject(first) && isObject(first.stream) ? first.stream : {};
  const values = isObject(first) && Array.isArray(first.values) ? first.values : [];
  const line: unknown = Array.isArray(values[0]) ? values[0][1] : undefined;
  const flows =
    labels.app === 'netobserv-flowcollector' ||
    (typeof line === 'string' && line.includes('"SrcAddr"'));
  return flows || first === undefined ? 'netobserv' : 'other';
}
