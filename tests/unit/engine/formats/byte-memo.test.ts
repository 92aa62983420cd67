import { describe, expect, it } from 'vitest';
import {
  createByteMemo,
  createLineView,
  memoObject,
} from '../../../../src/lib/engine/formats/byte-memo';
import { createScan, scanLine } from '../../../../src/lib/engine/formats/json-bytes';

const enc = new TextEncoder();

/** Reads each text through one memo, `rounds` times; the values of the last round. */
function readRounds(texts: string[], rounds: number): { first: unknown[]; last: unknown[] } {
  const memo = createByteMemo(1 << 12, 4 << 20, createLineView());
  const s = createScan();
  const lines = texts.map((t) => enc.encode(t));
  const pass = (): unknown[] =>
    lines.map((b) => {
      scanLine(s, b, 0, b.length);
      return memoObject(memo, s);
    });
  const first = pass();
  let last = first;
  for (let r = 1; r < rounds; r++) last = pass();
  return { first, last };
}

/** Every value read again is the one kept (nothing was evicted), and equals JSON.parse's. */
function allKept(texts: string[]): void {
  const { first, last } = readRounds(texts, 2);
  const missed = last.filter((v, i) => v !== first[i]).length;
  expect(missed).toBe(0);
  expect(last).toEqual(texts.map((t) => JSON.parse(t) as unknown));
}

describe('byte memo', () => {
  it('keeps 2,000 endpoints that differ only in their ID and identity digits', () => {
    // Endpoints of a cluster: the same shape, numbers 3 to 5 digits long. The slot must depend
    // on every byte of the prefix, not only on the last byte of each 4-byte word.
    const texts = Array.from(
      { length: 2000 },
      (_, i) =>
        `{"ID":${(i * 37) % 4000},"identity":${20000 + i},"cluster_name":"bench","namespace":"ns-${i % 20}","pod_name":"p-${i}"}`,
    );
    allKept(texts);
  });

  it('keeps the IP objects of one source to many destinations', () => {
    // The first 32 bytes of these are the same: the destination must be in the prefix.
    const texts = Array.from(
      { length: 64 },
      (_, i) => `{"source":"10.244.2.49","destination":"10.244.${i >> 4}.${i}","ipVersion":"IPv4"}`,
    );
    allKept(texts);
  });
});
