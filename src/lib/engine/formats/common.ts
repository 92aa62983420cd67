/**
 * Shared pieces of the line parsers: the parser contract, protocol and time normalisation,
 * and tolerant readers for JSON values (numbers that may arrive as strings, `-` for unset).
 * Everything here is cheap and allocation-free on the hot path.
 */
import type { FlowRecord, Proto } from '../model/flow';
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import { excerpt, report, type DiagnosticSink } from './diagnostics';

/** What a line parser writes to: records go to `emit`, problems to `sink`. */
export interface ParseContext {
  sink: DiagnosticSink;
  emit(r: FlowRecord): void;
  /** Replies are not connection initiations; when true a parser may skip them unparsed. */
  dropReplies: boolean;
  /** Records recognised as replies and skipped without being emitted. */
  replies: number;
}

/** Parses one line (or one JSON document) of a format; never throws on bad input. */
export type LineParser = (text: string, line: number) => void;

/**
 * Reads one line from its UTF-8 bytes [start, end) (no newline); false leaves the line to the
 * format's LineParser, which gets it decoded. It must not have reported or emitted anything then.
 */
export type BytesLineParser = (b: Uint8Array, start: number, end: number, line: number) => boolean;

const PROTO_BY_NUMBER: Record<number, Proto> = {
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  58: 'ICMPv6',
  132: 'SCTP',
};
const PROTO_BY_NAME: Record<string, Proto> = {
  tcp: 'TCP',
  udp: 'UDP',
  sctp: 'SCTP',
  icmp: 'ICMP',
  icmpv4: 'ICMP',
  icmp6: 'ICMPv6',
  icmpv6: 'ICMPv6',
  'ipv6-icmp': 'ICMPv6',
};

/** Normalises protocol names and IANA numbers (6 → TCP, "icmp6" → ICMPv6); unknowns kept. */
export function normalizeProto(p: unknown): Proto {
  if (typeof p === 'number') return PROTO_BY_NUMBER[p] ?? String(p);
  if (typeof p !== 'string' || p === '') return 'unknown';
  const byName = PROTO_BY_NAME[p.toLowerCase()];
  if (byName) return byName;
  const n = Number(p);
  if (Number.isInteger(n)) return PROTO_BY_NUMBER[n] ?? String(n);
  return p.toUpperCase();
}

function digits(s: string, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/** Milliseconds of a `.123456789` fraction starting at `i`, and where it ends. */
function fraction(s: string, i: number): [number, number] {
  let ms = 0;
  let scale = 100;
  let j = i + 1;
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j) - 48;
    if (c < 0 || c > 9) break;
    ms += c * scale;
    scale /= 10;
  }
  return [Math.floor(ms), j];
}

/** Offset in ms of a `Z` / `±HH:MM` zone at `i`; NaN when malformed. */
function zoneOffset(s: string, i: number): number {
  const c = s[i];
  if (c === 'Z' || c === 'z') return i + 1 === s.length ? 0 : NaN;
  if ((c !== '+' && c !== '-') || s.length !== i + 6) return NaN;
  const off = (digits(s, i + 1, 2) * 60 + digits(s, i + 4, 2)) * 60_000;
  return c === '+' ? off : -off;
}

/** RFC 3339 (`2021-06-16T16:52:13.136834446Z`, offsets allowed) → epoch ms, or null. */
export function parseIsoTime(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  if (s.length < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(13) !== 58) return slowParse(s);
  let [ms, i] = [0, 19];
  if (s[19] === '.') [ms, i] = fraction(s, 19);
  const off = zoneOffset(s, i);
  const [mo, d, h, mi, sec] = [
    digits(s, 5, 2),
    digits(s, 8, 2),
    digits(s, 11, 2),
    digits(s, 14, 2),
    digits(s, 17, 2),
  ];
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 60)) return null;
  const v = Date.UTC(digits(s, 0, 4), mo - 1, d, h, mi, sec, ms) - off;
  return Number.isFinite(v) ? v : slowParse(s);
}

function slowParse(s: string): number | null {
  const v = Date.parse(s);
  return Number.isFinite(v) ? v : null;
}

/** Epoch seconds (number or numeric string, fractions allowed) → epoch ms, or null. */
export function secondsToMs(v: unknown): number | null {
  const n = toNumber(v);
  return n === undefined ? null : Math.floor(n * 1000);
}

/** A finite number from a JSON number or numeric string (int64 arrive as strings); else undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v === '' || v === '-') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** A port number 0–65535 from a number or numeric string; else undefined. */
export function toPort(v: unknown): number | undefined {
  const n = toNumber(v);
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

/** A non-empty string that is not a placeholder (`-`); else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && v !== '-' ? v : undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `["k=v", …]` → a prototype-free label map (safe against `__proto__` keys). */
export function labelsFromPairs(pairs: unknown): Record<string, string> | undefined {
  if (!Array.isArray(pairs)) return undefined;
  let out: Record<string, string> | undefined;
  for (const p of pairs) {
    if (typeof p !== 'string') continue;
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    out ??= Object.create(null) as Record<string, string>;
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** A JSON object of string values → a prototype-free label map; non-strings dropped. */
export function labelsFromObject(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  let out: Record<string, string> | undefined;
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (typeof val !== 'string') continue;
    out ??= Object.create(null) as Record<string, string>;
    out[k] = val;
  }
  return out;
}

/** JSON.parse that reports instead of throwing; returns undefined on bad JSON. */
export function parseJsonLine(ctx: ParseContext, text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : 'invalid JSON';
    report(
      ctx.sink,
      DIAGNOSTIC_CODES.BAD_JSON,
      'error',
      `Not valid JSON: ${excerpt(why, 120)}`,
      line,
    );
    return undefined;
  }
}

/** Reports a record of the right syntax that lacks what the format requires. */
export function badRecord(ctx: ParseContext, line: number, message: string): void {
  report(ctx.sink, DIAGNOSTIC_CODES.BAD_RECORD, 'warning', message, line);
}

/**
 * The line parser of a JSON-lines format: each line one JSON object, turned into a record by
 * `toRecord`; a line that is not an object, or that `toRecord` cannot use, is a diagnostic.
 */
export function jsonObjectLineParser(
  ctx: ParseContext,
  toRecord: (o: Record<string, unknown>) => FlowRecord | null,
  unusable: string,
): LineParser {
  return (text, line) => {
    const o = parseJsonLine(ctx, text, line);
    if (o === undefined) return;
    if (!isObject(o)) return badRecord(ctx, line, 'Expected a JSON object');
    const r = toRecord(o);
    if (r) ctx.emit(r);
    else badRecord(ctx, line, unusable);
  };
}
