/**
 * Reading inputs into shards, the one import path of the app and the CLI: a flow input's
 * records are oriented, resolved against the inventory known so far and aggregated, the names
 * its DNS answers carry kept beside them; a dump becomes its own inventory. A shard is what one
 * input (or one part of an input, read elsewhere) contributes: shards merge by `mergeShards`,
 * in any order, exactly as imports merge when the workspace reads them (cluster-data.ts).
 */
import { accountFor, type Accounting } from '../aggregate/accounting';
import {
  addFlow,
  createAggregation,
  finish,
  mergeSettled,
  sumStats,
  type Aggregation,
  type AggregationStats,
} from '../aggregate/aggregate';
import {
  addAnswers,
  createNameIndex,
  finishNames,
  mergeNames,
  type NameIndex,
} from '../aggregate/names';
import { readInput, type FormatId, type ReadOptions, type ReadResult } from '../formats/index';
import { createWireReader, createWireWriter, type WireBatch } from '../formats/record-wire';
import { createSlotReader, createSlotWriter, type SlotBatch } from '../formats/hubble-slot-wire';
import { createSink, mergeByLine } from '../formats/diagnostics';
import { recordContext } from '../formats/read-input';
import { buildInventory } from '../inventory/build';
import { parseMetadataText, type K8sObject } from '../inventory/parse';
import { indexInventory, type InventoryIndex } from '../inventory/index';
import type { Diagnostic } from '../model/diagnostic';
import type { Inventory } from '../model/k8s';
import { mergedInventory } from './cluster-data';
import type { StoredShard, WorkspaceStore } from './store';

/** Flows being aggregated: the aggregation and the names of IPs, filled as records arrive. */
export interface FlowSink {
  agg: Aggregation;
  names: NameIndex;
}

export function createFlowSink(cluster: string): FlowSink {
  return { agg: createAggregation(cluster), names: createNameIndex() };
}

/** The reader's callbacks that aggregate into `sink`, resolving against `index`. */
export function sinkOptions(
  sink: FlowSink,
  index: InventoryIndex,
): Pick<ReadOptions, 'onRecord' | 'onAnswers'> {
  return {
    onRecord: (r) => addFlow(sink.agg, index, r),
    onAnswers: (answers, time, end) => addAnswers(sink.names, sink.agg.cluster, answers, time, end),
  };
}

/**
 * The dumps' objects parsed, and built together into one inventory; `aroundBuild`, when given,
 * runs the build (after every parse) and returns what it returns.
 */
export function metadataInventory(
  dumps: { text: string; name: string }[],
  cluster: string,
  aroundBuild?: <T>(build: () => T) => T,
): { inventory: Inventory; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const objects: K8sObject[] = [];
  for (const d of dumps) {
    const parsed = parseMetadataText(d.text, d.name);
    objects.push(...parsed.objects);
    diagnostics.push(...parsed.diagnostics);
  }
  const build = (): ReturnType<typeof buildInventory> => buildInventory(objects, cluster);
  const built = aroundBuild ? aroundBuild(build) : build();
  return { inventory: built.inventory, diagnostics: [...diagnostics, ...built.diagnostics] };
}

/** One input read: what it contributes, and how its events were accounted for. */
export interface ReadShard {
  read: ReadResult;
  /** The reader's diagnostics, then the dump's (parse and build). */
  diagnostics: Diagnostic[];
  shard: StoredShard;
  /** For flows: every event read, accounted for. */
  accounting?: Accounting;
  /** For flows: initiations, replies and undetermined events of the aggregation. */
  stats?: AggregationStats;
}

export interface ReadShardOptions {
  cluster: string;
  /** The inventory flows are resolved against (the cluster's, as known when the read starts). */
  index: InventoryIndex;
  signal?: AbortSignal;
  onProgress?(bytesRead: number, records: number): void;
  /** The input is a part of a file of this format, cut after a newline (readInput's `format`). */
  format?: FormatId;
  /** Chunks of `stream` that were read (ReadOptions.recycle). */
  recycle?(chunk: Uint8Array): void;
  /** Diagnostics kept per code (ReadOptions.diagnosticsPerCode). */
  diagnosticsPerCode?: number;
}

/** Reads one input to its end into a shard (flows aggregated, a dump built). */
export async function readShard(
  stream: ReadableStream<Uint8Array>,
  name: string,
  opts: ReadShardOptions,
): Promise<ReadShard> {
  const sink = createFlowSink(opts.cluster);
  const into = sinkOptions(sink, opts.index);
  let records = 0;
  const read = await readInput(stream, name, {
    ...into,
    onRecord: (r) => {
      records++;
      into.onRecord(r);
    },
    onProgress: (bytes) => opts.onProgress?.(bytes, records),
    signal: opts.signal,
    ...(opts.format && { format: opts.format }),
    ...(opts.recycle && { recycle: opts.recycle }),
    ...(opts.diagnosticsPerCode !== undefined && { diagnosticsPerCode: opts.diagnosticsPerCode }),
  });
  return shardOf(read, sink, name, opts.cluster);
}

/** What a read gives once its events are in `sink`: the shard, its accounting and stats. */
function shardOf(read: ReadResult, sink: FlowSink, name: string, cluster: string): ReadShard {
  if (read.kind === 'metadata') {
    const built = metadataInventory([{ text: read.text ?? '', name }], cluster);
    return {
      read,
      diagnostics: [...read.diagnostics, ...built.diagnostics],
      shard: { inventory: built.inventory, aggregates: [], names: [] },
    };
  }
  const aggregates = finish(sink.agg);
  return {
    read,
    diagnostics: [...read.diagnostics],
    shard: { inventory: null, aggregates, names: finishNames(sink.names) },
    ...(read.kind === 'flows' && {
      accounting: accountFor(read, sink.agg.stats, aggregates),
      stats: { ...sink.agg.stats },
    }),
  };
}

/*
 * readShard split by stage, for two threads (DESIGN.md §5 `--threads`): the reader's stage
 * (`readStage`) reads and parses the input and hands its events over in batches, returning the
 * read's result at its end; it needs no inventory, so it may start before one exists. The lines
 * the Hubble kernel reads go as the kernel's flow slots (formats/hubble-slot-wire.ts), every
 * other event — the records of other lines and formats, DNS answers — on the record wire
 * (formats/record-wire.ts). The aggregating stage (`aggregatingStage`) takes the batches in the
 * order they were handed over, rebuilds the slot lines' records and emits them as readInput
 * does, resolves and aggregates every event as readShard does, and finishes, with the reader's
 * result, to exactly the shard readShard gives (tests/unit/engine/parts/).
 */

export interface ReadStageOptions {
  /**
   * A batch is handed over once it holds this many events, or slot lines (at least 1); the
   * rest at the end. The first batches hold fewer: FIRST_STAGE_BATCH, then twice the one before.
   */
  batch: number;
  /** Gets each batch, in order, with the buffers to transfer with it (WireWriter.take). */
  onBatch(batch: WireBatch, transfer: ArrayBuffer[]): void;
  /** Awaited before each chunk of `stream` is read: the other stage's backpressure. */
  ready?(): Promise<void> | undefined;
  signal?: AbortSignal;
  onProgress?(bytesRead: number): void;
  /** The input is a part of a file of this format, cut after a newline (readInput's `format`). */
  format?: FormatId;
  /** Chunks of `stream` that were read (ReadOptions.recycle). */
  recycle?(chunk: Uint8Array): void;
  /** Diagnostics kept per code (ReadOptions.diagnosticsPerCode); the other stage's the same. */
  diagnosticsPerCode?: number;
}

/**
 * Events, or slot lines, in the reader's stage's first batch; each next batch holds twice the one
 * before, up to the read's `batch`. The aggregating stage waits for the first batch, then warms
 * up on it (its code runs below the optimizing compiler's at first): a small first batch, parsed
 * while the reader is itself still warming up, lets the aggregating side start that warm-up
 * sooner, beside the reader's, instead of after the reader's first full batch. Measured at two
 * threads on the bench's 200k capture (docs/SCALE.md, issue 15).
 */
export const FIRST_STAGE_BATCH = 256;

/**
 * The reader's stage: reads one input to its end, its events handed over in batches. A batch
 * holds slot lines or wire events, never both: a slot line about to begin hands the wire's
 * pending events over first, and a wire event the pending slot lines, so the batches in the
 * order handed over, each in its own order, give the events in the order the reader read them.
 */
export async function readStage(
  stream: ReadableStream<Uint8Array>,
  name: string,
  opts: ReadStageOptions,
): Promise<ReadResult> {
  const wire = createWireWriter();
  const slots = createSlotWriter();
  const size = Math.max(1, opts.batch);
  // The first batches smaller, each twice the one before (FIRST_STAGE_BATCH, up to `size`).
  let limit = Math.min(size, FIRST_STAGE_BATCH);
  const hand = (): void => {
    const { batch, transfer } = wire.take();
    limit = Math.min(size, limit * 2);
    opts.onBatch(batch, transfer);
  };
  const handSlots = (): void => {
    const { batch, transfer } = slots.take();
    limit = Math.min(size, limit * 2);
    opts.onBatch(slotBatch(batch), transfer);
  };
  slots.before = () => {
    if (wire.pending > 0) hand();
  };
  slots.after = () => {
    if (slots.pending >= limit) handSlots();
  };
  const read = await readInput(opts.ready ? paced(stream, opts.ready) : stream, name, {
    slots,
    onRecord: (r) => {
      if (slots.pending > 0) handSlots();
      wire.record(r);
      if (wire.pending >= limit) hand();
    },
    onAnswers: (answers, time, end) => {
      if (slots.pending > 0) handSlots();
      wire.answers(answers, time, end);
      if (wire.pending >= limit) hand();
    },
    signal: opts.signal,
    ...(opts.onProgress && { onProgress: opts.onProgress }),
    ...(opts.format && { format: opts.format }),
    ...(opts.recycle && { recycle: opts.recycle }),
    ...(opts.diagnosticsPerCode !== undefined && { diagnosticsPerCode: opts.diagnosticsPerCode }),
  });
  // At most one of them is pending (each hands the other's over before it writes).
  if (wire.pending > 0) hand();
  if (slots.pending > 0) handSlots();
  return read;
}

/** A batch of slot lines, in the record wire's batch (without events of its own). */
function slotBatch(slots: SlotBatch): WireBatch {
  const none = { events: 0, reset: false, strings: [], shapes: [], side: [] };
  return { ...none, ints: new Int32Array(0), nums: new Float64Array(0), slots };
}

/** `stream`, each chunk read once `ready` has settled. */
function paced(
  stream: ReadableStream<Uint8Array>,
  ready: () => Promise<void> | undefined,
): ReadableStream<Uint8Array> {
  const from = stream.getReader();
  // The stream pulls one chunk ahead of its reader: at most one chunk past a wait.
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      await ready();
      const next = await from.read();
      if (next.done) c.close();
      else c.enqueue(next.value);
    },
    cancel: (why) => from.cancel(why),
  });
}

/** The aggregating stage of one input's read: its batches applied in order, then finished. */
export interface AggregatingStage {
  /** Resolves and aggregates a batch's events (batches in the order the reader handed them). */
  add(batch: WireBatch): void;
  /** The shard readShard gives for the read whose batches were added, given its result. */
  finish(read: ReadResult): ReadShard;
}

/**
 * The wire's events go to the aggregation as they come. A slot batch's lines are rebuilt into
 * records and emitted through a ParseContext of readInput's own making (recordContext: answers,
 * replies, the records' checks, counting), whose diagnostics — about records rebuilt from
 * slots, each at its line — go to a sink of this stage's; `finish` adds its records and replies
 * to the reader's and merges both sinks' diagnostics in line order under one cap per code
 * (mergeByLine), as the one sink of readShard's read has them.
 */
export function aggregatingStage(
  name: string,
  opts: Pick<ReadShardOptions, 'cluster' | 'index' | 'diagnosticsPerCode'>,
): AggregatingStage {
  const sink = createFlowSink(opts.cluster);
  const into = sinkOptions(sink, opts.index);
  const wire = createWireReader();
  const rebuilt = { records: 0 };
  // A throw of `into` propagates from `add` (no guard catches it here): the fault is not read.
  const ctx = recordContext(createSink(name, opts.diagnosticsPerCode), into, rebuilt, {
    error: undefined,
  });
  const slots = createSlotReader(ctx);
  return {
    add: (batch) => (batch.slots ? slots(batch.slots) : wire.read(batch, into)),
    finish: (read) => {
      // Without diagnostics of this stage's, the reader's are the read's as they are.
      const merged =
        Object.keys(ctx.sink.counts).length > 0
          ? mergeByLine({ diagnostics: read.diagnostics, counts: read.diagnosticCounts }, ctx.sink)
          : null;
      const whole: ReadResult = {
        ...read,
        records: read.records + rebuilt.records,
        replies: read.replies + ctx.replies,
        ...(merged && { diagnostics: merged.diagnostics, diagnosticCounts: merged.counts }),
      };
      return shardOf(whole, sink, name, opts.cluster);
    },
  };
}

/**
 * Reads one input of `cluster` into a shard, its flows resolved against the inventory the
 * store holds for the cluster so far (flows imported before their dump are resolved again when
 * the workspace merges). The caller stores the shard: the app in one transaction with its row.
 */
export async function readImport(
  store: WorkspaceStore,
  stream: ReadableStream<Uint8Array>,
  name: string,
  opts: Omit<ReadShardOptions, 'index'>,
): Promise<ReadShard> {
  const known = mergedInventory(opts.cluster, await store.shards(opts.cluster, { flows: false }));
  return readShard(stream, name, { ...opts, index: indexInventory(known) });
}

/**
 * Shards of one input read in parts (flows), as one: aggregates and names merged at the bucket
 * width the whole input's span asks for (aggregate/width.ts), the accounting recomputed over the merged aggregates (a connection both of whose ends were read
 * in different parts is counted once, as when the input is read whole).
 */
export function mergeShards(parts: ReadShard[]): Pick<ReadShard, 'shard' | 'accounting' | 'stats'> {
  const aggregates = mergeSettled(...parts.map((p) => p.shard.aggregates));
  const stats = sumStats(...parts.map((p) => p.stats));
  const diagnosticCounts: Record<string, number> = Object.create(null) as Record<string, number>;
  let replies = 0;
  for (const p of parts) {
    replies += p.read.replies;
    for (const [code, n] of Object.entries(p.read.diagnosticCounts))
      diagnosticCounts[code] = (diagnosticCounts[code] ?? 0) + n;
  }
  return {
    shard: { inventory: null, aggregates, names: mergeNames(...parts.map((p) => p.shard.names)) },
    accounting: accountFor({ replies, diagnosticCounts }, stats, aggregates),
    stats,
  };
}
