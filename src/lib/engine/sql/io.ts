/**
 * Where a recipe reads and writes, per engine: DuckDB reads files or globs and COPYs to one
 * Parquet file with the schema in its key/value metadata; Spark reads text files and writes a
 * folder of part files; Trino/Athena reads an external table over the files (Hive DDL, as Athena
 * runs it) and writes with CREATE TABLE AS; BigQuery reads an external table over Cloud Storage
 * and writes with EXPORT DATA. An input without `scheme://` is taken as an existing table (or
 * view) with one string column `line`, for Trino and BigQuery.
 */
import type { Dialect } from './dialects';

export interface RawSource {
  /** Statements that must run before the query. */
  before: string[];
  /** A SELECT giving one column `line`. */
  select: string;
}

const isUri = (s: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

function duckdbSource(d: Dialect, kind: 'json' | 'text', input: string): RawSource {
  const path = d.str(input);
  const select =
    kind === 'json'
      ? `SELECT json AS line FROM read_ndjson_objects(${path}, ignore_errors = true)`
      : `SELECT line FROM read_csv(${path}, columns = {'line': 'VARCHAR'}, header = false, delim = '\\t', quote = '', escape = '', auto_detect = false, null_padding = true, ignore_errors = true)`;
  return { before: [], select };
}

export function rawSource(d: Dialect, kind: 'json' | 'text', input: string): RawSource {
  if (d.id === 'duckdb') return duckdbSource(d, kind, input);
  if (d.id === 'spark') {
    const path = `\`${input.replace(/`/g, '``')}\``;
    return {
      before: [
        `CREATE OR REPLACE TEMPORARY VIEW netpolish_raw AS SELECT value AS line FROM text.${path};`,
      ],
      select: 'SELECT line FROM netpolish_raw',
    };
  }
  if (!isUri(input)) return { before: [], select: `SELECT line FROM ${input}` };
  if (d.id === 'trino') {
    return {
      before: [
        '-- Athena (Hive DDL): one string column per line. On Trino, create it with the Hive connector:',
        `--   CREATE TABLE netpolish_raw (line varchar) WITH (format = 'TEXTFILE', external_location = ${d.str(input)});`,
        `CREATE EXTERNAL TABLE IF NOT EXISTS netpolish_raw (line string) LOCATION ${d.str(input)};`,
      ],
      select: 'SELECT line FROM netpolish_raw',
    };
  }
  return {
    before: [
      '-- One STRING column per line (a delimiter that never occurs in the logs); dataset `netpolish` must exist.',
      `CREATE OR REPLACE EXTERNAL TABLE netpolish.raw_lines (line STRING) OPTIONS (format = 'CSV', uris = [${d.str(input)}], field_delimiter = '\\u00fe', quote = '', allow_quoted_newlines = false);`,
    ],
    select: 'SELECT line FROM netpolish.raw_lines',
  };
}

/** The statement that runs `query` and writes the aggregate file(s) at `output`. */
export function writeStatement(
  d: Dialect,
  query: string,
  output: string,
  kv: Record<string, string>,
): string {
  if (d.id === 'duckdb') {
    const meta = Object.entries(kv)
      .map(([k, v]) => `${d.str(k)}: ${d.str(v)}`)
      .join(', ');
    return `COPY (\n${query}\n) TO ${d.str(output)} (FORMAT parquet, COMPRESSION snappy, KV_METADATA {${meta}});`;
  }
  if (d.id === 'spark') {
    return `INSERT OVERWRITE DIRECTORY ${d.str(output)} USING parquet\n${query};`;
  }
  if (d.id === 'trino') {
    // Athena writes GZIP Parquet by default; netpolish reads Snappy (drop the property on Trino).
    return `CREATE TABLE netpolish_aggregate WITH (format = 'PARQUET', write_compression = 'SNAPPY', external_location = ${d.str(output)}) AS\n${query};`;
  }
  const uri = output.includes('*') ? output : `${output.replace(/\/$/, '')}/part-*.parquet`;
  return `EXPORT DATA OPTIONS (uri = ${d.str(uri)}, format = 'PARQUET', compression = 'SNAPPY', overwrite = true) AS\n${query};`;
}
