/**
 * Names from captures and dumps shown to people: control characters (terminal escape codes
 * start with ESC) and bidirectional controls (U+202E turns `pod‮exe.gnp` around) are written
 * out as visible escapes (`\x1B`, `\u202E`), so a name can neither drive a terminal nor read
 * backwards. The CLI's text output and the app's labels use the same function.
 */

// C0 and C1 controls and DEL; bidi embeddings, overrides, isolates and marks; line separators.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above, plus tab and newline
const UNSAFE_LINE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/g;

function escape(c: string): string {
  const code = c.charCodeAt(0);
  const hex = code.toString(16).toUpperCase();
  return code < 0x100 ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/** `s` with control and bidi characters as visible escapes; tab and newline kept. */
export function visibleText(s: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s) ? s.replace(UNSAFE, escape) : s;
}

/** `s` as one line: control and bidi characters, tab and newline included, as visible escapes. */
export function visibleLine(s: string): string {
  UNSAFE_LINE.lastIndex = 0;
  return UNSAFE_LINE.test(s) ? s.replace(UNSAFE_LINE, escape) : s;
}

/** Whether `s` holds a character visibleText would escape. */
export function hasHiddenCharacters(s: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s);
}

/**
 * `s` for a label: visible escapes as visibleLine, and at most `max` characters with the
 * middle elided (`very-long…-name`), so a 100,000-character name cannot stretch a page.
 */
export function shortLabel(s: string, max = 120): string {
  const v = visibleLine(s);
  if (v.length <= max) return v;
  const half = Math.floor((max - 1) / 2);
  return `${v.slice(0, half)}…${v.slice(v.length - half)}`;
}

/** `s` for a title (the whole name on hover): visible escapes, at most 4,000 characters. */
export function titleText(s: string): string {
  return shortLabel(s, 4000);
}

/** Plain code-unit comparison: stable across locales and runtimes (sort keys, names). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
