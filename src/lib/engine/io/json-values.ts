/**
 * Streaming splitter for JSON that is not one object per line: pretty-printed objects,
 * a top-level array (`gcloud logging read --format=json`), or concatenated documents. Emits
 * each top-level object — each element of a top-level array — as text with its first line.
 * Values over the size limit are skipped without being buffered; stray text is reported.
 */

export interface JsonValueSplitter {
  max: number;
  line: number;
  depth: number;
  inString: boolean;
  escaped: boolean;
  /** Inside a top-level `[`: its elements are the values. */
  inArray: boolean;
  parts: string[];
  size: number;
  startLine: number;
  tooLong: boolean;
  /** Line of stray (non-JSON) text already reported, to report each line once. */
  strayLine: number;
  onValue(text: string, line: number): void;
  onTooLong(line: number, length: number): void;
  onStray(line: number): void;
  /** Asked before each value: once true, nothing more is split or passed on (ReadOptions). */
  stopWhen?(): boolean;
}

export function createJsonValueSplitter(
  max: number,
  onValue: (text: string, line: number) => void,
  onTooLong: (line: number, length: number) => void,
  onStray: (line: number) => void,
): JsonValueSplitter {
  return {
    max,
    line: 1,
    depth: 0,
    inString: false,
    escaped: false,
    inArray: false,
    parts: [],
    size: 0,
    startLine: 0,
    tooLong: false,
    strayLine: 0,
    onValue,
    onTooLong,
    onStray,
  };
}

/** Between values: whitespace, commas, array brackets; anything else is stray text. */
function outside(s: JsonValueSplitter, c: number): boolean {
  if (c === 123) return true;
  if (c === 91 && !s.inArray) s.inArray = true;
  else if (c === 93 && s.inArray) s.inArray = false;
  else if (c > 32 && c !== 44 && s.strayLine !== s.line) {
    s.strayLine = s.line;
    s.onStray(s.line);
  }
  return false;
}

/** Advances the string/nesting state over one character inside a value; true at its end. */
function inside(s: JsonValueSplitter, c: number): boolean {
  if (s.inString) {
    if (s.escaped) s.escaped = false;
    else if (c === 92) s.escaped = true;
    else if (c === 34) s.inString = false;
    return false;
  }
  if (c === 34) s.inString = true;
  else if (c === 123 || c === 91) s.depth++;
  else if (c === 125 || c === 93) return --s.depth === 0;
  return false;
}

function keep(s: JsonValueSplitter, chunk: string, from: number, to: number): void {
  if (s.tooLong || to <= from) return;
  s.size += to - from;
  if (s.size > s.max) {
    s.tooLong = true;
    s.parts = [];
  } else s.parts.push(chunk.slice(from, to));
}

function finishValue(s: JsonValueSplitter): void {
  if (s.tooLong) s.onTooLong(s.startLine, s.size);
  else s.onValue(s.parts.length === 1 ? (s.parts[0] ?? '') : s.parts.join(''), s.startLine);
  s.parts = [];
  s.size = 0;
  s.tooLong = false;
}

/** Feeds one chunk of decoded text. */
export function pushJsonText(s: JsonValueSplitter, chunk: string): void {
  if (s.stopWhen?.()) return;
  let from = s.depth > 0 ? 0 : -1;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk.charCodeAt(i);
    if (s.depth === 0) {
      if (c === 10) s.line++;
      else if (outside(s, c)) {
        s.depth = 1;
        s.startLine = s.line;
        from = i;
      }
      continue;
    }
    if (c === 10) s.line++;
    if (inside(s, c)) {
      keep(s, chunk, from, i + 1);
      finishValue(s);
      from = -1;
      if (s.stopWhen?.()) return;
    }
  }
  if (s.depth > 0 && from >= 0) keep(s, chunk, from, chunk.length);
}

/** Ends the input: an unterminated value is reported through `onValue` (its parse will fail). */
export function endJsonText(s: JsonValueSplitter): void {
  if (s.depth > 0 && !s.stopWhen?.()) {
    s.depth = 0;
    finishValue(s);
  }
}
