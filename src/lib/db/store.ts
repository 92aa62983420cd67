/**
 * The workspace's storage in IndexedDB (engine workspace/store.ts): a cluster's completed
 * imports as shards (its inventories, aggregates and names rows, by import, oldest first) and its
 * stored decisions. Reads only, every row through the engine's restorers (restoreShards,
 * restoreDecisionRecord, …): what cannot be used is left out and said in the problems; the
 * engine merges and answers.
 */
import {
  restoreImportRecord,
  restoreShards,
  type Diagnostic,
  type StoredShard,
  type WorkspaceStore,
} from '$lib/engine';
import { choiceProblems, clusterDecisions } from './decisions';
import type { NetpolishDb } from './schema';

/** The cluster's completed imports (id and file name), oldest first. */
async function doneImports(db: NetpolishDb, cluster: string) {
  return (await db.imports.where('cluster').equals(cluster).toArray())
    .flatMap((r) => restoreImportRecord(r, 'stored imports').value ?? [])
    .filter((r) => r.status === 'done' && r.cluster === cluster)
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** What was left out of the stored import rows (unusable rows, malformed diagnostics). */
async function importProblems(db: NetpolishDb): Promise<Diagnostic[]> {
  const rows = await db.imports.toArray();
  return rows.flatMap((r) => restoreImportRecord(r, 'stored imports').problems);
}

/** The cluster's completed imports as shards; `flows: false` leaves the aggregates unread. */
export async function clusterShards(
  db: NetpolishDb,
  cluster: string,
  opts: { flows?: boolean } = {},
): Promise<StoredShard[]> {
  const imports = await doneImports(db, cluster);
  const flows = opts.flows !== false;
  const rows = (table: typeof db.aggregates | typeof db.names | typeof db.inventories) =>
    table.where('cluster').equals(cluster).toArray() as Promise<unknown[]>;
  return restoreShards(imports, {
    inventories: await rows(db.inventories),
    aggregates: flows ? await rows(db.aggregates) : [],
    names: flows ? await rows(db.names) : [],
  });
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
    problems: async (cluster) => [
      ...(await importProblems(db)),
      ...(await choiceProblems(db, cluster)),
    ],
  };
}
