/**
 * Flow inputs read in parts, several at once (DESIGN.md §5 `--threads`, "Past one browser"):
 * a big plain file of a format whose lines stand alone is cut after newlines into byte ranges,
 * other inputs (gzip, pcap, headed formats, small files) are parts whole; a part reader — the
 * CLI's worker threads, the app's workers — reads each part elsewhere with the same engine
 * (`readShard`), and the parts merge here: aggregates and names as imports merge, a file's
 * reads as its one read (line numbers, capped diagnostics, counts). The result equals reading
 * every input in turn (tests/unit/engine/parts).
 */
import { sumStats, type AggregationStats } from './aggregate/aggregate';
import type { ReadResult } from './formats/index';
import { mergeReads } from './formats/read-parts';
import type { FormatId } from './formats/types';
import { lineRanges, nextLineStart } from './io/line-ranges';
import { createClaim, cutClaim, unclaimed, type RangeClaim } from './io/range-claim';
import type { CommAggregate } from './model/communication';
import type { Inventory } from './model/k8s';
import type { IpName } from './model/names';
import type { ReadShard } from './workspace/import';

/** A part of a flow input, for a part reader: a byte range of it, or all of it. */
export interface FlowPart<I> {
  input: I;
  /** `[start, end)` in the input's bytes, starting after a newline; absent: the whole input. */
  range?: [number, number];
  /** For a range: the format the whole input was detected as (readInput's `format`). */
  format?: FormatId;
  /**
   * For a range, when the reader `cuts`: its bytes are claimed read by read from here, and the
   * range may end sooner than `range` says (another thread took its unread end).
   */
  claim?: RangeClaim;
}

/** What reading a part gives back (a ReadShard without its accounting, made after merging). */
export type PartShard = Pick<ReadShard, 'read' | 'shard' | 'stats'>;

/** Reads parts elsewhere, `threads` at a time. */
export interface PartReader<I> {
  threads: number;
  /**
   * Smallest part a file is cut into, in bytes; inputs smaller than this together are read in
   * turn, where they are (starting readers would cost more than it saves).
   */
  partBytes: number;
  /** Reads a part into a shard, its flows resolved against `inventory`. */
  read(part: FlowPart<I>, inventory: Inventory): Promise<PartShard>;
  /**
   * The reader reads a range's bytes as its `claim` allows (io/range-claim.ts `claimRead`):
   * a thread done with its parts may then take the unread end of a range still being read.
   */
  cuts?: boolean;
}

/** A flow input as the sniff found it. */
export interface PartableInput {
  /** The name diagnostics show. */
  name: string;
  /** The input's size in bytes, when known (not for a pipe). */
  size?: number;
  /** Bytes [start, end) of the input (to find newlines near the cuts). */
  slice?(start: number, end: number): Promise<Uint8Array>;
}

/** What one input's parts gave, merged. */
export interface InputRead {
  result: ReadResult;
  aggregates: CommAggregate[][];
  names: IpName[][];
  stats: AggregationStats;
}

interface Sniffed<I> {
  input: I;
  format: FormatId | null;
  /** The sniff said the input may be cut after newlines (ReadResult.lineParts). */
  lineParts: boolean;
}

/** The parts of `inputs` to read; null when reading them in turn is as good (one part, small). */
export async function planParts<I extends PartableInput>(
  inputs: Sniffed<I>[],
  reader: Pick<PartReader<I>, 'threads' | 'partBytes'>,
): Promise<FlowPart<I>[] | null> {
  const total = inputs.reduce((n, s) => n + (s.input.size ?? 0), 0);
  if (reader.threads < 2 || total < reader.partBytes) return null;
  const parts: FlowPart<I>[] = [];
  for (const { input, format, lineParts } of inputs) {
    const size = input.size ?? 0;
    const n = Math.min(reader.threads, Math.floor(size / reader.partBytes));
    if (!lineParts || !format || !input.slice || n < 2) {
      parts.push({ input });
      continue;
    }
    for (const range of await lineRanges(size, n, input.slice.bind(input)))
      parts.push({ input, range, format });
  }
  return parts.length > 1 ? parts : null;
}

/**
 * Reads `parts` with `reader` (`threads` at once, biggest first); per input, merged. With a
 * reader that `cuts`, a thread left without a part takes the second half of the unread end of
 * the range with most left (at a line start), so the threads end about together.
 */
export async function readParts<I extends PartableInput>(
  parts: FlowPart<I>[],
  inventory: Inventory,
  reader: PartReader<I>,
): Promise<Map<I, InputRead>> {
  const size = (p: FlowPart<I>): number =>
    p.range ? p.range[1] - p.range[0] : (p.input.size ?? 0);
  const queue = [...parts].sort((a, b) => size(b) - size(a));
  const done: { part: FlowPart<I>; shard: PartShard }[] = [];
  const reading = new Set<FlowPart<I>>();
  const runner = async (): Promise<void> => {
    for (;;) {
      const next = queue.shift() ?? (reader.cuts ? await tailOf(reading, reader.partBytes) : null);
      if (!next) return;
      const part = reader.cuts && next.range ? { ...next, claim: createClaim(next.range) } : next;
      reading.add(part);
      done.push({ part, shard: await reader.read(part, inventory) });
      reading.delete(part);
    }
  };
  await Promise.all(Array.from({ length: Math.min(reader.threads, parts.length) }, runner));
  // The parts of an input in its byte order (a taken end after the range it was cut from).
  const order = new Map<I, number>();
  for (const p of parts) if (!order.has(p.input)) order.set(p.input, order.size);
  done.sort(
    (a, b) =>
      order.get(a.part.input)! - order.get(b.part.input)! ||
      (a.part.range?.[0] ?? 0) - (b.part.range?.[0] ?? 0),
  );
  const byInput = new Map<I, PartShard[]>();
  for (const { part, shard } of done)
    byInput.set(part.input, [...(byInput.get(part.input) ?? []), shard]);
  const out = new Map<I, InputRead>();
  for (const [input, shards] of byInput) {
    const stats = sumStats(...shards.map((s) => s.stats));
    out.set(input, {
      result: mergeReads(
        input.name,
        shards.map((s) => s.read),
      ),
      aggregates: shards.map((s) => s.shard.aggregates),
      names: shards.map((s) => s.shard.names),
      stats,
    });
  }
  return out;
}

/**
 * Takes the unread end of the range being read with most bytes left: from a line start about
 * half way into what is left, when at least half a part is left; null when there is none.
 * What is left is looked at again after the newline is found: a cut behind a byte the reader
 * claimed meanwhile is not made (cutClaim), and the next range is tried.
 */
async function tailOf<I extends PartableInput>(
  reading: Set<FlowPart<I>>,
  partBytes: number,
): Promise<FlowPart<I> | null> {
  const left = [...reading]
    .flatMap((p) => (p.claim && p.range && p.input.slice ? [{ p, at: unclaimed(p.claim) }] : []))
    .sort((a, b) => b.at[1] - b.at[0] - (a.at[1] - a.at[0]));
  for (const { p, at } of left) {
    const [claimed, end] = at;
    if (end - claimed < partBytes / 2) break;
    const cut = await nextLineStart(
      claimed + Math.floor((end - claimed) / 2),
      end,
      p.input.slice!.bind(p.input),
    );
    if (cut !== null && cut < end && cutClaim(p.claim!, cut, end))
      return { input: p.input, range: [cut, end], ...(p.format && { format: p.format }) };
  }
  return null;
}
