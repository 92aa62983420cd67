/**
 * Flow inputs read in parts, several at once (DESIGN.md §5 `--threads`, "Past one browser"):
 * a big plain file of a format whose lines stand alone is cut after newlines into byte ranges,
 * other inputs (gzip, pcap, headed formats, small files) are parts whole; a part reader — the
 * CLI's worker threads, the app's workers — reads each part elsewhere with the same engine
 * (`readShard`; or `readInto` one sink per thread and file, for all its parts of the file), and
 * the parts merge here: aggregates and names as imports merge, a file's reads as its one read
 * (line numbers, capped diagnostics, counts). The result equals reading every input in turn
 * (tests/unit/engine/parts).
 */
import { sumStats, type AggregationStats } from './aggregate/aggregate';
import type { ReadResult } from './formats/index';
import { mergeReads } from './formats/read-parts';
import type { FormatId } from './formats/types';
import { equalPoints, guidedPoints, lineRanges } from './io/line-ranges';
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
}

/** What reading a part gives back (a ReadShard without its accounting, made after merging). */
export type PartShard = Pick<ReadShard, 'read' | 'shard' | 'stats'>;

/** The flows of an input's parts that one reader gathered: aggregates, names and counts. */
export interface PartFlows<I> {
  input: I;
  aggregates: CommAggregate[];
  names: IpName[];
  stats: AggregationStats;
}

/** What a reader of all the parts gives back. */
export interface PartsRead<I> {
  /** Each part's read, in the order of the parts it was given. */
  reads: ReadResult[];
  /** The flows, per input: one entry per part, or per thread that gathered parts of it. */
  flows: PartFlows<I>[];
}

interface PartReaderBase {
  threads: number;
  /**
   * Smallest part a file is cut into, in bytes; inputs smaller than this together are read in
   * turn, where they are (starting readers would cost more than it saves).
   */
  partBytes: number;
}

/** Reads parts elsewhere, a part at a time, `threads` at once: a file in one part per thread. */
export interface EachPartReader<I> extends PartReaderBase {
  /** Reads a part into a shard, its flows resolved against `inventory`. */
  read(part: FlowPart<I>, inventory: Inventory): Promise<PartShard>;
}

/**
 * Reads all the parts elsewhere, `threads` at once: each thread takes the next part as it
 * comes free and gathers its parts' flows in one shard per input. A file is then cut in parts
 * smaller and smaller (io/line-ranges.ts `guidedPoints`): no thread idles long while another
 * ends its part, and no more shards cross threads and merge than with one part each.
 */
export interface AllPartsReader<I> extends PartReaderBase {
  /**
   * Reads every part of `cluster`, its flows resolved against `inventory` — which may come
   * later: a thread may start reading before the inventory is built (readInto holds records).
   */
  readAll(
    parts: FlowPart<I>[],
    cluster: string,
    inventory: Promise<Inventory>,
  ): Promise<PartsRead<I>>;
}

export type PartReader<I> = EachPartReader<I> | AllPartsReader<I>;

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
  reader: PartReader<I>,
): Promise<FlowPart<I>[] | null> {
  const total = inputs.reduce((n, s) => n + (s.input.size ?? 0), 0);
  if (reader.threads < 2 || total < reader.partBytes) return null;
  const parts: FlowPart<I>[] = [];
  for (const { input, format, lineParts } of inputs) {
    const size = input.size ?? 0;
    const points = cutPoints(size, reader);
    if (!lineParts || !format || !input.slice || points.length === 0) {
      parts.push({ input });
      continue;
    }
    for (const range of await lineRanges(size, points, input.slice.bind(input)))
      parts.push({ input, range, format });
  }
  return parts.length > 1 ? parts : null;
}

/**
 * Where to cut a file of `size` bytes: in one part per reader (each at least partBytes), or,
 * for a reader whose threads take parts as they come free, in smaller and smaller parts.
 */
function cutPoints<I>(size: number, reader: PartReader<I>): number[] {
  if ('readAll' in reader) return guidedPoints(size, reader.threads, reader.partBytes);
  return equalPoints(size, Math.min(reader.threads, Math.floor(size / reader.partBytes)));
}

/**
 * Reads `parts` of `cluster` with `reader`, their flows resolved against `inventory` (a reader
 * of all parts may start before it is built); per input, merged.
 */
export async function readParts<I extends PartableInput>(
  parts: FlowPart<I>[],
  cluster: string,
  inventory: Promise<Inventory>,
  reader: PartReader<I>,
): Promise<Map<I, InputRead>> {
  const { reads, flows } =
    'readAll' in reader
      ? await reader.readAll(parts, cluster, inventory)
      : await readEach(parts, await inventory, reader);
  const out = new Map<I, InputRead>();
  for (const input of new Set(parts.map((p) => p.input))) {
    const mine = flows.filter((f) => f.input === input);
    out.set(input, {
      result: mergeReads(
        input.name,
        reads.filter((_, i) => parts[i]!.input === input),
      ),
      aggregates: mine.map((f) => f.aggregates),
      names: mine.map((f) => f.names),
      stats: sumStats(...mine.map((f) => f.stats)),
    });
  }
  return out;
}

/** Reads `parts` a part at a time, `threads` at once, biggest first. */
async function readEach<I extends PartableInput>(
  parts: FlowPart<I>[],
  inventory: Inventory,
  reader: EachPartReader<I>,
): Promise<PartsRead<I>> {
  const queue = biggestFirst(parts);
  const done: PartShard[] = new Array<PartShard>(parts.length);
  const runner = async (): Promise<void> => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift())
      done[i] = await reader.read(parts[i]!, inventory);
  };
  await Promise.all(Array.from({ length: Math.min(reader.threads, parts.length) }, runner));
  return {
    reads: done.map((d) => d.read),
    flows: done.map((d, i) => ({
      input: parts[i]!.input,
      aggregates: d.shard.aggregates,
      names: d.shard.names,
      stats: sumStats(d.stats),
    })),
  };
}

/** The indexes of `parts`, biggest first (a file's parts in file order among equals). */
export function biggestFirst<I extends PartableInput>(parts: FlowPart<I>[]): number[] {
  const size = (p: FlowPart<I>): number =>
    p.range ? p.range[1] - p.range[0] : (p.input.size ?? 0);
  return parts.map((_, i) => i).sort((a, b) => size(parts[b]!) - size(parts[a]!) || a - b);
}
