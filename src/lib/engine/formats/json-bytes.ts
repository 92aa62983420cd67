/**
 * A validating JSON scanner over UTF-8 bytes, for the hot line paths: it walks an object's
 * members and skips values (checks them, builds nothing); json-bytes-read.ts builds the values
 * a caller wants. What it does not handle — a byte outside ASCII, an escaped key, a nesting
 * deeper than MAX_DEPTH, invalid JSON — makes it give up (FAIL / UNREADABLE) and the caller
 * reads the line the exact, slow way, which reports what is wrong.
 */

/** Returned instead of an index when the bytes are not for this reader. */
export const FAIL = -1;
/** Returned instead of a value when the bytes are not for this reader. */
export const UNREADABLE: unique symbol = Symbol('unreadable');

export const MAX_DEPTH = 64;
/** Slots of the string intern table (a power of two). */
export const STRING_SLOTS = 1 << 14;
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** Bytes inside a string: 0 plain ASCII, 1 closing quote, 2 backslash, 3 not for this reader. */
export const IN_STRING = new Uint8Array(256);
IN_STRING.fill(3, 0, 32);
IN_STRING.fill(3, 128, 256);
IN_STRING[34] = 1;
IN_STRING[92] = 2;

/** Escapes JSON allows after a backslash (besides `u`): " \ / b f n r t. */
const SIMPLE_ESCAPES = new Set([34, 92, 47, 98, 102, 110, 114, 116]);

/** A line being read: its bytes, where it ends, the read position and the last key found. */
export interface ByteScan {
  b: Uint8Array;
  end: number;
  pos: number;
  /** FNV-1a hash of the key `nextMember` found, and its bytes (quotes excluded). */
  key: number;
  keyStart: number;
  keyEnd: number;
  /** Interned strings, direct-mapped by hash (a collision just builds the string again). */
  strings: (string | undefined)[];
}

export function createScan(): ByteScan {
  const strings = new Array<string | undefined>(STRING_SLOTS).fill(undefined);
  return { b: new Uint8Array(0), end: 0, pos: 0, key: 0, keyStart: 0, keyEnd: 0, strings };
}

/** Points the scan at bytes [start, end) of `b`. */
export function scanLine(s: ByteScan, b: Uint8Array, start: number, end: number): void {
  s.b = b;
  s.end = end;
  s.pos = skipWs(b, start, end);
}

export function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i] as number;
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** After a backslash at `i - 1`: the index after the escape, or FAIL. */
function skipEscape(b: Uint8Array, i: number, end: number): number {
  const e = i < end ? (b[i] as number) : -1;
  if (SIMPLE_ESCAPES.has(e)) return i + 1;
  if (e !== 117 || i + 5 > end) return FAIL;
  for (let k = i + 1; k < i + 5; k++) if (!isHex(b[k] as number)) return FAIL;
  return i + 5;
}

/** From the opening quote at `i`: the index after the closing quote, or FAIL. */
export function skipString(b: Uint8Array, i: number, end: number): number {
  i++;
  while (i < end) {
    const k = IN_STRING[b[i] as number] as number;
    if (k === 0) i++;
    else if (k === 1) return i + 1;
    else if (k === 2) {
      i = skipEscape(b, i + 1, end);
      if (i === FAIL) return FAIL;
    } else return FAIL;
  }
  return FAIL;
}

function skipDigits(b: Uint8Array, i: number, end: number): number {
  while (i < end && (b[i] as number) >= 48 && (b[i] as number) <= 57) i++;
  return i;
}

/** A JSON number from `i` (RFC 8259 grammar): the index after it, or FAIL. */
export function skipNumber(b: Uint8Array, i: number, end: number): number {
  if (b[i] === 45) i++;
  if (i >= end) return FAIL;
  const first = b[i] as number;
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) i = skipDigits(b, i + 1, end);
  else return FAIL;
  if (i < end && b[i] === 46) {
    const from = i + 1;
    i = skipDigits(b, from, end);
    if (i === from) return FAIL;
  }
  if (i < end && (b[i] === 101 || b[i] === 69)) {
    i++;
    if (i < end && (b[i] === 43 || b[i] === 45)) i++;
    const from = i;
    i = skipDigits(b, from, end);
    if (i === from) return FAIL;
  }
  return i;
}

export const TRUE = [116, 114, 117, 101];
export const FALSE = [102, 97, 108, 115, 101];
export const NULL = [110, 117, 108, 108];

export function skipLiteral(b: Uint8Array, i: number, end: number, lit: number[]): number {
  if (i + lit.length > end) return FAIL;
  for (let k = 0; k < lit.length; k++) if (b[i + k] !== lit[k]) return FAIL;
  return i + lit.length;
}

/** Any JSON value from `i` (no leading whitespace): the index after it, or FAIL. */
export function skipValue(b: Uint8Array, i: number, end: number, depth: number): number {
  if (i >= end) return FAIL;
  const c = b[i] as number;
  if (c === 34) return skipString(b, i, end);
  if (c === 123 || c === 91) return depth >= MAX_DEPTH ? FAIL : skipContainer(b, i, end, depth + 1);
  if (c === 116) return skipLiteral(b, i, end, TRUE);
  if (c === 102) return skipLiteral(b, i, end, FALSE);
  if (c === 110) return skipLiteral(b, i, end, NULL);
  return skipNumber(b, i, end);
}

/** An object or array from its bracket at `i`: the index after it, or FAIL. */
function skipContainer(b: Uint8Array, i: number, end: number, depth: number): number {
  const object = b[i] === 123;
  const close = object ? 125 : 93;
  i = skipWs(b, i + 1, end);
  if (i < end && b[i] === close) return i + 1;
  for (;;) {
    if (object) {
      if (i >= end || b[i] !== 34) return FAIL;
      i = skipWs(b, skipString(b, i, end), end);
      if (i < 0 || i >= end || b[i] !== 58) return FAIL;
      i = skipWs(b, i + 1, end);
    }
    i = skipValue(b, i, end, depth);
    if (i === FAIL) return FAIL;
    i = skipWs(b, i, end);
    if (i >= end) return FAIL;
    if (b[i] === close) return i + 1;
    if (b[i] !== 44) return FAIL;
    i = skipWs(b, i + 1, end);
  }
}

/**
 * Moves to the next member of the object being read (`first`: just after its `{`). Returns 1
 * with `s.key*` set and `s.pos` at the member's value, 0 after the closing `}`, or FAIL.
 * Keys with escapes give FAIL: an escaped key could spell a key the caller looks for.
 */
export function nextMember(s: ByteScan, first: boolean): number {
  const b = s.b;
  const end = s.end;
  let i = skipWs(b, s.pos, end);
  if (i >= end) return FAIL;
  if (b[i] === 125) {
    s.pos = i + 1;
    return 0;
  }
  if (!first) {
    if (b[i] !== 44) return FAIL;
    i = skipWs(b, i + 1, end);
    if (i >= end) return FAIL;
  }
  if (b[i] !== 34) return FAIL;
  let h = FNV_OFFSET;
  const start = ++i;
  for (;;) {
    if (i >= end) return FAIL;
    const c = b[i] as number;
    const k = IN_STRING[c] as number;
    if (k === 1) break;
    if (k !== 0) return FAIL;
    h = Math.imul(h ^ c, FNV_PRIME);
    i++;
  }
  s.key = h;
  s.keyStart = start;
  s.keyEnd = i;
  i = skipWs(b, i + 1, end);
  if (i >= end || b[i] !== 58) return FAIL;
  s.pos = skipWs(b, i + 1, end);
  return 1;
}

/** The FNV-1a hash nextMember gives for `key` (ASCII). */
export function hashKey(key: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Keys a reader looks for, direct-mapped by hash; `matchKey` finds the member's key there. */
export type KeyTable = (string[] | undefined)[];

const KEY_SLOTS = 1 << 10;

export function keyTable(keys: readonly string[]): KeyTable {
  const t: KeyTable = new Array<string[] | undefined>(KEY_SLOTS).fill(undefined);
  for (const k of keys) {
    const slot = hashKey(k) & (KEY_SLOTS - 1);
    (t[slot] ??= []).push(k);
  }
  return t;
}

/** The key of the member nextMember just found, when it is in `table`. */
export function matchKey(s: ByteScan, table: KeyTable): string | undefined {
  const list = table[s.key & (KEY_SLOTS - 1)];
  if (list === undefined) return undefined;
  for (const k of list) if (sameAscii(k, s.b, s.keyStart, s.keyEnd)) return k;
  return undefined;
}

export function sameAscii(str: string, b: Uint8Array, start: number, end: number): boolean {
  if (str.length !== end - start) return false;
  for (let i = 0; i < str.length; i++) if (str.charCodeAt(i) !== b[start + i]) return false;
  return true;
}

/** Skips the value at `s.pos`; false when it is not for this reader. */
export function skip(s: ByteScan): boolean {
  const i = skipValue(s.b, s.pos, s.end, 1);
  s.pos = i;
  return i !== FAIL;
}
