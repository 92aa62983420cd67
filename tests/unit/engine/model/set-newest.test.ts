/**
 * setNewest (model/memo.ts): the bounded "last N by key" that the worker's held decisions, sent
 * rows and sent denied keys and the page's held rows keep — newest in, oldest out.
 */
import { describe, expect, it } from 'vitest';
import { setNewest } from '../../../../src/lib/engine/model/memo';

describe('setNewest', () => {
  it('keeps the newest `limit` entries, dropping the oldest', () => {
    const map = new Map<string, number>();
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) setNewest(map, k, i, 3);
    expect([...map.entries()]).toEqual([
      ['b', 1],
      ['c', 2],
      ['d', 3],
    ]);
  });

  it('makes a key set again the newest, so it outlives the keys set before it', () => {
    const map = new Map<string, number>();
    setNewest(map, 'a', 1, 2);
    setNewest(map, 'b', 2, 2);
    setNewest(map, 'a', 3, 2);
    setNewest(map, 'c', 4, 2);
    expect([...map.entries()]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
