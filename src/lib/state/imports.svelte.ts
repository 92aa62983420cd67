/**
 * Import state: the list of imports (from IndexedDB, through the worker), the live progress of
 * running ones, the files already imported that wait for Skip or Replace, and the actions
 * import / cancel / remove (undoable) / load demo data (idempotent: files already here are skipped).
 */
import {
  dropWorthWorkers,
  importFile,
  importFiles,
  newImportId,
  request,
} from '$lib/worker/client';
import type { ImportRow } from '$lib/db/schema';
import type { DuplicateMode, ImportProgress } from '$lib/db/ingest';
import { onImportsChanged } from '$lib/db/import-locks';
import type { UndoEntry } from './undo.svelte';

export interface LiveProgress {
  id: string;
  name: string;
  bytesRead: number;
  size: number;
  records: number;
  controller: AbortController;
}

export class ImportsState {
  rows = $state.raw<ImportRow[]>([]);
  live = $state.raw<LiveProgress[]>([]);
  /** The cluster new imports go to (DESIGN §1.1: one cluster until the user names another). */
  cluster = $state('default');
  /** Bumped after every completed import so views re-query. */
  version = $state(0);
  error = $state<string | null>(null);
  loaded = $state(false);
  /** Imports whose content equals an earlier one, waiting for Skip or Replace (oldest first). */
  duplicates = $state.raw<ImportRow[]>([]);
  /**
   * Whether the browser keeps this site's data under storage pressure (asked on the first
   * import: without it, a full disk lets the browser evict every import); null before.
   */
  persistent = $state<boolean | null>(null);

  running = $derived(this.live.length > 0);

  private listening = false;

  async refresh(): Promise<void> {
    if (!this.listening && typeof window !== 'undefined') {
      // Another tab imported, or an import left by a closed tab was rolled back.
      this.listening = true;
      onImportsChanged(() => void this.refresh());
    }
    try {
      this.rows = await request('listImports');
      this.loaded = true;
    } catch (e) {
      this.error = `Could not read the stored imports: ${(e as Error).message}`;
    }
  }

  /**
   * Imports files (metadata first, each alone, so flows resolve against it). The flow files
   * then go one after another — or, with parse workers to share them, all at once under one
   * progress bar (`importDrop`), stored as one after another would store them. A file already
   * imported waits for Skip or Replace (`duplicates`) unless `duplicates` says.
   */
  async importFiles(files: File[], duplicates: DuplicateMode = 'ask'): Promise<void> {
    void this.askPersistence();
    const ordered = await this.metadataFirst(files);
    const dumps = ordered.filter((x) => x.kind === 'metadata').map((x) => x.file);
    const flows = ordered.filter((x) => x.kind !== 'metadata').map((x) => x.file);
    for (const file of dumps) await this.importOne(file, duplicates);
    if (dropWorthWorkers(flows)) await this.importDrop(flows, duplicates);
    else for (const file of flows) await this.importOne(file, duplicates);
  }

  /** Answers the question about a duplicate: Skip forgets it, Replace swaps it for the earlier import. */
  async resolveDuplicate(id: string, choice: 'skip' | 'replace'): Promise<void> {
    this.duplicates = this.duplicates.filter((d) => d.id !== id);
    try {
      await request('resolveDuplicate', id, choice);
    } catch (e) {
      this.error = `Could not ${choice} the import: ${(e as Error).message}`;
    }
    await this.changed();
  }

  private async askPersistence(): Promise<void> {
    if (this.persistent !== null) return;
    this.persistent = false;
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage?.persist) return;
    const already = await storage.persisted().catch(() => false);
    this.persistent = already || (await storage.persist().catch(() => false));
  }

  private async metadataFirst(files: File[]): Promise<{ file: File; kind: string }[]> {
    const kinds = await Promise.all(
      files.map((f) => request('sniffKind', f).catch(() => 'unknown')),
    );
    const rank = (k: string) => (k === 'metadata' ? 0 : 1);
    return files
      .map((file, i) => ({ file, kind: kinds[i] ?? 'unknown', i }))
      .sort((a, b) => rank(a.kind) - rank(b.kind) || a.i - b.i);
  }

  private importOne(file: File, duplicates: DuplicateMode): Promise<void> {
    const id = newImportId();
    return this.tracked(id, file.name, file.size, duplicates, async (signal, onProgress) => [
      await importFile(file, { id, cluster: this.cluster, duplicates, signal }, onProgress),
    ]);
  }

  /** The flow files of a drop read at once by parse workers: one progress bar, one Cancel. */
  private importDrop(files: File[], duplicates: DuplicateMode): Promise<void> {
    const ids = files.map(() => newImportId());
    const size = files.reduce((n, f) => n + f.size, 0);
    return this.tracked(ids[0]!, `${files.length} files`, size, duplicates, (signal, onProgress) =>
      importFiles(files, { ids, cluster: this.cluster, duplicates, signal }, onProgress),
    );
  }

  /** Runs imports under one live progress entry `id` (its Cancel aborts `signal`). */
  private async tracked(
    id: string,
    name: string,
    size: number,
    duplicates: DuplicateMode,
    run: (signal: AbortSignal, onProgress: (p: ImportProgress) => void) => Promise<ImportRow[]>,
  ): Promise<void> {
    const controller = new AbortController();
    const entry: LiveProgress = { id, name, bytesRead: 0, size, records: 0, controller };
    this.live = [...this.live, entry];
    const poll = setTimeout(() => void this.refresh(), 50);
    try {
      const rows = await run(controller.signal, (p) => {
        this.live = this.live.map((l) => (l.id === p.id ? { ...l, ...p } : l));
      });
      if (duplicates === 'ask') {
        this.duplicates = [...this.duplicates, ...rows.filter((r) => r.status === 'duplicate')];
      }
    } catch (e) {
      this.error = `Import of ${name} failed: ${(e as Error).message}`;
    } finally {
      clearTimeout(poll);
      this.live = this.live.filter((l) => l.id !== id);
      await this.changed();
    }
  }

  cancel(id: string): void {
    this.live.find((l) => l.id === id)?.controller.abort();
  }

  /**
   * Removes an import. It is only set aside until the page closes: the entry returned (null
   * when there was nothing to remove) brings it back, for the undo stack.
   */
  async remove(row: Pick<ImportRow, 'id' | 'name'>): Promise<UndoEntry | null> {
    const removed = await request('removeImport', row.id);
    await this.changed();
    if (!removed) return null;
    return {
      label: `Removed ${row.name}`,
      undo: async () => {
        const refused = await request('bringBackImport', row.id);
        await this.changed();
        if (refused) throw new Error(refused);
      },
      redo: async () => {
        await request('removeImport', row.id);
        await this.changed();
      },
    };
  }

  private async changed(): Promise<void> {
    await this.refresh();
    this.version++;
  }

  /** Fetches the bundled public samples (static/samples/demo.json) and imports those not here yet. */
  async loadDemo(baseUrl: string): Promise<void> {
    const res = await fetch(`${baseUrl}/samples/demo.json`);
    const list = (await res.json()) as { files: string[] };
    const files = await Promise.all(
      list.files.map(async (name) => {
        const r = await fetch(`${baseUrl}/samples/${name}`);
        return new File([await r.blob()], name);
      }),
    );
    await this.importFiles(files, 'skip');
  }
}

export const imports = new ImportsState();
