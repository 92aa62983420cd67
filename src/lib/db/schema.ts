/**
 * The IndexedDB schema (Dexie). Every version is kept, in order, and never edited once
 * released: a new version is a new `db.version(n)` block with its upgrade function.
 * Rows are plain data; everything read back passes the `restore*` functions in `restore.ts`.
 */
import Dexie, { type EntityTable } from 'dexie';
import type {
  Accounting,
  CommAggregate,
  Diagnostic,
  Inventory,
  InventoryCount,
  IpName,
} from '$lib/engine';

/**
 * `duplicate`: read, but its content equals an earlier import of the cluster; waits for Skip or
 * Replace. `removed`: set aside by Remove, so Undo can bring it back; purged when a page starts.
 */
export type ImportStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'duplicate' | 'removed';

export interface ImportRow {
  id: string;
  name: string;
  size: number;
  cluster: string;
  status: ImportStatus;
  /** Detected format id (hubble-jsonpb, k8s-json, …) or null when unknown. */
  format: string | null;
  kind: 'flows' | 'metadata' | 'unknown' | null;
  startedAt: number;
  finishedAt: number | null;
  bytesRead: number;
  lines: number;
  records: number;
  /** Communications this import contributed. */
  communications: number;
  diagnostics: Diagnostic[];
  /** Diagnostics dropped beyond the stored cap, by code. */
  diagnosticOverflow: Record<string, number>;
  /** A failure that stopped the import (the file could not be read at all). */
  error: string | null;
  /** Content hash of the file (engine io/content-hash), when it was read to its end. */
  contentHash?: string;
  /** For a flow file: every event read, accounted for. */
  accounting?: Accounting;
  /** For status `duplicate`: the earlier import with the same content. */
  duplicateOf?: string;
  /** For a kubectl dump: what it held, per kind (the import's one-line summary). */
  contents?: InventoryCount[];
  /** For status `removed`: the status it had, and when it was removed. */
  removedFrom?: ImportStatus;
  removedAt?: number;
}

/** The inventory one metadata import contributed (merged per cluster at query time). */
export interface InventoryRow {
  importId: string;
  cluster: string;
  inventory: Inventory;
}

/** Aggregated communications one flow import contributed. */
export interface AggregateRow extends CommAggregate {
  id?: number;
  importId: string;
}

/** Names of IPs the DNS answers of one flow import gave, with their validity (version 2). */
export interface NameRow {
  importId: string;
  cluster: string;
  names: IpName[];
}

/** User decisions for one workload (include/exclude, general rules, …), stored as plain JSON. */
export interface DecisionRow {
  /** `${cluster}|${workloadKey}` */
  id: string;
  cluster: string;
  value: unknown;
  updatedAt: number;
}

/** Settings and other singletons (cluster CIDRs, aliases, ignored labels, UI scope). */
export interface SettingRow {
  key: string;
  value: unknown;
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
