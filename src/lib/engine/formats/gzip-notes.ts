/**
 * The diagnostics of a gzip input that ended early (io/gunzip.ts): corrupt or truncated data,
 * bytes after the last member, the decompression budget. None has a line: they are about the
 * compressed file, and what was decoded before them still counts.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { GunzipEnd } from '../io/gunzip';
import { report, type DiagnosticSink } from './diagnostics';

/** How the compressed data ended, when it ended early: a diagnostic without a line. */
export function reportGzipEnd(sink: DiagnosticSink, end: GunzipEnd): void {
  const { failed, trailingAt, overBudget } = end;
  if (failed !== undefined) {
    const msg = `Compressed data is truncated or corrupt (${failed}); what was read before counts`;
    report(sink, DIAGNOSTIC_CODES.TRUNCATED_GZIP, 'error', msg, null);
  }
  if (trailingAt !== undefined) {
    const msg = `Bytes after the last complete gzip member (from byte ${trailingAt} of the file) are not gzip data and were ignored`;
    report(sink, DIAGNOSTIC_CODES.GZIP_TRAILING, 'warning', msg, null);
  }
  if (overBudget !== undefined) {
    const msg = `Decompression stopped: ${overBudget} (a decompression bomb?); what was read before counts`;
    report(sink, DIAGNOSTIC_CODES.GZIP_BUDGET, 'error', msg, null);
  }
}
