/**
 * Session files: export everything (imports, aggregates, decisions, settings) to one gzip file,
 * and import such a file from another machine, merged into this browser's database. The worker
 * builds and reads the file; this class downloads it and reports the outcome.
 */
import { request as workerRequest } from '$lib/worker/client';
import type { Request } from './backend';
import { saveBlob, today } from './download';
import { imports } from './imports.svelte';
import { workspace } from './workspace.svelte';

export class SessionFileState {
  busy = $state(false);
  message = $state<string | null>(null);

  constructor(
    private readonly request: Request,
    private readonly afterImport: () => Promise<void>,
  ) {}

  async exportFile(): Promise<void> {
    this.busy = true;
    try {
      saveBlob(await this.request('exportSession'), `netpolish-session-${today()}.jsonl.gz`);
      this.message = 'Session exported.';
    } catch (e) {
      this.message = `Export failed: ${(e as Error).message}`;
    } finally {
      this.busy = false;
    }
  }

  /** Imports a session file; true when something was added. */
  async importFile(file: Blob): Promise<boolean> {
    this.busy = true;
    try {
      const s = await this.request('importSession', file);
      const skipped =
        s.skipped > 0 ? `, ${s.skipped} unreadable line${s.skipped === 1 ? '' : 's'} skipped` : '';
      const dup = s.duplicates > 0 ? `, ${s.duplicates} already here` : '';
      this.message = `Session imported: ${s.imports} import${s.imports === 1 ? '' : 's'}, ${s.decisions} decision${s.decisions === 1 ? '' : 's'}${dup}${skipped}.`;
      await this.afterImport();
      return true;
    } catch (e) {
      this.message = `Import failed: ${(e as Error).message}`;
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export const sessionFile = new SessionFileState(workerRequest, async () => {
  await imports.refresh();
  await workspace.restore();
});
