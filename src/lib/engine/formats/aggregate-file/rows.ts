/**
 * One row of the aggregate file → the flow records it stands for. A row is already oriented
 * (client → server), so its records say `initiator: 'src'`; its flows are split by the end that
 * observed them (client, server, neither) so that the engine's observation-point dedupe
 * (aggregate/tally.ts) sums rows exactly as it sums raw flows. Bad values → null + a reason.
 */
import type { EndpointMeta, FlowRecord, Verdict } from '../../model/flow';
import { AGGREGATE_FORMAT, META_COLUMNS } from './schema';

export type Row = Record<string, unknown>;

const VERDICTS = new Set<string>([
  'allowed',
  'denied',
  'dropped',
  'audit',
  'redirected',
  'error',
  'unknown',
]);
const KINDS = new Set<string>(['pod', 'host', 'node', 'world', 'networkset', 'service', 'unknown']);

/** A finite number from a Parquet value (number, bigint, Date); null when absent or not one. */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.getTime() : null;
  return null;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && v !== '-' ? v : undefined;
}

/** `k=v,k2=v2` → a prototype-free label map (a key without `=` has the empty value). */
function labels(v: unknown): Record<string, string> | undefined {
  const s = text(v);
  if (s === undefined) return undefined;
  const out = Object.create(null) as Record<string, string>;
  for (const part of s.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    out[eq < 0 ? part : part.slice(0, eq)] = eq < 0 ? '' : part.slice(eq + 1);
  }
  return out;
}

function endpointMeta(row: Row, side: 'client' | 'server'): EndpointMeta | undefined {
  const m: EndpointMeta = {};
  const get = (c: (typeof META_COLUMNS)[number]): unknown => row[`${side}_${c}`];
  const set = <K extends keyof EndpointMeta>(k: K, v: EndpointMeta[K] | undefined): void => {
    if (v !== undefined) m[k] = v;
  };
  set('namespace', text(get('namespace')));
  set('pod', text(get('pod')));
  set('workloadKind', text(get('workload_kind')));
  set('workloadName', text(get('workload_name')));
  set('labels', labels(get('labels')));
  const kind = text(get('kind'));
  if (kind !== undefined && KINDS.has(kind)) m.kind = kind as EndpointMeta['kind'];
  set('node', text(get('node')));
  set('aggregatedName', text(get('aggregated_name')));
  if (side === 'server') {
    const name = text(row.server_service_name);
    if (name !== undefined) {
      m.service = { namespace: text(row.server_service_namespace) ?? m.namespace ?? '', name };
    }
  }
  return Object.keys(m).length > 0 ? m : undefined;
}

function count(v: unknown): number | null {
  const n = num(v ?? 0);
  return n !== null && Number.isInteger(n) && n >= 0 ? n : null;
}

/**
 * The records of one row, or a reason why the row cannot be used. Their flows are spread over
 * the row's bucket, `resolution` ms wide (the engine keeps its buckets at least that wide).
 */
export function rowRecords(row: Row, resolution: number): FlowRecord[] | string {
  const proto = text(row.protocol);
  if (proto === undefined) return 'no protocol';
  const flows = count(row.flows);
  const atClient = count(row.flows_at_client);
  const atServer = count(row.flows_at_server);
  if (flows === null || flows === 0) return 'flows is not a positive integer';
  if (atClient === null || atServer === null || Math.max(atClient, atServer) > flows) {
    return 'flows_at_client / flows_at_server are not counts within flows';
  }
  const port =
    row.server_port === null || row.server_port === undefined ? null : num(row.server_port);
  if (port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    return 'server_port is not a port number';
  }
  const first = num(row.first_seen_ms);
  const last = num(row.last_seen_ms);
  if ((first === null) !== (last === null) || (first !== null && last !== null && last < first)) {
    return 'first_seen_ms / last_seen_ms are not a time range';
  }
  const verdict = text(row.verdict);
  const base: FlowRecord = { format: AGGREGATE_FORMAT, time: first, proto, initiator: 'src' };
  base.isReply = false;
  if (last !== null) base.timeEnd = last;
  if (first !== null) base.resolutionMs = resolution;
  const client = text(row.client_ip);
  const server = text(row.server_ip);
  if (client !== undefined) base.srcIp = client;
  if (server !== undefined) base.dstIp = server;
  if (port !== null) base.dstPort = port;
  if (verdict !== undefined)
    base.verdict = VERDICTS.has(verdict) ? (verdict as Verdict) : 'unknown';
  const src = endpointMeta(row, 'client');
  const dst = endpointMeta(row, 'server');
  if (src) base.src = src;
  if (dst) base.dst = dst;
  const out: FlowRecord[] = [];
  const other = flows - Math.max(atClient, atServer);
  if (atClient > 0) out.push({ ...base, reporter: 'src', count: atClient });
  if (atServer > 0) out.push({ ...base, reporter: 'dst', count: atServer });
  if (other > 0) out.push({ ...base, count: other });
  return out;
}
