/**
 * streamSource's turns: the first read lets the event loop run what was queued before it (in
 * the app's worker, a Cancel message; here a timer), and the loop turns again every TURN_MS —
 * in Node without a timer (setTimeout's 1 ms minimum, idle, at every turn of a long read).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { streamSource } from '../../../../src/lib/engine/io/bytes';

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });
}

afterEach(() => vi.restoreAllMocks());

describe('streamSource', () => {
  it('lets a timer queued before the first read run before that read resolves', async () => {
    const source = streamSource(streamOf([new Uint8Array([1, 2, 3])]), () => undefined);
    let ran = false;
    setTimeout(() => (ran = true), 0);
    const chunk = await source.read();
    expect(ran).toBe(true);
    expect(chunk).toEqual(new Uint8Array([1, 2, 3]));
    expect(await source.read()).toBeNull();
  });

  it('in Node, turns again every TURN_MS without a timer', async () => {
    // Every read finds TURN_MS gone by since the last turn.
    let now = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 60));
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    const immediates = vi.spyOn(globalThis, 'setImmediate');
    const totals: number[] = [];
    const chunks = [2, 3, 4, 5].map((n) => new Uint8Array(n));
    const source = streamSource(streamOf(chunks), (n) => void totals.push(n));
    while ((await source.read()) !== null);
    expect(totals).toEqual([2, 5, 9, 14]);
    // The first turn is a timer; the four after it (three chunks and the end) are not.
    expect(timeouts).toHaveBeenCalledTimes(1);
    expect(immediates).toHaveBeenCalledTimes(4);
  });
});
