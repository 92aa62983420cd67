/**
 * What importing a session file will change, before it changes anything (the preview), and the
 * merge itself in one transaction: new imports with their rows, and each decision and setting
 * as the engine's rules say (restore/merge.ts: newer decisions win unless the file does,
 * settings are united). Rows reach here restored (session.ts).
 */
import type { DecisionRow, NetpolishDb, SettingRow } from './schema';
import { mergeDecision, mergeSetting } from '$lib/engine';
import type { ParsedSession } from './session';

export interface SessionPreview {
  imports: number;
  /** Imports already in this database (same id), left as they were. */
  duplicates: number;
  inventories: number;
  aggregates: number;
  decisions: { added: number; newer: number; olderKept: number; olderReplaced: number };
  settingsChanged: number;
  /** Lines that were not a valid row (bad JSON, unknown table, wrong shape). */
  skipped: number;
  /** Entries inside valid rows that were malformed and left out (pods, ports, …). */
  dropped: number;
  /** Sentences for admin policies left out or rules read fail-closed. */
  problems: string[];
  /** Names of the new imports (files), for the preview. */
  names: string[];
}

export interface SessionPlan {
  preview: SessionPreview;
  write(db: NetpolishDb): Promise<void>;
}

async function mergedSettings(
  db: NetpolishDb,
  rows: SettingRow[],
  fileWins: boolean,
): Promise<SettingRow[]> {
  const out: SettingRow[] = [];
  for (const row of rows) {
    const here = (await db.settings.get(row.key))?.value;
    const value = mergeSetting(row.key, here, row.value, fileWins);
    if (value === undefined) continue;
    if (JSON.stringify(here) !== JSON.stringify(value)) out.push({ key: row.key, value });
  }
  return out;
}

/** The preview of importing `parsed` here, and the writes that do it (one transaction). */
export async function planSession(
  db: NetpolishDb,
  parsed: ParsedSession,
  fileWins: boolean,
): Promise<SessionPlan> {
  const existing = new Set(await db.imports.toCollection().primaryKeys());
  const newImports = parsed.imports.filter((r) => !existing.has(r.id));
  const fresh = new Set(newImports.map((r) => r.id));
  const inventories = parsed.inventories.filter((r) => fresh.has(r.importId));
  const aggregates = parsed.aggregates.filter((r) => fresh.has(r.importId));
  const names = parsed.names.filter((r) => fresh.has(r.importId));
  const counts = { added: 0, newer: 0, olderKept: 0, olderReplaced: 0 };
  const decisions: DecisionRow[] = [];
  for (const row of parsed.decisions) {
    const which = mergeDecision(await db.decisions.get(row.id), row, fileWins);
    counts[which]++;
    if (which !== 'olderKept') decisions.push(row);
  }
  const settings = await mergedSettings(db, parsed.settings, fileWins);
  const preview: SessionPreview = {
    imports: newImports.length,
    duplicates: parsed.imports.length - newImports.length,
    inventories: inventories.length,
    aggregates: aggregates.length,
    decisions: counts,
    settingsChanged: settings.length,
    skipped: parsed.skipped,
    dropped: parsed.dropped,
    problems: parsed.problems,
    names: newImports.map((r) => r.name),
  };
  const tables = [db.imports, db.inventories, db.aggregates, db.names, db.decisions, db.settings];
  return {
    preview,
    write: (target) =>
      target.transaction('rw', tables, async () => {
        await target.imports.bulkPut(newImports);
        await target.inventories.bulkPut(inventories);
        await target.aggregates.bulkAdd(aggregates);
        await target.names.bulkPut(names);
        await target.decisions.bulkPut(decisions);
        await target.settings.bulkPut(settings);
      }),
  };
}
