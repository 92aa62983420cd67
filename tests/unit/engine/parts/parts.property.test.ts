/**
 * Reading flow inputs in parts, several at once (pipeline-parts.ts), gives exactly what reading
 * them in turn gives: the real samples of every format, cut at random points into random
 * numbers of parts, read by a part reader that works as the CLI's worker threads do (readShard
 * on a byte range, everything crossing a structured clone) — aggregates, names, diagnostics
 * with their file and line, per-file counts and the accounting are equal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexInventory } from '../../../../src/lib/engine/inventory/index';
import { analyzeStreams, type AnalyzeInput } from '../../../../src/lib/engine/pipeline';
import type { PartReader } from '../../../../src/lib/engine/pipeline-parts';
import { readShard } from '../../../../src/lib/engine/workspace/import';
import { sampleCaptures } from '../formats/fixtures';
import { chunked, partedRead } from './streams';

const ROOT = join(__dirname, '../../../..');
const DUMP = join(ROOT, 'static/samples/bookinfo-kind_cluster-dump.json');

interface BytesInput extends AnalyzeInput {
  bytes: Uint8Array;
}

function input(path: string, chunk: number): BytesInput {
  const bytes = new Uint8Array(readFileSync(path));
  return {
    name: path.slice(ROOT.length + 1),
    bytes,
    size: bytes.length,
    open: () => chunked(bytes, chunk),
    slice: (start, end) => Promise.resolve(bytes.slice(start, end)),
  };
}

/** Reads parts as a worker thread does: the inventory and the result cross a structured clone. */
function partReader(threads: number, partBytes: number, chunk: number): PartReader<AnalyzeInput> {
  return {
    threads,
    partBytes,
    async read(part, inventory) {
      const { bytes } = part.input as BytesInput;
      const inv = structuredClone(inventory);
      const [start, end] = part.range ?? [0, bytes.length];
      const r = await readShard(chunked(bytes.subarray(start, end), chunk), part.input.name, {
        cluster: inv.cluster,
        index: indexInventory(inv),
        ...(part.format && { format: part.format }),
      });
      return structuredClone({ read: r.read, shard: r.shard, stats: r.stats });
    },
  };
}

const FILES = sampleCaptures();

describe('flow inputs read in parts', () => {
  it('the samples hold formats that are cut (a part reader gets ranges)', async () => {
    const hubble = input(FILES[FILES.length - 1]!, 4096);
    const ranges: ([number, number] | undefined)[] = [];
    const reader = partReader(3, 1, 4096);
    await analyzeStreams([hubble], {
      parts: { ...reader, read: (p, inv) => (ranges.push(p.range), reader.read(p, inv)) },
    });
    expect(ranges.length).toBe(3);
    expect(ranges.every((r) => r && r[0] < r[1])).toBe(true);
  });

  it('each sample, cut at random, gives what reading it whole gives', async () => {
    await fc.assert(
      fc.asyncProperty(partedRead(FILES), async ([file, threads, partBytes, chunk]) => {
        const inputs = (): AnalyzeInput[] => [input(DUMP, 8192), input(file, chunk)];
        const whole = await analyzeStreams(inputs());
        const parted = await analyzeStreams(inputs(), {
          parts: partReader(threads, partBytes, chunk),
        });
        expect(parted).toEqual(whole);
      }),
      { numRuns: 40 },
    );
  }, 180_000);

  it('says once, when every part is read, that the flows are read (onFlowsRead)', async () => {
    const hubble = input(FILES[FILES.length - 1]!, 4096);
    const reader = partReader(3, 1, 4096);
    let started = 0;
    let read = 0;
    const calls: [number, number][] = [];
    const r = await analyzeStreams([input(DUMP, 8192), hubble], {
      parts: {
        ...reader,
        read: async (p, inv) => {
          started++;
          const out = await reader.read(p, inv);
          read++;
          return out;
        },
      },
      onFlowsRead: () => calls.push([started, read]),
    });
    expect(started).toBe(3);
    expect(calls).toEqual([[3, 3]]);
    expect(r.aggregates.length).toBeGreaterThan(0);
  });

  it('every sample at once, several per reader, gives what reading them in turn gives', async () => {
    const inputs = (): AnalyzeInput[] => [input(DUMP, 8192), ...FILES.map((f) => input(f, 1000))];
    const whole = await analyzeStreams(inputs());
    expect(whole.aggregates.length).toBeGreaterThan(100);
    for (const threads of [2, 4]) {
      const parted = await analyzeStreams(inputs(), { parts: partReader(threads, 2000, 1000) });
      expect(parted).toEqual(whole);
    }
  });
});
