/**
 * Remove, undoably: a removed import is set aside (status `removed`, its rows kept) so that
 * Undo can bring it back as it was; every query reads only `done` imports, so a set-aside one
 * counts nowhere. The undo stack lives in the page, so what was set aside is purged for good
 * when a page starts (with the stale imports of closed tabs).
 */
import { removeImport } from './queries';
import type { NetpolishDb } from './schema';

/** Sets an import aside; false when there is no such import (or it is running or set aside). */
export async function setAsideImport(db: NetpolishDb, id: string): Promise<boolean> {
  return db.transaction('rw', db.imports, async () => {
    const row = await db.imports.get(id);
    if (!row || row.status === 'running' || row.status === 'removed') return false;
    await db.imports.put({
      ...row,
      status: 'removed',
      removedFrom: row.status,
      removedAt: Date.now(),
    });
    return true;
  });
}

/**
 * Brings a set-aside import back. Refused (with the reason) when it was purged meanwhile, or
 * when the same content has been imported again since (it would count twice).
 */
export async function bringBackImport(db: NetpolishDb, id: string): Promise<string | null> {
  return db.transaction('rw', db.imports, async () => {
    const row = await db.imports.get(id);
    if (!row || row.status !== 'removed') return 'the import is gone (another page purged it)';
    const again = row.contentHash
      ? await db.imports
          .where('cluster')
          .equals(row.cluster)
          .filter((r) => r.status === 'done' && r.contentHash === row.contentHash)
          .first()
      : undefined;
    if (again) return `${again.name} holds the same content now; remove it first`;
    const { removedFrom, removedAt: _at, ...rest } = row;
    await db.imports.put({ ...rest, status: removedFrom ?? 'done' });
    return null;
  });
}

/** Deletes every import set aside, with what it contributed; how many. */
export async function purgeSetAside(db: NetpolishDb): Promise<number> {
  const ids = (await db.imports.where('status').equals('removed').primaryKeys()).map(String);
  for (const id of ids) await removeImport(db, id);
  return ids.length;
}
