/**
 * What a review's decision regenerates: LatestMemo keeps a workload's result while its decisions
 * stay (the same object, or an equal one), and shownWarnings is what a page is sent of a policy's
 * warnings.
 */
import { describe, expect, it } from 'vitest';
import { LatestMemo } from '$lib/engine/policy/incremental';
import { samePlain } from '$lib/engine/model/memo';
import { POLICY_WARNING_CODES as W, shownWarnings } from '$lib/engine/policy/warnings';

describe('LatestMemo', () => {
  it('makes again only when the decisions changed: the same object, or equal text, is kept', () => {
    const memo = new LatestMemo<object, number>();
    const rows = {};
    let made = 0;
    const make = () => ++made;
    const d = { included: { a: true } };
    expect(memo.get(rows, 'k', d, make)).toBe(1);
    expect(memo.get(rows, 'k', d, make)).toBe(1);
    expect(memo.get(rows, 'k', { included: { a: true } }, make)).toBe(1);
    expect(memo.get(rows, 'k', { included: { a: false } }, make)).toBe(2);
    // Compared with the decisions seen last.
    expect(memo.get(rows, 'k', d, make)).toBe(3);
    expect(memo.get(rows, 'other', d, make)).toBe(4);
  });
});

describe('samePlain', () => {
  it('plain values deeply, object keys in any order, arrays in order', () => {
    expect(samePlain({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(samePlain({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(samePlain({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(samePlain([1, 2], [2, 1])).toBe(false);
    expect(samePlain([1], { 0: 1 })).toBe(false);
    expect(samePlain({ a: true }, { a: 'true' })).toBe(false);
    expect(samePlain(null, {})).toBe(false);
  });
});

describe('shownWarnings', () => {
  it('the first warnings of each code in their order, and every code counted', () => {
    const ip = (i: number) => ({ code: W.UNRESOLVED_IP, message: `ip ${i}` });
    const list = [
      ip(0),
      { code: W.SELECTOR_OVERLAP, message: 'overlap' },
      ...Array.from({ length: 30 }, (_, i) => ip(i + 1)),
    ];
    const { shown, counts } = shownWarnings(list, 20);
    expect(shown.map((w) => w.message)).toEqual([
      'ip 0',
      'overlap',
      ...Array.from({ length: 19 }, (_, i) => `ip ${i + 1}`),
    ]);
    expect(counts).toEqual({ [W.UNRESOLVED_IP]: 31, [W.SELECTOR_OVERLAP]: 1 });
  });
});
