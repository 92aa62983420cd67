/**
 * Finding one byte value in a chunk, the scan every line of a big capture goes through twice
 * (a lone CR to turn into a newline, then each newline). Uint8Array#indexOf costs three to six
 * times more per byte in V8 (measured on 1 MiB chunks of a Hubble capture) than findByte; a
 * chunk whose class brings its own indexOf (Node's Buffer: a native memchr, ten to thirty times
 * faster than findByte on the same chunks) is searched with it — the CLI reads files into
 * Buffers, a browser's streams give plain Uint8Arrays.
 */

/**
 * The first `byte` at or after `i` in `b`, or -1: sixteen bytes a step, a step testing whether
 * any of its four words holds the byte (the zero-byte test on word ^ byte×0x01010101), then
 * byte by byte in the step that does. `v` is a DataView of exactly `b`'s bytes.
 */
export function findByte(b: Uint8Array, v: DataView, i: number, byte: number): number {
  const n = b.length;
  const pattern = Math.imul(byte & 0xff, 0x01010101);
  for (; i + 16 <= n; i += 16) {
    const a = v.getUint32(i) ^ pattern;
    const c = v.getUint32(i + 4) ^ pattern;
    const d = v.getUint32(i + 8) ^ pattern;
    const e = v.getUint32(i + 12) ^ pattern;
    const zero = ((a - 0x01010101) & ~a) | ((c - 0x01010101) & ~c);
    const zero2 = ((d - 0x01010101) & ~d) | ((e - 0x01010101) & ~e);
    if (((zero | zero2) & 0x80808080) !== 0) break;
  }
  for (; i < n; i++) if (b[i] === byte) return i;
  return -1;
}

/** A DataView of exactly `b`'s bytes. */
export function viewOfBytes(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

const TYPED_INDEX_OF = Uint8Array.prototype.indexOf;

/** A chunk to search for one byte value again and again (the line scans): see `findIn`. */
export interface ByteFinder {
  /** The chunk as a plain Uint8Array (its own class kept out of the hot parsing code). */
  b: Uint8Array;
  v: DataView;
  /** The chunk itself when its indexOf is its class's own (native), else null. */
  native: Uint8Array | null;
}

/** A finder over `chunk`. */
export function byteFinder(chunk: Uint8Array): ByteFinder {
  const native = chunk.indexOf === TYPED_INDEX_OF ? null : chunk;
  const b = native ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length) : chunk;
  return { b, v: viewOfBytes(b), native };
}

/** The first `byte` at or after `i` in the finder's chunk, or -1. */
export function findIn(f: ByteFinder, i: number, byte: number): number {
  return f.native ? f.native.indexOf(byte, i) : findByte(f.b, f.v, i, byte);
}
