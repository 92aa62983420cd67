/**
 * A JSON syntax check without building anything (RFC 8259; nesting to MAX_DEPTH). A failing
 * JSON.parse costs microseconds (it throws, capturing a stack), so a file with millions of
 * junk lines spends minutes in exceptions: once a file has shown many bad lines, its lines are
 * checked here first and only valid ones reach JSON.parse.
 */

const MAX_DEPTH = 512;

function skipWs(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
    i++;
  }
}

/** End of the string whose opening quote is at `i`, or -1. */
function stringEnd(t: string, i: number): number {
  for (i++; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 32) return -1;
    if (c === 92) {
      const e = t.charCodeAt(++i);
      if (e === 117) {
        if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 1, i + 5))) return -1;
        i += 4;
      } else if (!(e === 34 || e === 92 || e === 47 || (e >= 98 && 'bfnrt'.includes(t[i]!))))
        return -1;
    }
  }
  return -1;
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

function scalarEnd(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === 34) return stringEnd(t, i);
  for (const word of ['true', 'false', 'null']) if (t.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  return NUMBER.test(t) ? NUMBER.lastIndex : -1;
}

/** Whether `t` is exactly one JSON value (blank around it allowed). */
export function isJson(t: string): boolean {
  const close: number[] = [];
  let i = skipWs(t, 0);
  for (;;) {
    const c = t.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (close.length >= MAX_DEPTH) return false;
      close.push(c + 2);
      i = skipWs(t, i + 1);
      if (t.charCodeAt(i) === c + 2) {
        close.pop();
        i++;
      } else if (c === 123) {
        i = key(t, i);
        if (i < 0) return false;
        continue;
      } else continue;
    } else {
      i = scalarEnd(t, i);
      if (i < 0) return false;
    }
    // After a value: a comma (then the next key or value), a close, or the end.
    for (;;) {
      i = skipWs(t, i);
      const top = close[close.length - 1];
      if (top === undefined) return i === t.length;
      const n = t.charCodeAt(i);
      if (n === top) {
        close.pop();
        i++;
        continue;
      }
      if (n !== 44) return false;
      i = skipWs(t, i + 1);
      if (top === 125) i = key(t, i);
      break;
    }
    if (i < 0) return false;
  }
}

/** `"key":` at `i` → where its value starts; -1 when it is not one. */
function key(t: string, i: number): number {
  if (t.charCodeAt(i) !== 34) return -1;
  const end = stringEnd(t, i);
  if (end < 0) return -1;
  const colon = skipWs(t, end);
  return t.charCodeAt(colon) === 58 ? skipWs(t, colon + 1) : -1;
}
