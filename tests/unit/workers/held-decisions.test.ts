/**
 * Decisions sent once between the page and the worker: the value goes with the first request,
 * the requests after it name it by number, and a number the worker no longer holds is answered
 * with an error the page's side recovers from by sending the value again.
 */
import { describe, expect, it } from 'vitest';
import {
  heldDecisions,
  UNKNOWN_DECISIONS,
  type DecisionsRef,
} from '../../../workers/held-decisions';
import { withDecisions } from '$lib/state/sent-decisions';
import { defaultDecisions, setIncluded, type Decisions } from '$lib/engine/policy/decisions';
import type { CommKey } from '$lib/engine/model/ids';

const W = { kind: 'Deployment', namespace: 'shop', name: 'cart' };

/** A request to the "worker": what it was sent, and the decisions it resolved. */
function worker() {
  const sent: DecisionsRef[] = [];
  const ask = async (r: DecisionsRef) => {
    sent.push(r);
    return heldDecisions(r);
  };
  return { sent, ask };
}

describe('decisions sent once', () => {
  it('the value goes with the first request, a number after it; the worker resolves both to one object', async () => {
    const d = setIncluded(['k1' as CommKey], false)(defaultDecisions(W));
    const { sent, ask } = worker();
    const first = await withDecisions(d, ask);
    const second = await withDecisions(d, ask);
    expect(sent[0]!.value).toBe(d);
    expect(sent[1]).toEqual({ ref: sent[0]!.ref });
    expect(first).toEqual(d);
    expect(second).toBe(first);
    // Other decisions get another number.
    await withDecisions(defaultDecisions(W), ask);
    expect(sent[2]!.ref).not.toBe(sent[0]!.ref);
  });

  it('a value sent is restored once: what cannot be used is left out', async () => {
    const bad = {
      ...defaultDecisions(W),
      included: { k1: true, k2: 'yes' },
    } as unknown as Decisions;
    const { ask } = worker();
    expect((await withDecisions(bad, ask)).included).toEqual({ k1: true });
  });

  it('a number the worker does not hold: the page sends the value again', async () => {
    expect(() => heldDecisions({ ref: -1 })).toThrow(UNKNOWN_DECISIONS);
    const d = setIncluded(['k9' as CommKey], true)(defaultDecisions(W));
    const { sent, ask } = worker();
    await withDecisions(d, ask);
    // The worker holds the last few only: many other decisions later, d's number is unknown.
    for (let i = 0; i < 40; i++)
      await withDecisions(defaultDecisions({ ...W, name: `w${i}` }), ask);
    const before = sent.length;
    expect(await withDecisions(d, ask)).toEqual(d);
    expect(sent.slice(before).map((r) => r.value !== undefined)).toEqual([false, true]);
    // Other errors are not retried.
    await expect(
      withDecisions(d, () => Promise.reject(new Error('quota exceeded'))),
    ).rejects.toThrow('quota exceeded');
  });
});
