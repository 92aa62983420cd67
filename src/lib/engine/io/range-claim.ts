/**
 * A byte range being read whose unread end another thread may take (pipeline-parts.ts: a thread
 * done with its parts takes the second half of what a slower thread has left of its part, so
 * neither idles while the other ends). The range lives in a SharedArrayBuffer, which crosses to
 * a worker thread as itself: the reader claims its bytes read by read (`claimRead`), a thread
 * moves the end back to a line start past every claimed byte (`cutClaim`), never behind one.
 * A claim is plain memory, with a lock held for a few instructions (no I/O inside).
 */

/** A range's claim: [lock: Int32][pad][claimed: Float64][end: Float64]. */
export type RangeClaim = SharedArrayBuffer;

const LOCK = 0;
const CLAIMED = 1;
const END = 2;

function views(claim: RangeClaim): { lock: Int32Array; at: Float64Array } {
  return { lock: new Int32Array(claim, 0, 1), at: new Float64Array(claim, 8, 2) };
}

function locked<T>(claim: RangeClaim, f: (at: Float64Array) => T): T {
  const { lock, at } = views(claim);
  while (Atomics.compareExchange(lock, LOCK, 0, 1) !== 0);
  try {
    return f(at);
  } finally {
    Atomics.store(lock, LOCK, 0);
  }
}

/** A claim over `[start, end)`, nothing claimed yet. */
export function createClaim([start, end]: [number, number]): RangeClaim {
  const claim = new SharedArrayBuffer(24);
  const { at } = views(claim);
  at[CLAIMED - 1] = start;
  at[END - 1] = end;
  return claim;
}

/**
 * The reader's next read: how many bytes from `from` (the end of its last read) it may read,
 * at most `max`; 0 once it reached the range's end (as it is now). Those bytes are its own.
 */
export function claimRead(claim: RangeClaim, from: number, max: number): number {
  return locked(claim, (at) => {
    const n = Math.max(0, Math.min(max, at[END - 1]! - from));
    at[CLAIMED - 1] = from + n;
    return n;
  });
}

/** `[claimed, end)`: the bytes no reader has claimed yet. */
export function unclaimed(claim: RangeClaim): [number, number] {
  return locked(claim, (at) => [at[CLAIMED - 1]!, at[END - 1]!]);
}

/**
 * Ends the range at `cut` (a line start inside it) when no byte past `cut` is claimed and its
 * end is still `end` (nobody cut it since it was looked at); says whether it did.
 */
export function cutClaim(claim: RangeClaim, cut: number, end: number): boolean {
  return locked(claim, (at) => {
    if (at[END - 1] !== end || at[CLAIMED - 1]! > cut || cut >= end) return false;
    at[END - 1] = cut;
    return true;
  });
}
