/**
 * The tables of what an import contributed — its inventory, its aggregates, the names of IPs
 * its DNS answers gave — and their restorers, used on every read of storage and on a session
 * file's rows. A row that cannot be used is left out; so are the entries inside a row that
 * cannot (inventory/restore.ts, aggregate/restore.ts, aggregate/names.ts): each time with a
 * problem naming the import's file, never a throw.
 */
import { restoreNames } from '../aggregate/names';
import { restoreAggregate } from '../aggregate/restore';
import { restoreInventory } from '../inventory/restore';
import type { CommAggregate } from '../model/communication';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../model/diagnostic';
import type { Inventory } from '../model/k8s';
import type { IpName } from '../model/names';
import { isRec, leftOut, unusable, type Restored } from './problems';

/** The inventory one metadata import contributed (merged per cluster at query time). */
export interface InventoryRecord {
  importId: string;
  cluster: string;
  inventory: Inventory;
}

/** Aggregated communications one flow import contributed. */
export interface AggregateRecord extends CommAggregate {
  id?: number;
  importId: string;
}

/** Names of IPs the DNS answers of one flow import gave, with their validity. */
export interface NameRecord {
  importId: string;
  cluster: string;
  names: IpName[];
}

/** An admin policy left out or a rule read fail-closed, as the dump reader would say it. */
const adminProblem = (file: string, message: string): Diagnostic => ({
  code: DIAGNOSTIC_CODES.ADMIN_POLICY,
  severity: 'error',
  message,
  file,
  line: null,
});

/** An inventory row read back (`source`: its import's file); null when it is none. */
export function restoreInventoryRecord(
  v: unknown,
  source: string,
): Restored<InventoryRecord | null> {
  const restored = isRec(v) ? restoreInventory(v.inventory) : null;
  if (!isRec(v) || typeof v.importId !== 'string' || typeof v.cluster !== 'string' || !restored)
    return unusable(source, 'stored inventory');
  return {
    value: { importId: v.importId, cluster: v.cluster, inventory: restored.inventory },
    problems: [
      ...leftOut(
        source,
        restored.dropped,
        'malformed inventory entry',
        'malformed inventory entries',
      ),
      ...restored.problems.map((m) => adminProblem(source, m)),
    ],
    dropped: restored.dropped,
  };
}

/** Aggregate rows read back (`source`: their import's file); the unusable ones counted. */
export function restoreAggregateRecords(
  rows: readonly unknown[],
  source: string,
): Restored<AggregateRecord[]> {
  const value: AggregateRecord[] = [];
  for (const row of rows) {
    const importId = isRec(row) ? row.importId : null;
    const a = typeof importId === 'string' ? restoreAggregate(row) : null;
    // restoreAggregate's answer is a fresh object: tagged in place, not copied.
    if (a) value.push(Object.assign(a, { importId: importId as string }));
  }
  return {
    value,
    problems: leftOut(source, rows.length - value.length, 'stored communication'),
    dropped: 0,
  };
}

/** A names row read back: only usable names of its own cluster are kept. */
export function restoreNameRecord(v: unknown, source: string): Restored<NameRecord | null> {
  if (!isRec(v) || typeof v.importId !== 'string' || typeof v.cluster !== 'string')
    return unusable(source, 'stored names row');
  const cluster = v.cluster;
  const restored = restoreNames(v.names);
  const names = restored.names.filter((n) => n.cluster === cluster);
  const foreign = restored.names.length - names.length;
  return {
    value: { importId: v.importId, cluster, names },
    problems: leftOut(
      source,
      restored.dropped + foreign,
      'stored name of an IP',
      'stored names of IPs',
    ),
    dropped: restored.dropped + foreign,
  };
}
