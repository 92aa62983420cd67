/**
 * Extracts the first complete JSON value from a text head (for detection of pretty-printed,
 * array or concatenated JSON). Inside a top-level array, the first element is returned.
 */
import { valueExtent } from '../io/json-scan';

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
  const { end } = valueExtent(head, i, Infinity);
  return end < 0 ? undefined : parse(head.slice(i, end));
}
