/**
 * SQL spellings of the parsers' small normalisations (formats/common.ts): placeholders (`''`,
 * `-`) as NULL, ports, IANA protocol numbers and names, epoch seconds. Shared by every recipe
 * so that a raw log reduces in SQL to the very values the engine's parsers produce.
 */
import type { Dialect } from './dialects';

/** `str()`: NULL for the empty string and the `-` placeholder. */
export function nz(x: string): string {
  return `NULLIF(NULLIF(${x}, ''), '-')`;
}

/** `toPort()`: an integer 0–65535, else NULL. */
export function port(d: Dialect, x: string): string {
  const n = d.bigint(x);
  return `CASE WHEN ${n} BETWEEN 0 AND 65535 THEN ${n} END`;
}

const BY_NAME: [string, string][] = [
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
  ['sctp', 'SCTP'],
  ['icmp', 'ICMP'],
  ['icmpv4', 'ICMP'],
  ['icmp6', 'ICMPv6'],
  ['icmpv6', 'ICMPv6'],
  ['ipv6-icmp', 'ICMPv6'],
];
const BY_NUMBER: [number, string][] = [
  [1, 'ICMP'],
  [6, 'TCP'],
  [17, 'UDP'],
  [58, 'ICMPv6'],
  [132, 'SCTP'],
];

/** `normalizeProto()`: names and IANA numbers to TCP/UDP/…; other numbers as digits; else upper case. */
export function proto(d: Dialect, x: string): string {
  const n = d.bigint(x);
  const names = BY_NAME.map(([k, v]) => `WHEN lower(${x}) = ${d.str(k)} THEN ${d.str(v)}`);
  const numbers = BY_NUMBER.map(([k, v]) => `WHEN ${n} = ${k} THEN ${d.str(v)}`);
  return `CASE WHEN ${x} IS NULL OR ${x} = '' THEN 'unknown' ${names.join(' ')} ${numbers.join(' ')} WHEN ${n} IS NOT NULL THEN CAST(${n} AS ${d.types.string}) ELSE upper(${x}) END`;
}

/** `secondsToMs()`: epoch seconds (fractions allowed) → epoch ms, floored. */
export function secondsMs(d: Dialect, x: string): string {
  return `CAST(FLOOR(${d.double(x)} * 1000) AS ${d.types.bigint})`;
}

/** The first non-NULL of `xs`. */
export function first(...xs: string[]): string {
  return xs.length === 1 ? (xs[0] as string) : `COALESCE(${xs.join(', ')})`;
}

/** A JSON boolean at any of `paths`: TRUE, FALSE or NULL. */
export function jsonBool(d: Dialect, ...paths: string[]): string {
  const v = first(...paths.map((p) => d.json(p)));
  return `CASE WHEN ${v} = 'true' THEN TRUE WHEN ${v} = 'false' THEN FALSE END`;
}

/** 1-based position of the last `needle` in `s` (0 when absent). */
export function lastPos(d: Dialect, s: string, needle: string): string {
  const p = d.strpos(`reverse(${s})`, `reverse(${needle})`);
  return `CASE WHEN ${p} = 0 THEN 0 ELSE length(${s}) - ${p} - length(${needle}) + 2 END`;
}

/** Text before the first `=` of `x` (all of it without one). */
export function labelKey(d: Dialect, x: string): string {
  const eq = d.strpos(x, "'='");
  return `CASE WHEN ${eq} = 0 THEN ${x} ELSE substr(${x}, 1, ${eq} - 1) END`;
}

/** Text after the first `=` of `x` (empty without one). */
export function labelValue(d: Dialect, x: string): string {
  const eq = d.strpos(x, "'='");
  return `CASE WHEN ${eq} = 0 THEN '' ELSE substr(${x}, ${eq} + 1) END`;
}

/** `key=value` items joined by commas, NULL when there are none. */
export function joinLabels(d: Dialect, pairs: string): string {
  return `NULLIF(${d.join(pairs, ',')}, '')`;
}
