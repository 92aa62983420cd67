/**
 * Public types of the formats layer: format ids (the registry's, registry.ts) and the result of
 * reading one input. (The functions are in index.ts; other modules code against these names.)
 */
import type { Diagnostic } from '../model/diagnostic';
import type { ByteScan } from './common';
import type { FormatId } from './registry';

export type { FormatId };

export interface ReadResult {
  format: FormatId | null;
  kind: 'flows' | 'metadata' | 'unknown';
  /** Lines read (blank ones included); for binary captures, packets read. */
  lines: number;
  /** Records passed to `onRecord`. */
  records: number;
  /** Raw bytes read from the stream (compressed bytes for gzip input). */
  bytes: number;
  diagnostics: Diagnostic[];
  /** For kind 'metadata' only: the whole decoded text (dumps are parsed by inventory/). */
  text?: string;
  /** Records recognised as replies and not passed on (replies are not connection initiations). */
  replies: number;
  /** True when reading stopped because the caller's AbortSignal fired. */
  aborted: boolean;
  /** Diagnostics reported per code, including those beyond the kept ones. */
  diagnosticCounts: Record<string, number>;
  /**
   * The input can be read in parts cut after a newline, each read with `ReadOptions.format`
   * (plain UTF-8 text of a format whose lines stand alone), giving what the whole read gives.
   */
  lineParts?: boolean;
  /**
   * How the format's byte line parser scanned the lines (`wasm`: the WebAssembly kernel; `js`:
   * where WebAssembly or its SIMD instructions are missing or refused); absent when the input
   * had no byte line parser. Outputs do not depend on it.
   */
  byteScan?: ByteScan;
}

export interface ReadOptions {
  onRecord(r: import('../model/flow').FlowRecord): void;
  /**
   * The Hubble kernel's lines go here as flow slots (formats/hubble-slot-wire.ts) instead of
   * records: their records are emitted where the slots are read (workspace/import.ts
   * aggregatingStage). Lines the kernel gives up on, and other formats', still go to `onRecord`.
   */
  slots?: import('./hubble-slot-wire').SlotWriter;
  /**
   * Names of addresses a record carries (DNS answers, destination names), reply or not, at the
   * record's time (and until its end). Records that carry only names reach nothing else.
   */
  onAnswers?(
    answers: import('../model/names').DnsAnswer[],
    time: number | null,
    end: number | undefined,
  ): void;
  onProgress?(bytesRead: number): void;
  signal?: AbortSignal;
  /** Diagnostics kept per code (default MAX_DIAGNOSTICS_PER_CODE); the rest are counted. */
  diagnosticsPerCode?: number;
  /** Longest line kept, in characters (default 1 MiB); longer lines are skipped with a diagnostic. */
  maxLineLength?: number;
  /** Pass reply records on too (default false: they are counted in `replies` and dropped). */
  keepReplies?: boolean;
  /**
   * The input is a part of a plain UTF-8 file of this format, starting after a newline (the
   * file read whole said `lineParts`): nothing is sniffed or detected, every line is parsed.
   */
  format?: FormatId;
  /** Limits on gzip decompression (default io/gunzip.ts DEFAULT_INFLATE_BUDGET). */
  inflateBudget?: import('../io/gunzip').InflateBudget;
  /**
   * Gets back each chunk of the stream that the reader will never look at again, so the caller
   * may read the next bytes into it (fresh memory per chunk costs a page fault per 4 KiB). The
   * chunks of a text input come back once read: the byte line path copies what it keeps of a
   * chunk, and text is decoded from a chunk at once (the head's chunks too, once detection has
   * its text). Chunks of a gzip, pcap or Parquet input are not given back.
   */
  recycle?(chunk: Uint8Array): void;
  /**
   * Asked before each line (or JSON document) is parsed: once it answers true, no further line
   * is parsed and no further chunk read, and the stream is left as it is (not cancelled) — the
   * pipeline's sniff stops at its first record this way. The result then counts what was read.
   */
  stopWhen?(): boolean;
}
