/**
 * Names of IPs in storage (DESIGN.md §5 "Names of IPs"): one row per flow import holding the
 * names its DNS answers gave, removed with the import and read back through the engine's
 * restoreNameRecord (store.ts); the cluster's names are those of its completed imports, merged.
 */
import { mergeNames, type IpName } from '$lib/engine';
import type { NameRow, NetpolishDb } from './schema';
import { clusterShards } from './store';

/** The cluster's names of IPs from every completed import, merged (validity spans united). */
export async function clusterNames(db: NetpolishDb, cluster: string): Promise<IpName[]> {
  return mergeNames(...(await clusterShards(db, cluster)).map((s) => s.names));
}

/** The tables an import writes: its row and what it contributed. */
export const contentTables = (db: NetpolishDb) => [
  db.imports,
  db.aggregates,
  db.inventories,
  db.names,
];

/** Deletes what the imports contributed (inside the caller's transaction over contentTables). */
export async function dropContributions(db: NetpolishDb, ids: string[]): Promise<void> {
  await db.aggregates.where('importId').anyOf(ids).delete();
  await db.inventories.where('importId').anyOf(ids).delete();
  await db.names.where('importId').anyOf(ids).delete();
}

/** The row an import commits, or null when its file named nothing. */
export function nameRow(importId: string, cluster: string, names: IpName[]): NameRow | null {
  return names.length > 0 ? { importId, cluster, names } : null;
}
