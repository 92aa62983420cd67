/**
 * Extracts the first complete JSON value from a text head (for detection of pretty-printed,
 * array or concatenated JSON). Inside a top-level array, the first element is returned.
 */

/** Index just past the value starting at `start` ('{' or '['), or -1 if it does not end in `s`. */
function valueEnd(s: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function parse(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

/** The first JSON object at or after `from` (the first element when it is an array). */
export function firstJsonValue(head: string, from: number): unknown {
  let i = from;
  while (i < head.length && /\s/.test(head[i] ?? '')) i++;
  if (head[i] === '[') {
    i++;
    while (i < head.length && /[\s,]/.test(head[i] ?? '')) i++;
  }
  if (head[i] !== '{') return undefined;
  const end = valueEnd(head, i);
  return end < 0 ? undefined : parse(head.slice(i, end));
}
