/**
 * The engine API the worker exposes (and unit tests call directly in Node). Each entry is a
 * one-line delegation into src/lib/db (storage) or src/lib/engine (pure computation).
 * `EngineApi` is the one type the client module wraps.
 */
import { openDb, type NetpolishDb } from '$lib/db/schema';
import { cancelImport, recoverInterrupted, runImport, type ImportSource } from '$lib/db/ingest';
import { listClusters, listImports, removeImport } from '$lib/db/queries';
import { sniffKind } from '$lib/db/sniff';

export type { ImportProgress } from '$lib/db/ingest';

let db: NetpolishDb | null = null;
let ready: Promise<unknown> | null = null;

function database(): NetpolishDb {
  if (!db) {
    db = openDb();
    ready = recoverInterrupted(db);
  }
  return db;
}

async function opened(): Promise<NetpolishDb> {
  const d = database();
  await ready;
  return d;
}

export const api = {
  /** Uses another database (unit tests). */
  useDatabase: (name: string) => {
    db = openDb(name);
    ready = recoverInterrupted(db);
  },
  importFile: async (
    file: ImportSource,
    opts: { id: string; cluster: string },
    onProgress?: Parameters<typeof runImport>[3],
  ) => runImport(await opened(), file, opts, onProgress),
  cancelImport: (id: string) => cancelImport(id),
  sniffKind: (file: Blob) => sniffKind(file),
  listImports: async () => listImports(await opened()),
  listClusters: async () => listClusters(await opened()),
  removeImport: async (id: string) => removeImport(await opened(), id),
};

export type EngineApi = typeof api;
