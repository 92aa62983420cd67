/**
 * One file read in parts (cut after newlines, read apart — in parallel — with the format the
 * whole file was detected as): the parts' results as the one result the whole read gives.
 * Line numbers of a part count from the part's start, so each part's diagnostics move down by
 * the lines of the parts before it; the per-code cap is applied again over the whole file.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import { createSink, finishDiagnostics, report } from './diagnostics';
import type { ReadResult } from './types';

/** The results of a file's parts, in file order, as the result of reading it whole. */
export function mergeReads(file: string, parts: ReadResult[]): ReadResult {
  const [first] = parts;
  if (!first) throw new Error('mergeReads needs at least one part');
  if (parts.length === 1) return first;
  const sink = createSink(file);
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  const merged: ReadResult = { ...first, lines: 0, records: 0, bytes: 0, replies: 0 };
  merged.aborted = false;
  for (const p of parts) {
    for (const d of p.diagnostics) {
      // Each part summed up its own capped codes; the summary is made again below.
      if (d.code === DIAGNOSTIC_CODES.DIAGNOSTICS_CAPPED) continue;
      report(sink, d.code, d.severity, d.message, d.line === null ? null : d.line + merged.lines);
    }
    for (const [code, n] of Object.entries(p.diagnosticCounts))
      counts[code] = (counts[code] ?? 0) + n;
    merged.lines += p.lines;
    merged.records += p.records;
    merged.bytes += p.bytes;
    merged.replies += p.replies;
    merged.aborted ||= p.aborted;
    // One part scanned in JavaScript is the file's answer (the parts' threads load apart).
    if (p.byteScan === 'js') merged.byteScan = 'js';
  }
  // The kept diagnostics are the whole file's first ones per code; the counts are every part's.
  sink.counts = counts;
  merged.diagnostics = finishDiagnostics(sink);
  merged.diagnosticCounts = counts;
  return merged;
}
