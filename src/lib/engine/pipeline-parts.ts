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
import { asFinished } from './aggregate/merge';
import type { ReadResult } from './formats/index';
import { mergeReads } from './formats/read-parts';
import type { FormatId } from './formats/types';
import { lineRanges } from './io/line-ranges';
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

/** Reads parts elsewhere, `threads` at a time. */
export interface PartReader<I> {
  threads: number;
  /**
   * Smallest part a file is cut into, in bytes; inputs smaller than this together are read in
   * turn, where they are (starting readers would cost more than it saves).
   */
  partBytes: number;
  /**
   * The reader splits each part's read by stage (workspace/import.ts's readStage elsewhere, the
   * aggregation where `read` was called) over `threads - 1` readers: big files are cut into
   * that many ranges, and one part is worth handing out alone.
   */
  stages?: boolean;
  /**
   * Told the parts planned (none when the inputs are read in turn, here) before the first is
   * read: a reader may have begun one before it knew, and stops it if it is not among them.
   */
  plan?(parts: FlowPart<I>[]): void;
  /**
   * Reads a part into a shard, its flows resolved against `inventory`: readShard's, its
   * aggregates as `finish` gives them (readParts marks them so, `asFinished`, for the merge).
   */
  read(part: FlowPart<I>, inventory: Inventory): Promise<PartShard>;
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

/**
 * Formats whose reads were measured faster split by stage (a reader thread parsing, another
 * aggregating; workspace/import.ts's readStage and aggregatingStage) than in byte ranges, at two
 * threads, with a dump whose pods the addresses resolve to (docs/SCALE.md, "Several cores on one
 * machine"; bench/stage-formats.mjs measures a format): Hubble jsonpb, whose kernel writes its
 * flow slots (formats/hubble-slot-wire.ts), cheap to carry; AWS VPC, a headed file, not cut, so
 * read on the main thread alone otherwise. Every other line format measured so was not faster
 * (Zeek JSON among them: faster by stage without a dump, not with one — resolving weighs on the
 * aggregating thread); the record wire's writer costs the reader about what aggregating costs.
 */
const BY_STAGE: ReadonlySet<FormatId> = new Set<FormatId>(['hubble-jsonpb', 'aws-vpc']);

/** Whether a read of a file of `format` is worth splitting by stage: one rule for every reader. */
export function readsByStage(format: FormatId | null): boolean {
  return format !== null && BY_STAGE.has(format);
}

/**
 * The parts of `inputs` to read; null when reading them in turn is as good (one part, small).
 * The reader is told the plan (`plan`, an empty one for null) before this returns.
 */
export async function planParts<I extends PartableInput>(
  inputs: Sniffed<I>[],
  reader: Pick<PartReader<I>, 'threads' | 'partBytes' | 'stages' | 'plan'>,
): Promise<FlowPart<I>[] | null> {
  const parts = await partsOf(inputs, reader);
  reader.plan?.(parts ?? []);
  return parts;
}

async function partsOf<I extends PartableInput>(
  inputs: Sniffed<I>[],
  reader: Pick<PartReader<I>, 'threads' | 'partBytes' | 'stages'>,
): Promise<FlowPart<I>[] | null> {
  const total = inputs.reduce((n, s) => n + (s.input.size ?? 0), 0);
  if (reader.threads < 2 || total < reader.partBytes) return null;
  const readers = reader.stages ? reader.threads - 1 : reader.threads;
  const parts: FlowPart<I>[] = [];
  for (const { input, format, lineParts } of inputs) {
    const size = input.size ?? 0;
    const n = Math.min(readers, Math.floor(size / reader.partBytes));
    if (!lineParts || !format || !input.slice || n < 2) {
      parts.push({ input });
      continue;
    }
    for (const range of await lineRanges(size, n, input.slice.bind(input)))
      parts.push({ input, range, format });
  }
  return parts.length > (reader.stages ? 0 : 1) ? parts : null;
}

/** Reads `parts` with `reader` (`threads` at once, biggest first); per input, merged. */
export async function readParts<I extends PartableInput>(
  parts: FlowPart<I>[],
  inventory: Inventory,
  reader: PartReader<I>,
): Promise<Map<I, InputRead>> {
  const size = (p: FlowPart<I>): number =>
    p.range ? p.range[1] - p.range[0] : (p.input.size ?? 0);
  const queue = parts.map((part, i) => ({ part, i })).sort((a, b) => size(b.part) - size(a.part));
  const done: PartShard[] = new Array<PartShard>(parts.length);
  const runner = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift())
      done[next.i] = await reader.read(next.part, inventory);
  };
  await Promise.all(Array.from({ length: Math.min(reader.threads, parts.length) }, runner));
  const byInput = new Map<I, PartShard[]>();
  parts.forEach((p, i) => byInput.set(p.input, [...(byInput.get(p.input) ?? []), done[i]!]));
  const out = new Map<I, InputRead>();
  for (const [input, shards] of byInput) {
    const stats = sumStats(...shards.map((s) => s.stats));
    out.set(input, {
      result: mergeReads(
        input.name,
        shards.map((s) => s.read),
      ),
      aggregates: shards.map((s) => asFinished(s.shard.aggregates)),
      names: shards.map((s) => s.shard.names),
      stats,
    });
  }
  return out;
}
