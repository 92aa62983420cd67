/**
 * Calico OSS 3.30+ flows from Goldmane (FORMATS.md §3.2): the emitter's NDJSON (`{"Key":{…}}`,
 * snake_case, enums as numbers), Goldmane's gRPC answers as protojson (camelCase, enums as
 * names, int64 as strings), and whisker-backend's `GET /flows` (`{"items":[…]}`, RFC 3339
 * times, labels as one `a=b | c=d` string) or its `watch=true` Server-Sent Events (`data: {…}`).
 * Records are aggregated by workload and carry no IP address or source port: endpoints resolve
 * by namespace and aggregated pod name. The source is the initiator; the reporter observed it.
 */
import type { EndpointMeta, FlowRecord } from '../model/flow';
import {
  badRecord,
  isObject,
  labelsFromPairs,
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

type Obj = Record<string, unknown>;

/** NOTE: enums of projectcalico/calico goldmane/proto/api.proto (numbers in the emitter's JSON). */
const REPORTER: Record<string, 'src' | 'dst'> = { '1': 'src', '2': 'dst', Src: 'src', Dst: 'dst' };
const ACTION: Record<string, string> = { '1': 'Allow', '2': 'Deny', '3': 'Pass' };
const TYPE: Record<string, EndpointMeta['kind']> = {
  '1': 'pod',
  '2': 'host',
  '3': 'networkset',
  '4': 'world',
  WorkloadEndpoint: 'pod',
  HostEndpoint: 'host',
  NetworkSet: 'networkset',
  Network: 'world',
};

function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A field in snake_case or camelCase, from the flow key first, then the flow. */
function field(key: Obj, flow: Obj, name: string): unknown {
  return key[name] ?? key[camel(name)] ?? flow[name] ?? flow[camel(name)];
}

/** `["a=b", …]` or whisker's `"a=b | c=d"` → a prototype-free label map. */
function labels(v: unknown): Record<string, string> | undefined {
  return labelsFromPairs(typeof v === 'string' ? v.split('|').map((p) => p.trim()) : v);
}

function endpoint(key: Obj, flow: Obj, side: 'source' | 'dest'): EndpointMeta | undefined {
  const m: EndpointMeta = {};
  const name = str(field(key, flow, `${side}_name`));
  const ns = str(field(key, flow, `${side}_namespace`));
  const type = field(key, flow, `${side}_type`);
  let kind = type === undefined ? undefined : TYPE[String(type)];
  // Whisker has no type: `pub`/`pvt` without a namespace are networks.
  if (!kind && !ns && (name === 'pub' || name === 'pvt')) kind = 'world';
  if (ns) m.namespace = ns;
  if (kind) m.kind = kind;
  if (name && kind === 'host') m.node = name;
  else if (name) m.aggregatedName = name;
  const l = labels(field(key, flow, `${side}_labels`));
  if (l) m.labels = l;
  return Object.keys(m).length > 0 ? m : undefined;
}

function time(v: unknown): number | null {
  return typeof v === 'string' && v.includes('T') ? parseIsoTime(v) : secondsToMs(v);
}

function policies(p: unknown): string[] | undefined {
  if (!isObject(p)) return undefined;
  const hits = p.enforced_policies ?? p.enforcedPolicies ?? p.enforced;
  if (!Array.isArray(hits)) return undefined;
  const names = hits.filter(isObject).flatMap((h) => {
    const name = str(h.name);
    if (!name) return [];
    const ns = str(h.namespace);
    return [ns ? `${ns}/${name}` : name];
  });
  return names.length > 0 ? names : undefined;
}

/** Builds the common record of one flow (its key and its statistics); null when it has no endpoints. */
export function goldmaneRecord(key: Obj, flow: Obj): FlowRecord | null {
  const src = endpoint(key, flow, 'source');
  const dst = endpoint(key, flow, 'dest');
  if (!src || !dst) return null;
  const r: FlowRecord = {
    format: 'calico-goldmane',
    time: time(field(key, flow, 'start_time')),
    proto: normalizeProto(field(key, flow, 'proto') ?? field(key, flow, 'protocol')),
    initiator: 'src',
    isReply: false,
    src,
    dst,
  };
  const end = time(field(key, flow, 'end_time'));
  if (end !== null) r.timeEnd = end;
  const port = toPort(field(key, flow, 'dest_port'));
  if (port !== undefined) r.dstPort = port;
  const reporter = REPORTER[String(field(key, flow, 'reporter'))];
  if (reporter) {
    r.reporter = reporter;
    r.direction = reporter === 'src' ? 'egress' : 'ingress';
  }
  addStatistics(r, key, flow, reporter !== 'dst');
  addService(r, key, flow);
  return r;
}

/** Packets and bytes are relative to the reporter (`out` of the source is forward). */
function addStatistics(r: FlowRecord, key: Obj, flow: Obj, fromSrc: boolean): void {
  const n = (name: string) => toNumber(field(key, flow, name));
  const [fwd, rev] = fromSrc ? ['out', 'in'] : ['in', 'out'];
  const set = (k: 'bytes' | 'bytesRev' | 'packets' | 'packetsRev', v: number | undefined) => {
    if (v !== undefined) r[k] = v;
  };
  set('bytes', n(`bytes_${fwd}`));
  set('bytesRev', n(`bytes_${rev}`));
  set('packets', n(`packets_${fwd}`));
  set('packetsRev', n(`packets_${rev}`));
  const started = n('num_connections_started');
  if (started !== undefined && started > 0) r.count = started;
  const action = field(key, flow, 'action');
  const a = action === undefined ? undefined : (ACTION[String(action)] ?? String(action));
  if (a) {
    r.verdictRaw = a;
    r.verdict = a === 'Allow' ? 'allowed' : a === 'Deny' ? 'denied' : 'unknown';
  }
  const p = policies(field(key, flow, 'policies'));
  if (p) r.policies = p;
}

function addService(r: FlowRecord, key: Obj, flow: Obj): void {
  const name = str(field(key, flow, 'dest_service_name'));
  const namespace = str(field(key, flow, 'dest_service_namespace'));
  if (!name || !namespace) return;
  const port = toPort(field(key, flow, 'dest_service_port'));
  r.dst = { ...r.dst, service: port ? { namespace, name, port } : { namespace, name } };
}

/** The flows of one JSON value: whisker's `{items}`, a FlowResult, a Flow or a FlowResponse. */
function flowsOf(o: Obj): Obj[] {
  if (Array.isArray(o.items)) return o.items.filter(isObject);
  if (isObject(o.flow)) return [o.flow];
  return [o];
}

function readValue(ctx: ParseContext, o: unknown, line: number): void {
  if (!isObject(o)) return badRecord(ctx, line, 'Expected a JSON object');
  for (const flow of flowsOf(o)) {
    const key = isObject(flow.Key) ? flow.Key : flow;
    const r = goldmaneRecord(key, flow);
    if (r) ctx.emit(r);
    else badRecord(ctx, line, 'Calico flow without source and destination names');
  }
}

/** Server-Sent Events framing lines: event names, ids, retry hints and comments. */
const SSE_FIELD = /^(event|id|retry):|^:/;

/** JSON lines or documents, and Server-Sent Events (`data: {…}`; other SSE lines ignored). */
export function goldmaneParser(ctx: ParseContext): LineParser {
  return (text, line) => {
    let json = text;
    if (!text.trimStart().startsWith('{')) {
      if (SSE_FIELD.test(text)) return;
      const sse = /^data:\s?(.*)$/.exec(text);
      if (!sse) return badRecord(ctx, line, 'Neither a JSON flow nor a Server-Sent Events line');
      json = sse[1] ?? '';
    }
    const o = parseJsonLine(ctx, json, line);
    if (o !== undefined) readValue(ctx, o, line);
  };
}

function isFlowKey(k: unknown): boolean {
  return isObject(k) && ('source_name' in k || 'sourceName' in k);
}

/** Goldmane / whisker JSON: a flow key, a FlowResult, whisker's `items`, or a FlowResponse. */
export function isGoldmane(o: Obj): boolean {
  if (isFlowKey(o.Key) || (isObject(o.flow) && isFlowKey(o.flow.Key))) return true;
  const first: unknown = Array.isArray(o.items) ? o.items[0] : o;
  if (!isObject(first) || 'source_name_aggr' in first) return false;
  return 'source_name' in first && 'dest_name' in first && 'reporter' in first;
}
