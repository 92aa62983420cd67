/**
 * `netpolish sql`: the script that reduces a raw capture to the aggregate file in an existing
 * engine (DESIGN.md §5, docs/SCALE.md). Read the raw lines → extract the format's fields →
 * orient as the engine does → group by (client IP, server IP, server port, protocol, time bucket
 * — a minute unless asked finer —, verdict, inline metadata) with first/last seen and per-side counts → write Parquet.
 */
import {
  AGGREGATE_VERSION,
  COLUMNS,
  FILE_BUCKET_MS,
  FILE_BUCKET_WIDTHS,
  KV,
  SCHEMA_NAME,
} from '../formats/aggregate-file/schema';
import { batchedJson, DIALECTS, type Dialect, type EngineId } from './dialects';
import { META_FIELDS, type Extract, type FormatRecipe, type RecipeOptions } from './extract';
import { AWS_RECIPE, CALICO_RECIPE, GCP_RECIPE } from './flow-logs';
import { HUBBLE_RECIPE } from './hubble';
import { knownPortsSql, markedSql, orientationSql, seenAtSql } from './orient';
import { rawSource, writeStatement } from './io';

export const RECIPES: readonly FormatRecipe[] = [
  HUBBLE_RECIPE,
  AWS_RECIPE,
  GCP_RECIPE,
  CALICO_RECIPE,
];

export interface SqlRequest extends RecipeOptions {
  engine: EngineId;
  format: string;
  input: string;
  output: string;
  /** Server ports (ip, port, protocol) a kubectl dump names, for the port heuristics. */
  knownPorts?: readonly [string, number, string][];
  /** Width of the rows' time buckets, one of FILE_BUCKET_WIDTHS (default a minute). */
  bucketMs?: number;
}

function parsedSql(d: Dialect, x: Extract): string {
  const col = (expr: string | undefined, name: string, type: string): string =>
    `${expr ?? `CAST(NULL AS ${type})`} AS ${name}`;
  const t = d.types;
  const cols = [
    col(x.srcIp, 'src_ip', t.string),
    col(x.dstIp, 'dst_ip', t.string),
    col(x.srcPort, 'src_port', t.bigint),
    col(x.dstPort, 'dst_port', t.bigint),
    col(x.proto, 'l4_proto', t.string),
    col(x.timeMs, 'time_ms', t.bigint),
    col(x.endMs, 'end_ms', t.bigint),
    col(x.isReply, 'is_reply', t.boolean),
    col(x.initiator, 'initiator', t.string),
    col(x.syn ?? 'FALSE', 'syn', t.boolean),
    col(x.ack ?? 'FALSE', 'ack', t.boolean),
    col(x.icmpType, 'icmp_type', t.bigint),
    col(x.reporter, 'reporter', t.string),
    col(x.direction, 'direction', t.string),
    col(x.verdict, 'verdict', t.string),
    col(x.count ? `CAST(${x.count} AS ${t.bigint})` : '1', 'n', t.bigint),
    `${x.hubble ? 'TRUE' : 'FALSE'} AS hubble`,
    ...META_FIELDS.map((f) => col(x.src[f], `s_${f}`, t.string)),
    ...META_FIELDS.map((f) => col(x.dst[f], `d_${f}`, t.string)),
  ];
  const n = stagesOf(x).length;
  const from = n > 0 ? `stage${n}` : 'raw';
  return `SELECT\n    ${cols.join(',\n    ')}\n  FROM ${from}\n  WHERE ${x.where}`;
}

const stagesOf = (x: Extract): Record<string, string>[] =>
  (x.stages ?? []).filter((s) => Object.keys(s).length > 0);

const pick = (client: string, server: string): string =>
  `CASE WHEN orientation = 'forward' THEN ${client} ELSE ${server} END`;

/** Client and server sides chosen by the orientation; times and the observing end. */
function sidedSql(d: Dialect, width: number): string {
  const meta = (side: 'client' | 'server'): string[] =>
    META_FIELDS.filter((f) => side === 'server' || !f.startsWith('service_')).map((f) => {
      const [mine, other] = side === 'client' ? ['s', 'd'] : ['d', 's'];
      return `${pick(`${mine}_${f}`, `${other}_${f}`)} AS ${side}_${f}`;
    });
  return `SELECT
    ${pick('src_ip', 'dst_ip')} AS client_ip,
    ${pick('dst_ip', 'src_ip')} AS server_ip,
    ${pick('dst_port', 'src_port')} AS server_port,
    l4_proto AS protocol,
    CASE WHEN time_ms IS NOT NULL THEN CAST(FLOOR(time_ms / ${width}) AS ${d.types.bigint}) * ${width} END AS bucket_ms,
    time_ms,
    CASE WHEN end_ms IS NOT NULL AND end_ms > time_ms THEN end_ms ELSE time_ms END AS until_ms,
    ${seenAtSql()} AS seen_at,
    n,
    COALESCE(verdict, 'unknown') AS verdict,
    ${[...meta('client'), ...meta('server')].join(',\n    ')}
  FROM oriented
  WHERE orientation IN ('forward', 'reverse')`;
}

function groupedSql(d: Dialect): string {
  const sum = (cond: string): string =>
    `CAST(SUM(CASE WHEN ${cond} THEN n ELSE 0 END) AS ${d.types.bigint})`;
  const keys = COLUMNS.filter(
    (c) =>
      !['first_seen_ms', 'last_seen_ms', 'flows', 'flows_at_client', 'flows_at_server'].includes(c),
  );
  const aggregates: Record<string, string> = {
    first_seen_ms: 'MIN(time_ms)',
    last_seen_ms: 'MAX(until_ms)',
    flows: `GREATEST(${sum("seen_at = 'client'")}, ${sum("seen_at = 'server'")}) + ${sum('seen_at IS NULL')}`,
    flows_at_client: sum("seen_at = 'client'"),
    flows_at_server: sum("seen_at = 'server'"),
  };
  const select = COLUMNS.map((c) => (aggregates[c] ? `${aggregates[c]} AS ${c}` : c));
  return `SELECT\n  ${select.join(',\n  ')}\nFROM sided\nGROUP BY ${keys.join(', ')}`;
}

/** The aggregation query over the raw lines of `x`. */
function query(
  d: Dialect,
  x: Extract,
  raw: string,
  known: readonly [string, number, string][],
  width: number,
): string {
  const stages = stagesOf(x).map((cols, i) => {
    const list = Object.entries(cols).map(([name, expr]) => `${expr} AS ${name}`);
    return `stage${i + 1} AS (\n  SELECT t.*,\n    ${list.join(',\n    ')}\n  FROM ${i === 0 ? 'raw' : `stage${i}`} AS t\n),`;
  });
  return `WITH
raw AS (${raw}),
${stages.join('\n')}${stages.length ? '\n' : ''}parsed AS (
  ${parsedSql(d, x)}
),
known AS (
  ${knownPortsSql(d, known)}
),
marked AS (
  ${markedSql()}
),
oriented AS (
  SELECT m.*, ${orientationSql()} AS orientation
  FROM marked AS m
),
sided AS (
  ${sidedSql(d, width)}
)
${groupedSql(d)}`;
}

/** `netpolish sql --bucket` values: the names of FILE_BUCKET_WIDTHS. */
export const BUCKET_NAMES: Readonly<Record<string, number>> = Object.fromEntries(
  FILE_BUCKET_WIDTHS.map((w) => [w < 60_000 ? `${w / 1000}s` : `${w / 60_000}m`, w]),
);

export function findRecipe(format: string): FormatRecipe | undefined {
  return RECIPES.find((r) => r.id === format);
}

/** The whole script for one engine and format; throws on an unknown engine or format. */
export function sqlScript(req: SqlRequest): string {
  const d = DIALECTS[req.engine];
  const recipe = findRecipe(req.format);
  if (!d || !recipe) throw new Error(`no recipe for ${req.format} on ${req.engine}`);
  const batched = batchedJson(d);
  const read = recipe.extract(batched.dialect, req);
  const x = { ...read, stages: [batched.stage(), ...(read.stages ?? [])] };
  const raw = rawSource(d, x.source, req.input);
  const width = req.bucketMs ?? FILE_BUCKET_MS;
  if (!FILE_BUCKET_WIDTHS.includes(width)) throw new Error(`no bucket width of ${width} ms`);
  const body = query(d, x, raw.select, req.knownPorts ?? [], width);
  const kv = {
    [KV.schema]: SCHEMA_NAME,
    [KV.version]: String(AGGREGATE_VERSION),
    [KV.bucketMs]: String(width),
    [KV.sourceFormat]: recipe.id,
  };
  const header = [
    `-- netpolish aggregate file (schema ${SCHEMA_NAME} v${AGGREGATE_VERSION}): ${recipe.label}`,
    `-- engine: ${req.engine}; input: ${req.input}; output: ${req.output}`,
    `-- time buckets: ${width / 1000} s`,
    ...(req.fields ? [`-- AWS log format: ${req.fields.join(' ')}`] : []),
    `-- ${req.knownPorts?.length ?? 0} server ports from kubectl metadata feed the port heuristics`,
    '-- Import the output into netpolish (app or CLI) like any capture; see docs/SCALE.md.',
  ];
  return [...header, '', ...raw.before, writeStatement(d, body, req.output, kv), ''].join('\n');
}
