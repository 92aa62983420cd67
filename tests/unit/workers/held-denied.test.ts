/**
 * A verification's denied keys sent as a change of those the page holds: what the page ends
 * with is the verification's keys, in their order, whatever changed between the two.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deniedAnswer, deniedKeysOf, type HeldDenied } from '../../../workers/held-denied';

/** The keys as a page holds them after receiving `keys` while holding `held`. */
function received(keys: string[], held: HeldDenied | null): HeldDenied {
  const answer = deniedAnswer(keys, held?.version);
  return { version: answer.version, keys: deniedKeysOf(answer, held) };
}

const KEYS = Array.from({ length: 40 }, (_, i) => `row-${i}`);

describe('denied keys sent as a change', () => {
  it('a few keys changed come as a patch; nothing changed gives back the keys held', () => {
    const all = received(KEYS, null);
    expect(all.keys).toEqual(KEYS);
    const fewer = KEYS.filter((k) => k !== 'row-3' && k !== 'row-30');
    const answer = deniedAnswer(fewer, all.version);
    expect(answer.keys).toBeUndefined();
    expect(answer.patch).toEqual({ base: all.version, removed: [3, 30], at: [], added: [] });
    const held = { version: answer.version, keys: deniedKeysOf(answer, all) };
    expect(held.keys).toEqual(fewer);
    const same = deniedAnswer([...fewer], held.version);
    expect(same.keys).toBeUndefined();
    expect(deniedKeysOf(same, held)).toBe(held.keys);
  });

  it('keys in another order, repeated keys or a version not held come whole', () => {
    const held = received(KEYS, null);
    const swapped = [KEYS[1]!, KEYS[0]!, ...KEYS.slice(2)];
    expect(deniedAnswer(swapped, held.version).keys).toEqual(swapped);
    const twice = [...KEYS, KEYS[0]!];
    expect(deniedAnswer(twice, held.version).keys).toEqual(twice);
    expect(deniedAnswer(KEYS, 'another worker:1').keys).toEqual(KEYS);
    const stray = { version: 'v', patch: { base: 'x', removed: [], at: [], added: [] } };
    expect(() => deniedKeysOf(stray, held)).toThrow();
  });

  it('any change of the keys gives the new keys, in their order', () => {
    // The denied rows of one review's verifications: each a few rows more or fewer than the
    // one before (a decision, an alias saved), in the rows' order — or, now and then, in
    // another order.
    const key = (i: number) => `Deployment/shop/cart|egress|ip:10.0.0.${i}|443/TCP`;
    let patched = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 80 }),
        fc.array(
          fc.record({
            toggled: fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 12 }),
            reversed: fc.boolean(),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (first, steps) => {
          let ids = new Set(first);
          let held: HeldDenied | null = null;
          for (const { toggled, reversed } of [{ toggled: [], reversed: false }, ...steps]) {
            ids = new Set(ids);
            for (const t of toggled) if (!ids.delete(t)) ids.add(t);
            const sorted = [...ids].sort((a, b) => a - b).map(key);
            const keys = reversed ? sorted.reverse() : sorted;
            const answer = deniedAnswer(keys, held?.version);
            if (answer.patch) patched++;
            held = { version: answer.version, keys: deniedKeysOf(answer, held) };
            expect(held.keys).toEqual(keys);
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(patched).toBeGreaterThan(0);
  });
});
