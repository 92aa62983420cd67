/**
 * Text consumers behind a detected format: flow lines (one record per line), flow documents
 * (pretty-printed / array / concatenated JSON) and metadata (the whole text, for inventory/).
 * Each takes decoded chunks; none throws on bad input. A parser bug on one line is reported
 * and the rest of the file still counts; an error thrown by the caller's `onRecord` propagates.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import { createJsonValueSplitter, endJsonText, pushJsonText } from '../io/json-values';
import { createLineSplitter, endText, pushText } from '../io/lines';
import type { ChunkDecoder } from '../io/utf8';
import type { BytesLineParser, LineParser, ParseContext } from './common';
import { report, type DiagnosticSink } from './diagnostics';

export interface TextConsumer {
  push(text: string): void;
  end(): void;
  /** Lines seen so far. */
  lines(): number;
  /** Set when the consumer wants no more input (e.g. metadata over the size limit). */
  stopped: boolean;
}

/** What readInput feeds raw chunks to: a text consumer behind a decoder, or a byte path. */
export interface ChunkConsumer {
  push(chunk: Uint8Array): void;
  end(): void;
  lines(): number;
  stopped: boolean;
}

/** A text consumer fed through `decoder` (its `end` flushes the decoder first). */
export function decodedChunks(consumer: TextConsumer, decoder: ChunkDecoder): ChunkConsumer {
  return {
    push: (chunk) => consumer.push(decoder.decode(chunk)),
    end() {
      consumer.push(decoder.decode(null));
      consumer.end();
    },
    lines: () => consumer.lines(),
    get stopped() {
      return consumer.stopped;
    },
  };
}

/** Marks an error thrown by the caller's callback, which must not be swallowed. */
export interface CallbackFault {
  error: unknown;
}

/** Runs a parser on one line, turning a parser bug into a diagnostic. */
export function guarded(parser: LineParser, ctx: ParseContext, fault: CallbackFault): LineParser {
  return (text, line) => {
    ctx.line = line;
    try {
      parser(text, line);
    } catch (e) {
      if (fault.error !== undefined) throw fault.error;
      const why = e instanceof Error ? e.message : String(e);
      report(
        ctx.sink,
        DIAGNOSTIC_CODES.BAD_RECORD,
        'error',
        `Record could not be read: ${why}`,
        line,
      );
    }
  };
}

/** Runs a byte line parser; a bug in it leaves the line to the text parser. */
export function guardedBytes(
  parser: BytesLineParser,
  ctx: ParseContext,
  fault: CallbackFault,
): BytesLineParser {
  const guarded: BytesLineParser = (b, start, end, line) => {
    ctx.line = line;
    try {
      return parser(b, start, end, line);
    } catch {
      if (fault.error !== undefined) throw fault.error;
      return false;
    }
  };
  if (parser.newChunk) guarded.newChunk = parser.newChunk;
  if (parser.scan) guarded.scan = parser.scan;
  return guarded;
}

export function tooLong(
  sink: DiagnosticSink,
  what: string,
): (line: number, length: number) => void {
  return (line, length) =>
    report(
      sink,
      DIAGNOSTIC_CODES.LINE_TOO_LONG,
      'warning',
      `${what} of ${length} characters is longer than the limit and was skipped`,
      line,
    );
}

export function lineConsumer(
  parse: LineParser,
  sink: DiagnosticSink,
  max: number,
  stopWhen?: () => boolean,
): TextConsumer {
  const s = createLineSplitter(max, parse, tooLong(sink, 'Line'));
  if (stopWhen) s.stopWhen = stopWhen;
  return {
    push: (t) => pushText(s, t),
    end: () => endText(s),
    lines: () => s.line,
    stopped: false,
  };
}

export function documentConsumer(
  parse: LineParser,
  sink: DiagnosticSink,
  max: number,
  stopWhen?: () => boolean,
): TextConsumer {
  const stray = (line: number): void =>
    report(
      sink,
      DIAGNOSTIC_CODES.BAD_JSON,
      'warning',
      'Text outside JSON values was ignored',
      line,
    );
  const s = createJsonValueSplitter(max, parse, tooLong(sink, 'JSON document'), stray);
  if (stopWhen) s.stopWhen = stopWhen;
  let newlineLast = false;
  return {
    push: (t) => {
      if (t.length > 0) newlineLast = t.endsWith('\n');
      pushJsonText(s, t);
    },
    end: () => endJsonText(s),
    lines: () => (newlineLast ? s.line - 1 : s.line),
    stopped: false,
  };
}

/** Longest metadata text kept (characters); JS strings cannot be much longer. */
export const MAX_METADATA_CHARS = 256 * 1024 * 1024;

export interface MetadataConsumer extends TextConsumer {
  text(): string;
}

function countNewlines(t: string): number {
  let n = 0;
  for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) n++;
  return n;
}

export function metadataConsumer(sink: DiagnosticSink, max = MAX_METADATA_CHARS): MetadataConsumer {
  const parts: string[] = [];
  let size = 0;
  let newlines = 0;
  let last = '';
  const c: MetadataConsumer = {
    push(t) {
      if (c.stopped || t.length === 0) return;
      size += t.length;
      if (size > max) {
        c.stopped = true;
        const msg = `Metadata file larger than ${max} characters: not read`;
        report(sink, DIAGNOSTIC_CODES.TOO_LARGE, 'error', msg, null);
        parts.length = 0;
        return;
      }
      parts.push(t);
      newlines += countNewlines(t);
      last = t;
    },
    end() {},
    lines: () => newlines + (last !== '' && !last.endsWith('\n') ? 1 : 0),
    text: () => (c.stopped ? '' : parts.join('')),
    stopped: false,
  };
  return c;
}
