/**
 * A verification's denied keys sent as a change: the tables mark every denied row, so the page
 * needs all their keys, but a decision or an alias saved changes few of them — a workload whose
 * 10,000 rows are left out has 10,000 denied keys in every verification, and they were copied
 * between the threads (and read out of the copy on the page) at each one. The worker keeps the
 * keys it sent by version; the page says which version it holds, and the answer then carries
 * only what differs from it (`deniedAnswer`), which the page applies to the keys it holds
 * (`deniedKeysOf`: the same array when nothing differs, so what it derived from them stays).
 * Unchanged in what the page ends with: the keys, in their order, as the verification made them.
 */
import { setNewest } from '$lib/engine';

/** The denied keys as an answer carries them. */
export interface DeniedAnswer {
  /** The version of these keys: what the page names (`held`) in its next verification. */
  version: string;
  /** All the keys (the page holds none, the worker no longer holds them, or most changed). */
  keys?: string[];
  /**
   * Instead of `keys`, a change of the keys of version `base`: those at `removed` (indices in
   * base's keys, ascending) left out, and `added` put at `at` (indices in the new keys,
   * ascending); the keys kept stay in their order.
   */
  patch?: { base: string; removed: number[]; at: number[]; added: string[] };
}

/** This worker's versions (a page that outlives a worker may hold a version of another). */
const WORKER = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
let count = 0;

/** The keys last sent, by version (bounded, oldest out). */
const sent = new Map<string, string[]>();
const SENT = 8;

/** At most this share of the new keys may have changed for a patch to be sent. */
const PATCHED_SHARE = 0.5;

/**
 * The patch from `base` to `keys`, or null when there is none to send: a key repeated in either
 * (a change cannot name it), too many changes, or the keys kept not in the same order.
 */
function patchOf(base: readonly string[], keys: readonly string[]) {
  const before = new Set(base);
  const after = new Set(keys);
  if (before.size !== base.length || after.size !== keys.length) return null;
  const removed: number[] = [];
  for (let i = 0; i < base.length; i++) if (!after.has(base[i]!)) removed.push(i);
  const at: number[] = [];
  const added: string[] = [];
  for (let j = 0; j < keys.length; j++)
    if (!before.has(keys[j]!)) {
      at.push(j);
      added.push(keys[j]!);
    }
  if (removed.length + added.length > keys.length * PATCHED_SHARE) return null;
  // The kept keys, in base's order, must be the new keys' without the added ones.
  let j = 0;
  let a = 0;
  for (let i = 0, r = 0; i < base.length; i++) {
    if (r < removed.length && removed[r] === i) {
      r++;
      continue;
    }
    while (a < at.length && at[a] === j) [a, j] = [a + 1, j + 1];
    if (keys[j] !== base[i]) return null;
    j++;
  }
  return { removed, at, added };
}

/**
 * The denied keys of a verification as sent to a page holding version `held` (if any): a patch
 * of those when few changed, all of them otherwise. Remembers them under a new version.
 */
export function deniedAnswer(keys: string[], held?: string): DeniedAnswer {
  const version = `${WORKER}:${++count}`;
  const base = held === undefined ? undefined : sent.get(held);
  setNewest(sent, version, keys, SENT);
  const patch = base && patchOf(base, keys);
  return patch ? { version, patch: { base: held!, ...patch } } : { version, keys };
}

/** The keys the page holds: a version and its keys. */
export interface HeldDenied {
  version: string;
  keys: string[];
}

/**
 * The denied keys an answer stands for, given those the page holds (`held`, the version it named
 * when asking): the patch applied, or `held.keys` itself when nothing changed.
 */
export function deniedKeysOf(answer: DeniedAnswer, held: HeldDenied | null): string[] {
  if (answer.keys) return answer.keys;
  const p = answer.patch!;
  if (held?.version !== p.base)
    throw new Error('netpolish: denied keys patched from keys not held');
  if (p.removed.length === 0 && p.added.length === 0) return held.keys;
  const out: string[] = [];
  let a = 0;
  for (let i = 0, r = 0; i < held.keys.length; i++) {
    if (r < p.removed.length && p.removed[r] === i) {
      r++;
      continue;
    }
    while (a < p.at.length && p.at[a] === out.length) out.push(p.added[a++]!);
    out.push(held.keys[i]!);
  }
  while (a < p.added.length) out.push(p.added[a++]!);
  return out;
}
