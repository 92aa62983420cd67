import { describe, expect, it } from 'vitest';
import {
  createJsonValueSplitter,
  endJsonText,
  pushJsonText,
} from '../../../../src/lib/engine/io/json-values';

function values(
  chunks: string[],
  max = 10_000,
): { values: [unknown, number][]; long: number[]; stray: number[] } {
  const out: [unknown, number][] = [];
  const long: number[] = [];
  const stray: number[] = [];
  const s = createJsonValueSplitter(
    max,
    (t, line) => out.push([JSON.parse(t), line]),
    (line) => long.push(line),
    (line) => stray.push(line),
  );
  for (const c of chunks) pushJsonText(s, c);
  endJsonText(s);
  return { values: out, long, stray };
}

describe('JSON value splitter', () => {
  it('splits a pretty-printed top-level array into its objects with their first line', () => {
    const text = JSON.stringify([{ a: 1, s: 'x}{"]' }, { b: [1, { c: 2 }] }], null, 2);
    const whole = values([text]);
    expect(whole.values).toEqual([
      [{ a: 1, s: 'x}{"]' }, 2],
      [{ b: [1, { c: 2 }] }, 6],
    ]);
    expect(whole.stray).toEqual([]);
    const oneByOne = values([...text]);
    expect(oneByOne.values).toEqual(whole.values);
  });

  it('splits concatenated documents and escaped quotes inside strings', () => {
    const r = values(['{"k":"a\\"}"}\n{"k":', '2}{"k":3}']);
    expect(r.values.map(([v]) => v)).toEqual([{ k: 'a"}' }, { k: 2 }, { k: 3 }]);
  });

  it('reports stray text once per line and over-large values', () => {
    const r = values(['$ gcloud logging read\n[{"a":1},\n{"big":"', 'x'.repeat(100), '"}]'], 50);
    expect(r.stray).toEqual([1]);
    expect(r.values).toEqual([[{ a: 1 }, 2]]);
    expect(r.long).toEqual([3]);
  });
});
