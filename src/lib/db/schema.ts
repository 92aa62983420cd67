/**
 * The IndexedDB schema (Dexie). Every version is kept, in order, and never edited once
 * released: a new version is a new `db.version(n)` block with its upgrade function.
 * Rows are plain data (their shapes are the engine's records); everything read back passes the
 * engine's `restore*` functions (engine restore/), in store.ts, queries.ts, decisions.ts and
 * session.ts.
 */
import Dexie, { type EntityTable } from 'dexie';
import type {
  AggregateRecord,
  ImportRecord,
  InventoryRecord,
  NameRecord,
  SettingRecord,
} from '$lib/engine';

export type { ImportStatus } from '$lib/engine';

/** One file imported: its metadata, diagnostics and accounting (engine restore/imports.ts). */
export type ImportRow = ImportRecord;
/** The inventory one metadata import contributed (merged per cluster at query time). */
export type InventoryRow = InventoryRecord;
/** Aggregated communications one flow import contributed. */
export type AggregateRow = AggregateRecord;
/** Names of IPs the DNS answers of one flow import gave, with their validity (version 2). */
export type NameRow = NameRecord;
/** Settings and other singletons (cluster CIDRs, aliases, ignored labels, UI scope). */
export type SettingRow = SettingRecord;

/**
 * User decisions for one workload (include/exclude, general rules, …), stored as plain JSON;
 * read back through the engine's restoreDecisionRecord.
 */
export interface DecisionRow {
  /** `${cluster}|${workloadKey}` */
  id: string;
  cluster: string;
  value: unknown;
  updatedAt: number;
}

export type NetpolishDb = Dexie & {
  imports: EntityTable<ImportRow, 'id'>;
  inventories: EntityTable<InventoryRow, 'importId'>;
  aggregates: EntityTable<AggregateRow, 'id'>;
  decisions: EntityTable<DecisionRow, 'id'>;
  settings: EntityTable<SettingRow, 'key'>;
  names: EntityTable<NameRow, 'importId'>;
};

export const DB_NAME = 'netpolish';

/** Opens (and upgrades) the database. `name` lets tests use a fresh one. */
export function openDb(name = DB_NAME): NetpolishDb {
  const db = new Dexie(name) as NetpolishDb;
  // Version 1 — the first released schema.
  db.version(1).stores({
    imports: '&id, cluster, status, startedAt',
    inventories: '&importId, cluster',
    aggregates: '++id, importId, cluster',
    decisions: '&id, cluster',
    settings: '&key',
  });
  // Version 2 — names of IPs (DNS answers), one row per flow import. Imports made before it
  // have none: nothing to move, their files were read before names were.
  db.version(2).stores({ names: '&importId, cluster' });
  return db;
}
