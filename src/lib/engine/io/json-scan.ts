/**
 * The extent of one JSON value in a text, without parsing it: strings, escapes and bracket
 * depth only (a backslash in a string escapes the next character). Used to cut a head for
 * detection (formats/json-head.ts) and concatenated documents (inventory/json-split.ts) before
 * JSON.parse. A string is skipped whole with `indexOf` to its closing quote rather than walked
 * character by character: in a dump most characters are inside strings, and the scan runs once,
 * cold, on megabytes (1.86 MB: ≈ 155 M → ≈ 63 M instructions).
 */

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Index of the quote that closes the string opened at `open` (a `"`), or -1: the first quote
 * after it behind an even run of backslashes (each pair escapes itself; an odd run escapes it).
 */
export function stringEnd(text: string, open: number): number {
  let q = open;
  for (;;) {
    q = text.indexOf('"', q + 1);
    if (q < 0) return -1;
    let b = q - 1;
    while (b > open && text.charCodeAt(b) === BACKSLASH) b--;
    if (((q - 1 - b) & 1) === 0) return q;
  }
}

export interface ValueExtent {
  /** Index just past the value, or -1 when it does not end in the text. */
  end: number;
  /** Brackets nested deeper than the limit somewhere in the value (as far as it was read). */
  tooDeep: boolean;
}

/** The value opened at `start` (`{` or `[`): where it ends and whether it nests too deep. */
export function valueExtent(text: string, start: number, maxDepth: number): ValueExtent {
  let depth = 0;
  let tooDeep = false;
  const n = text.length;
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) break;
    } else if (c === 123 || c === 91) {
      depth++;
      if (depth > maxDepth) tooDeep = true;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return { end: i + 1, tooDeep };
    }
  }
  return { end: -1, tooDeep };
}
