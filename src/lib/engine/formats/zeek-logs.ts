/**
 * Which Zeek log a file is (FORMATS.md §7.1): the TSV `#path` header or the JSON `_path`
 * field, else the fields of the first record. netpolish reads conn.log (connections); any
 * other log is recognised and named, so that the import says what it is instead of
 * "unknown format".
 */

type Obj = Record<string, unknown>;

/** Fields only conn.log has (Conn::Info). */
const CONN_FIELDS = [
  'conn_state',
  'history',
  'orig_bytes',
  'orig_pkts',
  'duration',
  'missed_bytes',
];

/** The `#path` of a TSV header among the first lines; undefined when none is given. */
export function zeekTsvPath(lines: string[]): string | undefined {
  for (const l of lines) {
    const m = /^#path[\t ](\S+)/.exec(l);
    if (m) return m[1];
  }
  return undefined;
}

/** The log a Zeek JSON record comes from: `_path`, else 'conn' when it has conn fields. */
export function zeekJsonPath(o: Obj): string | undefined {
  if (typeof o._path === 'string') return o._path;
  if (CONN_FIELDS.some((f) => f in o) || 'service' in o) return 'conn';
  if ('query' in o && ('trans_id' in o || 'qtype' in o || 'answers' in o)) return 'dns';
  return undefined;
}

/** The sentence an import shows for a Zeek log it does not read. */
export function notConnectionLog(path: string | undefined): string {
  const name = path ? `Zeek ${path}.log` : 'A Zeek log other than conn.log';
  return `${name}: not a connection log (netpolish reads Zeek conn.log and dns.log)`;
}
