/**
 * Decisions sent once: the page's decisions object of a change goes to the worker with its first
 * request (its save, or the YAML asked for it) and the requests after it — the YAML, its
 * verification, reasons asked for later — name it by a number (src/lib/state/sent-decisions.ts).
 * A bulk decision of 10,000 rows is then copied between the threads once instead of three times,
 * and the worker's memos see the same object each time (the engine keys decisions by identity).
 * The last HELD decisions are kept; a number no longer known is answered by UNKNOWN_DECISIONS, and
 * the page sends the value again.
 */
import {
  restoreDecisions,
  setNewest,
  type BundleRequest,
  type Decisions,
  type PolicyRequest,
} from '$lib/engine';

/** Decisions as sent: by number, with the value the first time (or again, when asked). */
export interface DecisionsRef {
  ref: number;
  value?: Decisions;
}

/** The error message of a request naming decisions this worker does not hold. */
export const UNKNOWN_DECISIONS = 'netpolish: decisions not held by the worker';

/** How many decisions are held (the review's, and a few an undo may name). */
const HELD = 16;

const held = new Map<number, Decisions>();

/** Decisions as a request carries them: a value, or a number (with the value the first time). */
export type SentDecisions = Decisions | DecisionsRef;

const isRef = (d: SentDecisions): d is DecisionsRef =>
  typeof (d as Partial<DecisionsRef>).ref === 'number';

/**
 * The decisions `d` names (a value sent by number is restored once: it comes from outside the
 * worker). Runs synchronously when the message arrives, so a request sent after the one that
 * carried the value finds it.
 */
export function heldDecisions(d: SentDecisions): Decisions {
  if (!isRef(d)) return d;
  if (d.value) {
    const value = restoreDecisions(d.value, d.value.workload);
    setNewest(held, d.ref, value, HELD);
    return value;
  }
  const value = held.get(d.ref);
  if (!value) throw new Error(UNKNOWN_DECISIONS);
  return value;
}

/** A policy or bundle request whose decisions may be sent by number. */
export type SentRequest<R extends PolicyRequest | BundleRequest> = R extends PolicyRequest
  ? Omit<R, 'decisions'> & { decisions: SentDecisions }
  : Omit<R, 'decisions'> & { decisions?: SentDecisions };

/** The request with the decisions it names. */
export function heldRequest(
  r: SentRequest<PolicyRequest> | SentRequest<BundleRequest>,
): PolicyRequest | BundleRequest {
  if (!r.decisions) return r as BundleRequest;
  return { ...r, decisions: heldDecisions(r.decisions) } as PolicyRequest | BundleRequest;
}
