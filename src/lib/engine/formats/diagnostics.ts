/**
 * A bounded collector of diagnostics for one file. Bad input is normal input: a 2 GB file of
 * garbage must not turn into 2 GB of diagnostics, so only the first `perCode` of each code are
 * kept and the rest are counted; `finishDiagnostics` appends one summary per capped code.
 */
import { DIAGNOSTIC_CODES, type Diagnostic, type Severity } from '../model/diagnostic';

/** Default number of diagnostics kept per code and file. */
export const MAX_DIAGNOSTICS_PER_CODE = 1_000;

export interface DiagnosticSink {
  file: string;
  perCode: number;
  kept: Diagnostic[];
  /** Total diagnostics reported per code, kept or not. */
  counts: Record<string, number>;
}

export function createSink(file: string, perCode = MAX_DIAGNOSTICS_PER_CODE): DiagnosticSink {
  return { file, perCode, kept: [], counts: Object.create(null) as Record<string, number> };
}

/** Reports one diagnostic; beyond the per-code cap it is only counted. */
export function report(
  sink: DiagnosticSink,
  code: string,
  severity: Severity,
  message: string,
  line: number | null,
): void {
  const n = (sink.counts[code] ?? 0) + 1;
  sink.counts[code] = n;
  if (n <= sink.perCode) sink.kept.push({ code, severity, message, file: sink.file, line });
}

/** The kept diagnostics plus one summary for every code that went over the cap. */
export function finishDiagnostics(sink: DiagnosticSink): Diagnostic[] {
  const out = sink.kept.slice();
  for (const code of Object.keys(sink.counts)) {
    const dropped = (sink.counts[code] ?? 0) - sink.perCode;
    if (dropped <= 0) continue;
    out.push({
      code: DIAGNOSTIC_CODES.DIAGNOSTICS_CAPPED,
      severity: 'info',
      message: `${dropped} more ${code} diagnostics in this file were counted but not listed`,
      file: sink.file,
      line: null,
    });
  }
  return out;
}

/**
 * One read's diagnostics reported to two sinks, as the one sink of a read on one thread gives
 * them (finishDiagnostics' list and the counts): `first`, finished (its list with its summaries,
 * and its counts), and `second`, whose diagnostics each have a line and were reported in line
 * order (the aggregating stage's, about the records it rebuilt from the Hubble kernel's slots:
 * workspace/import.ts). No line has diagnostics in both. Each of `second`'s goes before the first
 * of `first`'s that has a later line or none: a diagnostic without a line is reported before
 * any line is parsed (the format's, and then no line has a diagnostic in `second`) or after the
 * last (the stream's error, the cancel, gzip's end). The cap per code applies over both, in that
 * order: each sink kept its own first `perCode`, so the first `perCode` of both are among them.
 */
export function mergeByLine(
  first: { diagnostics: Diagnostic[]; counts: Record<string, number> },
  second: DiagnosticSink,
): { diagnostics: Diagnostic[]; counts: Record<string, number> } {
  const sink = createSink(second.file, second.perCode);
  const keep = (d: Diagnostic): void => {
    const n = (sink.counts[d.code] ?? 0) + 1;
    sink.counts[d.code] = n;
    if (n <= sink.perCode) sink.kept.push(d);
  };
  const later = second.kept;
  let j = 0;
  for (const d of first.diagnostics) {
    // The summaries are written again below, over both.
    if (d.code === DIAGNOSTIC_CODES.DIAGNOSTICS_CAPPED) continue;
    const line = d.line ?? Infinity;
    for (; j < later.length && ((later[j] as Diagnostic).line ?? Infinity) < line; j++)
      keep(later[j] as Diagnostic);
    keep(d);
  }
  for (; j < later.length; j++) keep(later[j] as Diagnostic);
  // The counts in the order their codes were first reported (as one sink's), kept or not.
  for (const counts of [first.counts, second.counts])
    for (const code of Object.keys(counts)) sink.counts[code] ??= 0;
  for (const code of Object.keys(sink.counts))
    sink.counts[code] = (first.counts[code] ?? 0) + (second.counts[code] ?? 0);
  return { diagnostics: finishDiagnostics(sink), counts: { ...sink.counts } };
}

/** Shortens input quoted in a message so that one bad line cannot bloat the report. */
export function excerpt(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
