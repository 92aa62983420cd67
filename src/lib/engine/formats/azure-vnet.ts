/**
 * Azure VNet flow logs, version 4 (FORMATS.md §5.3): one JSON document `{"records": […]}` per
 * blob, each record's flows as CSV strings in `flowRecords.flows[].flowGroups[].flowTuples`:
 * `time(ms),src,dst,srcPort,dstPort,protocol,I|O,B|C|E|D,encryption,pkts→,bytes→,pkts←,bytes←`.
 * Tuples are connection-tracked: the source opened the connection. A connection's begin,
 * continue and end tuples become one record (counted once, first to last time, bytes summed).
 */
import type { FlowRecord } from '../model/flow';
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

interface Tuple {
  time: number;
  key: string;
  state: string;
  r: FlowRecord;
}

const TUPLE_FIELDS = 13;

/** Reads one flow tuple; a string naming what is wrong when it cannot be used. */
function readTuple(text: string, rule: string | undefined): Tuple | string {
  const f = text.split(',');
  if (f.length < TUPLE_FIELDS) return `has ${f.length} fields, ${TUPLE_FIELDS} expected`;
  const [t, src, dst, sp, dp, proto, dir, state] = f;
  const time = toNumber(t);
  if (time === undefined || !Number.isInteger(time)) return 'has no millisecond timestamp';
  if (!str(src) || !str(dst)) return 'has no source or destination address';
  if (state !== 'B' && state !== 'C' && state !== 'E' && state !== 'D')
    return `has an unknown flow state "${String(state).slice(0, 8)}"`;
  const r: FlowRecord = {
    format: 'azure-vnet',
    time,
    srcIp: src as string,
    dstIp: dst as string,
    proto: normalizeProto(proto),
    initiator: 'src',
    isReply: false,
    direction: dir === 'I' ? 'ingress' : dir === 'O' ? 'egress' : 'unknown',
    verdict: state === 'D' ? 'denied' : 'allowed',
    verdictRaw: state === 'D' ? 'Deny' : 'Allow',
  };
  if (r.proto !== 'ICMP' && r.proto !== 'ICMPv6') {
    const s = toPort(sp);
    const d = toPort(dp);
    if (s !== undefined) r.srcPort = s;
    if (d !== undefined) r.dstPort = d;
  }
  if (rule) r.policies = [rule];
  const key = `${src}|${sp}|${dst}|${dp}|${proto}`;
  addCounters(r, f);
  return { time, key, state, r };
}

function addCounters(r: FlowRecord, f: string[]): void {
  const [packets, bytes, packetsRev, bytesRev] = f.slice(9, 13).map((v) => toNumber(v) ?? 0);
  Object.assign(r, { packets, bytes, packetsRev, bytesRev });
}

/** Folds one tuple into the open connections; emits what it closes. */
function fold(ctx: ParseContext, open: Map<string, FlowRecord>, t: Tuple): void {
  if (t.state === 'D') return ctx.emit(t.r);
  const conn = open.get(t.key);
  if (t.state === 'B' || !conn) {
    if (conn) ctx.emit(conn);
    open.set(t.key, t.r);
  } else {
    conn.timeEnd = t.time;
    conn.packets = (conn.packets ?? 0) + (t.r.packets ?? 0);
    conn.bytes = (conn.bytes ?? 0) + (t.r.bytes ?? 0);
    conn.packetsRev = (conn.packetsRev ?? 0) + (t.r.packetsRev ?? 0);
    conn.bytesRev = (conn.bytesRev ?? 0) + (t.r.bytesRev ?? 0);
  }
  if (t.state === 'E') {
    const done = open.get(t.key);
    open.delete(t.key);
    if (done) ctx.emit(done);
  }
}

function arrayAt(o: unknown, key: string): unknown[] {
  const v = isObject(o) ? o[key] : undefined;
  return Array.isArray(v) ? v : [];
}

/** Every flow tuple of a record with its rule and its JSON path (for diagnostics). */
function* tuplesOf(record: unknown, at: string): Generator<[string, string | undefined, string]> {
  const flows = arrayAt(isObject(record) ? record.flowRecords : undefined, 'flows');
  for (const [i, flow] of flows.entries()) {
    for (const [j, group] of arrayAt(flow, 'flowGroups').entries()) {
      const rule = isObject(group) ? str(group.rule) : undefined;
      for (const [k, tuple] of arrayAt(group, 'flowTuples').entries()) {
        const path = `${at}.flowRecords.flows[${i}].flowGroups[${j}].flowTuples[${k}]`;
        yield [typeof tuple === 'string' ? tuple : '', rule, path];
      }
    }
  }
}

export function azureVnetParser(ctx: ParseContext): LineParser {
  return (text, line) => {
    const doc = parseJsonLine(ctx, text, line);
    if (doc === undefined) return;
    const records = isObject(doc) && Array.isArray(doc.records) ? doc.records : [doc];
    const open = new Map<string, FlowRecord>();
    for (const [n, record] of records.entries()) {
      if (!isObject(record) || !isObject(record.flowRecords)) {
        badRecord(ctx, line, `records[${n}] has no flowRecords`);
        continue;
      }
      for (const [tuple, rule, path] of tuplesOf(record, `records[${n}]`)) {
        const t = readTuple(tuple, rule);
        if (typeof t === 'string') badRecord(ctx, line, `Azure flow tuple ${path} ${t}`);
        else fold(ctx, open, t);
      }
    }
    for (const conn of open.values()) ctx.emit(conn);
  };
}

/** A VNet flow log document: `records` whose first has `flowLogVersion` or `flowRecords`. */
export function isAzureVnet(o: Obj): boolean {
  const first: unknown = Array.isArray(o.records) ? o.records[0] : o;
  if (!isObject(first)) return false;
  return (
    isObject(first.flowRecords) || (first.flowLogVersion !== undefined && 'macAddress' in first)
  );
}
