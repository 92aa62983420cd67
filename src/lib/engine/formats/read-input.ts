/**
 * readInput: one file from a byte stream to records, never holding it whole (except metadata,
 * which inventory/ parses as a document). Gzip is sniffed and decompressed, the encoding
 * sniffed, the format detected from the first lines, then every line goes through its parser
 * (for UTF-8 lines of a format with a byte line parser, straight from the bytes).
 * Bad input becomes diagnostics; abort stops reading and keeps what was read.
 */
import { answersOfRecord } from '../model/names';
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { FlowRecord } from '../model/flow';
import { isGzip, peek, streamSource, type ByteSource } from '../io/bytes';
import { gunzip, type GunzipSource } from '../io/gunzip';
import { reportGzipEnd } from './gzip-notes';
import { sniffBinary, sniffEncoding, type TextEncoding } from '../io/sniff';
import { createChunkDecoder, type ChunkDecoder } from '../io/utf8';
import { universalNewlines, universalNewlinesText } from '../io/newlines';
import { bytesLineConsumer } from './byte-lines';
import type { ParseContext } from './common';
import {
  decodedChunks,
  documentConsumer,
  guarded,
  guardedBytes,
  lineConsumer,
  metadataConsumer,
  tooLong,
  type CallbackFault,
  type ChunkConsumer,
  type MetadataConsumer,
  type TextConsumer,
} from './consumers';
import { detect, type Classified } from './detect';
import { createSink, finishDiagnostics, report, type DiagnosticSink } from './diagnostics';
import { createBytesLineParser, createLineParser } from './parsers';
import { readPcapInput } from './pcap-input';
import { readAggregateInput } from './aggregate-file/read';
import { AGGREGATE_FORMAT } from './aggregate-file/schema';
import { recordProblem } from './record-check';
import { splitsAtLines } from './registry';
import { readHead, type Head } from './read-head';
import type { ReadOptions, ReadResult } from './types';

/** Default longest line: 1 MiB of characters. */
export const DEFAULT_MAX_LINE = 1024 * 1024;
/** Bytes sniffed for magic numbers (tar's `ustar` sits at offset 257). */
const SNIFF_BYTES = 512;

interface Run {
  /** The input was gzipped (a part of it cannot be read alone). */
  gzipped: boolean;
  ctx: ParseContext;
  fault: CallbackFault;
  result: ReadResult;
  consumer: ChunkConsumer | null;
  metadata: MetadataConsumer | null;
  /** ReadOptions.recycle once a consumer reads the chunks (none keeps a chunk it was pushed). */
  recycle: ((chunk: Uint8Array) => void) | undefined;
}

function newRun(file: string, opts: ReadOptions): Run {
  const result: ReadResult = {
    format: null,
    kind: 'unknown',
    lines: 0,
    records: 0,
    bytes: 0,
    diagnostics: [],
    replies: 0,
    aborted: false,
    diagnosticCounts: {},
  };
  const fault: CallbackFault = { error: undefined };
  // A hand-off of the slot writer's that throws is the caller's fault, as onRecord's.
  if (opts.slots)
    opts.slots.fault = (e) => {
      fault.error = e;
    };
  const ctx = recordContext(createSink(file, opts.diagnosticsPerCode), opts, result, fault);
  return {
    gzipped: false,
    ctx,
    fault,
    result,
    consumer: null,
    metadata: null,
    recycle: undefined,
  };
}

/**
 * The ParseContext of a read: its `emit` is what readInput does with each record a parser
 * emits — the DNS answers it carries go to `onAnswers`, reply or not; a record of names only
 * stops there; a reply is counted in `replies` (unless `keepReplies`); a record whose values
 * fail recordProblem is reported to `sink` at the context's `line`; any other is counted in
 * `counted.records` and given to `onRecord` (an error it throws is kept in `fault`, the
 * caller's, and thrown on). The aggregating stage (workspace/import.ts) emits the records it
 * rebuilds from the Hubble kernel's slots through one too, so both count, check and report a
 * record alike.
 */
export function recordContext(
  sink: DiagnosticSink,
  opts: Pick<ReadOptions, 'onRecord' | 'onAnswers' | 'keepReplies' | 'slots'>,
  counted: { records: number },
  fault: CallbackFault,
): ParseContext {
  const dropReplies = opts.keepReplies !== true;
  const ctx: ParseContext = {
    sink,
    dropReplies,
    replies: 0,
    line: null,
    ...(opts.slots && { slots: opts.slots }),
    emit(r: FlowRecord) {
      if (opts.onAnswers) {
        const answers = answersOfRecord(r);
        if (answers.length > 0) opts.onAnswers(answers, r.time, r.timeEnd);
      }
      if (r.namesOnly) return;
      if (dropReplies && r.isReply === true) {
        ctx.replies++;
        return;
      }
      const problem = recordProblem(r);
      if (problem)
        return report(ctx.sink, problem.code, 'warning', problem.message, ctx.line ?? null);
      counted.records++;
      try {
        opts.onRecord(r);
      } catch (e) {
        fault.error = e;
        throw e;
      }
    },
  };
  return ctx;
}

/** Reads one input stream; see ReadResult. Never rejects on bad input. */
export async function readInput(
  stream: ReadableStream<Uint8Array>,
  file: string,
  opts: ReadOptions,
): Promise<ReadResult> {
  const run = newRun(file, opts);
  const raw = streamSource(stream, (n) => {
    run.result.bytes = n;
    opts.onProgress?.(n);
  });
  const onAbort = (): void => void raw.cancel();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await readAll(run, raw, opts);
  } catch (e) {
    if (run.fault.error !== undefined) throw run.fault.error;
    const why = e instanceof Error ? e.message : String(e);
    report(
      run.ctx.sink,
      DIAGNOSTIC_CODES.UNREADABLE,
      'error',
      `The file could not be read: ${why}`,
      null,
    );
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return finish(run, opts);
}

async function readAll(run: Run, raw: ByteSource, opts: ReadOptions): Promise<void> {
  if (opts.format) {
    await readText(run, raw, 'utf-8', opts, {
      format: opts.format,
      kind: 'flows',
      layout: 'lines',
    });
    if (opts.signal?.aborted || run.consumer?.stopped) await raw.cancel();
    return;
  }
  let { head, source } = await peek(raw, SNIFF_BYTES);
  let gz: GunzipSource | null = null;
  if (isGzip(head)) {
    gz = gunzip(source, opts.inflateBudget);
    run.gzipped = true;
    ({ head, source } = await peek(gz, SNIFF_BYTES));
  }
  const binary = sniffBinary(head);
  if (binary === 'pcap' || binary === 'pcapng') {
    run.result.format = binary;
    run.result.kind = 'flows';
    await readPcapInput(source, run.ctx, run.result, opts.signal);
  } else if (binary === 'parquet') {
    run.result.format = AGGREGATE_FORMAT;
    run.result.kind = 'flows';
    await readAggregateInput(source, run.ctx, run.result, opts.signal);
  } else if (binary) {
    unsupported(run, binary === 'tar' ? 'tar archive' : 'zip archive');
  } else {
    await readText(run, source, sniffEncoding(head), opts);
  }
  if (gz && !opts.signal?.aborted) reportGzipEnd(run.ctx.sink, gz.end);
  if (opts.signal?.aborted) await source.cancel();
  else if (run.consumer?.stopped || run.result.kind === 'unknown') await source.cancel();
}

function unsupported(run: Run, what: string): void {
  const msg = `${what} files are not supported: extract or convert it first`;
  report(run.ctx.sink, DIAGNOSTIC_CODES.UNSUPPORTED_FORMAT, 'error', msg, null);
}

/** Reads text to its end; `known`: the format is given (a part of a file), nothing is detected. */
async function readText(
  run: Run,
  src: ByteSource,
  enc: TextEncoding,
  opts: ReadOptions,
  known?: Classified,
): Promise<void> {
  // Lone CRs end lines (io/newlines.ts): on bytes for UTF-8, on text for UTF-16.
  const utf8 = enc === 'utf-8';
  if (utf8) src = universalNewlines(src);
  const decoder = utf8 ? createChunkDecoder(enc) : universalNewlinesText(createChunkDecoder(enc));
  const head = known ? { text: '', raw: [], ended: false } : await readHead(src, decoder, opts);
  if (!head) return;
  const consumer = startConsumer(run, head, enc, decoder, opts, known);
  if (!consumer) return;
  run.consumer = consumer;
  if (head.ended) return consumer.end();
  const done = opts.stopWhen;
  while (!consumer.stopped) {
    if (done?.()) return;
    if (opts.signal?.aborted) return;
    const chunk = await src.read();
    if (!chunk) return consumer.end();
    consumer.push(chunk);
    run.recycle?.(chunk);
  }
  consumer.end();
}

function startConsumer(
  run: Run,
  head: Head,
  enc: TextEncoding,
  decoder: ChunkDecoder,
  opts: ReadOptions,
  known: Classified | undefined,
): ChunkConsumer | null {
  const found = known ?? detect(head.text);
  run.result.format = found.format;
  run.result.kind = found.kind;
  run.result.lineParts =
    !run.gzipped && enc === 'utf-8' && found.layout === 'lines' && splitsAtLines(found);
  const max = opts.maxLineLength ?? DEFAULT_MAX_LINE;
  const bytes = enc === 'utf-8' ? bytesConsumerFor(run, found, max, opts.stopWhen) : null;
  if (bytes) {
    for (const chunk of head.raw) {
      bytes.push(chunk);
      opts.recycle?.(chunk);
    }
    run.recycle = opts.recycle;
    return bytes;
  }
  // The head was decoded as it was read; text consumers get text (the decoder copies a
  // character cut at a chunk's end), so no chunk is looked at again once decoded.
  if (opts.recycle) head.raw.forEach(opts.recycle);
  const consumer = consumerFor(run, found, max, opts.stopWhen);
  consumer?.push(head.text);
  if (!consumer) return null;
  run.recycle = opts.recycle;
  return decodedChunks(consumer, decoder);
}

/** The byte path of a line format that has a byte line parser; null otherwise. */
function bytesConsumerFor(
  run: Run,
  found: Classified,
  max: number,
  stopWhen: (() => boolean) | undefined,
): ChunkConsumer | null {
  if (found.unsupported || found.kind !== 'flows' || found.layout === 'documents') return null;
  const fast = found.format ? createBytesLineParser(found.format, run.ctx) : null;
  const parser = found.format ? createLineParser(found.format, run.ctx) : null;
  if (!fast || !parser) return null;
  run.result.byteScan = fast.scan ?? 'js';
  const slow = guarded(parser, run.ctx, run.fault);
  return bytesLineConsumer(
    guardedBytes(fast, run.ctx, run.fault),
    slow,
    tooLong(run.ctx.sink, 'Line'),
    max,
    stopWhen,
  );
}

function consumerFor(
  run: Run,
  found: Classified,
  max: number,
  stopWhen: (() => boolean) | undefined,
): TextConsumer | null {
  const sink = run.ctx.sink;
  if (found.unsupported) {
    unsupported(run, found.unsupported);
    return null;
  }
  if (found.kind === 'metadata') return (run.metadata = metadataConsumer(sink));
  const parser = found.format ? createLineParser(found.format, run.ctx) : null;
  if (!parser) {
    if (found.message) {
      report(sink, DIAGNOSTIC_CODES.UNSUPPORTED_FORMAT, 'error', found.message, null);
      run.result.kind = 'unknown';
      run.result.format = null;
      return null;
    }
    const msg =
      'Unrecognised format: the first lines match no supported flow format or Kubernetes metadata';
    report(sink, DIAGNOSTIC_CODES.UNKNOWN_FORMAT, 'error', msg, null);
    run.result.kind = 'unknown';
    run.result.format = null;
    return null;
  }
  const safe = guarded(parser, run.ctx, run.fault);
  return found.layout === 'documents'
    ? documentConsumer(safe, sink, Math.max(max, found.maxDocument ?? 0), stopWhen)
    : lineConsumer(safe, sink, max, stopWhen);
}

function finish(run: Run, opts: ReadOptions): ReadResult {
  const r = run.result;
  if (opts.signal?.aborted) {
    r.aborted = true;
    report(
      run.ctx.sink,
      DIAGNOSTIC_CODES.ABORTED,
      'info',
      'Reading was cancelled; records read so far count',
      null,
    );
  }
  if (run.consumer) r.lines = run.consumer.lines();
  if (run.metadata && !run.metadata.stopped && !r.aborted) r.text = run.metadata.text();
  r.replies += run.ctx.replies;
  r.diagnostics = finishDiagnostics(run.ctx.sink);
  r.diagnosticCounts = { ...run.ctx.sink.counts };
  return r;
}
