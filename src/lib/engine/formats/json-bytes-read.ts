/**
 * Values read from bytes exactly as JSON.parse gives them (json-bytes.ts scans): objects,
 * arrays, numbers, literals, and strings interned by hash, so that names and addresses repeated
 * on every line are not rebuilt. Escaped strings go through JSON.parse itself; bytes outside
 * ASCII, `__proto__` keys or deep nesting give UNREADABLE (the caller's slow path reads them).
 */
import {
  FALSE,
  FNV_OFFSET,
  FNV_PRIME,
  IN_STRING,
  MAX_DEPTH,
  nextMember,
  NULL,
  sameAscii,
  skipLiteral,
  skipNumber,
  skipString,
  skipWs,
  STRING_SLOTS,
  TRUE,
  UNREADABLE,
  FAIL,
  type ByteScan,
} from './json-bytes';

const decoder = new TextDecoder();

/** The string of ASCII bytes [start, end). */
export function ascii(b: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return decoder.decode(b.subarray(start, end));
  return String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
}

/** The interned string of ASCII bytes [start, end) whose FNV-1a hash is `h`. */
export function intern(s: ByteScan, start: number, end: number, h: number): string {
  const slot = h & (STRING_SLOTS - 1);
  const hit = s.strings[slot];
  if (hit !== undefined && sameAscii(hit, s.b, start, end)) return hit;
  const str = ascii(s.b, start, end);
  s.strings[slot] = str;
  return str;
}

/** Reads the value at `s.pos` as JSON.parse would, or UNREADABLE. */
export function readValue(s: ByteScan, depth: number): unknown {
  if (s.pos >= s.end) return UNREADABLE;
  const c = s.b[s.pos] as number;
  if (c === 34) return readString(s);
  if (c === 123) return depth >= MAX_DEPTH ? UNREADABLE : readObject(s, depth + 1);
  if (c === 91) return depth >= MAX_DEPTH ? UNREADABLE : readArray(s, depth + 1);
  const from = s.pos;
  if (c === 116 || c === 102 || c === 110) {
    s.pos = skipLiteral(s.b, from, s.end, c === 116 ? TRUE : c === 102 ? FALSE : NULL);
    return s.pos === FAIL ? UNREADABLE : c === 116 ? true : c === 102 ? false : null;
  }
  s.pos = skipNumber(s.b, from, s.end);
  return s.pos === FAIL ? UNREADABLE : numberAt(s.b, from, s.pos);
}

/** The value of the valid JSON number [start, end): small integers directly, else Number(). */
function numberAt(b: Uint8Array, start: number, end: number): number {
  const negative = b[start] === 45;
  let v = 0;
  let i = negative ? start + 1 : start;
  if (end - i > 15) return Number(ascii(b, start, end));
  for (; i < end; i++) {
    const d = (b[i] as number) - 48;
    if (d < 0 || d > 9) return Number(ascii(b, start, end));
    v = v * 10 + d;
  }
  return negative ? -v : v;
}

/** A string from its opening quote at `s.pos`; escaped strings go through JSON.parse. */
export function readString(s: ByteScan): unknown {
  const b = s.b;
  const start = s.pos + 1;
  let h = FNV_OFFSET;
  let i = start;
  for (;;) {
    if (i >= s.end) return UNREADABLE;
    const c = b[i] as number;
    const k = IN_STRING[c] as number;
    if (k === 1) break;
    if (k === 2) return readEscaped(s);
    if (k !== 0) return UNREADABLE;
    h = Math.imul(h ^ c, FNV_PRIME);
    i++;
  }
  s.pos = i + 1;
  return intern(s, start, i, h);
}

function readEscaped(s: ByteScan): unknown {
  const from = s.pos;
  const to = skipString(s.b, from, s.end);
  if (to === FAIL) return UNREADABLE;
  s.pos = to;
  return JSON.parse(ascii(s.b, from, to)) as string;
}

function readObject(s: ByteScan, depth: number): unknown {
  const o: Record<string, unknown> = {};
  s.pos++;
  for (let first = true; ; first = false) {
    const m = nextMember(s, first);
    if (m === 0) return o;
    if (m === FAIL) return UNREADABLE;
    const key = intern(s, s.keyStart, s.keyEnd, s.key);
    if (key === '__proto__') return UNREADABLE;
    const v = readValue(s, depth);
    if (v === UNREADABLE) return UNREADABLE;
    o[key] = v;
  }
}

function readArray(s: ByteScan, depth: number): unknown {
  const out: unknown[] = [];
  const b = s.b;
  let i = skipWs(b, s.pos + 1, s.end);
  if (i < s.end && b[i] === 93) {
    s.pos = i + 1;
    return out;
  }
  for (;;) {
    s.pos = i;
    const v = readValue(s, depth);
    if (v === UNREADABLE) return UNREADABLE;
    out.push(v);
    i = skipWs(b, s.pos, s.end);
    if (i >= s.end) return UNREADABLE;
    if (b[i] === 93) {
      s.pos = i + 1;
      return out;
    }
    if (b[i] !== 44) return UNREADABLE;
    i = skipWs(b, i + 1, s.end);
  }
}
