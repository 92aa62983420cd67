/**
 * byPackedRanks (model/packed-sort.ts) gives the order a stable sort by rank gives: ascending
 * ranks, equal ranks in the items' order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byPackedRanks } from '../../../../src/lib/engine/model/packed-sort';

describe('byPackedRanks', () => {
  it('orders as a stable sort by rank', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50 }), { maxLength: 300 }), (ranks) => {
        const items = ranks.map((rank, i) => ({ rank, i }));
        const want = [...items].sort((x, y) => x.rank - y.rank);
        expect(byPackedRanks(items, ranks)).toStrictEqual(want);
      }),
    );
  });

  it('keeps ties in their order up to the largest exact packing', () => {
    const n = 4;
    const top = Math.floor((Number.MAX_SAFE_INTEGER - n) / n);
    const ranks = [top, 0, top, 0];
    expect(byPackedRanks(['a', 'b', 'c', 'd'], ranks)).toEqual(['b', 'd', 'a', 'c']);
  });
});
