/**
 * cuttable with `keep` (an input read once: a pipe, a FIFO, standard input): after the sniff
 * stops, `rest()` gives the whole input again, in order — also when the sniff's stream had a
 * read ahead still waiting for the source's next chunk (a writer that has not sent it yet),
 * which once came after the chunk read behind it: two chunks swapped, lines cut wrong.
 */
import { describe, expect, it } from 'vitest';
import { cuttable } from '../../../src/lib/engine/pipeline-inputs';

/** A source whose chunk k arrives only once `send(k)` is called (a pipe's writer). */
function pipeSource(chunks: Uint8Array[]): {
  stream: ReadableStream<Uint8Array>;
  send(k: number): void;
} {
  const sent = chunks.map(() => {
    let resolve = (): void => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const k = next++;
        if (k >= chunks.length) return controller.close();
        await sent[k]!.promise;
        controller.enqueue(chunks[k]!);
      },
    },
    // No read ahead of its own: the source reads only when asked, as a pipe does.
    { highWaterMark: 0 },
  );
  return { stream, send: (k) => sent[k]!.resolve() };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  const reader = stream.getReader();
  for (;;) {
    const r = await reader.read();
    if (r.done) return out;
    out.push(r.value[0]!);
  }
}

describe('cuttable (an input read once)', () => {
  it("replays the sniff's chunks, then the chunk its read ahead was waiting for, in order", async () => {
    const chunks = [0, 1, 2, 3, 4].map((k) => new Uint8Array([k, k, k]));
    const src = pipeSource(chunks);
    const cut = cuttable(src.stream, true);
    const sniff = cut.stream.getReader();
    src.send(0);
    src.send(1);
    expect((await sniff.read()).value?.[0]).toBe(0);
    expect((await sniff.read()).value?.[0]).toBe(1);
    // The sniff's stream has pulled ahead: its read waits for chunk 2, not sent yet.
    await turn();
    cut.stop();
    const rest = readAll(cut.rest());
    await turn();
    for (const k of [2, 3, 4]) {
      src.send(k);
      await turn();
    }
    expect(await rest).toEqual([0, 1, 2, 3, 4]);
  });

  it('replays what the sniff read when no read was under way at its stop', async () => {
    const chunks = [0, 1, 2].map((k) => new Uint8Array([k]));
    const src = pipeSource(chunks);
    [0, 1, 2].forEach((k) => src.send(k));
    const cut = cuttable(src.stream, true);
    const sniff = cut.stream.getReader();
    expect((await sniff.read()).value?.[0]).toBe(0);
    await turn();
    cut.stop();
    expect(await readAll(cut.rest())).toEqual([0, 1, 2]);
  });
});
