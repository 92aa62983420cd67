/**
 * The worker's bulk inclusion made ahead (workers/warm-inclusion.ts): started a moment after a
 * verification, never while the page asks something — a request stops it before it starts, or
 * at its next part.
 */
import { describe, expect, it } from 'vitest';
import { stopWarming, warmInclusionSoon } from '../../../workers/warm-inclusion';
import { defaultDecisions } from '$lib/engine/policy/decisions';
import type { PolicyRequest } from '$lib/engine';

const W = { kind: 'Deployment', namespace: 'shop', name: 'cart' };
const R: PolicyRequest = {
  cluster: 'c',
  entity: 'Deployment',
  namespace: 'shop',
  workload: W,
  decisions: defaultDecisions(W),
};
const wait = (ms: number) => new Promise((go) => setTimeout(go, ms));
/** Resolves once `cond` holds (polled; a loaded machine delays the timers). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await wait(5);
  expect(cond()).toBe(true);
}

/** A workspace whose warm-up has `parts` parts, recording what it was asked and how far it went. */
function workspace(parts = 3) {
  const log: string[] = [];
  return {
    log,
    warmInclusion: async (r: unknown, pause?: () => Promise<boolean>) => {
      log.push(r === R ? 'asked' : 'other');
      for (let i = 0; i < parts; i++) {
        if (!(await pause!())) return (log.push(`stopped after ${i}`), []);
        await wait(10);
      }
      log.push('done');
      return [];
    },
  };
}

describe('the bulk inclusion made ahead, in the worker', () => {
  it('runs a moment after the verification, in parts', async () => {
    const w = workspace();
    warmInclusionSoon(w, R, 20);
    expect(w.log).toEqual([]);
    await until(() => w.log.length === 2);
    expect(w.log).toEqual(['asked', 'done']);
  });

  it('a request of the page before it starts: it does not; during it: it stops at the next part', async () => {
    const before = workspace();
    warmInclusionSoon(before, R, 20);
    stopWarming();
    await wait(100);
    expect(before.log).toEqual([]);

    const during = workspace();
    warmInclusionSoon(during, R, 5);
    await until(() => during.log[0] === 'asked');
    stopWarming();
    await until(() => during.log.length === 2);
    expect(during.log[1]).toMatch(/^stopped after \d$/);
    // A later verification starts it again.
    warmInclusionSoon(during, R, 5);
    await until(() => during.log.length === 4);
    expect(during.log.slice(2)).toEqual(['asked', 'done']);
  });
});
