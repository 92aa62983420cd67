/**
 * An import read in parts has the bucket width the whole file asks for: parts of a 40-minute
 * capture each span minutes (1 s buckets), the whole 5 s — the merged parts are settled to the
 * whole file's width, so the shard equals the file read whole.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexInventory } from '$lib/engine/inventory/index';
import { readImport, readShard } from '$lib/engine/workspace/import';
import { readImportsInParts, type PartSource } from '$lib/engine/workspace/import-parts';
import { memoryStore } from '$lib/engine/workspace/memory';
import type { PartReader } from '$lib/engine/pipeline-parts';

const SAMPLE = new URL(
  '../../../../static/samples/hubble-otel_basic-sample-400-tcp-flows.json',
  import.meta.url,
);
const T0 = Date.parse('2021-11-10T10:00:00Z');

/** The sample's lines, their times moved 6 s apart: 40 minutes of capture. */
function stretched(): Uint8Array {
  const lines = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const out = lines.map((l, i) =>
    l.replace(/"time":"[^"]*"/, `"time":"${new Date(T0 + i * 6000).toISOString()}"`),
  );
  return new TextEncoder().encode(out.join('\n') + '\n');
}

const stream = (b: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(b);
      c.close();
    },
  });

describe('an import read in parts', () => {
  it('is settled at the whole file’s bucket width', async () => {
    const bytes = stretched();
    const source: PartSource = {
      name: 'stretched.json',
      size: bytes.length,
      slice: (s, e) => Promise.resolve(bytes.slice(s, e)),
    };
    const reader: PartReader<PartSource> = {
      threads: 4,
      partBytes: 1,
      async read(part, inventory) {
        const [s, e] = part.range ?? [0, bytes.length];
        const r = await readShard(stream(bytes.subarray(s, e)), source.name, {
          cluster: inventory.cluster,
          index: indexInventory(inventory),
          ...(part.format && { format: part.format }),
        });
        return { read: r.read, shard: r.shard, stats: r.stats };
      },
    };
    const store = memoryStore();
    const whole = await readImport(store, stream(bytes), source.name, { cluster: 'kind' });
    const parts = (await readImportsInParts(store, [source], 'kind', reader))?.get(source);
    expect(whole.shard.aggregates[0]!.bucketMs).toBe(5000);
    expect(parts!.shard.aggregates).toEqual(whole.shard.aggregates);
    expect(parts!.accounting).toEqual(whole.accounting);
  });
});
