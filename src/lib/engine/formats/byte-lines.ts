/**
 * Flow lines split in bytes, for formats with a byte line parser (UTF-8 only): no chunk is
 * decoded to text, a line goes to the byte parser and only the lines it leaves are decoded for
 * the text parser. Numbering, CRLF, blank lines and over-long lines behave as io/lines.ts; a
 * line that outgrows the limit before its newline arrives hands the rest of the file to the
 * text splitter, so a huge line is never buffered.
 */
import { byteFinder, findIn } from '../io/find-byte';
import { concat } from '../io/bytes';
import { utf8Decoder, type ChunkDecoder } from '../io/utf8';
import { createLineSplitter, endText, pushText, type LineSplitter } from '../io/lines';
import type { BytesLineParser, LineParser } from './common';
import type { ChunkConsumer } from './consumers';

interface TextRest {
  splitter: LineSplitter;
  decoder: ChunkDecoder;
}

/**
 * A copy of `b` (Node's Buffer#slice shares memory: a kept slice would pin the whole chunk).
 */
export function copyBytes(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  out.set(b, 0);
  return out;
}

const BOM = [0xef, 0xbb, 0xbf];

function bomLength(chunk: Uint8Array): number {
  return chunk[0] === BOM[0] && chunk[1] === BOM[1] && chunk[2] === BOM[2] ? 3 : 0;
}

/**
 * Lines of `fast` (falling back to `slow`, which gets decoded text); `tooLong(line, length)`
 * reports a line longer than `max` characters, which is skipped. Once `stopWhen` answers true
 * (asked before each line), the rest is neither parsed nor kept; the consumer is not marked
 * `stopped`, so the stream is left as it is (ReadOptions.stopWhen).
 */
export function bytesLineConsumer(
  fast: BytesLineParser,
  slow: LineParser,
  tooLong: (line: number, length: number) => void,
  max: number,
  stopWhen?: () => boolean,
): ChunkConsumer {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let line = 0;
  /**
   * The unterminated line so far, as copied pieces joined once when its newline arrives (joining
   * on every chunk would copy a line again per chunk: quadratic in small chunks).
   */
  let pieces: Uint8Array[] = [];
  let held = 0;
  let started = false;
  let rest: TextRest | null = null;

  /** The text path's `emit` for a decoded line (CR included). */
  const textLine = (text: string): void => {
    const t = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
    if (t.length === 0 || (t.charCodeAt(0) <= 32 && t.trim() === '')) return;
    slow(t, line);
  };

  const lineOf = (b: Uint8Array, s: number, e: number): void => {
    line++;
    if (e - s > max + 1) {
      const text = decoder.decode(b.subarray(s, e));
      return text.length > max + 1 ? tooLong(line, text.length) : textLine(text);
    }
    const end = e > s && b[e - 1] === 13 ? e - 1 : e;
    if (end === s) return;
    if ((b[s] as number) <= 32) return textLine(decoder.decode(b.subarray(s, e)));
    if (!fast(b, s, end, line)) slow(decoder.decode(b.subarray(s, end)), line);
  };

  /** The unterminated line outgrew the limit: the text splitter reads the rest of the file. */
  const toText = (pending: Uint8Array): void => {
    const splitter = createLineSplitter(max, slow, tooLong);
    splitter.line = line;
    if (stopWhen) splitter.stopWhen = stopWhen;
    rest = { splitter, decoder: utf8Decoder(true) };
    pushText(splitter, rest.decoder.decode(pending));
  };

  /** The held pieces and `tail` as one array (emptying them). */
  const joined = (tail: Uint8Array | null): Uint8Array => {
    if (tail) pieces.push(tail);
    const out = concat(pieces, held + (tail ? tail.length : 0));
    pieces = [];
    held = 0;
    return out;
  };

  const keep = (tail: Uint8Array): void => {
    pieces.push(copyBytes(tail));
    held += tail.length;
    // As io/lines.ts keepTail: more than `max` bytes may still be `max` characters or fewer.
    if (held > max) toText(joined(null));
  };

  let stop = false;
  /**
   * Whether `stopWhen` says no more lines, for good. Not `stopped`: that makes readInput cancel
   * the stream, and the sniff of an input read once goes on with it in the flow pass.
   */
  const halted = (): boolean => {
    if (stop || !stopWhen?.()) return stop;
    stop = true;
    pieces = [];
    held = 0;
    return true;
  };

  return {
    push(chunk) {
      if (rest) return pushText(rest.splitter, rest.decoder.decode(chunk));
      if (halted()) return;
      let start = 0;
      if (!started && chunk.length > 0) {
        start = bomLength(chunk);
        started = true;
      }
      fast.newChunk?.();
      // Lines are parsed from a plain Uint8Array view: one array class for the hot parsers.
      const f = byteFinder(chunk);
      const b = f.b;
      let nl = findIn(f, start, 10);
      if (held > 0 && nl >= 0) {
        const whole = joined(b.subarray(start, nl));
        lineOf(whole, 0, whole.length);
        start = nl + 1;
        nl = findIn(f, start, 10);
      }
      for (; nl >= 0; nl = findIn(f, start, 10)) {
        if (stopWhen && halted()) return;
        lineOf(b, start, nl);
        start = nl + 1;
      }
      if (stopWhen && halted()) return;
      if (start < b.length) keep(b.subarray(start));
    },
    end() {
      if (rest) {
        pushText(rest.splitter, rest.decoder.decode(null));
        return endText(rest.splitter);
      }
      if (held === 0 || halted()) return;
      const last = joined(null);
      lineOf(last, 0, last.length);
    },
    lines: () => (rest ? rest.splitter.line : line),
    stopped: false,
  };
}
