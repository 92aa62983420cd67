/**
 * Decisions sent to the worker once (workers/held-decisions.ts): a decisions object goes with the
 * first request that needs it and is named by a number after that — the save, the YAML and the
 * verification of one change share one copy between the threads. A worker that no longer holds
 * it (restarted, or it held newer ones since) says so, and the value is sent again.
 */
import type { Decisions } from '$lib/engine';
import { UNKNOWN_DECISIONS, type DecisionsRef } from '$workers/held-decisions';

/** The numbers given in this page (one counter: numbers never name two objects). */
const refs = new WeakMap<Decisions, number>();
let last = 0;

/** `d` as the next request carries it: its number, with the value the first time. */
function refOf(d: Decisions): DecisionsRef {
  const ref = refs.get(d);
  if (ref !== undefined) return { ref };
  refs.set(d, ++last);
  return { ref: last, value: d };
}

/**
 * `ask` with `d` sent by number; asked again, with the value, when the worker does not hold it.
 * `ask` must send its request at once (the value goes with the first request sent).
 */
export async function withDecisions<T>(
  d: Decisions,
  ask: (sent: DecisionsRef) => Promise<T>,
): Promise<T> {
  try {
    return await ask(refOf(d));
  } catch (e) {
    if (!(e instanceof Error) || !e.message.includes(UNKNOWN_DECISIONS)) throw e;
    refs.delete(d);
    return ask(refOf(d));
  }
}
