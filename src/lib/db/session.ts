/**
 * A whole session as one file: every import (metadata, diagnostics), inventory, aggregate,
 * decision and setting, as gzip-compressed JSON lines (a header line, then one row a line), so
 * it can be carried to another machine and imported there. Import reads the whole file first,
 * restores every row (bad rows are counted, not fatal) and writes in one transaction: a session
 * import is never half-visible. Imports already present (same id) are skipped with their rows.
 */
import type { CommAggregate } from '$lib/engine/model/communication';
import { restoreImport } from './queries';
import {
  restoreClusterSettings,
  restoreDecisions,
  restorePreferences,
  restoreScope,
  workloadOf,
} from './decisions';
import type {
  AggregateRow,
  DecisionRow,
  ImportRow,
  InventoryRow,
  NetpolishDb,
  SettingRow,
} from './schema';

export const SESSION_FORMAT = 'netpolish-session';
export const SESSION_VERSION = 1;

type Table = 'imports' | 'inventories' | 'aggregates' | 'decisions' | 'settings';
const TABLES: readonly Table[] = ['imports', 'inventories', 'aggregates', 'decisions', 'settings'];

/** Every table a session carries, for one transaction over all of them. */
const sessionTables = (db: NetpolishDb) => TABLES.map((t) => db[t]);

export interface SessionSummary {
  imports: number;
  inventories: number;
  aggregates: number;
  decisions: number;
  settings: number;
  /** Lines that were not a valid row (bad JSON, unknown table, wrong shape). */
  skipped: number;
  /** Imports already in this database (same id), left as they were. */
  duplicates: number;
}

/** The session as a gzip Blob (`application/gzip`). */
export async function exportSession(db: NetpolishDb): Promise<Blob> {
  const header = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: new Date().toISOString(),
  };
  const parts: string[] = [`${JSON.stringify(header)}\n`];
  await db.transaction('r', sessionTables(db), async () => {
    const done = (await db.imports.toArray()).filter((r) => r.status === 'done');
    const ids = new Set(done.map((r) => r.id));
    for (const row of done) parts.push(line('imports', row));
    await db.inventories.each(
      (r) => void (ids.has(r.importId) && parts.push(line('inventories', r))),
    );
    await db.aggregates.each(
      ({ id: _id, ...r }) => void (ids.has(r.importId) && parts.push(line('aggregates', r))),
    );
    await db.decisions.each((r) => void parts.push(line('decisions', r)));
    await db.settings.each((r) => void parts.push(line('settings', r)));
  });
  const gz = new Blob(parts).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(gz).blob().then((b) => new Blob([b], { type: 'application/gzip' }));
}

function line(table: Table, row: unknown): string {
  return `${JSON.stringify({ table, row })}\n`;
}

interface Parsed {
  imports: ImportRow[];
  inventories: InventoryRow[];
  aggregates: AggregateRow[];
  decisions: DecisionRow[];
  settings: SettingRow[];
  skipped: number;
}

/** Reads a session file (gzip or plain) and merges it into the database in one transaction. */
export async function importSession(db: NetpolishDb, file: Blob): Promise<SessionSummary> {
  const text = await readText(file);
  const parsed = parseSession(text);
  const existing = new Set(await db.imports.toCollection().primaryKeys());
  const fresh = new Set(parsed.imports.filter((r) => !existing.has(r.id)).map((r) => r.id));
  const mine = <T extends { importId: string }>(rows: T[]) =>
    rows.filter((r) => fresh.has(r.importId));
  const inventories = mine(parsed.inventories);
  const aggregates = mine(parsed.aggregates);
  await db.transaction('rw', sessionTables(db), async () => {
    await db.imports.bulkPut(parsed.imports.filter((r) => fresh.has(r.id)));
    await db.inventories.bulkPut(inventories);
    await db.aggregates.bulkAdd(aggregates);
    await db.decisions.bulkPut(parsed.decisions);
    await db.settings.bulkPut(parsed.settings);
  });
  return {
    imports: fresh.size,
    inventories: inventories.length,
    aggregates: aggregates.length,
    decisions: parsed.decisions.length,
    settings: parsed.settings.length,
    skipped: parsed.skipped,
    duplicates: parsed.imports.length - fresh.size,
  };
}

async function readText(file: Blob): Promise<string> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const stream = gzip ? file.stream().pipeThrough(new DecompressionStream('gzip')) : file.stream();
  return new Response(stream).text();
}

/** Splits and restores the lines; throws only when the header says it is not a session. */
export function parseSession(text: string): Parsed {
  const out: Parsed = {
    imports: [],
    inventories: [],
    aggregates: [],
    decisions: [],
    settings: [],
    skipped: 0,
  };
  const lines = text.split('\n');
  const header = safeParse(lines[0] ?? '') as { format?: unknown; version?: unknown } | null;
  if (!header || header.format !== SESSION_FORMAT || typeof header.version !== 'number') {
    throw new Error('This file is not a netpolish session export.');
  }
  if (header.version > SESSION_VERSION) {
    throw new Error(`This session was exported by a newer netpolish (format ${header.version}).`);
  }
  for (const l of lines.slice(1)) {
    if (l.trim() === '') continue;
    const entry = safeParse(l) as { table?: unknown; row?: unknown } | null;
    const table = TABLES.find((t) => t === entry?.table);
    if (!entry || !table || !restoreRow(out, table, entry.row)) out.skipped++;
  }
  return out;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function restoreRow(out: Parsed, table: Table, row: unknown): boolean {
  if (!isObject(row)) return false;
  switch (table) {
    case 'imports':
      if (typeof row.id !== 'string' || typeof row.cluster !== 'string' || row.status !== 'done')
        return false;
      out.imports.push(restoreImport(row as unknown as ImportRow));
      return true;
    case 'inventories':
      if (
        typeof row.importId !== 'string' ||
        typeof row.cluster !== 'string' ||
        !isObject(row.inventory)
      )
        return false;
      out.inventories.push(row as unknown as InventoryRow);
      return true;
    case 'aggregates':
      if (!isAggregate(row)) return false;
      out.aggregates.push(row);
      return true;
    case 'decisions':
      return restoreDecisionRow(out, row);
    case 'settings':
      return restoreSettingRow(out, row);
  }
}

function isAggregate(row: Record<string, unknown>): row is Record<string, unknown> & AggregateRow {
  const ok = (e: unknown) => isObject(e) && typeof e.type === 'string';
  return (
    typeof row.importId === 'string' &&
    typeof row.key === 'string' &&
    typeof row.cluster === 'string' &&
    ok(row.client) &&
    ok(row.server) &&
    typeof row.port === 'number' &&
    typeof row.protocol === 'string' &&
    typeof row.flows === 'number' &&
    Array.isArray((row as Partial<CommAggregate>).buckets)
  );
}

function restoreDecisionRow(out: Parsed, row: Record<string, unknown>): boolean {
  const w = workloadOf(isObject(row.value) ? row.value.workload : null);
  if (typeof row.id !== 'string' || typeof row.cluster !== 'string' || !w) return false;
  const updatedAt = typeof row.updatedAt === 'number' ? row.updatedAt : Date.now();
  out.decisions.push({
    id: row.id,
    cluster: row.cluster,
    value: restoreDecisions(row.value, w),
    updatedAt,
  });
  return true;
}

function restoreSettingRow(out: Parsed, row: Record<string, unknown>): boolean {
  const key = row.key;
  if (typeof key !== 'string') return false;
  const value = key.startsWith('cluster:')
    ? restoreClusterSettings(row.value)
    : key === 'preferences'
      ? restorePreferences(row.value)
      : key === 'ui.scope'
        ? restoreScope(row.value)
        : null;
  if (value === null) return false;
  out.settings.push({ key, value });
  return true;
}
