/**
 * Imports read in parts by several parse workers (the app's "Past one browser", DESIGN.md §8):
 * the files of one drop planned as the CLI plans its inputs (pipeline-parts.ts `planParts`) —
 * a big plain file of a format whose lines stand alone cut after newlines, gzip, pcap, headed
 * formats and small files whole, several at once — read elsewhere with readShard and merged,
 * per file, into the very ReadShard that importing the file alone gives: each file stays its
 * own import (row, diagnostics, names, counts).
 */
import { accountFor } from '../aggregate/accounting';
import { mergeSettled } from '../aggregate/merge';
import { mergeNames } from '../aggregate/names';
import { readInput, type FormatId } from '../formats/index';
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

/** What the head of a file big enough to be cut says: its format, and whether to cut it. */
async function headOf(
  source: PartSource,
): Promise<{ format: FormatId | null; lineParts: boolean }> {
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
  return { format: found.format, lineParts: found.kind === 'flows' && found.lineParts === true };
}

/**
 * Reads the flow files `sources` of `cluster` with `reader`, several at once and big ones in
 * parts, their flows resolved against the inventory the store holds so far (as each would be
 * imported alone, one after another: flows do not change the inventory); one ReadShard per
 * source. Null when reading them in turn is as good (one part only, or all small together).
 * The caller leaves dumps out: they are imported first, each alone (their inventory resolves
 * the flows).
 */
export async function readImportsInParts<S extends PartSource>(
  store: WorkspaceStore,
  sources: S[],
  cluster: string,
  reader: PartReader<S>,
): Promise<Map<S, ReadShard> | null> {
  const sniffed = [];
  for (const input of sources) {
    // Only a file of two parts at least is looked into; any other is read whole.
    const cut = input.size >= 2 * reader.partBytes && reader.threads > 1;
    sniffed.push({ input, ...(cut ? await headOf(input) : { format: null, lineParts: false }) });
  }
  const plan = await planParts(sniffed, reader);
  if (!plan) return null;
  const known = mergedInventory(cluster, await store.shards(cluster, { flows: false }));
  const out = new Map<S, ReadShard>();
  for (const [source, read] of await readParts(plan, known, reader)) {
    // At the bucket width the whole input asks for, as reading it whole gives.
    const aggregates = mergeSettled(...read.aggregates);
    const flows = read.result.kind === 'flows';
    out.set(source, {
      read: read.result,
      diagnostics: [...read.result.diagnostics],
      shard: { inventory: null, aggregates, names: mergeNames(...read.names) },
      ...(flows && {
        accounting: accountFor(read.result, read.stats, aggregates),
        stats: read.stats,
      }),
    });
  }
  return out;
}
