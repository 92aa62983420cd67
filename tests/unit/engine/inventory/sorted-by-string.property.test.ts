import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortedByString } from '../../../../src/lib/engine/inventory/fields';

interface Item {
  key: string;
  n: number;
}

/** What the inventory's lists were sorted with before: a stable sort, keys compared with `<`. */
function byComparator(list: Item[]): Item[] {
  return [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Keys as a dump gives them, and texts where code-unit order and code-point order differ. */
const keyArb = fc.oneof(
  fc.constantFrom('a', 'b', 'B', 'a/b', 'a-b', 'a/b/', '', 'ä', '\u{1F600}', '\uFFFF', '\uD800'),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

const listArb = (keys: fc.Arbitrary<string>) =>
  fc.array(keys, { maxLength: 60 }).map((ks) => ks.map((key, n) => ({ key, n })));

describe('sortedByString', () => {
  it('orders distinct keys as the comparator sort does, in place', () => {
    fc.assert(
      fc.property(listArb(keyArb), (items) => {
        const distinct = [...new Map(items.map((i) => [i.key, i])).values()];
        const list = [...distinct];
        const out = sortedByString(list, (i) => i.key);
        expect(out).toBe(list);
        expect(out.map((i) => i.n)).toEqual(byComparator(distinct).map((i) => i.n));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the input order of equal keys, as the stable sort keeps it', () => {
    fc.assert(
      fc.property(listArb(fc.constantFrom('x', 'y', 'z', 'x/1', '\uD83D')), (items) => {
        const list = [...items];
        const out = sortedByString(list, (i) => i.key);
        expect(out.map((i) => i.n)).toEqual(byComparator(items).map((i) => i.n));
      }),
      { numRuns: 300 },
    );
  });

  it('sorts by code units, not code points', () => {
    const list = [{ key: '\uFFFF' }, { key: '\u{1F600}' }, { key: 'z' }];
    expect(sortedByString(list, (i) => i.key).map((i) => i.key)).toEqual([
      'z',
      '\u{1F600}',
      '\uFFFF',
    ]);
  });
});
