/**
 * Zeek conn.log (FORMATS.md §7.1), TSV with `#` headers (column order from `#fields`, masked
 * timestamps of test baselines tolerated) and JSON (`ts` as epoch float or ISO 8601). One record
 * per connection, bidirectional: the originator is the initiator.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { FlowRecord } from '../model/flow';
import { report } from './diagnostics';
import {
  badRecord,
  isObject,
  normalizeProto,
  parseIsoTime,
  parseJsonLine,
  secondsToMs,
  str,
  toNumber,
  toPort,
  type LineParser,
  type ParseContext,
} from './common';

/** The conn.log fields a record needs, raw as the log has them. */
interface ZeekValues {
  ts: unknown;
  origH: unknown;
  origP: unknown;
  respH: unknown;
  respP: unknown;
  proto: unknown;
  ipProto: unknown;
  duration: unknown;
  origBytes: unknown;
  respBytes: unknown;
  origPkts: unknown;
  respPkts: unknown;
  connState: unknown;
}

const FIELD_OF: Record<keyof ZeekValues, string> = {
  ts: 'ts',
  origH: 'id.orig_h',
  origP: 'id.orig_p',
  respH: 'id.resp_h',
  respP: 'id.resp_p',
  proto: 'proto',
  ipProto: 'ip_proto',
  duration: 'duration',
  origBytes: 'orig_bytes',
  respBytes: 'resp_bytes',
  origPkts: 'orig_pkts',
  respPkts: 'resp_pkts',
  connState: 'conn_state',
};

/** The classic conn.log column order, used when data comes before any `#fields` line. */
const DEFAULT_FIELDS =
  'ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes conn_state local_orig local_resp missed_bytes history orig_pkts orig_ip_bytes resp_pkts resp_ip_bytes tunnel_parents'.split(
    ' ',
  );

interface TsvState {
  sep: string;
  unset: string;
  index: Record<keyof ZeekValues, number>;
  masked: boolean;
}

function indexFields(fields: string[]): Record<keyof ZeekValues, number> {
  const index = {} as Record<keyof ZeekValues, number>;
  for (const key of Object.keys(FIELD_OF) as (keyof ZeekValues)[]) {
    index[key] = fields.indexOf(FIELD_OF[key]);
  }
  return index;
}

function unescapeSeparator(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function headerLine(st: TsvState, text: string): void {
  if (text.startsWith('#separator ')) {
    st.sep = unescapeSeparator(text.slice('#separator '.length)) || '\t';
    return;
  }
  const parts = text.split(st.sep);
  const key = parts[0];
  if (key === '#unset_field' && parts[1] !== undefined) st.unset = parts[1];
  else if (key === '#fields') st.index = indexFields(parts.slice(1));
}

export function zeekTsvParser(ctx: ParseContext): LineParser {
  const st: TsvState = { sep: '\t', unset: '-', index: indexFields(DEFAULT_FIELDS), masked: false };
  return (text, line) => {
    if (text.charCodeAt(0) === 35) return headerLine(st, text);
    const cols = text.split(st.sep);
    const get = (k: keyof ZeekValues): unknown => {
      const i = st.index[k];
      const v = i >= 0 ? cols[i] : undefined;
      return v === st.unset ? undefined : v;
    };
    const v: ZeekValues = {} as ZeekValues;
    for (const k of Object.keys(FIELD_OF) as (keyof ZeekValues)[]) v[k] = get(k);
    const r = zeekRecord(v, 'zeek-tsv');
    if (!r) return badRecord(ctx, line, 'Zeek conn record without id.orig_h/id.resp_h');
    if (r.time === null && v.ts !== undefined && !st.masked) {
      st.masked = true;
      report(
        ctx.sink,
        DIAGNOSTIC_CODES.BAD_RECORD,
        'info',
        `Zeek timestamps are not numbers (e.g. "${String(v.ts)}"): records have no time`,
        line,
      );
    }
    ctx.emit(r);
  };
}

export function zeekJsonParser(ctx: ParseContext): LineParser {
  return (text, line) => {
    const o = parseJsonLine(ctx, text, line);
    if (o === undefined) return;
    if (!isObject(o)) return badRecord(ctx, line, 'Expected a JSON object');
    const v = {} as ZeekValues;
    for (const k of Object.keys(FIELD_OF) as (keyof ZeekValues)[]) v[k] = o[FIELD_OF[k]];
    const r = zeekRecord(v, 'zeek-json');
    if (r) ctx.emit(r);
    else badRecord(ctx, line, 'Zeek conn record without id.orig_h/id.resp_h');
  };
}

function zeekTime(ts: unknown): number | null {
  if (typeof ts === 'string' && ts.includes('T')) return parseIsoTime(ts);
  return secondsToMs(ts);
}

/** Builds the common record from conn.log values; null without both addresses. */
export function zeekRecord(v: ZeekValues, format: string): FlowRecord | null {
  const srcIp = str(v.origH);
  const dstIp = str(v.respH);
  if (!srcIp || !dstIp) return null;
  const proto = normalizeProto(str(v.proto) ?? toNumber(v.ipProto) ?? '');
  const r: FlowRecord = {
    format,
    time: zeekTime(v.ts),
    srcIp,
    dstIp,
    proto,
    initiator: 'src',
    isReply: false,
  };
  addPorts(r, toPort(v.origP), toPort(v.respP));
  const duration = toNumber(v.duration);
  if (r.time !== null && duration !== undefined) r.timeEnd = r.time + Math.round(duration * 1000);
  setIf(r, 'bytes', v.origBytes);
  setIf(r, 'bytesRev', v.respBytes);
  setIf(r, 'packets', v.origPkts);
  setIf(r, 'packetsRev', v.respPkts);
  const state = str(v.connState);
  if (state) r.verdictRaw = state;
  return r;
}

/** NOTE: Zeek logs ICMP type and code in the orig/resp port fields (Conn::Info docs). */
function addPorts(r: FlowRecord, op: number | undefined, rp: number | undefined): void {
  if (r.proto === 'ICMP' || r.proto === 'ICMPv6') {
    r.icmp = { type: op ?? 0, code: rp ?? 0 };
    return;
  }
  if (op !== undefined) r.srcPort = op;
  if (rp !== undefined) r.dstPort = rp;
}

function setIf(
  r: FlowRecord,
  key: 'bytes' | 'bytesRev' | 'packets' | 'packetsRev',
  v: unknown,
): void {
  const n = toNumber(v);
  if (n !== undefined) r[key] = n;
}
