/**
 * findByte (the scan for newlines and lone CRs on every chunk of a capture) finds what
 * Uint8Array#indexOf finds: any byte value, any start, views that do not start at their
 * buffer's start, matches in the word-at-a-time steps and in the bytes after the last step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteFinder, findByte, findIn, viewOfBytes } from '../../../../src/lib/engine/io/find-byte';
import { universalNewlines } from '../../../../src/lib/engine/io/newlines';

describe('findByte', () => {
  it('finds the first byte of a value at or after a position, as indexOf does', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(7),
        fc.nat(220),
        fc.integer({ min: 0, max: 255 }),
        (bytes, offset, from, byte) => {
          // Bytes of the value are planted often enough that most runs find one.
          const planted = bytes.map((x, k) => (k % 37 === from % 37 ? byte : x));
          const buffer = new Uint8Array(planted.length + offset);
          buffer.set(planted, offset);
          const b = buffer.subarray(offset);
          const i = Math.min(from, b.length);
          expect(findByte(b, viewOfBytes(b), i, byte)).toBe(b.indexOf(byte, i));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('findIn finds what indexOf finds, in a plain chunk and in a Node Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(220), (bytes, from) => {
        const i = Math.min(from, bytes.length);
        const plainChunk = byteFinder(bytes);
        const buffer = Buffer.from(bytes);
        const nodeChunk = byteFinder(buffer);
        expect(plainChunk.native).toBeNull();
        expect(nodeChunk.native).toBe(buffer);
        // The bytes the parsers read are a plain Uint8Array over the Buffer's memory.
        expect(nodeChunk.b.constructor).toBe(Uint8Array);
        expect(Array.from(nodeChunk.b)).toEqual(Array.from(bytes));
        for (const byte of [10, 13, bytes[i] ?? 0]) {
          expect(findIn(plainChunk, i, byte)).toBe(bytes.indexOf(byte, i));
          expect(findIn(nodeChunk, i, byte)).toBe(bytes.indexOf(byte, i));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a lone CR in a Node Buffer reads as LF in a copy; the Buffer is left as it was', async () => {
    const b = Buffer.from('a\rb\r\nc');
    const chunks: Uint8Array[] = [b];
    const src = universalNewlines({
      read: () => Promise.resolve(chunks.shift() ?? null),
      cancel: () => Promise.resolve(),
    });
    expect(new TextDecoder().decode((await src.read())!)).toBe('a\nb\r\nc');
    expect(b.toString()).toBe('a\rb\r\nc');
  });

  it('a lone CR anywhere in a chunk ends a line; CRLF stays', async () => {
    for (const at of [0, 5, 15, 16, 17, 31, 40, 63]) {
      const b = new Uint8Array(64).fill(120);
      b[at] = 13;
      if (at === 40) b[41] = 10;
      const chunks = [b];
      const src = universalNewlines({
        read: () => Promise.resolve(chunks.shift() ?? null),
        cancel: () => Promise.resolve(),
      });
      const out = (await src.read())!;
      const expected = b.slice();
      if (at !== 40 && at !== 63) expected[at] = 10;
      // A CR at the chunk's end waits for the next chunk.
      expect(Array.from(out)).toEqual(Array.from(at === 63 ? b.subarray(0, 63) : expected));
    }
  });
});
