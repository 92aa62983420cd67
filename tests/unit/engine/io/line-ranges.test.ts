/**
 * Cut points of a file read in parts (io/line-ranges.ts): about equal parts, or parts smaller
 * and smaller for readers that take the next one as they come free — never a part under the
 * least size, the first ones big — and the ranges that start after a newline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalPoints, guidedPoints, lineRanges } from '../../../../src/lib/engine/io/line-ranges';

/** The sizes of the parts `points` cut a file of `size` bytes into. */
function sizes(size: number, points: number[]): number[] {
  return [...points, size].map((p, i) => p - (i === 0 ? 0 : points[i - 1]!));
}

describe('cut points', () => {
  it('equal parts: the size divided', () => {
    expect(equalPoints(100, 4)).toEqual([25, 50, 75]);
    expect(equalPoints(100, 1)).toEqual([]);
  });

  it('guided parts: the rest divided by the readers, at least the least size', () => {
    // 317 MB in parts of at least 8 MiB for 2 readers: halves, down to the least.
    const mib = 1024 * 1024;
    const parts = sizes(317 * mib, guidedPoints(317 * mib, 2, 8 * mib)).map((s) => s / mib);
    expect(parts).toEqual([158.5, 79.25, 39.625, 19.8125, 9.90625, 9.90625]);
    expect(guidedPoints(15, 2, 8)).toEqual([]);
  });

  it('guided parts never under the least size, never bigger than the part before but the last', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 2, max: 64 }),
        fc.integer({ min: 1, max: 1e8 }),
        (size, threads, least) => {
          const points = guidedPoints(size, threads, least);
          if (points.length === 0) return;
          const parts = sizes(size, points);
          expect(parts.every((p) => p >= least)).toBe(true);
          for (let i = 1; i < parts.length - 1; i++)
            expect(parts[i]).toBeLessThanOrEqual(parts[i - 1]!);
          expect(parts[0]).toBeGreaterThanOrEqual(Math.floor(size / threads));
        },
      ),
    );
  });

  it('ranges start after a newline', async () => {
    const text = new TextEncoder().encode('aaaa\nbbbb\ncccc\ndddd\n');
    const slice = (s: number, e: number): Promise<Uint8Array> => Promise.resolve(text.slice(s, e));
    // A point past the last newline makes no cut.
    expect(await lineRanges(text.length, [3, 12, 19], slice)).toEqual([
      [0, 5],
      [5, 15],
      [15, 20],
    ]);
    expect(guidedPoints(text.length, 2, 4)).toEqual([10, 15]);
    expect(await lineRanges(text.length, [10, 15], slice)).toEqual([
      [0, 15],
      [15, 20],
    ]);
  });
});
