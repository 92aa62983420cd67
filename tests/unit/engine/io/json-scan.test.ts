import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringEnd, valueExtent } from '../../../../src/lib/engine/io/json-scan';
import { splitConcatenatedJson } from '../../../../src/lib/engine/inventory/json-split';
import { firstJsonValue } from '../../../../src/lib/engine/formats/json-head';

/**
 * The character walk the scanner replaced (json-split.ts and json-head.ts before it skipped
 * strings with indexOf): the oracle. `line` counts every newline it reads — a character after an
 * escaping backslash in a string is skipped, not read.
 */
function walk(text: string, start: number, maxDepth: number) {
  let depth = 0;
  let tooDeep = false;
  let inString = false;
  let lines = 0;
  for (let j = start; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 10) lines++;
    if (inString) {
      if (c === 92) j++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > maxDepth) tooDeep = true;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return { end: j + 1, tooDeep, lines };
    }
  }
  return { end: -1, tooDeep, lines };
}

/** splitConcatenatedJson as it was, on the walk above (logs and stray text as today). */
function splitByWalk(text: string, maxDepth: number) {
  const chunks: { start: number; end: number; line: number; tooDeep: boolean }[] = [];
  const problems: { line: number; message: string }[] = [];
  const lines = (from: number, to: number) => text.slice(from, to).split('\n').length - 1;
  const lineEnd = (i: number) =>
    text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i) + 1;
  const open = (c: number) => c === 123 || c === 91;
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (c === 10) line++;
      i++;
    } else if (open(c)) {
      const w = walk(text, i, maxDepth);
      if (w.end < 0) {
        problems.push({ line, message: 'JSON document is incomplete (truncated file?)' });
        break;
      }
      chunks.push({ start: i, end: w.end, line, tooDeep: w.tooDeep });
      line += w.lines;
      i = w.end;
    } else {
      let next: number;
      if (
        (i === 0 || text.charCodeAt(i - 1) === 10) &&
        text.startsWith('==== START logs for container', i)
      ) {
        const m = text.indexOf('==== END logs for container', i);
        next = m < 0 ? text.length : lineEnd(m);
      } else {
        problems.push({ line, message: 'Text that is not JSON between JSON documents' });
        next = lineEnd(i);
        while (next < text.length && !open(text.charCodeAt(next))) next = lineEnd(next);
      }
      line += lines(i, next);
      i = next;
    }
  }
  return { chunks, problems };
}

/** Texts made of what the scan looks at: brackets, quotes, backslashes, newlines, log markers. */
const jsonish = fc
  .array(
    fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"',
      '\\',
      '\\\\',
      '\\"',
      '\n',
      '\\\n',
      'a',
      ' ',
      ',',
      ':1',
      '"x\\"y"',
      '"a\\\nb"',
      '\n==== START logs for container x\n',
      '\n==== END logs for container x\n',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('JSON value scan', () => {
  it('ends a string at the first quote behind an even run of backslashes', () => {
    expect(stringEnd('"ab"', 0)).toBe(3);
    expect(stringEnd('"a\\"b"', 0)).toBe(5);
    expect(stringEnd('"a\\\\"b"', 0)).toBe(4);
    expect(stringEnd('"a\\\\\\"b"', 0)).toBe(7);
    expect(stringEnd('"\\"', 0)).toBe(-1);
    expect(stringEnd('x "" y', 2)).toBe(3);
  });

  it('finds the end and the depth of every value as a character walk does', () => {
    fc.assert(
      fc.property(jsonish, fc.integer({ min: 0, max: 4 }), (text, maxDepth) => {
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c !== 123 && c !== 91) continue;
          const w = walk(text, i, maxDepth);
          expect(valueExtent(text, i, maxDepth)).toEqual({ end: w.end, tooDeep: w.tooDeep });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts concatenated documents at the same places and lines as a character walk does', () => {
    fc.assert(
      fc.property(jsonish, fc.integer({ min: 1, max: 4 }), (text, maxDepth) => {
        expect(splitConcatenatedJson(text, maxDepth)).toEqual(splitByWalk(text, maxDepth));
      }),
      { numRuns: 3000 },
    );
  });

  it('does not count a newline escaped in a string, and counts one outside strings', () => {
    const text = '{"a":"x\\\ny"}\n\\\n{"b":1}\n{"c":"\\\\\n"}\n{"d":2}';
    const { chunks, problems } = splitConcatenatedJson(text, 10);
    expect(chunks.map((c) => c.line)).toEqual([1, 3, 4, 6]);
    expect(problems).toEqual([
      { line: 2, message: 'Text that is not JSON between JSON documents' },
    ]);
  });

  it('takes the first value of a head, quotes and brackets in strings included', () => {
    expect(firstJsonValue('  {"a":"}\\"{","b":[1,{"c":"]"}]} {"d":1}', 0)).toEqual({
      a: '}"{',
      b: [1, { c: ']' }],
    });
    expect(firstJsonValue('[{"a":"x\\\\"}, {"b":2}]', 0)).toEqual({ a: 'x\\' });
    expect(firstJsonValue('{"a":"unterminated}', 0)).toBeUndefined();
  });
});
