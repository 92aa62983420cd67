/**
 * Values built once per distinct byte content, for the byte line paths: lines of one capture
 * repeat the same endpoint, address and Service objects thousands of times. A kept object whose
 * bytes the line repeats at the read position is the value there (a JSON object ends at its own
 * closing brace), so a hit costs one comparison and builds nothing. Kept values are shared
 * between records: callers only ever read them. The table is direct-mapped on a hash of the
 * value's first bytes, WAYS entries a slot, in typed arrays (a Map of lists was the cost).
 */
import { UNREADABLE, type ByteScan } from './json-bytes';
import { readValue } from './json-bytes-read';

/**
 * Bytes of the line, from the value's start, that find the kept values to compare: enough to
 * hold both addresses of a Hubble `IP` object (with 32, every pair of one source shared a slot
 * and its WAYS entries, and evicted one another).
 */
const PREFIX = 64;
/** Kept values a slot holds (the same endpoint seen with other labels, say): newest first. */
const WAYS = 4;

export interface ByteMemo {
  /** Slots - 1 (slots are a power of two). */
  mask: number;
  /** Per entry (slot * WAYS + way): prefix hash, place in the arena, length (0: empty), value. */
  keys: Int32Array;
  at: Int32Array;
  length: Int32Array;
  values: unknown[];
  /** The bytes of every kept value, one after the other; the memo starts over when it is full. */
  arena: DataView;
  /** The arena's bytes (kept values are copied in byte by byte: no view made per copy). */
  bytes: Uint8Array;
  used: number;
  view: LineView;
}

/** A DataView of the bytes being read (for 4-byte reads), made again when they change. */
export interface LineView {
  of: Uint8Array | null;
  view: DataView;
}

export function createLineView(): LineView {
  return { of: null, view: new DataView(new ArrayBuffer(0)) };
}

export function viewOf(v: LineView, b: Uint8Array): DataView {
  if (v.of !== b) {
    v.of = b;
    v.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  return v.view;
}

/** A memo of `slots` slots (a power of two) whose kept bytes take at most `arenaBytes`. */
export function createByteMemo(slots: number, arenaBytes: number, view: LineView): ByteMemo {
  const n = slots * WAYS;
  const arena = new ArrayBuffer(arenaBytes);
  return {
    mask: slots - 1,
    keys: new Int32Array(n),
    at: new Int32Array(n),
    length: new Int32Array(n),
    values: new Array<unknown>(n).fill(undefined),
    arena: new DataView(arena),
    bytes: new Uint8Array(arena),
    used: 0,
    view,
  };
}

/**
 * Hash of up to PREFIX bytes from `start` (4 at a time). The low bits of a multiply depend only
 * on the low bits of what it multiplies — here the last byte or two of each word — and the slot
 * is taken from the low bits: the high half is folded into them (without it, endpoints that
 * differ only in other bytes of their prefix crowded into a few slots and evicted one another).
 */
function prefixKey(v: DataView, start: number, end: number): number {
  const stop = Math.min(end, start + PREFIX);
  let x = 0x811c9dc5 | 0;
  let i = start;
  for (; i + 4 <= stop; i += 4) x = Math.imul(x ^ v.getUint32(i), 0x01000193);
  for (; i < stop; i++) x = Math.imul(x ^ v.getUint8(i), 0x01000193);
  return x ^ (x >>> 15);
}

/** Whether the line holds the arena's bytes [at, at + n) from `i` (16 bytes a step). */
function holds(w: DataView, at: number, n: number, v: DataView, i: number, end: number): boolean {
  const stop = i + n;
  if (stop > end) return false;
  for (; i + 16 <= stop; i += 16, at += 16) {
    if (
      w.getUint32(at) !== v.getUint32(i) ||
      w.getUint32(at + 4) !== v.getUint32(i + 4) ||
      w.getUint32(at + 8) !== v.getUint32(i + 8) ||
      w.getUint32(at + 12) !== v.getUint32(i + 12)
    )
      return false;
  }
  for (; i < stop; i++, at++) if (w.getUint8(at) !== v.getUint8(i)) return false;
  return true;
}

/**
 * The object at `s.pos` (read as JSON.parse would), built once per distinct byte content;
 * `onKeep` sees each newly kept value. Anything but an object is read without the memo.
 */
export function memoObject(m: ByteMemo, s: ByteScan, onKeep?: (v: unknown) => void): unknown {
  const start = s.pos;
  if (start >= s.end || s.b[start] !== 123) return readValue(s, 2);
  const v = viewOf(m.view, s.b);
  const key = prefixKey(v, start, s.end);
  const first = (key & m.mask) * WAYS;
  for (let e = first; e < first + WAYS; e++) {
    const n = m.length[e] as number;
    if (n === 0 || m.keys[e] !== key || !holds(m.arena, m.at[e] as number, n, v, start, s.end))
      continue;
    s.pos = start + n;
    return m.values[e];
  }
  const value = readValue(s, 2);
  if (value === UNREADABLE) return UNREADABLE;
  if (keep(m, first, key, s.b, start, s.pos, value)) onKeep?.(value);
  return value;
}

/** Keeps bytes [start, end) of `b` and their value first in their slot; false when too big. */
function keep(
  m: ByteMemo,
  first: number,
  key: number,
  b: Uint8Array,
  start: number,
  end: number,
  value: unknown,
): boolean {
  const n = end - start;
  if (n > m.arena.byteLength) return false;
  if (m.used + n > m.arena.byteLength) {
    m.length.fill(0);
    m.values.fill(undefined);
    m.used = 0;
  }
  for (let i = 0; i < n; i++) m.bytes[m.used + i] = b[start + i] as number;
  for (let e = first + WAYS - 1; e > first; e--) {
    m.keys[e] = m.keys[e - 1] as number;
    m.at[e] = m.at[e - 1] as number;
    m.length[e] = m.length[e - 1] as number;
    m.values[e] = m.values[e - 1];
  }
  m.keys[first] = key;
  m.at[first] = m.used;
  m.length[first] = n;
  m.values[first] = value;
  m.used += n;
  return true;
}
