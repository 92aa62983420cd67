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

/** The dumps' objects parsed, and built together into one inventory. */
export function metadataInventory(
  dumps: { text: string; name: string }[],
  cluster: string,
): { inventory: Inventory; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const objects: K8sObject[] = [];
  for (const d of dumps) {
    const parsed = parseMetadataText(d.text, d.name);
    objects.push(...parsed.objects);
    diagnostics.push(...parsed.diagnostics);
  }
  const built = buildInventory(objects, cluster);
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
  });
  if (read.kind === 'metadata') {
    const built = metadataInventory([{ text: read.text ?? '', name }], opts.cluster);
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
