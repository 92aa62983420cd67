import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReadOptions } from '../../../src/lib/engine/formats/types';

/** Records the pipeline's sniff (the read that keeps replies) is handed, per read. */
const sniffed: number[] = [];

vi.mock('../../../src/lib/engine/formats/index', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/lib/engine/formats/index')>();
  return {
    ...real,
    readInput(stream: ReadableStream<Uint8Array>, file: string, opts: ReadOptions) {
      if (!opts.keepReplies) return real.readInput(stream, file, opts);
      const at = sniffed.push(0) - 1;
      const onRecord: ReadOptions['onRecord'] = (r) => {
        sniffed[at]! += 1;
        opts.onRecord(r);
      };
      return real.readInput(stream, file, { ...opts, onRecord });
    },
  };
});

const { analyzeStreams } = await import('../../../src/lib/engine/pipeline');

const TCP = fileURLToPath(
  new URL(
    '../../fixtures/formats/hubble/hubble-otel_basic-sample-400-tcp-flows.json',
    import.meta.url,
  ),
);

function input(bytes: Uint8Array, chunk: number, once: boolean) {
  return {
    name: 'tcp.json',
    ...(once && { once }),
    open: () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
          c.close();
        },
      }),
  };
}

describe('analyzeStreams: the sniff', () => {
  it('builds one record of a flow file, not the rest of its chunk, and the flow pass reads it all', async () => {
    const bytes = new Uint8Array(readFileSync(TCP));
    const outputs: string[] = [];
    for (const once of [false, true])
      for (const chunk of [bytes.length, 4096]) {
        sniffed.length = 0;
        const r = await analyzeStreams([input(bytes, chunk, once)]);
        expect(sniffed).toEqual([1]);
        expect(r.files).toEqual([
          { name: 'tcp.json', format: 'hubble-jsonpb', kind: 'flows', lines: 400, records: 268 },
        ]);
        outputs.push(JSON.stringify(r));
      }
    expect(new Set(outputs).size).toBe(1);
  });
});
