/**
 * One import, end to end: stream the file through the engine and commit what it produced.
 * Nothing is written until the file has been read: the rows and the import's final status are
 * committed in one transaction, so an import is never half-visible. Runs in the worker (and in
 * Node for unit tests); it touches `Blob.stream()`, never a whole file as one string.
 */
import { readInput } from '$lib/engine/formats';
import { parseMetadataText } from '$lib/engine/inventory/parse';
import { buildInventory } from '$lib/engine/inventory/build';
import { indexInventory } from '$lib/engine/inventory';
import { addFlow, createAggregation, finish } from '$lib/engine/aggregate/aggregate';
import type { Diagnostic } from '$lib/engine/model/diagnostic';
import { clusterInventory } from './queries';
import type { ImportRow, NetpolishDb } from './schema';

export interface ImportProgress {
  id: string;
  bytesRead: number;
  size: number;
  records: number;
}

/** Diagnostics kept per import; the rest are counted by code. */
export const MAX_STORED_DIAGNOSTICS = 2_000;

const running = new Map<string, AbortController>();

/** Cancels a running import (no-op when it has finished). */
export function cancelImport(id: string): void {
  running.get(id)?.abort();
}

export interface ImportSource {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
}

/** Imports one file into `cluster`; resolves with the final row (done, failed or cancelled). */
export async function runImport(
  db: NetpolishDb,
  file: ImportSource,
  opts: { id: string; cluster: string },
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportRow> {
  const controller = new AbortController();
  running.set(opts.id, controller);
  const row = newRow(file, opts);
  await db.imports.put(row);
  try {
    return await readAndCommit(db, file, row, controller.signal, onProgress);
  } catch (e) {
    const cancelled = controller.signal.aborted;
    const final: ImportRow = {
      ...row,
      status: cancelled ? 'cancelled' : 'failed',
      finishedAt: Date.now(),
      error: cancelled ? 'Cancelled' : `The file could not be read: ${errorText(e)}`,
    };
    await db.imports.put(final);
    return final;
  } finally {
    running.delete(opts.id);
  }
}

function newRow(file: ImportSource, opts: { id: string; cluster: string }): ImportRow {
  return {
    id: opts.id,
    name: file.name,
    size: file.size,
    cluster: opts.cluster,
    status: 'running',
    format: null,
    kind: null,
    startedAt: Date.now(),
    finishedAt: null,
    bytesRead: 0,
    lines: 0,
    records: 0,
    communications: 0,
    diagnostics: [],
    diagnosticOverflow: {},
    error: null,
  };
}

async function readAndCommit(
  db: NetpolishDb,
  file: ImportSource,
  row: ImportRow,
  signal: AbortSignal,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportRow> {
  const index = indexInventory(await clusterInventory(db, row.cluster));
  const aggregation = createAggregation(row.cluster);
  let records = 0;
  const report = throttle((bytesRead: number) =>
    onProgress?.({ id: row.id, bytesRead, size: file.size, records }),
  );
  const result = await readInput(file.stream(), file.name, {
    onRecord: (r) => {
      records++;
      addFlow(aggregation, index, r);
    },
    onProgress: report,
    signal,
  });
  if (signal.aborted) throw new Error('aborted');
  const diagnostics = [...result.diagnostics];
  const base: ImportRow = {
    ...row,
    format: result.format,
    kind: result.kind,
    bytesRead: result.bytes,
    lines: result.lines,
    records: result.records,
    finishedAt: Date.now(),
  };
  if (result.kind === 'metadata') {
    const parsed = parseMetadataText(result.text ?? '', file.name);
    const built = buildInventory(parsed.objects, row.cluster);
    diagnostics.push(...parsed.diagnostics, ...built.diagnostics);
    const final = withDiagnostics({ ...base, status: 'done' }, diagnostics);
    await db.transaction('rw', db.imports, db.inventories, async () => {
      await db.inventories.put({
        importId: row.id,
        cluster: row.cluster,
        inventory: built.inventory,
      });
      await db.imports.put(final);
    });
    return final;
  }
  if (result.kind === 'unknown') {
    const final = withDiagnostics(
      { ...base, status: 'failed', error: firstMessage(diagnostics) ?? 'Unrecognised file format' },
      diagnostics,
    );
    await db.imports.put(final);
    return final;
  }
  const aggregates = finish(aggregation);
  const final = withDiagnostics(
    { ...base, status: 'done', communications: aggregates.length },
    diagnostics,
  );
  await db.transaction('rw', db.imports, db.aggregates, async () => {
    await db.aggregates.bulkAdd(aggregates.map((a) => ({ ...a, importId: row.id })));
    await db.imports.put(final);
  });
  return final;
}

function withDiagnostics(row: ImportRow, diagnostics: Diagnostic[]): ImportRow {
  const kept = diagnostics.slice(0, MAX_STORED_DIAGNOSTICS);
  const overflow: Record<string, number> = {};
  for (const d of diagnostics.slice(MAX_STORED_DIAGNOSTICS))
    overflow[d.code] = (overflow[d.code] ?? 0) + 1;
  return { ...row, diagnostics: kept, diagnosticOverflow: overflow };
}

function firstMessage(diagnostics: Diagnostic[]): string | undefined {
  const d = diagnostics.find((x) => x.severity === 'error') ?? diagnostics[0];
  return d ? `${d.message} (${d.code})` : undefined;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Calls `fn` at most every 100 ms (and always for the first call). */
function throttle(fn: (n: number) => void): (n: number) => void {
  let last = 0;
  return (n) => {
    const now = Date.now();
    if (now - last >= 100) {
      last = now;
      fn(n);
    }
  };
}

/** Marks imports left 'running' by a closed tab as failed and drops anything they wrote. */
export async function recoverInterrupted(db: NetpolishDb): Promise<number> {
  const stale = await db.imports.where('status').equals('running').toArray();
  const ids = stale.filter((r) => !running.has(r.id)).map((r) => r.id);
  if (ids.length === 0) return 0;
  await db.transaction('rw', db.imports, db.aggregates, db.inventories, async () => {
    await db.aggregates.where('importId').anyOf(ids).delete();
    await db.inventories.where('importId').anyOf(ids).delete();
    for (const id of ids) {
      await db.imports.update(id, {
        status: 'failed',
        finishedAt: Date.now(),
        error:
          'Interrupted: the page was closed while this file was being imported. Import it again.',
      });
    }
  });
  return ids.length;
}
