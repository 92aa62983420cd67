/**
 * The workspace's storage in IndexedDB (engine workspace/store.ts): a cluster's completed
 * imports as shards (its inventories, aggregates and names rows, by import, oldest first) and its
 * stored decisions. Reads only; the engine merges and answers.
 */
import type { StoredShard, WorkspaceStore } from '$lib/engine';
import { clusterDecisions } from './decisions';
import type { NetpolishDb } from './schema';
import { restoreNameRow } from './names';

/** The cluster's completed imports, oldest first. */
async function doneImports(db: NetpolishDb, cluster: string): Promise<string[]> {
  return (await db.imports.where('cluster').equals(cluster).toArray())
    .filter((r) => r.status === 'done')
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((r) => r.id);
}

/** The cluster's completed imports as shards; `flows: false` leaves the aggregates unread. */
export async function clusterShards(
  db: NetpolishDb,
  cluster: string,
  opts: { flows?: boolean } = {},
): Promise<StoredShard[]> {
  const ids = await doneImports(db, cluster);
  const shards = new Map<string, StoredShard>(
    ids.map((id) => [id, { inventory: null, aggregates: [], names: [] }]),
  );
  for (const r of await db.inventories.where('cluster').equals(cluster).toArray()) {
    const s = shards.get(r.importId);
    if (s) s.inventory = r.inventory;
  }
  if (opts.flows !== false) {
    for (const { id: _id, importId, ...a } of await db.aggregates
      .where('cluster')
      .equals(cluster)
      .toArray())
      shards.get(importId)?.aggregates.push(a);
    for (const r of await db.names.where('cluster').equals(cluster).toArray()) {
      const s = shards.get(r.importId);
      if (s) s.names = restoreNameRow(r);
    }
  }
  return [...shards.values()];
}

/**
 * The completed imports (of every cluster), as a string that changes whenever their set changes:
 * an import is marked done once, a removal deletes it. Read from the status index's keys only.
 */
async function signatureOf(db: NetpolishDb, cluster: string): Promise<string> {
  const done = (await db.imports.where('status').equals('done').primaryKeys()).map(String);
  return `${db.name}|${cluster}|${done.sort().join(',')}`;
}

export function dexieStore(db: NetpolishDb): WorkspaceStore {
  return {
    signature: (cluster) => signatureOf(db, cluster),
    shards: (cluster, opts) => clusterShards(db, cluster, opts),
    decisions: (cluster) => clusterDecisions(db, cluster),
  };
}
