/**
 * The engine's top level (STYLE.md habit 2): inputs → inventory → oriented, resolved and
 * aggregated flows. Metadata comes first because resolving needs it, so every input is
 * sniffed once (a flow file only up to its first record); then flow files are streamed
 * through the aggregator, never holding their records. Used by the CLI and the benchmark;
 * pure (streams in, plain data out), so it runs in a worker too.
 */
import type { CommAggregate } from './model/communication';
import type { Diagnostic } from './model/diagnostic';
import type { Inventory } from './model/k8s';
import { readInput, type FormatId, type ReadResult } from './formats/index';
import { indexInventory, type InventoryIndex } from './inventory/index';
import { finish, mergeSettled, type AggregationStats } from './aggregate/aggregate';
import { settledAlone } from './aggregate/merge';
import { accountFor, type Accounting } from './aggregate/accounting';
import type { Sha256 } from './io/content-hash';
import { cuttable, keepAll, withoutCopies } from './pipeline-inputs';
import { planParts, readParts, type InputRead, type PartReader } from './pipeline-parts';
import type { IpName } from './model/names';
import { finishNames, mergeNames } from './aggregate/names';
import { createFlowSink, metadataInventory, sinkOptions, type FlowSink } from './workspace/import';

export interface AnalyzeInput {
  /** The name diagnostics show. */
  name: string;
  /** A fresh stream of the input's bytes (called up to twice: sniff, then stream). */
  open(): ReadableStream<Uint8Array>;
  /**
   * The input can be read only once (a pipe, a FIFO, standard input): `open` is called once,
   * and the flow pass goes on from where the sniff stopped, after the bytes it read.
   */
  once?: boolean;
  /** The input's size in bytes (a file): with `slice`, a part reader may read it in parts. */
  size?: number;
  /** Bytes [start, end) of the input (a file), to cut it after newlines. */
  slice?(start: number, end: number): Promise<Uint8Array>;
  /** Chunks of the stream that were read (ReadOptions.recycle; the sniff's too unless `once`). */
  recycle?(chunk: Uint8Array): void;
}

export interface AnalyzeProgress {
  file: string;
  phase: 'sniff' | 'flows';
  bytesRead: number;
}

export interface AnalyzeOptions {
  /** Cluster the inputs belong to (default `default`). */
  cluster?: string;
  onProgress?(p: AnalyzeProgress): void;
  signal?: AbortSignal;
  /**
   * The platform's SHA-256: when given, every input is hashed first and an input with the same
   * content as an earlier one is ignored, with an info diagnostic (DESIGN.md "Same file twice").
   */
  sha256?: Sha256;
  /**
   * Reads flow inputs elsewhere, several at once (the CLI's worker threads): inputs read once
   * stay here; the result is the same as without (pipeline-parts.ts).
   */
  parts?: PartReader<AnalyzeInput>;
  /**
   * Called once when every flow input has been read (here and in parts), before the aggregates
   * are finished and merged and the result returned: what runs from then on runs once. The CLI
   * stops V8's optimizing compiler there (src/cli/v8-flags.ts).
   */
  onFlowsRead?(): void;
  /**
   * Runs the dumps' parse and inventory build (given as `build`) and returns what it returns:
   * code that runs once per input, before any flow line. The CLI runs it with V8's optimizing
   * compiler off (src/cli/v8-flags.ts). Without it, `build` is called as it is.
   */
  aroundInventory?<T>(build: () => T): T;
  /**
   * Runs the inventory's build from the dumps' parsed objects (given as `build`; the parse is
   * done) and returns what it returns, like aroundInventory for the build alone. The CLI runs it
   * with V8's optimizing compiler off when its parse worker started before the dumps were read
   * has loaded its code by then (src/cli/options.ts).
   */
  aroundBuild?<T>(build: () => T): T;
}

export interface AnalyzedFile {
  name: string;
  format: string | null;
  kind: 'flows' | 'metadata' | 'unknown';
  lines: number;
  records: number;
}

export interface AnalyzeResult {
  inventory: Inventory;
  aggregates: CommAggregate[];
  /** Names of IPs the inputs carried (DNS answers, destination names), with their validity. */
  names: IpName[];
  diagnostics: Diagnostic[];
  files: AnalyzedFile[];
  /** Flows counted as initiations, dropped as replies, or dropped for lack of evidence. */
  stats: AggregationStats;
  /** Every flow event read, accounted for (counted, replies, undetermined, unreadable…). */
  accounting: Accounting;
}

export const DEFAULT_CLUSTER = 'default';

/** Reads every input and returns the cluster's inventory and aggregated communications. */
export async function analyzeStreams(
  inputs: AnalyzeInput[],
  opts: AnalyzeOptions = {},
): Promise<AnalyzeResult> {
  const cluster = opts.cluster ?? DEFAULT_CLUSTER;
  const copies = opts.sha256 ? await withoutCopies(inputs, opts.sha256) : keepAll(inputs);
  const sniffed: Sniffed[] = [];
  // An input read once and whole by its sniff (metadata) is judged before the inventory.
  for (const s of await sniffAll(copies.unique, opts))
    if (s.flows || !(await copies.isCopy(s.input))) sniffed.push(s);
  const flowInputs = sniffed.filter((x) => x.flows);
  // Parts read elsewhere, while inputs read once are read here. The parts are planned (reads
  // near the cuts) while the inventory is built, and handed out before this thread indexes it.
  const planned = opts.parts
    ? planParts(
        flowInputs.filter((x) => !copies.deferred(x.input)),
        opts.parts,
      )
    : Promise.resolve(null);
  planned.catch(() => undefined); // awaited below; not unhandled if the inventory throws first
  const build = (): ReturnType<typeof inventoryOf> =>
    inventoryOf(sniffed, cluster, opts.aroundBuild);
  const { inventory, diagnostics } = opts.aroundInventory ? opts.aroundInventory(build) : build();
  const plan = await planned;
  const away = plan && opts.parts ? readParts(plan, inventory, opts.parts) : Promise.resolve(null);
  const index = indexInventory(inventory);
  const main = createFlowSink(cluster);
  const { agg, names } = main;
  const awayInputs = new Set(plan?.map((p) => p.input));
  // The flows of an input read once, kept apart until its last byte says it is no copy.
  const apart: FlowSink[] = [];
  const dropped = new Set<AnalyzeInput>();
  const here = new Map<AnalyzeInput, ReadResult>();
  for (const s of flowInputs) {
    if (opts.signal?.aborted) break;
    if (awayInputs.has(s.input)) continue;
    const into = copies.deferred(s.input) ? createFlowSink(cluster) : main;
    const result = await streamFlows(s.input, s.rest ?? s.input.open(), index, into, opts);
    if (into !== main) {
      if (await copies.isCopy(s.input)) {
        dropped.add(s.input);
        continue;
      }
      apart.push(into);
    }
    here.set(s.input, result);
  }
  const parted = (await away) ?? new Map<AnalyzeInput, InputRead>();
  opts.onFlowsRead?.();
  const flowFiles = flowInputs.flatMap((s) => {
    const result = here.get(s.input) ?? parted.get(s.input)?.result;
    return result ? [{ input: s.input, result }] : [];
  });
  for (const f of flowFiles) agg.stats.replies += f.result.replies;
  for (const stats of [
    ...apart.map((a) => a.agg.stats),
    ...[...parted.values()].map((p) => p.stats),
  ])
    for (const k of ['initiations', 'replies', 'undetermined'] as const) agg.stats[k] += stats[k];
  const byName = new Map(flowFiles.map((f) => [f.input, f.result]));
  const results = sniffed
    .filter((s) => !dropped.has(s.input))
    .map((s) => ({ input: s.input, result: byName.get(s.input) ?? s.result! }));
  const others = [
    ...apart.map((a) => finish(a.agg)),
    ...[...parted.values()].flatMap((p) => p.aggregates),
  ];
  const otherNames = [
    ...apart.map((a) => finishNames(a.names)),
    ...[...parted.values()].flatMap((p) => p.names),
  ];
  // One bucket width for all inputs and parts, as the app's imports get when the workspace
  // merges them and as one thread reading everything in turn gets.
  const aggregates =
    others.length > 0 ? mergeSettled(finish(agg), ...others) : settledAlone(finish(agg));
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const f of flowFiles) {
    for (const [code, n] of Object.entries(f.result.diagnosticCounts))
      counts[code] = (counts[code] ?? 0) + n;
  }
  return {
    inventory,
    aggregates,
    names: mergeNames(finishNames(names), ...otherNames),
    diagnostics: [
      ...copies.duplicates,
      ...results.flatMap((r) => r.result.diagnostics),
      ...diagnostics,
    ],
    files: results.map(({ input, result }) => fileSummary(input.name, result)),
    stats: agg.stats,
    // Replies the readers dropped are already in agg.stats (added above).
    accounting: accountFor({ replies: 0, diagnosticCounts: counts }, agg.stats, aggregates),
  };
}

interface Sniffed {
  input: AnalyzeInput;
  /** The whole read (metadata, unknown, or a flow file without a single record). */
  result: ReadResult | undefined;
  /** True when the input holds flow records (read again in the flow pass). */
  flows: boolean;
  /** For a `once` input with flows: its bytes from the start, what the sniff read replayed. */
  rest?: ReadableStream<Uint8Array>;
  /** For flows: the format found, and whether the input may be cut after newlines. */
  format: FormatId | null;
  lineParts: boolean;
}

async function sniffAll(inputs: AnalyzeInput[], opts: AnalyzeOptions): Promise<Sniffed[]> {
  const out: Sniffed[] = [];
  for (const input of inputs) out.push(await sniff(input, opts));
  return out;
}

/** Reads an input until its first flow record (flows) or to its end (anything else). */
async function sniff(input: AnalyzeInput, opts: AnalyzeOptions): Promise<Sniffed> {
  const cut = cuttable(input.open(), input.once === true);
  let flows = false;
  const found = (): void => {
    flows = true;
    cut.stop();
  };
  const result = await readInput(cut.stream, input.name, {
    onRecord: found,
    // A file of DNS answers only (a Zeek dns.log) is read in the flow pass too.
    onAnswers: found,
    onProgress: (bytesRead) => opts.onProgress?.({ file: input.name, phase: 'sniff', bytesRead }),
    signal: opts.signal,
    // A reply is a record too: the sniff stops at the first one of any kind, and parses no
    // line after it (the rest of its chunk would be records built and thrown away).
    keepReplies: true,
    stopWhen: () => flows,
    // Chunks read are given back (a dump's, the flow file's head), for the flow pass to read
    // into — except those of an input read once, which the flow pass replays.
    ...(input.recycle && !input.once && { recycle: input.recycle }),
  });
  const head = { format: result.format, lineParts: result.lineParts === true };
  if (!flows) {
    cut.release();
    return { input, result, flows, ...head };
  }
  return { input, result: undefined, flows, ...head, ...(input.once && { rest: cut.rest() }) };
}

async function streamFlows(
  input: AnalyzeInput,
  stream: ReadableStream<Uint8Array>,
  index: InventoryIndex,
  into: FlowSink,
  opts: AnalyzeOptions,
): Promise<ReadResult> {
  return readInput(stream, input.name, {
    ...sinkOptions(into, index),
    onProgress: (bytesRead) => opts.onProgress?.({ file: input.name, phase: 'flows', bytesRead }),
    signal: opts.signal,
    ...(input.recycle && { recycle: input.recycle }),
  });
}

/** One inventory from every metadata input (objects of all dumps built together). */
function inventoryOf(
  sniffed: Sniffed[],
  cluster: string,
  aroundBuild?: AnalyzeOptions['aroundBuild'],
): { inventory: Inventory; diagnostics: Diagnostic[] } {
  const dumps = sniffed.flatMap((s) =>
    s.result?.kind === 'metadata' ? [{ text: s.result.text ?? '', name: s.input.name }] : [],
  );
  return metadataInventory(dumps, cluster, aroundBuild);
}

function fileSummary(name: string, r: ReadResult): AnalyzedFile {
  return { name, format: r.format, kind: r.kind, lines: r.lines, records: r.records };
}
