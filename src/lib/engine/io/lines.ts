/**
 * Streaming text → lines. Chunks of decoded text go in; complete lines come out with their
 * 1-based number, CRLF tolerated, blank lines counted but not passed on. A line longer than the
 * limit is never buffered whole: its start is dropped and the rest skipped up to the newline.
 */

export interface LineSplitter {
  max: number;
  /** Lines completed so far (the number of the last one). */
  line: number;
  carry: string;
  /** Inside an over-long line: discard up to the next newline. */
  skipping: boolean;
  skippedLength: number;
  onLine(text: string, line: number): void;
  onTooLong(line: number, length: number): void;
  /** Asked before each line: once true, nothing more is split or passed on (ReadOptions). */
  stopWhen?(): boolean;
}

export function createLineSplitter(
  max: number,
  onLine: (text: string, line: number) => void,
  onTooLong: (line: number, length: number) => void,
): LineSplitter {
  return { max, line: 0, carry: '', skipping: false, skippedLength: 0, onLine, onTooLong };
}

function emit(s: LineSplitter, text: string): void {
  s.line++;
  const end = text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
  const line = end === text.length ? text : text.slice(0, end);
  if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return;
  s.onLine(line, s.line);
}

function endSkip(s: LineSplitter, extra: number): void {
  s.line++;
  s.onTooLong(s.line, s.skippedLength + extra);
  s.skipping = false;
  s.skippedLength = 0;
}

/** Keeps the unterminated tail, switching to skip mode when it grows past the limit. */
function keepTail(s: LineSplitter, chunk: string, start: number): void {
  const len = chunk.length - start;
  if (s.skipping) {
    s.skippedLength += len;
  } else if (s.carry.length + len > s.max) {
    s.skipping = true;
    s.skippedLength = s.carry.length + len;
    s.carry = '';
  } else {
    s.carry = s.carry.length === 0 ? chunk.slice(start) : s.carry + chunk.slice(start);
  }
}

/** Feeds one chunk of decoded text. */
export function pushText(s: LineSplitter, chunk: string): void {
  let start = 0;
  for (;;) {
    if (s.stopWhen?.()) return;
    const nl = chunk.indexOf('\n', start);
    if (nl < 0) return keepTail(s, chunk, start);
    const len = s.carry.length + nl - start;
    if (s.skipping) endSkip(s, nl - start);
    else if (len > s.max + 1) {
      s.carry = '';
      s.skippedLength = len;
      endSkip(s, 0);
    } else if (s.carry.length > 0) {
      const text = s.carry + chunk.slice(start, nl);
      s.carry = '';
      emit(s, text);
    } else emit(s, chunk.slice(start, nl));
    start = nl + 1;
  }
}

/** Flushes the last line (a file need not end with a newline). */
export function endText(s: LineSplitter): void {
  if (s.stopWhen?.()) return;
  if (s.skipping) endSkip(s, 0);
  else if (s.carry.length > 0) {
    const text = s.carry;
    s.carry = '';
    emit(s, text);
  }
}
