/**
 * The four SQL engines the recipes target, as small tables of expression builders: the same
 * logical recipe (sql/recipe.ts) is spelled through them, so the engines differ only where their
 * SQL does (JSON paths, lambdas, safe casts, string literals). Every builder returns SQL text.
 */

export type EngineId = 'duckdb' | 'spark' | 'trino' | 'bigquery';
export const ENGINES: readonly EngineId[] = ['duckdb', 'spark', 'trino', 'bigquery'];

export interface Dialect {
  id: EngineId;
  /** A string literal. */
  str(s: string): string;
  /** A regular expression literal (as the engine's regex functions expect it). */
  regex(re: string): string;
  /** The JSON scalar at `path` of the `line` column as a string (NULL when absent or null). */
  json(path: string): string;
  /** Whether `path` holds any JSON value (an object too). */
  jsonHas(path: string): string;
  /** The JSON array of strings at `path` as an array. */
  jsonArray(path: string): string;
  /** The whitespace-separated fields of `line`, as an array. */
  splitWords(): string;
  /** Element `i` (1-based) of an array, NULL when out of range. */
  at(arr: string, i: number): string;
  last(arr: string): string;
  size(arr: string): string;
  filter(arr: string, pred: (x: string) => string): string;
  map(arr: string, fn: (x: string) => string): string;
  join(arr: string, sep: string): string;
  /** 1-based position of `sub` in `s`, 0 when absent. */
  strpos(s: string, sub: string): string;
  bitAnd(a: string, b: string): string;
  /** Text → BIGINT, NULL when it is not an integer. */
  bigint(x: string): string;
  /** Text → DOUBLE, NULL when it is not a number. */
  double(x: string): string;
  /** An RFC 3339 timestamp text → epoch milliseconds (fraction truncated to ms). */
  isoMs(x: string): string;
  types: { string: string; bigint: string; boolean: string };
}

const sqlQuoted = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const backslashQuoted = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Fraction of seconds beyond milliseconds: dropped before casting (the engine truncates too). */
const FRACTION = '(\\.\\d{3})\\d+';

export const DUCKDB: Dialect = {
  id: 'duckdb',
  str: sqlQuoted,
  regex: sqlQuoted,
  json: (p) => `json_extract_string(line, ${sqlQuoted(p)})`,
  jsonHas: (p) => `(json_extract(line, ${sqlQuoted(p)}) IS NOT NULL)`,
  jsonArray: (p) => `CAST(json_extract_string(line, ${sqlQuoted(`${p}[*]`)}) AS VARCHAR[])`,
  splitWords: () => `string_split_regex(trim(line), '\\s+')`,
  at: (a, i) => `list_extract(${a}, ${i})`,
  last: (a) => `list_extract(${a}, -1)`,
  size: (a) => `len(${a})`,
  filter: (a, p) => `list_filter(${a}, x -> ${p('x')})`,
  map: (a, f) => `list_transform(${a}, x -> ${f('x')})`,
  join: (a, sep) => `array_to_string(${a}, ${sqlQuoted(sep)})`,
  strpos: (s, sub) => `strpos(${s}, ${sub})`,
  bitAnd: (a, b) => `(${a} & ${b})`,
  bigint: (x) => `TRY_CAST(${x} AS BIGINT)`,
  double: (x) => `TRY_CAST(${x} AS DOUBLE)`,
  isoMs: (x) =>
    `epoch_ms(TRY_CAST(regexp_replace(${x}, ${sqlQuoted(FRACTION)}, '\\1') AS TIMESTAMPTZ))`,
  types: { string: 'VARCHAR', bigint: 'BIGINT', boolean: 'BOOLEAN' },
};

export const SPARK: Dialect = {
  id: 'spark',
  str: backslashQuoted,
  regex: backslashQuoted,
  json: (p) => `get_json_object(line, ${backslashQuoted(p)})`,
  jsonHas: (p) => `(get_json_object(line, ${backslashQuoted(p)}) IS NOT NULL)`,
  jsonArray: (p) => `from_json(get_json_object(line, ${backslashQuoted(p)}), 'array<string>')`,
  splitWords: () => `split(trim(line), ${backslashQuoted('\\s+')})`,
  at: (a, i) => `CASE WHEN size(${a}) >= ${i} THEN element_at(${a}, ${i}) END`,
  last: (a) => `CASE WHEN size(${a}) > 0 THEN element_at(${a}, -1) END`,
  size: (a) => `size(${a})`,
  filter: (a, p) => `filter(${a}, x -> ${p('x')})`,
  map: (a, f) => `transform(${a}, x -> ${f('x')})`,
  join: (a, sep) => `array_join(${a}, ${backslashQuoted(sep)})`,
  strpos: (s, sub) => `instr(${s}, ${sub})`,
  bitAnd: (a, b) => `(${a} & ${b})`,
  bigint: (x) => `TRY_CAST(${x} AS BIGINT)`,
  double: (x) => `TRY_CAST(${x} AS DOUBLE)`,
  isoMs: (x) =>
    `unix_millis(TRY_CAST(regexp_replace(${x}, ${backslashQuoted(FRACTION)}, '$1') AS TIMESTAMP))`,
  types: { string: 'STRING', bigint: 'BIGINT', boolean: 'BOOLEAN' },
};

export const TRINO: Dialect = {
  id: 'trino',
  str: sqlQuoted,
  regex: sqlQuoted,
  json: (p) => `json_extract_scalar(line, ${sqlQuoted(p)})`,
  jsonHas: (p) => `(json_extract(line, ${sqlQuoted(p)}) IS NOT NULL)`,
  jsonArray: (p) => `TRY_CAST(json_extract(line, ${sqlQuoted(p)}) AS ARRAY(VARCHAR))`,
  splitWords: () => `regexp_split(trim(line), '\\s+')`,
  at: (a, i) => `CASE WHEN cardinality(${a}) >= ${i} THEN element_at(${a}, ${i}) END`,
  last: (a) => `CASE WHEN cardinality(${a}) > 0 THEN element_at(${a}, -1) END`,
  size: (a) => `cardinality(${a})`,
  filter: (a, p) => `filter(${a}, x -> ${p('x')})`,
  map: (a, f) => `transform(${a}, x -> ${f('x')})`,
  join: (a, sep) => `array_join(${a}, ${sqlQuoted(sep)})`,
  strpos: (s, sub) => `strpos(${s}, ${sub})`,
  bitAnd: (a, b) => `bitwise_and(${a}, ${b})`,
  bigint: (x) => `TRY_CAST(${x} AS BIGINT)`,
  double: (x) => `TRY_CAST(${x} AS DOUBLE)`,
  isoMs: (x) =>
    `date_diff('millisecond', from_unixtime(0), TRY(from_iso8601_timestamp(regexp_replace(${x}, ${sqlQuoted(FRACTION)}, '$1'))))`,
  types: { string: 'VARCHAR', bigint: 'BIGINT', boolean: 'BOOLEAN' },
};

/** BigQuery has no lambdas: arrays are filtered and mapped through UNNEST … WITH OFFSET. */
export const BIGQUERY: Dialect = {
  id: 'bigquery',
  str: backslashQuoted,
  regex: (re) => `r'${re}'`,
  json: (p) => `JSON_VALUE(line, ${backslashQuoted(p)})`,
  jsonHas: (p) => `(JSON_QUERY(line, ${backslashQuoted(p)}) IS NOT NULL)`,
  jsonArray: (p) => `JSON_VALUE_ARRAY(line, ${backslashQuoted(p)})`,
  splitWords: () => `REGEXP_EXTRACT_ALL(line, r'\\S+')`,
  at: (a, i) => `${a}[SAFE_ORDINAL(${i})]`,
  last: (a) => `ARRAY_REVERSE(${a})[SAFE_OFFSET(0)]`,
  size: (a) => `ARRAY_LENGTH(${a})`,
  filter: (a, p) =>
    `ARRAY(SELECT x FROM UNNEST(${a}) AS x WITH OFFSET AS pos WHERE ${p('x')} ORDER BY pos)`,
  map: (a, f) => `ARRAY(SELECT ${f('x')} FROM UNNEST(${a}) AS x WITH OFFSET AS pos ORDER BY pos)`,
  join: (a, sep) => `ARRAY_TO_STRING(${a}, ${backslashQuoted(sep)})`,
  strpos: (s, sub) => `STRPOS(${s}, ${sub})`,
  bitAnd: (a, b) => `(${a} & ${b})`,
  bigint: (x) => `SAFE_CAST(${x} AS INT64)`,
  double: (x) => `SAFE_CAST(${x} AS FLOAT64)`,
  isoMs: (x) => `UNIX_MILLIS(SAFE_CAST(REGEXP_REPLACE(${x}, r'${FRACTION}', r'\\1') AS TIMESTAMP))`,
  types: { string: 'STRING', bigint: 'INT64', boolean: 'BOOL' },
};

export const DIALECTS: Record<EngineId, Dialect> = {
  duckdb: DUCKDB,
  spark: SPARK,
  trino: TRINO,
  bigquery: BIGQUERY,
};

/**
 * DuckDB parses a JSON text again for every extraction; with dozens of fields a line that is
 * most of the recipe's time. This dialect collects the paths the recipe reads and fetches them
 * all with one multi-path `json_extract_string` (column `jv`, computed by `stage()` first).
 */
export function batchedJson(d: Dialect): { dialect: Dialect; stage(): Record<string, string> } {
  if (d.id !== 'duckdb') return { dialect: d, stage: () => ({}) };
  const paths: string[] = [];
  const at = (p: string): string => {
    let k = paths.indexOf(p);
    if (k < 0) k = paths.push(p) - 1;
    return `list_extract(jv, ${k + 1})`;
  };
  return {
    dialect: { ...d, json: at, jsonHas: (p) => `(${at(p)} IS NOT NULL)` },
    stage() {
      const out: Record<string, string> = {};
      if (paths.length > 0) out.jv = `json_extract_string(line, [${paths.map(d.str).join(', ')}])`;
      return out;
    },
  };
}
