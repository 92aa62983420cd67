/**
 * Who owns a running import: a Web Lock named after it, held by the tab (worker) that reads the
 * file for as long as it runs or waits for Skip/Replace. Another tab opening the database sees
 * the lock and leaves the row alone; only a row whose lock nobody holds was left by a closed tab
 * and is rolled back. The browser drops a closed tab's locks by itself. Where Web Locks do not
 * exist (Node in unit tests) nothing is held and only this process's own imports count as live.
 */

const PREFIX = 'netpolish-import:';

interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<void>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

function locks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

/** Takes the import's lock; resolves once held, with the function that releases it. */
export async function holdImportLock(id: string): Promise<() => void> {
  const manager = locks();
  if (!manager) return () => undefined;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await new Promise<void>((held) => {
    void manager.request(`${PREFIX}${id}`, () => {
      held();
      return released;
    });
  });
  return release;
}

/** Ids of the imports some tab of this origin holds a lock for right now. */
export async function heldImportIds(): Promise<Set<string>> {
  const manager = locks();
  if (!manager) return new Set();
  const { held = [] } = await manager.query();
  return new Set(
    held.flatMap((l) => (l.name?.startsWith(PREFIX) ? [l.name.slice(PREFIX.length)] : [])),
  );
}

/**
 * Resolves once no tab holds the import's lock (at once without Web Locks): its owner finished
 * or its tab is gone. A reloaded page's old worker may still hold it for a moment.
 */
export function whenUnowned(id: string): Promise<void> {
  const manager = locks();
  return manager ? manager.request(`${PREFIX}${id}`, async () => undefined) : Promise.resolve();
}

const CHANNEL = 'netpolish-imports';

/** Tells the other tabs (and this one) that the stored imports changed. */
export function announceImportsChanged(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

/** Calls `onChange` whenever a tab announces a change of the stored imports. */
export function onImportsChanged(onChange: () => void): void {
  if (typeof BroadcastChannel === 'undefined') return;
  new BroadcastChannel(CHANNEL).onmessage = onChange;
}
