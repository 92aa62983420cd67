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

/** Shortens input quoted in a message so that one bad line cannot bloat the report. */
export function excerpt(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
