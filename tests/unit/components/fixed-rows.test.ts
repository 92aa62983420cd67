import { describe, expect, it } from 'vitest';
import { FixedRows, windowIndexes } from '../../../src/lib/components/review/fixed-rows.svelte';

const range = (startIndex: number, endIndex: number, count = 10_000, overscan = 2) => ({
  startIndex,
  endIndex,
  count,
  overscan,
});

describe('windowIndexes', () => {
  it('is the window with its overscan, clipped to the rows', () => {
    expect(windowIndexes(range(10, 12), null)).toEqual([8, 9, 10, 11, 12, 13, 14]);
    expect(windowIndexes(range(0, 2), null)).toEqual([0, 1, 2, 3, 4]);
    expect(windowIndexes(range(9_998, 9_999), null)).toEqual([9_996, 9_997, 9_998, 9_999]);
  });

  it('keeps a row out of the window, in index order, once', () => {
    expect(windowIndexes(range(5_000, 5_001), 3)).toEqual([
      3, 4_998, 4_999, 5_000, 5_001, 5_002, 5_003,
    ]);
    expect(windowIndexes(range(0, 1), 7_000)).toEqual([0, 1, 2, 3, 7_000]);
    expect(windowIndexes(range(10, 12), 9)).toEqual([8, 9, 10, 11, 12, 13, 14]);
  });

  it('pads the window to `length` rows: those after it, else those before, while the rows last', () => {
    expect(windowIndexes(range(10, 12), null, 9)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(windowIndexes(range(0, 2), null, 7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(windowIndexes(range(9_998, 9_999), null, 6)).toEqual([
      9_994, 9_995, 9_996, 9_997, 9_998, 9_999,
    ]);
    expect(windowIndexes(range(0, 1, 3), null, 7)).toEqual([0, 1, 2]);
    expect(windowIndexes(range(10, 12), null, 5)).toEqual([8, 9, 10, 11, 12, 13, 14]);
    expect(windowIndexes(range(5_000, 5_001), 3, 8)).toEqual([
      3, 4_998, 4_999, 5_000, 5_001, 5_002, 5_003, 5_004, 5_005,
    ]);
  });

  it('drops a kept row the rows no longer have', () => {
    expect(windowIndexes(range(0, 1, 4), 7)).toEqual([0, 1, 2, 3]);
    expect(windowIndexes(range(0, -1, 0), 0)).toEqual([]);
  });
});

describe('FixedRows', () => {
  // A view of exactly 12 rows: rows 0 … 11 and two beyond.
  it('places each row at its index times the height, never measured, the kept row too', () => {
    let rows = { count: 10_000, keep: null as number | null };
    const fixed = new FixedRows(34, 2, () => rows, 12 * 34);
    expect(fixed.items.map((i) => i.index)).toEqual([...Array(14).keys()]);
    expect(fixed.items.every((i) => i.start === i.index * 34 && i.size === 34)).toBe(true);
    expect(fixed.total).toBe(340_000);
    expect(fixed.apart).toBe(null);

    rows = { count: 10_000, keep: 9_000 };
    const kept = new FixedRows(34, 2, () => rows, 12 * 34);
    expect(kept.items.map((i) => i.index)).toEqual([...Array(14).keys(), 9_000]);
    expect(kept.items.at(-1)!.start).toBe(9_000 * 34);
    // The window's rows follow one another from the first's offset; the kept row is apart.
    expect(kept.apart).toBe(9_000);
    expect(kept.top).toBe(0);

    rows = { count: 10_000, keep: 14 };
    const next = new FixedRows(34, 2, () => rows, 12 * 34);
    expect(next.items.map((i) => i.index)).toEqual([...Array(15).keys()]);
    expect(next.apart).toBe(null);

    rows = { count: 3, keep: null };
    const few = new FixedRows(34, 2, () => rows, 12 * 34);
    expect(few.items.map((i) => i.index)).toEqual([0, 1, 2]);
    expect(few.total).toBe(102);
  });

  it('steady: as many rows at every scroll position as the view can show with its overscan', () => {
    // A view of 12.3 rows shows 13 or 14 of them, as it is scrolled: always 14 and two on each side.
    const rows = { count: 10_000, keep: null };
    const fixed = new FixedRows(34, 2, () => rows, 12 * 34 + 10, true);
    expect(fixed.items.map((i) => i.index)).toEqual([...Array(18).keys()]);
    const loose = new FixedRows(34, 2, () => rows, 12 * 34 + 10);
    expect(loose.items).toHaveLength(15);
  });
});
