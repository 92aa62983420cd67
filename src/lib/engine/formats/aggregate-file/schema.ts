/**
 * The netpolish aggregate file (docs/SCALE.md): Parquet, one row per (client IP, server IP,
 * server port, protocol, minute bucket, verdict, inline metadata) with the flows counted there,
 * written by the `netpolish sql` recipes and read back like any capture. This module names the
 * columns and the key/value metadata; it is the one contract between the recipes and the reader.
 */
/** The format id the reader reports (sniffed by the Parquet magic `PAR1`). */
export const AGGREGATE_FORMAT = 'netpolish-aggregate';

/** Schema version written by the recipes and the newest the reader understands. */
export const AGGREGATE_VERSION = 1;

/** Key/value metadata (where the writing engine can set it: DuckDB's COPY … KV_METADATA). */
export const KV = {
  schema: 'netpolish.schema',
  version: 'netpolish.version',
  bucketMs: 'netpolish.bucket_ms',
  sourceFormat: 'netpolish.source_format',
} as const;
export const SCHEMA_NAME = 'netpolish-aggregate';

/**
 * Width of a row's time bucket as the recipes write it by default: a minute, a step of the
 * engine's bucket ladder (aggregate/width.ts), so the rows fill whole engine buckets. A file
 * without `netpolish.bucket_ms` is read at the widest of FILE_BUCKET_WIDTHS that every row's
 * `bucket_ms` is a multiple of (a minute without that column).
 */
export const FILE_BUCKET_MS = 60_000;

/** The widths a recipe can write (`netpolish sql --bucket`): the engine's ladder up to a minute. */
export const FILE_BUCKET_WIDTHS: readonly number[] = [1_000, 5_000, 15_000, FILE_BUCKET_MS];

/** Per-endpoint inline metadata columns, prefixed `client_` / `server_`. */
export const META_COLUMNS = [
  'namespace',
  'pod',
  'workload_kind',
  'workload_name',
  /** Pod labels as `key=value` joined by `,` (Kubernetes labels never contain a comma). */
  'labels',
  /** pod | host | node | world | networkset | service | unknown */
  'kind',
  'node',
  /** An aggregated pod name such as Calico's `frontend-755cdc7957-*`. */
  'aggregated_name',
] as const;

/** The Service the flow was addressed to (the server side only). */
export const SERVICE_COLUMNS = ['server_service_namespace', 'server_service_name'] as const;

/** Required columns; everything else is optional (absent = null). */
export const REQUIRED_COLUMNS = [
  'client_ip',
  'server_ip',
  'server_port',
  'protocol',
  'first_seen_ms',
  'last_seen_ms',
  'flows',
] as const;

/** Every column, in the order the recipes write them. */
export const COLUMNS = [
  'client_ip',
  'server_ip',
  'server_port',
  'protocol',
  /** Bucket start, epoch ms (a multiple of FILE_BUCKET_MS); null for formats without time. */
  'bucket_ms',
  'first_seen_ms',
  'last_seen_ms',
  /** max(flows_at_client, flows_at_server) + flows reported by neither end (aggregate/tally.ts). */
  'flows',
  'flows_at_client',
  'flows_at_server',
  /** allowed | denied | dropped | audit | redirected | error | unknown */
  'verdict',
  ...META_COLUMNS.map((c) => `client_${c}`),
  ...META_COLUMNS.map((c) => `server_${c}`),
  ...SERVICE_COLUMNS,
] as const;
