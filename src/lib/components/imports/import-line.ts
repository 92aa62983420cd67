/**
 * One import's one-line summary: its shown status — `partial` (amber) when it finished with
 * errors, i.e. some of the file could not be read, with the reason in words — and what it held:
 * a dump's counts per kind, a flow file's accounting.
 */
import { accountingText, contentsText } from '$lib/engine';
import type { ImportRow } from '$lib/db/schema';
import { count } from '$lib/components/ui/count';

export type ShownStatus = 'done' | 'partial' | 'failed' | 'cancelled';

export function shownStatus(r: ImportRow): ShownStatus {
  if (r.status === 'done') return partialReason(r) === null ? 'done' : 'partial';
  return r.status === 'cancelled' ? 'cancelled' : 'failed';
}

/**
 * Why a finished import is partial: how many errors, and the first one ("2 errors — line 812:
 * Unexpected end of JSON input"); null when nothing went wrong.
 */
export function partialReason(r: ImportRow): string | null {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (!first) return null;
  const codes = new Set(errors.map((d) => d.code));
  const dropped = [...codes].reduce((s, c) => s + (r.diagnosticOverflow[c] ?? 0), 0);
  const where = first.line !== null ? `line ${first.line}: ` : '';
  return `${count(errors.length + dropped, 'error')} — ${where}${first.message}`;
}

/** What the import held: "32 pods, 20 Services, …" for a dump, its events for a flow file. */
export function contentsLine(r: ImportRow): string {
  if (r.kind === 'metadata') return r.contents ? contentsText(r.contents) : 'kubectl dump';
  if (r.accounting) return accountingText(r.accounting);
  return count(r.records, 'record');
}

/** The drawer's heading: "3 files — 1 partial, 1 failed". */
export function drawerSummary(rows: readonly ImportRow[]): string {
  const by = { done: 0, partial: 0, failed: 0, cancelled: 0 };
  for (const r of rows) by[shownStatus(r)]++;
  const extra = (['partial', 'failed', 'cancelled'] as const)
    .filter((s) => by[s] > 0)
    .map((s) => `${by[s]} ${s}`);
  return `${count(rows.length, 'file')}${extra.length > 0 ? ` — ${extra.join(', ')}` : ''}`;
}
