/**
 * Storage running out, said plainly. Before an import commits, the space it needs is checked
 * against the browser's estimate (a full disk mid-write can leave IndexedDB's backing store
 * broken); a quota or disk error that still happens is translated from the browser's
 * "QuotaExceededError" / "UnknownError … backing store" into what happened and what to do. The
 * commit is one transaction either way: nothing of the file is stored, earlier imports stay.
 * Chromium answers the estimate with a fixed quota (usage plus 10 GiB, against fingerprinting),
 * so there the refusal comes from IndexedDB's commit (tests/e2e/storage-quota.spec.ts).
 */

export const NO_SPACE =
  'Not enough storage space: the browser refused to store this import (its quota for this site, or the disk, is full). Nothing of this file was stored and earlier imports are intact. Free disk space or remove imports you no longer need, then import the file again.';

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

/** The error and the errors it wraps (Dexie's `inner`, `cause`, a bulk operation's failures). */
function chain(e: unknown, depth = 0): ErrorLike[] {
  if (typeof e !== 'object' || e === null || depth > 4) return [];
  const x = e as ErrorLike;
  const failures = Array.isArray(x.failures) ? x.failures : [];
  return [x, ...[x.inner, x.cause, ...failures].flatMap((i) => chain(i, depth + 1))];
}

/** The sentence for a storage-full error, or null when `e` is something else. */
export function storageErrorMessage(e: unknown): string | null {
  const full = chain(e).some((x) => {
    const name = String(x.name ?? '');
    const message = String(x.message ?? '');
    return (
      name === 'QuotaExceededError' ||
      /quota/i.test(message) ||
      (name === 'UnknownError' && /backing store|disk|space|I\/O|IO error/i.test(message))
    );
  });
  return full ? NO_SPACE : null;
}

interface StorageLike {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

function storage(): StorageLike | null {
  const nav = (globalThis as { navigator?: { storage?: StorageLike } }).navigator;
  return nav?.storage ?? null;
}

/**
 * Whether `bytes` more fit, by the browser's estimate (IndexedDB stores rows at about twice
 * their JSON size, and a margin is kept). True when the browser gives no estimate.
 */
export async function fitsInStorage(bytes: number): Promise<boolean> {
  const estimate = await storage()
    ?.estimate?.()
    .catch(() => null);
  if (!estimate || typeof estimate.quota !== 'number') return true;
  const free = estimate.quota - (estimate.usage ?? 0);
  return bytes * 2 + 1024 * 1024 <= free;
}

/** Rough JSON size of rows (a sample, scaled): what a commit will ask of the storage. */
export function approximateSize(rows: readonly unknown[]): number {
  if (rows.length === 0) return 0;
  const step = Math.max(1, Math.floor(rows.length / 200));
  let sampled = 0;
  let bytes = 0;
  for (let i = 0; i < rows.length; i += step) {
    bytes += JSON.stringify(rows[i]).length;
    sampled++;
  }
  return Math.ceil((bytes / sampled) * rows.length);
}
