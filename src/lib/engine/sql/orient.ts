/**
 * The engine's initiator rules (aggregate/orient.ts) in SQL: replies dropped, `is_reply` and
 * initiator fields, ICMP request/reply types, SYN without ACK, the Hubble rule, then the port
 * heuristics with the same well-known ports plus the server ports a kubectl dump names.
 */
import { WELL_KNOWN_SERVER_PORTS } from '../inventory/ports';
import type { Dialect } from './dialects';

/** Whether `port` (a column) is a well-known server port, as isKnownServerPort's first test. */
function wellKnown(col: string): string {
  return `COALESCE(${col} > 0 AND (${col} < 1024 OR ${col} IN (${WELL_KNOWN_SERVER_PORTS.join(', ')})), FALSE)`;
}

/** The known server ports at an address: `(ip, port, proto)` rows, from a dump (may be none). */
export function knownPortsSql(d: Dialect, rows: readonly [string, number, string][]): string {
  const t = d.types;
  if (rows.length === 0) {
    return `SELECT CAST(NULL AS ${t.string}) AS ip, CAST(NULL AS ${t.bigint}) AS port, CAST(NULL AS ${t.string}) AS protocol FROM (SELECT 1 AS one) AS nothing WHERE 1 = 0`;
  }
  const tuple = ([ip, port, proto]: [string, number, string]): string =>
    `(${d.str(ip)}, ${port}, ${d.str(proto)})`;
  if (d.id === 'bigquery') {
    const items = rows.map((r) => `STRUCT<ip STRING, port INT64, protocol STRING>${tuple(r)}`);
    return `SELECT * FROM UNNEST([${items.join(',\n    ')}])`;
  }
  return `SELECT * FROM (VALUES ${rows.map(tuple).join(',\n    ')}) AS k(ip, port, protocol)`;
}

/** Adds src_known / dst_known to `parsed` (a CTE of the extracted columns). */
export function markedSql(): string {
  const known = (side: 'src' | 'dst', k: string): string =>
    `(${wellKnown(`p.${side}_port`)} OR (${k}.port IS NOT NULL AND p.${side}_ip IS NOT NULL))`;
  return `SELECT p.*, ${known('src', 'ks')} AS src_known, ${known('dst', 'kd')} AS dst_known
  FROM parsed AS p
  LEFT JOIN known AS ks ON ks.ip = p.src_ip AND ks.port = p.src_port AND ks.protocol = upper(p.l4_proto)
  LEFT JOIN known AS kd ON kd.ip = p.dst_ip AND kd.port = p.dst_port AND kd.protocol = upper(p.l4_proto)`;
}

const ICMP = `upper(l4_proto) = 'ICMP'`;
const ICMP6 = `upper(l4_proto) = 'ICMPV6'`;

/** 'forward' | 'reverse' | 'reply' | 'undetermined', as orientFlow decides. */
export function orientationSql(): string {
  return `CASE
      WHEN is_reply THEN 'reply'
      WHEN initiator = 'src' THEN 'forward'
      WHEN initiator = 'dst' THEN 'reverse'
      WHEN NOT is_reply THEN 'forward'
      WHEN ${ICMP} OR ${ICMP6} THEN CASE
        WHEN icmp_type IS NULL THEN 'forward'
        WHEN ${ICMP} AND icmp_type IN (8, 13, 15, 17) THEN 'forward'
        WHEN ${ICMP6} AND icmp_type = 128 THEN 'forward'
        WHEN ${ICMP} AND icmp_type IN (0, 14, 16, 18) THEN 'reply'
        WHEN ${ICMP6} AND icmp_type = 129 THEN 'reply'
        ELSE 'undetermined' END
      WHEN syn THEN CASE WHEN ack THEN 'reply' ELSE 'forward' END
      WHEN hubble THEN CASE WHEN upper(l4_proto) = 'UDP' AND dst_port IS NOT NULL AND dst_known THEN 'forward' ELSE 'undetermined' END
      WHEN src_port IS NULL OR dst_port IS NULL THEN 'forward'
      WHEN src_known AND NOT dst_known THEN 'reverse'
      WHEN dst_known AND NOT src_known THEN 'forward'
      WHEN src_port < dst_port THEN 'reverse'
      ELSE 'forward' END`;
}

/** Which end observed the record: 'client', 'server' or NULL (observedAt). */
export function seenAtSql(): string {
  const obs = `CASE WHEN reporter IN ('src', 'dst') THEN reporter WHEN direction = 'egress' THEN 'src' WHEN direction = 'ingress' THEN 'dst' END`;
  return `CASE WHEN (${obs}) = 'src' AND orientation = 'forward' OR (${obs}) = 'dst' AND orientation = 'reverse' THEN 'client' WHEN (${obs}) IS NOT NULL THEN 'server' END`;
}
