/**
 * The imports table: one record per file imported (its metadata, diagnostics and accounting),
 * and its restorer. A record written by an older version gets today's defaults; one without
 * an id, a cluster or a known status cannot be used and is left out with a problem.
 */
import type { Accounting } from '../aggregate/accounting';
import type { ByteScan } from '../formats/common';
import type { InventoryCount } from '../inventory/contents';
import type { Diagnostic, Severity } from '../model/diagnostic';
import { count, isRec, leftOut, str, unusable, type Rec, type Restored } from './problems';

/**
 * `duplicate`: read, but its content equals an earlier import of the cluster; waits for Skip or
 * Replace. `removed`: set aside by Remove, so Undo can bring it back; purged when a page starts.
 */
export type ImportStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'duplicate' | 'removed';
const STATUSES: readonly ImportStatus[] = [
  'running',
  'done',
  'failed',
  'cancelled',
  'duplicate',
  'removed',
];
const KINDS = ['flows', 'metadata', 'unknown'] as const;
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface ImportRecord {
  id: string;
  name: string;
  size: number;
  cluster: string;
  status: ImportStatus;
  /** Detected format id (hubble-jsonpb, k8s-json, …) or null when unknown. */
  format: string | null;
  kind: (typeof KINDS)[number] | null;
  startedAt: number;
  finishedAt: number | null;
  bytesRead: number;
  lines: number;
  records: number;
  /** Communications this import contributed. */
  communications: number;
  diagnostics: Diagnostic[];
  /** Diagnostics dropped beyond the stored cap, by code. */
  diagnosticOverflow: Record<string, number>;
  /** A failure that stopped the import (the file could not be read at all). */
  error: string | null;
  /** Content hash of the file (engine io/content-hash), when it was read to its end. */
  contentHash?: string;
  /** For a flow file: every event read, accounted for. */
  accounting?: Accounting;
  /** For status `duplicate`: the earlier import with the same content. */
  duplicateOf?: string;
  /** For a kubectl dump: what it held, per kind (the import's one-line summary). */
  contents?: InventoryCount[];
  /** For status `removed`: the status it had, and when it was removed. */
  removedFrom?: ImportStatus;
  removedAt?: number;
  /**
   * For a flow file read by a byte line parser: whether its lines were scanned in WebAssembly
   * or in JavaScript (ReadResult.byteScan) — what the app's workers could run.
   */
  byteScan?: ByteScan;
}

const status = (v: unknown): ImportStatus | null => STATUSES.find((s) => s === v) ?? null;
const n0 = (v: unknown): number => (count(v) ? v : 0);
const time = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

function diagnostic(v: unknown): Diagnostic | null {
  if (!isRec(v) || typeof v.code !== 'string' || typeof v.message !== 'string') return null;
  const severity = SEVERITIES.find((s) => s === v.severity) ?? 'error';
  const line = typeof v.line === 'number' && Number.isInteger(v.line) ? v.line : null;
  return { code: v.code, severity, message: v.message, file: str(v.file) ?? '', line };
}

function counts(v: unknown): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  if (isRec(v)) for (const [k, n] of Object.entries(v)) if (count(n)) out[k] = n;
  return out;
}

function contents(v: unknown): InventoryCount[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (c: Partial<InventoryCount> | null): c is InventoryCount =>
      typeof c?.one === 'string' && typeof c.many === 'string' && Number.isFinite(c.count),
  );
}

function accounting(v: Rec): Accounting {
  return {
    events: n0(v.events),
    counted: n0(v.counted),
    bothEnds: n0(v.bothEnds),
    replies: n0(v.replies),
    undetermined: n0(v.undetermined),
    unreadable: n0(v.unreadable),
    skipped: n0(v.skipped),
  };
}

/** An import record read back; null (with a problem) when it cannot be used. */
export function restoreImportRecord(v: unknown, source: string): Restored<ImportRecord | null> {
  const st = isRec(v) ? status(v.status) : null;
  if (!isRec(v) || typeof v.id !== 'string' || typeof v.cluster !== 'string' || !st)
    return unusable(source, 'stored import');
  const diagnostics = Array.isArray(v.diagnostics) ? v.diagnostics.map(diagnostic) : [];
  const kind = KINDS.find((k) => k === v.kind) ?? null;
  const record: ImportRecord = {
    id: v.id,
    name: str(v.name) ?? v.id,
    size: n0(v.size),
    cluster: v.cluster,
    status: st,
    format: str(v.format),
    kind,
    startedAt: time(v.startedAt) ?? 0,
    finishedAt: time(v.finishedAt),
    bytesRead: n0(v.bytesRead),
    lines: n0(v.lines),
    records: n0(v.records),
    communications: n0(v.communications),
    diagnostics: diagnostics.filter((d) => d !== null),
    diagnosticOverflow: counts(v.diagnosticOverflow),
    error: str(v.error),
  };
  if (typeof v.contentHash === 'string') record.contentHash = v.contentHash;
  if (isRec(v.accounting)) record.accounting = accounting(v.accounting);
  if (typeof v.duplicateOf === 'string') record.duplicateOf = v.duplicateOf;
  if (v.contents !== undefined) record.contents = contents(v.contents);
  const from = status(v.removedFrom);
  if (from) record.removedFrom = from;
  if (time(v.removedAt) !== null) record.removedAt = v.removedAt as number;
  if (v.byteScan === 'wasm' || v.byteScan === 'js') record.byteScan = v.byteScan;
  const dropped = diagnostics.length - record.diagnostics.length;
  return { value: record, problems: leftOut(record.name, dropped, 'stored diagnostic'), dropped };
}
