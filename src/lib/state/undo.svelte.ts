/**
 * Undo and redo (DESIGN.md §6): every decision, bulk action and alias change pushes an entry
 * that knows how to put the stored state back and forth. The toast shows the last one with an
 * Undo button; Ctrl+Z / Ctrl+Shift+Z (⌘ on macOS) walk the stack. A new change clears what
 * could be redone. Entries restore the stored state, so they hold across workloads and tabs
 * (not across a reload: the stack lives in the page).
 */
export interface UndoEntry {
  /** What was done, for the toast: "Excluded details-v1 (9080/TCP)". */
  label: string;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
}

/** The most entries kept; older ones drop off. */
const LIMIT = 100;

export class UndoStack {
  past = $state.raw<UndoEntry[]>([]);
  future = $state.raw<UndoEntry[]>([]);
  /** What the toast says: the last change, or what was just undone or redone. */
  notice = $state<{ text: string; canUndo: boolean; at: number } | null>(null);
  busy = $state(false);

  push(entry: UndoEntry): void {
    this.past = [...this.past.slice(-(LIMIT - 1)), entry];
    this.future = [];
    this.notice = { text: entry.label, canUndo: true, at: Date.now() };
  }

  /** Folds `entry` into the last one: one Undo reverses both (an alias saved and its rows included). */
  join(entry: UndoEntry): void {
    const last = this.past.at(-1);
    if (!last) return this.push(entry);
    this.past = this.past.slice(0, -1);
    this.push({
      label: `${last.label}; ${entry.label.charAt(0).toLowerCase()}${entry.label.slice(1)}`,
      undo: async () => {
        await entry.undo();
        await last.undo();
      },
      redo: async () => {
        await last.redo();
        await entry.redo();
      },
    });
  }

  /** Undoes the last change; pressed again while one runs, it follows that one (never lost). */
  undo(): Promise<void> {
    return this.queued(() => this.undoNow());
  }

  /** Redoes the last undone change, after any undo or redo still running. */
  redo(): Promise<void> {
    return this.queued(() => this.redoNow());
  }

  private queue: Promise<void> = Promise.resolve();

  private queued(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async undoNow(): Promise<void> {
    const entry = this.past.at(-1);
    if (!entry) return;
    await this.run(entry.undo, () => {
      this.past = this.past.slice(0, -1);
      this.future = [...this.future, entry];
      this.notice = {
        text: `Undone: ${entry.label}`,
        canUndo: this.past.length > 0,
        at: Date.now(),
      };
    });
  }

  private async redoNow(): Promise<void> {
    const entry = this.future.at(-1);
    if (!entry) return;
    await this.run(entry.redo, () => {
      this.future = this.future.slice(0, -1);
      this.past = [...this.past, entry];
      this.notice = { text: `Redone: ${entry.label}`, canUndo: true, at: Date.now() };
    });
  }

  dismiss(): void {
    this.notice = null;
  }

  private async run(step: () => Promise<void>, done: () => void): Promise<void> {
    this.busy = true;
    try {
      await step();
      done();
    } catch (e) {
      this.notice = {
        text: `Could not undo: ${(e as Error).message}`,
        canUndo: false,
        at: Date.now(),
      };
    } finally {
      this.busy = false;
    }
  }
}
