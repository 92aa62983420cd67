/**
 * A range's claim (io/range-claim.ts): a reader gets its bytes read by read, another thread
 * moves the end back past every byte claimed, never behind one, and only once per end seen.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claimRead,
  createClaim,
  cutClaim,
  unclaimed,
} from '../../../../src/lib/engine/io/range-claim';

describe('range claims', () => {
  it('gives a reader its range read by read, then nothing', () => {
    const claim = createClaim([100, 350]);
    expect(unclaimed(claim)).toEqual([100, 350]);
    expect(claimRead(claim, 100, 100)).toBe(100);
    expect(unclaimed(claim)).toEqual([200, 350]);
    expect(claimRead(claim, 200, 100)).toBe(100);
    expect(claimRead(claim, 300, 100)).toBe(50);
    expect(claimRead(claim, 350, 100)).toBe(0);
  });

  it('cuts only past what was claimed, inside the range, at the end it was seen with', () => {
    const claim = createClaim([0, 1000]);
    claimRead(claim, 0, 300);
    expect(cutClaim(claim, 299, 1000)).toBe(false); // a byte past 299 is claimed
    expect(cutClaim(claim, 1000, 1000)).toBe(false); // not inside
    expect(cutClaim(claim, 600, 999)).toBe(false); // its end is not 999
    expect(cutClaim(claim, 600, 1000)).toBe(true);
    expect(cutClaim(claim, 500, 1000)).toBe(false); // cut since: its end is 600 now
    expect(unclaimed(claim)).toEqual([300, 600]);
    expect(claimRead(claim, 300, 1000)).toBe(300);
    expect(claimRead(claim, 600, 1000)).toBe(0);
  });

  it('a reader and cuts in any order: the reader reads exactly up to the last cut made', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(
          fc.oneof(
            fc.integer({ min: 1, max: 700 }).map((n) => ({ read: n })),
            fc.nat().map((n) => ({ cut: n })),
          ),
          { maxLength: 60 },
        ),
        (size, steps) => {
          const claim = createClaim([0, size]);
          let at = 0;
          let end = size;
          for (const s of steps) {
            if ('read' in s) at += claimRead(claim, at, s.read);
            else {
              const cut = s.cut % (size + 1);
              const made = cutClaim(claim, cut, end);
              expect(made).toBe(cut >= at && cut < end);
              if (made) end = cut;
            }
            expect(at).toBeLessThanOrEqual(end);
          }
          while (claimRead(claim, at, 700) > 0) at = unclaimed(claim)[0];
          expect(at).toBe(end);
        },
      ),
    );
  });
});
