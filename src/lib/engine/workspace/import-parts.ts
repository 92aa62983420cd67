/**
 * One import read in parts by several parse workers (the app's "Past one browser", DESIGN.md
 * §8): a big plain file of a format whose lines stand alone is cut after newlines, its parts
 * read elsewhere with readShard (pipeline-parts.ts) and merged into the very ReadShard that
 * reading it whole gives — one import, one commit. Anything else is read whole, as before.
 */
import { accountFor } from '../aggregate/accounting';
import { mergeSettled } from '../aggregate/merge';
import { mergeNames } from '../aggregate/names';
import { readInput } from '../formats/index';
import { planParts, readParts, type PartReader, type PartableInput } from '../pipeline-parts';
import { mergedInventory } from './cluster-data';
import type { ReadShard } from './import';
import type { WorkspaceStore } from './store';

/** A file the parts are read from: its name, size and bytes by range. */
export interface PartSource extends PartableInput {
  size: number;
  slice(start: number, end: number): Promise<Uint8Array>;
}

/** Bytes of a file's start read to learn its format (detection needs 256 KiB at most). */
const HEAD_BYTES = 512 * 1024;

/**
 * Reads `source` into `cluster` in parts with `reader`, its flows resolved against the
 * inventory the store holds so far; null when the file is not worth cutting (small, gzip,
 * metadata, a headed format): the caller reads it whole.
 */
export async function readImportInParts(
  store: WorkspaceStore,
  source: PartSource,
  cluster: string,
  reader: PartReader<PartSource>,
): Promise<ReadShard | null> {
  if (source.size < 2 * reader.partBytes) return null;
  const head = await source.slice(0, Math.min(source.size, HEAD_BYTES));
  const found = await readInput(
    new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(head);
        c.close();
      },
    }),
    source.name,
    { onRecord: () => undefined },
  );
  if (!found.lineParts || !found.format) return null;
  const plan = await planParts([{ input: source, format: found.format, lineParts: true }], reader);
  if (!plan) return null;
  const known = mergedInventory(cluster, await store.shards(cluster, { flows: false }));
  const read = (await readParts(plan, known, reader)).get(source)!;
  // At the bucket width the whole input asks for, as reading it whole gives.
  const aggregates = mergeSettled(...read.aggregates);
  return {
    read: read.result,
    diagnostics: [...read.result.diagnostics],
    shard: { inventory: null, aggregates, names: mergeNames(...read.names) },
    accounting: accountFor(read.result, read.stats, aggregates),
    stats: read.stats,
  };
}
