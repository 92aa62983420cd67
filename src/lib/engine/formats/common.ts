/**
 * Shared pieces of the line parsers: the parser contract, protocol and time normalisation,
 * and tolerant readers for JSON values (numbers that may arrive as strings, `-` for unset).
 * Everything here is cheap and allocation-free on the hot path.
 */
import type { FlowRecord, Proto } from '../model/flow';
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import { excerpt, report, type DiagnosticSink } from './diagnostics';
import { parseTimeArg, utcMs } from '../model/time';
import { isJson } from './json-check';

/** What a line parser writes to: records go to `emit`, problems to `sink`. */
export interface ParseContext {
  sink: DiagnosticSink;
  emit(r: FlowRecord): void;
  /** Replies are not connection initiations; when true a parser may skip them unparsed. */
  dropReplies: boolean;
  /** Records recognised as replies and skipped without being emitted. */
  replies: number;
  /** The line being parsed (set by the reader's guards; diagnostics about a record use it). */
  line?: number | null;
  /** When set, the Hubble kernel writes its lines' flow slots here instead of emitting records. */
  slots?: import('./hubble-slot-wire').SlotWriter;
}

/** Parses one line (or one JSON document) of a format; never throws on bad input. */
export type LineParser = (text: string, line: number) => void;

/** How a byte line parser scans its lines: in WebAssembly, or in JavaScript. */
export type ByteScan = 'wasm' | 'js';

/**
 * Reads one line from its UTF-8 bytes [start, end) (no newline); false leaves the line to the
 * format's LineParser, which gets it decoded. It must not have reported or emitted anything then.
 * `newChunk`, when the parser has it, is called before the lines of each chunk: a parser may
 * keep what it took from a chunk's bytes only until then (a recycled chunk's bytes change).
 * `scan` says how it scans (absent: in JavaScript).
 */
export type BytesLineParser = ((
  b: Uint8Array,
  start: number,
  end: number,
  line: number,
) => boolean) & { newChunk?: () => void; scan?: ByteScan };

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

/**
 * RFC 3339 (`2021-06-16T16:52:13.136834446Z`, offsets allowed) → epoch ms; null when absent
 * (not a string, or empty), NaN when present but not a valid time (model/time.ts).
 */
export function parseIsoTime(s: unknown): number | null {
  if (typeof s !== 'string' || s === '') return null;
  if (s.length < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(13) !== 58) return slowParse(s);
  let [ms, i] = [0, 19];
  if (s[19] === '.') [ms, i] = fraction(s, 19);
  const off = zoneOffset(s, i);
  const v =
    utcMs(
      digits(s, 0, 4),
      digits(s, 5, 2),
      digits(s, 8, 2),
      digits(s, 11, 2),
      digits(s, 14, 2),
      digits(s, 17, 2),
      ms,
    ) - off;
  return Number.isNaN(v) ? slowParse(s) : v;
}

const DATE_SHAPE = /^\s*[+-]?\d{4,6}-\d{1,2}-\d{1,2}/;

/**
 * Other ISO 8601 shapes (`2021-06-16 16:52:13`, no zone, …) as parseTimeArg reads them; text
 * that does not start like a date (a masked `XXXX…`) is absent, not invalid.
 */
function slowParse(s: string): number | null {
  return DATE_SHAPE.test(s) ? parseTimeArg(s) : null;
}

/**
 * Epoch seconds (number or numeric string, fractions allowed) → epoch ms; null when absent or
 * masked (not a number). A number out of range is kept for the reader to report.
 */
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

/**
 * A port number 0–65535 from a number or numeric string; undefined when absent (or `-`), NaN
 * when present but not a port (65536, -1, "http"), which the reader reports.
 */
export function toPort(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '' || v === '-') return undefined;
  const n = toNumber(v);
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 65535 ? n : NaN;
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

/**
 * Whether `t` may be one JSON value: its first and last non-blank characters fit (`{…}`,
 * `[…]`, `"…"`, a number, a literal). Never false for valid JSON; true for most junk is fine,
 * JSON.parse decides. A failing JSON.parse costs microseconds (the exception), so a file of
 * millions of junk lines is rejected here instead.
 */
export function couldBeJson(t: string): boolean {
  let i = 0;
  let j = t.length - 1;
  while (i <= j && t.charCodeAt(i) <= 32) i++;
  while (j >= i && t.charCodeAt(j) <= 32) j--;
  if (i > j) return false;
  const a = t.charCodeAt(i);
  const b = t.charCodeAt(j);
  if (a === 123) return b === 125;
  if (a === 91) return b === 93;
  if (a === 34) return b === 34 && j > i;
  if (a === 45 || (a >= 48 && a <= 57)) return b >= 48 && b <= 57;
  const word = t.slice(i, j + 1);
  return word === 'true' || word === 'false' || word === 'null';
}

/**
 * JSON.parse that reports instead of throwing; returns undefined on bad JSON. Once a file has
 * more bad lines than its diagnostics keep, lines are checked (json-check.ts) before parsing.
 */
export function parseJsonLine(ctx: ParseContext, text: string, line: number): unknown {
  const junky = (ctx.sink.counts[DIAGNOSTIC_CODES.BAD_JSON] ?? 0) >= ctx.sink.perCode;
  if (!couldBeJson(text) || (junky && !isJson(text))) {
    report(
      ctx.sink,
      DIAGNOSTIC_CODES.BAD_JSON,
      'error',
      'Not valid JSON: the line is not one complete JSON value',
      line,
    );
    return undefined;
  }
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
