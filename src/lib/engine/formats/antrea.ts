/**
 * Antrea Flow Aggregator "flowLogger" CSV (FORMATS.md §7.3): 31 columns, no header, written by
 * antrea pkg/flowaggregator/flowlogger (WriteRecord), with protocol and rule actions as names
 * (prettyPrint) or numbers. Records come from conntrack: the source opened the connection; the
 * destination is the chosen endpoint, the ClusterIP and Service port the original destination.
 * A long-lived connection is exported again on every active timeout: a record repeating the
 * start time and 5-tuple of one already read is skipped (counted once).
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { EndpointMeta, FlowRecord } from '../model/flow';
import { report } from './diagnostics';
import {
  badRecord,
  normalizeProto,
  secondsToMs,
  str,
  toPort,
  type LineParser,
  type ParseContext,
} from './common';

/** Column indexes (antrea flowlogger WriteRecord order). */
const C = {
  start: 0,
  end: 1,
  srcIp: 2,
  dstIp: 3,
  srcPort: 4,
  dstPort: 5,
  proto: 6,
  srcPod: 7,
  srcNs: 8,
  srcNode: 9,
  dstPod: 10,
  dstNs: 11,
  dstNode: 12,
  clusterIp: 13,
  svcPort: 14,
  svcPortName: 15,
  inName: 16,
  inNs: 17,
  inAction: 19,
  egName: 21,
  egNs: 22,
  egAction: 24,
} as const;

export const ANTREA_COLUMNS = 31;
/** Connections remembered for the repeat check; the memory starts over beyond. */
const SEEN_LIMIT = 200_000;

/** NOTE: rule actions (antrea flowlogger PrettyPrintRuleAction): 1 Allow, 2 Drop, 3 Reject. */
const DENY = new Set(['Drop', 'Reject', '2', '3']);

/**
 * The 31 fields; `httpVals` (column 30 of 31) is free text that may hold commas, so the
 * fields are taken from both ends and the middle rejoined.
 */
export function antreaFields(line: string): string[] | null {
  const f = line.split(',');
  if (f.length < ANTREA_COLUMNS) return null;
  if (f.length === ANTREA_COLUMNS) return f;
  const extra = f.length - ANTREA_COLUMNS;
  return [...f.slice(0, 29), f.slice(29, 30 + extra).join(','), f[f.length - 1] as string];
}

function endpoint(pod?: string, ns?: string, node?: string): EndpointMeta | undefined {
  const m: EndpointMeta = {};
  if (ns) m.namespace = ns;
  if (pod && ns) {
    m.pod = pod;
    m.kind = 'pod';
  }
  if (node) m.node = node;
  return Object.keys(m).length > 0 ? m : undefined;
}

function addPolicies(r: FlowRecord, f: string[]): void {
  const names = [
    [f[C.inNs], f[C.inName]],
    [f[C.egNs], f[C.egName]],
  ]
    .filter(([, name]) => str(name))
    .map(([ns, name]) => (str(ns) ? `${ns}/${name}` : (name as string)));
  if (names.length > 0) r.policies = names;
  const denied = [f[C.inAction], f[C.egAction]].find((a) => a !== undefined && DENY.has(a));
  r.verdict = denied ? 'denied' : 'allowed';
  if (denied) r.verdictRaw = denied === '2' ? 'Drop' : denied === '3' ? 'Reject' : denied;
}

/** `namespace/service:port` names the Service; the test data's bare port names do not. */
function addService(r: FlowRecord, f: string[]): void {
  const clusterIp = str(f[C.clusterIp]);
  const port = toPort(f[C.svcPort]);
  if (clusterIp && clusterIp !== '0.0.0.0' && clusterIp !== '::') {
    r.origDstIp = clusterIp;
    if (port) r.origDstPort = port;
  }
  const m = /^([^/]+)\/([^:]+)(?::.*)?$/.exec(f[C.svcPortName] ?? '');
  if (m) r.dst = { ...r.dst, service: { namespace: m[1] as string, name: m[2] as string } };
}

/** Builds the common record of one CSV record; null without addresses or a start time. */
export function antreaRecord(f: string[]): FlowRecord | null {
  const srcIp = str(f[C.srcIp]);
  const dstIp = str(f[C.dstIp]);
  const time = secondsToMs(f[C.start]);
  if (!srcIp || !dstIp || time === null) return null;
  const r: FlowRecord = {
    format: 'antrea-flowlogger',
    time,
    srcIp,
    dstIp,
    proto: normalizeProto(f[C.proto]),
    initiator: 'src',
    isReply: false,
  };
  const end = secondsToMs(f[C.end]);
  if (end !== null && end >= time) r.timeEnd = end;
  const sp = toPort(f[C.srcPort]);
  const dp = toPort(f[C.dstPort]);
  if (sp !== undefined) r.srcPort = sp;
  if (dp !== undefined) r.dstPort = dp;
  const src = endpoint(f[C.srcPod], f[C.srcNs], f[C.srcNode]);
  const dst = endpoint(f[C.dstPod], f[C.dstNs], f[C.dstNode]);
  if (src) r.src = src;
  if (dst) r.dst = dst;
  addPolicies(r, f);
  addService(r, f);
  return r;
}

export function antreaParser(ctx: ParseContext): LineParser {
  const seen = new Set<string>();
  return (text, line) => {
    const f = antreaFields(text.trim());
    if (!f) return badRecord(ctx, line, `Antrea flow record without its ${ANTREA_COLUMNS} columns`);
    const r = antreaRecord(f);
    if (!r) return badRecord(ctx, line, 'Antrea flow record without addresses or a start time');
    const key = [r.time, r.srcIp, r.dstIp, r.srcPort, r.dstPort, r.proto].join();
    if (seen.has(key)) {
      const msg =
        'Antrea record of a connection already read (same start and 5-tuple): an update, counted once';
      return report(ctx.sink, DIAGNOSTIC_CODES.SKIPPED_RECORD, 'info', msg, line);
    }
    if (seen.size >= SEEN_LIMIT) seen.clear();
    seen.add(key);
    ctx.emit(r);
  };
}

const EPOCH = /^\d{9,11}$/;
/** The first two fields as EPOCH wants them: tested before a long line is split at every comma. */
const EPOCHS = /^\d{9,11},\d{9,11},/;
const PROTO = /^(TCP|UDP|SCTP|ICMP|IPv6-ICMP|\d{1,3})$/;

/** A flowLogger line: 31+ columns, epoch-second start and end, addresses, ports, protocol. */
export function isAntreaLine(line: string): boolean {
  // Detection asks this of every first line, a one-line JSON dump's megabytes included.
  if (!EPOCHS.test(line)) return false;
  const f = antreaFields(line);
  if (!f) return false;
  const [start, end, src, dst, sp, dp, proto] = f;
  return (
    EPOCH.test(start ?? '') &&
    EPOCH.test(end ?? '') &&
    /[.:]/.test(src ?? '') &&
    /[.:]/.test(dst ?? '') &&
    toPort(sp) !== undefined &&
    toPort(dp) !== undefined &&
    PROTO.test(proto ?? '')
  );
}
