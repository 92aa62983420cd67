/**
 * Read side of the database: imports, the merged inventory of a cluster, its aggregates.
 * Everything read back passes the engine's restorers (restoreImportRecord, restoreShards), so
 * older or foreign rows cannot break the app; the workspace store says what they left out.
 */
import {
  mergedInventory,
  restoreImportRecord,
  type CommAggregate,
  type Inventory,
} from '$lib/engine';
import type { ImportRow, NetpolishDb } from './schema';
import { clusterShards } from './store';
import { contentTables, dropContributions } from './names';

/** All imports, newest first (those set aside by Remove apart). */
export async function listImports(db: NetpolishDb): Promise<ImportRow[]> {
  const rows = await db.imports.orderBy('startedAt').reverse().toArray();
  return rows
    .flatMap((r) => restoreImportRecord(r, 'stored imports').value ?? [])
    .filter((r) => r.status !== 'removed');
}

/** The clusters that have at least one completed import, sorted. */
export async function listClusters(db: NetpolishDb): Promise<string[]> {
  const rows = await db.imports.where('status').equals('done').toArray();
  return [...new Set(rows.map((r) => r.cluster))].sort();
}

/** The cluster's inventory: every completed metadata import merged in import order. */
export async function clusterInventory(db: NetpolishDb, cluster: string): Promise<Inventory> {
  return mergedInventory(cluster, await clusterShards(db, cluster, { flows: false }));
}

/** The cluster's aggregates from every completed flow import (not yet merged). */
export async function clusterAggregates(
  db: NetpolishDb,
  cluster: string,
): Promise<CommAggregate[]> {
  return (await clusterShards(db, cluster)).flatMap((s) => s.aggregates);
}

/** Removes an import and everything it contributed, in one transaction. */
export async function removeImport(db: NetpolishDb, id: string): Promise<void> {
  await db.transaction('rw', contentTables(db), async () => {
    await dropContributions(db, [id]);
    await db.imports.delete(id);
  });
}
