/**
 * The formats layer's public entry points: `readInput` (a byte stream, any supported format,
 * streamed), `parseFlowText` (a small text already in memory) and `detectFormat` (first lines).
 * Everything else in formats/ and io/ is internal.
 */
import type { Diagnostic } from '../model/diagnostic';
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { FlowRecord } from '../model/flow';
import type { ParseContext } from './common';
import { documentConsumer, guarded, lineConsumer } from './consumers';
import { detect } from './detect';
import { createSink, finishDiagnostics, report } from './diagnostics';
import { createLineParser } from './parsers';
import { DEFAULT_MAX_LINE } from './read-input';
import { sniffBinary, sniffEncoding } from '../io/sniff';
import type { FormatId } from './types';
import { AGGREGATE_FORMAT } from './aggregate-file/schema';

export type { FormatId, ReadOptions, ReadResult } from './types';
export { readInput, DEFAULT_MAX_LINE } from './read-input';

/** Detects the format of a file from its first decoded characters (BOM tolerated). */
export function detectFormat(head: string): {
  format: FormatId | null;
  kind: 'flows' | 'metadata' | 'unknown';
} {
  const d = detect(head);
  return { format: d.format, kind: d.kind };
}

/**
 * Detects the format from a file's first bytes (already gunzipped): binary captures by magic
 * number, then the text encoding (BOM / UTF-16), then detectFormat on the decoded text.
 */
export function detectFormatBytes(head: Uint8Array): {
  format: FormatId | null;
  kind: 'flows' | 'metadata' | 'unknown';
} {
  const binary = sniffBinary(head);
  if (binary === 'pcap' || binary === 'pcapng') return { format: binary, kind: 'flows' };
  if (binary === 'parquet') return { format: AGGREGATE_FORMAT, kind: 'flows' };
  if (binary) return { format: null, kind: 'unknown' };
  return detectFormat(new TextDecoder(sniffEncoding(head)).decode(head));
}

/**
 * Parses a flow text held in memory (tests, pasted text). Unlike readInput it keeps reply
 * records (with `isReply: true`); metadata and unknown texts give no records.
 */
export function parseFlowText(
  text: string,
  file: string,
): { format: FormatId | null; records: FlowRecord[]; diagnostics: Diagnostic[] } {
  const sink = createSink(file);
  const records: FlowRecord[] = [];
  const d = detect(text.slice(0, 256 * 1024));
  const ctx: ParseContext = { sink, dropReplies: false, replies: 0, emit: (r) => records.push(r) };
  const parser = d.kind === 'flows' && d.format ? createLineParser(d.format, ctx) : null;
  if (!parser) {
    if (d.message) report(sink, DIAGNOSTIC_CODES.UNSUPPORTED_FORMAT, 'error', d.message, null);
    else if (d.kind !== 'metadata') {
      const msg = 'Unrecognised format: the text matches no supported flow format';
      report(sink, DIAGNOSTIC_CODES.UNKNOWN_FORMAT, 'error', msg, null);
    }
    return { format: d.format, records, diagnostics: finishDiagnostics(sink) };
  }
  const safe = guarded(parser, ctx, { error: undefined });
  const consumer =
    d.layout === 'documents'
      ? documentConsumer(safe, sink, Math.max(DEFAULT_MAX_LINE, d.maxDocument ?? 0))
      : lineConsumer(safe, sink, DEFAULT_MAX_LINE);
  consumer.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  consumer.end();
  return { format: d.format, records, diagnostics: finishDiagnostics(sink) };
}
