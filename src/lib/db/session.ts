/**
 * A whole session as one file: every import (metadata, diagnostics), inventory, aggregate,
 * names of IPs, decision and setting, as gzip-compressed JSON lines (a header line, then one row a line), so
 * it can be carried to another machine and imported there. Import reads the whole file first,
 * restores every row through its table's restorer in the engine (restore/; bad rows are
 * counted, not fatal) and writes in one transaction: a session
 * import is never half-visible. Imports already present (same id) are skipped with their rows.
 */
import {
  DIAGNOSTIC_CODES,
  gunzipBytes,
  isGzip,
  restoreAggregateRecords,
  restoreDecisionRecord,
  restoreImportRecord,
  restoreInventoryRecord,
  restoreNameRecord,
  restoreSettingRecord,
  type Restored,
} from '$lib/engine';
import { forgetStoredDecisions } from './decisions';
import { planSession, type SessionPreview } from './session-merge';
import type {
  AggregateRow,
  DecisionRow,
  ImportRow,
  InventoryRow,
  NameRow,
  NetpolishDb,
  SettingRow,
} from './schema';

export const SESSION_FORMAT = 'netpolish-session';
export const SESSION_VERSION = 1;

type Table = 'imports' | 'inventories' | 'aggregates' | 'names' | 'decisions' | 'settings';
const TABLES: readonly Table[] = [
  'imports',
  'inventories',
  'aggregates',
  'names',
  'decisions',
  'settings',
];

/** Every table a session carries, for one transaction over all of them. */
const sessionTables = (db: NetpolishDb) => TABLES.map((t) => db[t]);

export type { SessionPreview } from './session-merge';

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
    await db.names.each((r) => void (ids.has(r.importId) && parts.push(line('names', r))));
    await db.decisions.each((r) => void parts.push(line('decisions', r)));
    await db.settings.each((r) => void parts.push(line('settings', r)));
  });
  const gz = new Blob(parts).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(gz).blob().then((b) => new Blob([b], { type: 'application/gzip' }));
}

function line(table: Table, row: unknown): string {
  return `${JSON.stringify({ table, row })}\n`;
}

export interface ParsedSession {
  imports: ImportRow[];
  inventories: InventoryRow[];
  aggregates: AggregateRow[];
  /** Names of IPs per import (a file from before names were read has none). */
  names: NameRow[];
  decisions: DecisionRow[];
  settings: SettingRow[];
  /** Lines that were not a valid row. */
  skipped: number;
  /** Malformed entries left out of valid rows (pods, ports, decision entries, names, …). */
  dropped: number;
  /** What was left out or read fail-closed, in sentences (admin policies); also on the import. */
  problems: string[];
  /** When the file was exported: no decision in it can be newer (a crafted time cannot win). */
  exportedAt: number;
}

/**
 * Reads a session file (gzip or plain) and says what importing it would change; with `apply`,
 * merges it in one transaction (session-merge.ts: newer decisions here are kept unless
 * `fileWins`). Nothing is written without `apply`.
 */
export async function importSession(
  db: NetpolishDb,
  file: Blob,
  opts: { apply?: boolean; fileWins?: boolean } = { apply: true },
): Promise<SessionPreview> {
  const parsed = parseSession(await readText(file));
  const plan = await planSession(db, parsed, opts.fileWins === true);
  if (opts.apply) {
    await plan.write(db);
    forgetStoredDecisions();
  }
  return plan.preview;
}

/** The file as text; gzip through the engine's reader (every member, the bomb budget). */
async function readText(file: Blob): Promise<string> {
  let bytes: Uint8Array = new Uint8Array(await file.arrayBuffer());
  if (isGzip(bytes)) {
    const { bytes: plain, end } = await gunzipBytes(bytes);
    if (end.failed !== undefined || end.overBudget !== undefined)
      throw new Error(
        `The session file's compressed data is damaged (${end.failed ?? end.overBudget}).`,
      );
    bytes = plain;
  }
  return new TextDecoder().decode(bytes);
}

/** Splits and restores the lines; throws only when the header says it is not a session. */
export function parseSession(text: string): ParsedSession {
  const lines = text.split(/\r?\n|\r/);
  const header = safeParse(lines[0] ?? '') as {
    format?: unknown;
    version?: unknown;
    exportedAt?: unknown;
  } | null;
  if (!header || header.format !== SESSION_FORMAT || typeof header.version !== 'number') {
    throw new Error('This file is not a netpolish session export.');
  }
  if (header.version > SESSION_VERSION) {
    throw new Error(`This session was exported by a newer netpolish (format ${header.version}).`);
  }
  const stated = typeof header.exportedAt === 'string' ? Date.parse(header.exportedAt) : NaN;
  const out: ParsedSession = {
    imports: [],
    inventories: [],
    aggregates: [],
    names: [],
    decisions: [],
    settings: [],
    skipped: 0,
    dropped: 0,
    problems: [],
    exportedAt: Number.isFinite(stated) ? Math.min(stated, Date.now()) : Date.now(),
  };
  const found = new Map<string, string[]>();
  for (const l of lines.slice(1)) {
    if (l.trim() === '') continue;
    const entry = safeParse(l) as { table?: unknown; row?: unknown } | null;
    const table = TABLES.find((t) => t === entry?.table);
    if (!entry || !table || !restoreRow(out, table, entry.row, found)) out.skipped++;
  }
  attachProblems(out, found);
  return out;
}

/** Problems found in an inventory become diagnostics of its import, as a dump's would. */
function attachProblems(out: ParsedSession, found: Map<string, string[]>): void {
  for (const row of out.imports) {
    const messages = found.get(row.id);
    if (!messages) continue;
    row.diagnostics = [
      ...row.diagnostics,
      ...messages.map((message) => ({
        code: DIAGNOSTIC_CODES.ADMIN_POLICY,
        severity: 'error' as const,
        message,
        file: row.name,
        line: null,
      })),
    ];
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** One line's row through its table's restorer (the engine's); false when it is unusable. */
function restoreRow(
  out: ParsedSession,
  table: Table,
  row: unknown,
  problems: Map<string, string[]>,
): boolean {
  if (!isObject(row)) return false;
  const source = typeof row.importId === 'string' ? row.importId : 'session file';
  switch (table) {
    case 'imports': {
      const r = row.status === 'done' ? restoreImportRecord(row, 'session file').value : null;
      return r !== null && out.imports.push(r) > 0;
    }
    case 'inventories': {
      const r = restoreInventoryRecord(row, source);
      if (!r.value) return false;
      out.dropped += r.dropped;
      const admin = r.problems.filter((p) => p.code === DIAGNOSTIC_CODES.ADMIN_POLICY);
      const messages = admin.map((p) => p.message);
      out.problems.push(...messages);
      if (messages.length > 0) problems.set(source, [...(problems.get(source) ?? []), ...messages]);
      return out.inventories.push(r.value) > 0;
    }
    case 'aggregates': {
      const [a] = restoreAggregateRecords([row], source).value;
      return a !== undefined && out.aggregates.push(a) > 0;
    }
    case 'names':
      return kept(out, out.names, restoreNameRecord(row, source));
    case 'decisions':
      return kept(out, out.decisions, restoreDecisionRecord(row, 'session file', out.exportedAt));
    case 'settings':
      return kept(out, out.settings, restoreSettingRecord(row, 'session file'));
  }
}

function kept<T>(out: ParsedSession, into: T[], r: Restored<T | null>): boolean {
  if (r.value === null) return false;
  out.dropped += r.dropped;
  into.push(r.value);
  return true;
}
