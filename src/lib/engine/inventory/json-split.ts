/**
 * Splits concatenated JSON (`kubectl cluster-info dump`: several pretty-printed documents one
 * after the other, with container logs between `==== START logs …` / `==== END logs …` lines)
 * into one chunk per top-level value. It tracks strings, escapes and bracket depth only; the
 * chunks are then parsed by JSON.parse. Documents nested deeper than the limit are flagged
 * here, so that JSON.parse never sees them.
 */
import { valueExtent, type ValueExtent } from '../io/json-scan';

export interface JsonChunk {
  start: number;
  end: number;
  /** 1-based line of the chunk's first character. */
  line: number;
  tooDeep: boolean;
}

export interface SplitProblem {
  line: number;
  message: string;
}

const LOG_START = '==== START logs for container';
const LOG_END = '==== END logs for container';
const NL = 10;
const QUOTE = 34;
const BACKSLASH = 92;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isOpen(c: number): boolean {
  return c === 123 || c === 91;
}

/** Index just after the end of the line containing `i` (or text.length). */
function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

interface Cursor {
  i: number;
  line: number;
  /** Where the text has a backslash before a newline at or after `i` (-1: nowhere). */
  escapedNewline: number;
}

/**
 * Scans one value starting at an opening bracket; returns its end or -1 when unterminated, and
 * moves `cur.line` past the value's newlines — all of them but one escaped by a backslash in a
 * string (the character after an escaping backslash is skipped, a newline too). Only a text with
 * a backslash before a newline needs the character walk that tells those apart.
 */
function scanValue(text: string, cur: Cursor, maxDepth: number): ValueExtent {
  const extent = valueExtent(text, cur.i, maxDepth);
  if (extent.end < 0) return extent;
  if (cur.escapedNewline >= 0 && cur.escapedNewline < cur.i)
    cur.escapedNewline = text.indexOf('\\\n', cur.i);
  cur.line +=
    cur.escapedNewline >= 0 && cur.escapedNewline < extent.end
      ? walkedLines(text, cur.i, extent.end)
      : countLines(text, cur.i, extent.end);
  return extent;
}

/** Newlines in the value at [from, to), those an escaping backslash in a string skips left out. */
function walkedLines(text: string, from: number, to: number): number {
  let n = 0;
  let inString = false;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === NL) n++;
    if (inString) {
      if (c === BACKSLASH) j++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
  }
  return n;
}

/** Skips a `==== START logs` … `==== END logs` section, or junk up to the next JSON line. */
function skipText(text: string, cur: Cursor, problems: SplitProblem[]): void {
  const atLineStart = cur.i === 0 || text.charCodeAt(cur.i - 1) === NL;
  let next: number;
  if (atLineStart && text.startsWith(LOG_START, cur.i)) {
    const endMarker = text.indexOf(LOG_END, cur.i);
    next = endMarker < 0 ? text.length : lineEnd(text, endMarker);
  } else {
    problems.push({ line: cur.line, message: 'Text that is not JSON between JSON documents' });
    next = lineEnd(text, cur.i);
    while (next < text.length && !isOpen(text.charCodeAt(next))) next = lineEnd(text, next);
  }
  cur.line += countLines(text, cur.i, next);
  cur.i = next;
}

/** Cuts `text` into top-level JSON values (objects or arrays). Never throws. */
export function splitConcatenatedJson(
  text: string,
  maxDepth: number,
): { chunks: JsonChunk[]; problems: SplitProblem[] } {
  const chunks: JsonChunk[] = [];
  const problems: SplitProblem[] = [];
  const cur: Cursor = { i: 0, line: 1, escapedNewline: text.indexOf('\\\n') };
  while (cur.i < text.length) {
    const c = text.charCodeAt(cur.i);
    if (isSpace(c)) {
      if (c === NL) cur.line++;
      cur.i++;
    } else if (isOpen(c)) {
      const start = cur.i;
      const line = cur.line;
      const { end, tooDeep } = scanValue(text, cur, maxDepth);
      if (end < 0) {
        problems.push({ line, message: 'JSON document is incomplete (truncated file?)' });
        break;
      }
      chunks.push({ start, end, line, tooDeep });
      cur.i = end;
    } else skipText(text, cur, problems);
  }
  return { chunks, problems };
}
