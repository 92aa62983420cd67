/**
 * One import, end to end: stream the file through the engine and commit what it produced.
 * Nothing is written until the file has been read: the rows and the import's final status are
 * committed in one transaction, so an import is never half-visible. Runs in the worker (and in
 * Node for unit tests); it touches `Blob.stream()`, never a whole file as one string.
 */
import {
  countedAggregates,
  createContentHasher,
  hashingStream,
  inventoryContents,
  readImport,
  type ContentHasher,
  type Diagnostic,
  type ReadShard,
} from '$lib/engine';
import { dexieStore } from './store';
import { readWithParseWorkers, type ParseWorkers } from './ingest-parts';
import { contentTables, dropContributions, nameRow } from './names';
import { announceImportsChanged, heldImportIds, holdImportLock, whenUnowned } from './import-locks';
import { approximateSize, fitsInStorage, NO_SPACE, storageErrorMessage } from './storage-space';
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

/**
 * What to do when the file's content equals an earlier import of the cluster (DESIGN.md "Same
 * file twice"): `ask` keeps the result waiting (status `duplicate`) until `resolveDuplicate`,
 * `skip` drops it, `replace` commits it and removes the earlier import.
 */
export type DuplicateMode = 'ask' | 'skip' | 'replace';

export interface ImportOptions {
  id: string;
  cluster: string;
  duplicates?: DuplicateMode;
  /** Parse workers the page lends this import: a big file is read by all of them at once. */
  parseWorkers?: ParseWorkers;
}

/** Imports one file into `cluster`; resolves with the final row (done, failed, cancelled or duplicate). */
export async function runImport(
  db: NetpolishDb,
  file: ImportSource,
  opts: ImportOptions,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportRow> {
  const [row] = await runImports(db, [file], { ...opts, ids: [opts.id] }, onProgress);
  return row!;
}

/**
 * Imports the flow files of one drop into `cluster` (dumps are imported before, each alone):
 * with parse workers, read several at once and big ones in parts, then committed one after
 * another in the drop's order — each file its own import, stored exactly as importing them one
 * after another stores them (a file equal to an earlier one of the drop is its duplicate). One
 * progress for the drop (`ids[0]`, bytes of all files); cancelling any id cancels the drop:
 * files committed stay, the others are cancelled, none half-stored. Without workers, or when
 * the parallel read fails, each file is read in turn (a file that cannot be read fails alone).
 */
export async function runImports(
  db: NetpolishDb,
  files: ImportSource[],
  opts: Omit<ImportOptions, 'id'> & { ids: string[] },
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportRow[]> {
  const controller = new AbortController();
  const rows = await startImports(db, files, opts.ids, opts.cluster, controller);
  const { signal } = controller;
  const total = files.reduce((n, f) => n + f.size, 0);
  const report = progressReport(opts.ids[0] ?? '', total, onProgress);
  const blobs = files.filter((f): f is ImportSource & Blob => f instanceof Blob);
  const parallel =
    opts.parseWorkers && blobs.length === files.length
      ? readWithParseWorkers(dexieStore(db), blobs, opts.cluster, opts.parseWorkers, {
          signal,
          sha256: webSha256,
          onProgress: report,
        }).catch((e: unknown) => {
          if (signal.aborted) throw e;
          return null;
        })
      : Promise.resolve(null);
  const out: ImportRow[] = [];
  // What the files read before this one gave, for the progress of one read here.
  const done = { bytes: 0, records: 0 };
  for (const [i, file] of files.entries()) {
    const row = rows[i]!;
    const { bytes, records } = done;
    const here = (b: number, r: number): void => report(bytes + b, records + r);
    out.push(
      await finishImport(db, row, signal, async () => {
        const read =
          (await parallel)?.get(blobs[i]!) ??
          (await readWhole(db, file, row.cluster, signal, here));
        done.bytes += file.size;
        done.records += read.shard.read.records;
        return commitRead(db, row, read, opts.duplicates ?? 'ask', signal);
      }),
    );
  }
  return out;
}

/** Registers the imports as running (cancelled by `controller`), their locks held, rows put. */
async function startImports(
  db: NetpolishDb,
  files: ImportSource[],
  ids: string[],
  cluster: string,
  controller: AbortController,
): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for (const [i, file] of files.entries()) {
    const id = ids[i]!;
    running.set(id, controller);
    // The lock says "this tab owns the import" to other tabs, before the row exists.
    locks.set(id, await holdImportLock(id));
    rows.push(newRow(file, { id, cluster }));
  }
  await db.imports.bulkPut(rows);
  return rows;
}

/** Held import locks, by import id, until the import is settled. */
const locks = new Map<string, () => void>();

/** Runs an import's read and commit; a failure or a cancel becomes its final row. */
async function finishImport(
  db: NetpolishDb,
  row: ImportRow,
  signal: AbortSignal,
  work: () => Promise<ImportRow>,
): Promise<ImportRow> {
  try {
    if (signal.aborted) throw new Error('aborted');
    return await work();
  } catch (e) {
    const cancelled = signal.aborted;
    const final: ImportRow = {
      ...row,
      status: cancelled ? 'cancelled' : 'failed',
      finishedAt: Date.now(),
      error: cancelled
        ? 'Cancelled'
        : (storageErrorMessage(e) ?? `The file could not be read: ${errorText(e)}`),
    };
    // With the disk full even this row may not be written: the next start rolls it back.
    await db.imports.put(final).catch(() => undefined);
    return final;
  } finally {
    running.delete(row.id);
    const release = locks.get(row.id) ?? (() => undefined);
    locks.delete(row.id);
    // A duplicate waiting for Skip or Replace is still owned: released when answered.
    if (pending.has(row.id)) releases.set(row.id, release);
    else release();
    announceImportsChanged();
  }
}

/** Lock releases of imports waiting for Skip or Replace. */
const releases = new Map<string, () => void>();

function newRow(file: ImportSource, opts: Pick<ImportOptions, 'id' | 'cluster'>): ImportRow {
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

/** What reading an import gave: its shard and content hash. */
interface ImportRead {
  shard: ReadShard;
  hasher: ContentHasher;
}

/** Progress of imports as `id`'s, at most every 100 ms. */
function progressReport(
  id: string,
  size: number,
  onProgress: ((p: ImportProgress) => void) | undefined,
): (bytesRead: number, records: number) => void {
  return throttle((bytesRead, records) => onProgress?.({ id, bytesRead, size, records }));
}

/** Streams the file through the engine here, hashing it as it goes. */
async function readWhole(
  db: NetpolishDb,
  file: ImportSource,
  cluster: string,
  signal: AbortSignal,
  onProgress: (bytesRead: number, records: number) => void,
): Promise<ImportRead> {
  const hasher = createContentHasher(webSha256);
  const shard = await readImport(dexieStore(db), hashingStream(file.stream(), hasher), file.name, {
    cluster,
    signal,
    onProgress,
  });
  return { shard, hasher };
}

/** Commits what an import read (unless cancelled meanwhile), its final row the answer. */
async function commitRead(
  db: NetpolishDb,
  row: ImportRow,
  { shard: readShard, hasher }: ImportRead,
  mode: DuplicateMode,
  signal: AbortSignal,
): Promise<ImportRow> {
  const { read, diagnostics, shard, accounting } = readShard;
  if (signal.aborted) throw new Error('aborted');
  const base: ImportRow = {
    ...row,
    format: read.format,
    kind: read.kind,
    bytesRead: read.bytes,
    lines: read.lines,
    records: read.records,
    ...(read.byteScan && { byteScan: read.byteScan }),
    finishedAt: Date.now(),
    ...(hasher.ended && { contentHash: await hasher.digest() }),
  };
  if (read.kind === 'unknown') {
    const final = withDiagnostics(
      { ...base, status: 'failed', error: firstMessage(diagnostics) ?? 'Unrecognised file format' },
      diagnostics,
    );
    await db.imports.put(final);
    return final;
  }
  const { inventory, aggregates } = shard;
  const named = nameRow(row.id, row.cluster, shard.names);
  const final = withDiagnostics(
    inventory
      ? { ...base, status: 'done', contents: inventoryContents(inventory) }
      : {
          ...base,
          status: 'done',
          communications: countedAggregates(aggregates).length,
          accounting,
        },
    diagnostics,
  );
  await ensureSpace(inventory ? [inventory] : named ? [...aggregates, named] : aggregates);
  return settle(db, final, mode, async (replaced) => {
    await db.transaction('rw', contentTables(db), async () => {
      await dropImports(db, replaced);
      if (inventory)
        await db.inventories.put({ importId: row.id, cluster: row.cluster, inventory });
      else await db.aggregates.bulkAdd(aggregates.map((a) => ({ ...a, importId: row.id })));
      if (named) await db.names.put(named);
      await db.imports.put(final);
    });
  });
}

/** Commits with `commit(replacedIds)`, unless an earlier import of the cluster has the same content. */
async function settle(
  db: NetpolishDb,
  final: ImportRow,
  mode: DuplicateMode,
  commit: (replaced: string[]) => Promise<void>,
): Promise<ImportRow> {
  const earlier = final.contentHash ? await sameContent(db, final) : [];
  if (earlier.length === 0 || mode === 'replace') {
    await commit(earlier.map((r) => r.id));
    return final;
  }
  const waiting: ImportRow = { ...final, status: 'duplicate', duplicateOf: earlier[0]!.id };
  if (mode === 'skip') {
    await db.imports.delete(final.id);
    return waiting;
  }
  pending.set(final.id, commit);
  await db.imports.put(waiting);
  return waiting;
}

/** Completed imports of the cluster with the same content hash (oldest first). */
async function sameContent(db: NetpolishDb, row: ImportRow): Promise<ImportRow[]> {
  const rows = await db.imports.where('cluster').equals(row.cluster).toArray();
  return rows
    .filter((r) => r.id !== row.id && r.status === 'done' && r.contentHash === row.contentHash)
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** Removes imports and what they contributed (inside the caller's transaction). */
async function dropImports(db: NetpolishDb, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await dropContributions(db, ids);
  await db.imports.bulkDelete(ids);
}

/** Imports waiting for Skip or Replace: their commit, by import id (lost with the worker). */
const pending = new Map<string, (replaced: string[]) => Promise<void>>();

/** Answers a waiting duplicate: `skip` forgets it, `replace` commits it instead of the earlier one. */
export async function resolveDuplicate(
  db: NetpolishDb,
  id: string,
  choice: 'skip' | 'replace',
): Promise<ImportRow | null> {
  const commit = pending.get(id);
  const row = await db.imports.get(id);
  pending.delete(id);
  releases.get(id)?.();
  releases.delete(id);
  if (!commit || !row || row.status !== 'duplicate' || choice === 'skip') {
    await db.imports.delete(id);
    return null;
  }
  const final: ImportRow = { ...row, status: 'done' };
  delete final.duplicateOf;
  const earlier = await sameContent(db, final);
  await commit(earlier.map((r) => r.id));
  return final;
}

/** Refuses the commit up front when its rows will not fit (storage-space.ts). */
async function ensureSpace(rows: readonly unknown[]): Promise<void> {
  if (!(await fitsInStorage(approximateSize(rows)))) throw new Error(NO_SPACE);
}

/** WebCrypto's SHA-256 (in the worker and in Node ≥ 20). */
const webSha256 = async (bytes: Uint8Array): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));

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
function throttle(fn: (n: number, m: number) => void): (n: number, m: number) => void {
  let last = 0;
  return (n, m) => {
    const now = Date.now();
    if (now - last >= 100) {
      last = now;
      fn(n, m);
    }
  };
}

/**
 * Marks imports left 'running' by a closed tab as failed and drops anything they wrote; drops
 * duplicates whose Skip/Replace question went with the tab.
 */
export async function recoverInterrupted(db: NetpolishDb): Promise<number> {
  // An import another tab runs (or asks about) holds its lock: it is left to that tab, and
  // looked at again once the lock is free (the tab finished, or closed).
  const owned = await heldImportIds();
  const mine = (id: string) => running.has(id) || pending.has(id);
  const duplicates = (await db.imports.where('status').equals('duplicate').primaryKeys()).map(
    String,
  );
  for (const id of duplicates.filter((x) => !mine(x) && owned.has(x)))
    void afterOwner(db, id, 'duplicate');
  const orphans = duplicates.filter((id) => !mine(id) && !owned.has(id));
  if (orphans.length > 0) await db.imports.bulkDelete(orphans);
  const stale = (await db.imports.where('status').equals('running').primaryKeys()).map(String);
  for (const id of stale.filter((x) => !mine(x) && owned.has(x)))
    void afterOwner(db, id, 'running');
  const ids = stale.filter((id) => !mine(id) && !owned.has(id));
  await rollBack(db, ids);
  return ids.length;
}

/** Once the owner's lock is free: an import still in `status` was left by a closed tab. */
async function afterOwner(db: NetpolishDb, id: string, status: 'running' | 'duplicate') {
  await whenUnowned(id);
  if ((await db.imports.get(id))?.status !== status) return;
  if (status === 'duplicate') await db.imports.delete(id);
  else await rollBack(db, [id]);
  announceImportsChanged();
}

async function rollBack(db: NetpolishDb, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction('rw', contentTables(db), async () => {
    await dropContributions(db, ids);
    for (const id of ids) {
      await db.imports.update(id, {
        status: 'failed',
        finishedAt: Date.now(),
        error:
          'Interrupted: the page was closed while this file was being imported. Import it again.',
      });
    }
  });
}
