import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineSplitter, endText, pushText } from '../../../../src/lib/engine/io/lines';

function split(
  chunks: string[],
  max = 1000,
): { lines: [string, number][]; long: [number, number][]; total: number } {
  const lines: [string, number][] = [];
  const long: [number, number][] = [];
  const s = createLineSplitter(
    max,
    (t, n) => lines.push([t, n]),
    (n, len) => long.push([n, len]),
  );
  for (const c of chunks) pushText(s, c);
  endText(s);
  return { lines, long, total: s.line };
}

describe('line splitter', () => {
  it('numbers lines from 1, skips blank ones, strips CR, keeps an unterminated last line', () => {
    const r = split(['a\r\nb', 'c\n\n   \nd']);
    expect(r.lines).toEqual([
      ['a', 1],
      ['bc', 2],
      ['d', 5],
    ]);
    expect(r.total).toBe(5);
  });

  it('gives the same lines whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z\r]{0,12}$/), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (rows, cuts) => {
          const text = rows.join('\n');
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let at = 0;
          for (const p of points) {
            chunks.push(text.slice(at, p));
            at = p;
          }
          chunks.push(text.slice(at));
          expect(split(chunks)).toEqual(split([text]));
        },
      ),
    );
  });

  it('reports over-long lines once, with their number and length, without keeping them', () => {
    const long = 'x'.repeat(50);
    const r = split(['ok\n', long.slice(0, 20), long.slice(20), '\nafter\n', `${long}\nend`], 10);
    expect(r.lines).toEqual([
      ['ok', 1],
      ['after', 3],
      ['end', 5],
    ]);
    expect(r.long).toEqual([
      [2, 50],
      [4, 50],
    ]);
  });

  it('reports an over-long last line without newline', () => {
    expect(split(['y'.repeat(30)], 10).long).toEqual([[1, 30]]);
  });
});
