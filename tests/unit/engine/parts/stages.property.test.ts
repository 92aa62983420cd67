/**
 * readShard split by stage (workspace/import.ts: readStage on one thread, aggregatingStage on
 * another) gives exactly what readShard gives: the real samples of every format, their events
 * handed over in batches of random sizes (size 1 among them), each batch crossing a structured
 * clone with its buffers transferred as a worker's message does, and applied in order on the
 * other side — the shard (aggregates, names), the read (diagnostics with their file and line,
 * counts), the accounting and the stats are equal. Through the pipeline, a part reader that
 * splits by stage (one part whole, or ranges at more threads) gives what one thread gives; a
 * read that fails mid-file fails the same way; the reader waits for the other stage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WireBatch } from '../../../../src/lib/engine/formats/record-wire';
import { indexInventory } from '../../../../src/lib/engine/inventory/index';
import type { Inventory } from '../../../../src/lib/engine/model/k8s';
import { analyzeStreams, type AnalyzeInput } from '../../../../src/lib/engine/pipeline';
import type { FlowPart, PartReader } from '../../../../src/lib/engine/pipeline-parts';
import {
  aggregatingStage,
  FIRST_STAGE_BATCH,
  metadataInventory,
  readShard,
  readStage,
} from '../../../../src/lib/engine/workspace/import';
import { sampleCaptures } from '../formats/fixtures';
import { chunked, partedRead } from './streams';

const ROOT = join(__dirname, '../../../..');
const DUMP = join(ROOT, 'static/samples/bookinfo-kind_cluster-dump.json');
const HUBBLE = join(ROOT, 'static/samples/hubble-otel_basic-sample-400-tcp-flows.json');

const FILES = sampleCaptures();
const bytesOf = new Map(FILES.map((f) => [f, new Uint8Array(readFileSync(f))]));
const inventory = metadataInventory(
  [{ text: readFileSync(DUMP, 'utf8'), name: DUMP }],
  'default',
).inventory;

/**
 * Reads `stream` by stage: every batch crosses a structured clone (its buffers transferred) and
 * is applied on the other side in the order handed over; the read's result crosses at the end.
 */
async function staged(
  stream: ReadableStream<Uint8Array>,
  name: string,
  inv: Inventory,
  batch: number,
  format?: FlowPart<unknown>['format'],
): Promise<Awaited<ReturnType<typeof readShard>>> {
  const crossed: WireBatch[] = [];
  const read = await readStage(stream, name, {
    batch,
    onBatch: (b, transfer) => crossed.push(structuredClone(b, { transfer })),
    ...(format && { format }),
  });
  const other = structuredClone(inv);
  const into = aggregatingStage(name, { cluster: other.cluster, index: indexInventory(other) });
  for (const b of crossed) into.add(b);
  return structuredClone(into.finish(structuredClone(read)));
}

/** A part reader that splits by stage, as the CLI's does at two threads. */
function stageReader(threads: number, partBytes: number, chunk: number, batch: number) {
  const asked: FlowPart<AnalyzeInput>[] = [];
  const reader: PartReader<AnalyzeInput> = {
    threads,
    partBytes,
    stages: true,
    plan: (parts) => void asked.push(...parts),
    async read(part, inv) {
      const bytes = bytesOf.get(part.input.name)!;
      const [start, end] = part.range ?? [0, bytes.length];
      const r = await staged(
        chunked(bytes.subarray(start, end), chunk),
        part.input.name,
        inv,
        batch,
        part.format,
      );
      return { read: r.read, shard: r.shard, stats: r.stats };
    },
  };
  return { reader, asked };
}

function input(path: string, chunk: number): AnalyzeInput {
  const bytes = bytesOf.get(path) ?? new Uint8Array(readFileSync(path));
  return {
    name: path,
    size: bytes.length,
    open: () => chunked(bytes, chunk),
    slice: (start, end) => Promise.resolve(bytes.slice(start, end)),
  };
}

describe('a read split by stage', () => {
  it('each sample, in batches of random sizes, gives what readShard gives', async () => {
    const index = indexInventory(inventory);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FILES),
        fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 5000 })),
        fc.integer({ min: 1, max: 8192 }),
        async (file, batch, chunk) => {
          const bytes = bytesOf.get(file)!;
          const whole = await readShard(chunked(bytes, chunk), file, {
            cluster: 'default',
            index,
          });
          expect(await staged(chunked(bytes, chunk), file, inventory, batch)).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  }, 180_000);

  it('every sample in batches of one event gives what readShard gives', async () => {
    const index = indexInventory(inventory);
    let records = 0;
    for (const file of FILES) {
      const bytes = bytesOf.get(file)!;
      const whole = await readShard(chunked(bytes, 4096), file, { cluster: 'default', index });
      records += whole.read.records;
      expect(await staged(chunked(bytes, 4096), file, inventory, 1)).toEqual(whole);
    }
    expect(records).toBeGreaterThan(500);
  });

  it('a stream that fails mid-file gives what readShard gives (its diagnostic, the lines before)', async () => {
    const bytes = bytesOf.get(HUBBLE)!;
    const failAt = 4096 * 40;
    const index = indexInventory(inventory);
    const whole = await readShard(chunked(bytes, 4096, failAt), HUBBLE, {
      cluster: 'default',
      index,
    });
    expect(whole.read.records).toBeGreaterThan(10);
    expect(whole.diagnostics.some((d) => d.message.includes('disk gone'))).toBe(true);
    expect(await staged(chunked(bytes, 4096, failAt), HUBBLE, inventory, 7)).toEqual(whole);
  });

  it('a reader stage that fails mid-file rejects, after handing over what it read', async () => {
    let batches = 0;
    const read = readStage(chunked(bytesOf.get(HUBBLE)!, 4096), HUBBLE, {
      batch: 10,
      onBatch: () => {
        if (++batches === 5) throw new Error('the other side is gone');
      },
    });
    await expect(read).rejects.toThrow('the other side is gone');
    expect(batches).toBe(5);
  });

  it('hands its first batches over smaller, each twice the one before, up to the batch', async () => {
    // The sample four times over: its flows are slot lines, one batch after another.
    const one = bytesOf.get(HUBBLE)!;
    const bytes = new Uint8Array(one.length * 4);
    for (let i = 0; i < 4; i++) bytes.set(one, i * one.length);
    expect(one[one.length - 1]).toBe(10);
    const batch = 4 * FIRST_STAGE_BATCH;
    const sizes: number[] = [];
    await readStage(chunked(bytes, 4096), HUBBLE, {
      batch,
      onBatch: (b) => void sizes.push(b.slots ? b.slots.lines : -b.events),
    });
    expect(sizes.every((n) => n > 0)).toBe(true);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(3 * FIRST_STAGE_BATCH);
    const want: number[] = [];
    for (let n = FIRST_STAGE_BATCH, left = total; left > 0; n = Math.min(batch, n * 2)) {
      want.push(Math.min(n, left));
      left -= n;
    }
    expect(want.slice(0, 2)).toEqual([FIRST_STAGE_BATCH, 2 * FIRST_STAGE_BATCH]);
    expect(sizes).toEqual(want);
  });

  it('reads no further chunk until the other stage is ready', async () => {
    let batches = 0;
    let chunks = 0;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const bytes = bytesOf.get(HUBBLE)!;
    const counted = chunked(bytes, 4096).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(c, out) {
          chunks++;
          out.enqueue(c);
        },
      }),
    );
    const read = readStage(counted, HUBBLE, {
      batch: 5,
      onBatch: () => void batches++,
      // Two chunks, then wait for the gate.
      ready: () => (chunks < 2 ? undefined : gate),
    });
    await new Promise((r) => setTimeout(r, 50));
    const seen = { batches, chunks };
    expect(seen.chunks).toBeLessThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 50));
    expect({ batches, chunks }).toEqual(seen);
    open();
    const r = await read;
    expect(chunks).toBe(Math.ceil(bytes.length / 4096));
    expect(batches).toBeGreaterThanOrEqual(Math.ceil(r.records / 5));
    expect(batches).toBeGreaterThan(seen.batches);
  });

  it('through the pipeline: one part whole at two threads, ranges at more, as one thread', async () => {
    await fc.assert(
      fc.asyncProperty(
        partedRead(FILES),
        fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 3000 })),
        async ([file, threads, partBytes, chunk], batch) => {
          const inputs = (): AnalyzeInput[] => [input(DUMP, 8192), input(file, chunk)];
          const whole = await analyzeStreams(inputs());
          const { reader, asked } = stageReader(threads, partBytes, chunk, batch);
          const parted = await analyzeStreams(inputs(), { parts: reader });
          expect(parted).toEqual(whole);
          // Split by stage, two threads read a file whole: one reader, this thread aggregating.
          if (threads === 2) expect(asked.every((p) => !p.range)).toBe(true);
          expect(asked.filter((p) => p.range).length).toBeLessThanOrEqual(threads - 1);
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);

  it('hands one part out alone, whole, at two threads', async () => {
    const { reader, asked } = stageReader(2, 1, 4096, 64);
    const r = await analyzeStreams([input(DUMP, 8192), input(HUBBLE, 4096)], { parts: reader });
    expect(asked.map((p) => [p.input.name, p.range])).toEqual([[HUBBLE, undefined]]);
    expect(r.aggregates.length).toBeGreaterThan(0);
  });
});
