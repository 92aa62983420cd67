/**
 * Splits concatenated JSON (`kubectl cluster-info dump`: several pretty-printed documents one
 * after the other, with container logs between `==== START logs …` / `==== END logs …` lines)
 * into one chunk per top-level value. It tracks strings, escapes and bracket depth only; the
 * chunks are then parsed by JSON.parse. Documents nested deeper than the limit are flagged
 * here, so that JSON.parse never sees them.
 */

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
}

/** Scans one value starting at an opening bracket; returns its end or -1 when unterminated. */
function scanValue(text: string, cur: Cursor, maxDepth: number): { end: number; tooDeep: boolean } {
  let depth = 0;
  let tooDeep = false;
  let inString = false;
  for (let j = cur.i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === NL) cur.line++;
    if (inString) {
      if (c === BACKSLASH) j++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (isOpen(c)) {
      depth++;
      if (depth > maxDepth) tooDeep = true;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return { end: j + 1, tooDeep };
    }
  }
  return { end: -1, tooDeep };
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
  const cur: Cursor = { i: 0, line: 1 };
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
