/**
 * Session files: export everything (imports, aggregates, decisions, settings) to one gzip file,
 * and import such a file from another machine, merged into this browser's database. The worker
 * builds and reads the file; this class downloads it and reports the outcome.
 */
import { request as workerRequest } from '$lib/worker/client';
import type { Request } from './backend';
import type { SessionPreview } from '$lib/db/session';
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

  /** The file chosen for import and what it would change, until Import or Cancel. */
  preview = $state.raw<{ file: Blob; what: SessionPreview } | null>(null);

  /** Reads a session file and shows what importing it would change; nothing is written yet. */
  async previewFile(file: Blob): Promise<void> {
    this.busy = true;
    try {
      const what = await this.request('importSession', file, { apply: false });
      this.preview = { file, what };
      this.message = null;
    } catch (e) {
      this.preview = null;
      this.message = `Import failed: ${(e as Error).message}`;
    } finally {
      this.busy = false;
    }
  }

  cancelPreview(): void {
    this.preview = null;
    this.message = 'Session import cancelled: nothing was changed.';
  }

  /** Imports the previewed file; `fileWins` lets its older decisions replace newer ones here. */
  async confirm(fileWins = false): Promise<boolean> {
    const chosen = this.preview;
    if (!chosen) return false;
    this.busy = true;
    this.preview = null;
    try {
      const s = await this.request('importSession', chosen.file, { apply: true, fileWins });
      this.message = sessionMessage(s);
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The status line after a session import. */
export function sessionMessage(s: SessionPreview): string {
  const d = s.decisions;
  const decisions = d.added + d.newer + d.olderReplaced;
  const kept = d.olderKept > 0 ? `, ${plural(d.olderKept, 'newer decision')} here kept` : '';
  const dup = s.duplicates > 0 ? `, ${s.duplicates} already here` : '';
  const skipped = s.skipped > 0 ? `, ${plural(s.skipped, 'unreadable line')} skipped` : '';
  return `Session imported: ${plural(s.imports, 'import')}, ${plural(decisions, 'decision')}${kept}${dup}${skipped}.`;
}

export const sessionFile = new SessionFileState(workerRequest, async () => {
  await imports.refresh();
  await workspace.restore();
});
