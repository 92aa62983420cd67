/**
 * `--threads N` (DESIGN.md §5): flow files read by N threads at once, merged by the engine
 * (pipeline-parts.ts) into exactly what one thread gives. Two ways to share the lines
 * (`threadsPlan` decides):
 *
 * - By stage, at two threads when the biggest flow file is a capture the engine reads by stage
 *   (readsByStage: Hubble jsonpb, AWS VPC — its format detected from its head as the
 *   read detects it). A worker thread reads each flow file whole and parses it — the reader's
 *   stage, the engine's readStage — and sends what it parsed in batches, buffers transferred:
 *   the Hubble kernel's flow slots (formats/hubble-slot-wire.ts), other records through the
 *   record wire; the main thread rebuilds, resolves and aggregates them (aggregatingStage), in
 *   the order sent. Why: by byte range each isolate pays the whole per-line warm-up, and a
 *   second thread barely helped; the slots cost the worker little to write, and a headed VPC
 *   file is not cut at all (docs/SCALE.md, "Several cores on one machine"); the other formats
 *   measured were not faster so and stay on byte ranges. The parse needs no inventory: the
 *   worker is given the biggest flow file as it starts (`early`), before the dumps are read,
 *   and its batches wait here until the inventory exists; other flow files follow on the same
 *   worker, in turn. Each batch applied here is acknowledged: before each chunk it reads, the
 *   worker waits while STAGE_WINDOW of its batches are not (a chunk may give a few more).
 * - By byte range otherwise, and at more threads: a big plain file of a format whose lines
 *   stand alone cut after newlines, other files whole; the main thread is one of the N readers
 *   (it would idle otherwise), N - 1 worker threads the others, each part read, resolved and
 *   aggregated where it is read.
 *
 * The workers are started before the dumps are read, so they load their code while the main
 * thread builds the inventory. The workers start from the CLI's entry (dist/netpolish.js, whose
 * URL is the bundle's `import.meta.url`), which in a worker compiles the parse workers' own
 * bundle (parse-run.ts: the engine's reading, a third of the CLI's) with its code cache: the
 * CLI's V8 flags for threads (v8-flags.ts) are set only once the workers started have loaded
 * their code, since V8 takes a code cache only under the flags it was made under — Node's cache
 * of its own modules as well as the bundle's. Run from the sources, a worker loads
 * parse-worker.ts through tsx. A worker that fails or stops, or a batch that cannot be applied
 * here, fails the read with why; an early read the engine does not ask for is stopped once the
 * parts are planned (`plan`).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import {
  aggregatingStage,
  detectFormatBytes,
  gunzip,
  indexInventory,
  isGzip,
  peek,
  readsByStage,
  streamSource,
  type AggregatingStage,
  type AnalyzeInput,
  type FlowPart,
  type FormatId,
  type Inventory,
  type InventoryIndex,
  type PartReader,
  type PartShard,
  type ReadResult,
  type WireBatch,
} from '../lib/engine/index';
import { PART_WORKER_ENV, workerThreads } from './builtins';
import { openStream, readSlice, type InputFile } from './io';
import {
  readPart,
  type PartAnswer,
  type PartInventory,
  type PartLoaded,
  type PartTask,
  type PartWorkerData,
  type StageAck,
  type StageBatch,
  type StageCancel,
  type StageEnd,
  type StageTask,
} from './parse-worker';
import { applyV8Flags } from './v8-flags';

/** Most threads by default, whatever the machine: past this, reading the disk is the limit. */
export const MAX_DEFAULT_THREADS = 8;
/** Most threads asked for. */
export const MAX_THREADS = 64;

/** The default of `--threads`: the machine's cores, at most MAX_DEFAULT_THREADS. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_THREADS));
}

/**
 * Smallest part of a file, in bytes; flow files smaller than this together are read on the
 * main thread (starting workers would cost more). NETPOLISH_PART_BYTES sets it for tests.
 */
export function partBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.NETPOLISH_PART_BYTES);
  return Number.isSafeInteger(v) && v > 0 ? v : 8 * 1024 * 1024;
}

/**
 * A parse worker's young generation, in MiB: V8 makes it three semi-spaces' worth, so 4 MiB
 * semi-spaces where an isolate's own default grows them to 16. Every page of the young
 * generation is fresh memory the first time it is used, and a page fault costs here: at
 * `--threads 2` on the 200k capture the run took ≈ 3,700 fewer minor page faults (docs/SCALE.md).
 */
export const PART_WORKER_YOUNG_MB = 12;

function spawn(loaded: Int32Array): Worker {
  const data: PartWorkerData = { netpolishParts: true, loaded };
  const { Worker } = workerThreads();
  const self = import.meta.url;
  const resourceLimits = { maxYoungGenerationSizeMb: PART_WORKER_YOUNG_MB };
  // The entry loads node:worker_threads only where this variable says it may be a worker, and in
  // a worker thread runs the parse workers' bundle (scripts/cli-entry.mjs).
  const env = { ...process.env, [PART_WORKER_ENV]: '1' };
  if (!self.endsWith('.ts'))
    return new Worker(new URL(self), { workerData: data, env, resourceLimits });
  // From the sources (tests, tsx): Node 20 workers take no loader flag, so tsx's API loads it.
  const entry = JSON.stringify(new URL('./parse-worker.ts', self).href);
  const code = `import('tsx/esm/api').then((m) => m.tsImport(${entry}, ${JSON.stringify(self)})).then((w) => w.serveParts())`;
  return new Worker(code, { eval: true, workerData: data, resourceLimits });
}

/** A task sent to a worker: its messages, until the last. */
interface Pending {
  message(a: PartAnswer | StageBatch | StageEnd): void;
  reject(e: Error): void;
}

/** A worker thread serving parts, and what it was sent. */
interface PartWorker {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Why the thread stopped (it fails every part asked of it since). */
  failed: Error | null;
  /** The inventory was sent. */
  informed: boolean;
  /** 1 once the thread has loaded its code (PartWorkerData's `loaded`, shared with it). */
  loaded: Int32Array;
}

/** Starts a worker thread; `loaded` is called once it has loaded its code (PartLoaded). */
function startWorker(loaded: () => void): PartWorker {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const w: PartWorker = {
    worker: spawn(flag),
    pending: new Map(),
    failed: null,
    informed: false,
    loaded: flag,
  };
  const fail = (e: Error): void => {
    w.failed ??= e;
    for (const p of w.pending.values()) p.reject(w.failed);
    w.pending.clear();
  };
  w.worker.on('message', (a: PartAnswer | StageBatch | StageEnd | PartLoaded) => {
    if ('loaded' in a) return loaded();
    const p = w.pending.get(a.id);
    if (!('batch' in a)) w.pending.delete(a.id);
    if ('error' in a) p?.reject(new Error(`parse worker: ${a.error}`));
    else p?.message(a);
  });
  w.worker.on('error', fail);
  // A message that could not be read would leave a batch out: the read fails instead.
  w.worker.on('messageerror', fail);
  w.worker.on('exit', (code) => fail(new Error(`parse worker stopped (exit code ${code})`)));
  return w;
}

/**
 * Events per batch a worker reading by stage sends (its first batches fewer: the engine's
 * FIRST_STAGE_BATCH, doubling), and batches sent ahead of the acks.
 */
const STAGE_BATCH = 4096;
const STAGE_WINDOW = 32;

/**
 * A part a worker reads by stage (StageTask): its batches kept until `aggregate` gives them
 * where to go, then applied as they come, each acknowledged (the worker reads on meanwhile, at
 * most STAGE_WINDOW batches ahead). `aggregate` settles with the read's result once all are
 * applied, or fails with why: the worker failed or stopped, or a batch could not be applied
 * here (the worker is then told to stop). `done`: the worker's end of the read.
 */
interface StageRead {
  aggregate(into: AggregatingStage): Promise<ReadResult>;
  done: Promise<ReadResult>;
  cancel(): void;
}

function stageRead(
  w: PartWorker,
  task: PartTask,
  sizes: { batch: number; window: number },
  counts: PartCounts,
): StageRead {
  const kept: WireBatch[] = [];
  let into: AggregatingStage | null = null;
  let settle: { resolve(r: ReadResult): void; reject(e: unknown): void } | null = null;
  /** Why a batch could not be applied here: the read fails with it, even if the worker ended. */
  let broken: { why: unknown } | null = null;
  const cancel = (): void => w.worker.postMessage({ cancel: task.id } satisfies StageCancel);
  // A batch this thread cannot apply fails the read here (not the process: it is applied in a
  // message listener), and the worker stops reading.
  const failed = (e: unknown): void => {
    if (broken) return;
    broken = { why: e };
    w.pending.delete(task.id);
    cancel();
    settle?.reject(e);
  };
  const apply = (batch: WireBatch): void => {
    try {
      into!.add(batch);
    } catch (e) {
      return failed(e);
    }
    w.worker.postMessage({ ack: task.id } satisfies StageAck);
  };
  const done = new Promise<ReadResult>((resolve, reject) => {
    if (w.failed) return reject(w.failed);
    settle = { resolve, reject };
    w.pending.set(task.id, {
      message(a) {
        if ('batch' in a) {
          if (broken) return;
          if (into) apply(a.batch);
          else {
            kept.push(a.batch);
            counts.kept++;
          }
        } else if ('end' in a) {
          counts.ended++;
          resolve(a.end);
        } else failed(new Error('parse worker: a shard where a stage was asked'));
      },
      reject,
    });
    const stage: StageTask = { ...task, stage: true, ...sizes };
    w.worker.postMessage(stage);
  });
  done.catch(() => undefined); // awaited by whoever reads the part; not unhandled before
  return {
    aggregate(to) {
      into = to;
      for (const batch of kept.splice(0)) if (!broken) apply(batch);
      // Settles after the worker's end, so after its every batch was applied (or failed); the
      // worker may have ended before this thread could apply any.
      return done.then((r) => {
        if (broken) throw broken.why;
        return r;
      });
    },
    done,
    cancel,
  };
}

/** What a part reader of the CLI did, for tests. */
export interface PartCounts {
  /** Parts read on the main thread. */
  here: number;
  /** Parts read by stage (a worker parsing, this thread aggregating). */
  staged: number;
  /** Worker threads started. */
  workers: number;
  /** The young generation (MiB) each worker thread's engine runs with, once it runs. */
  youngMb: number[];
  /** Batches kept before the inventory was there (the early read's). */
  kept: number;
  /** Reads by stage whose worker sent its end (all its batches sent). */
  ended: number;
  /** Early reads the engine did not ask for, stopped (`plan`) and ended by their worker. */
  cancelled: number;
}

/** Bytes of a flow file's head its format is detected from (as many as the app's sniff). */
const HEAD_BYTES = 64 * 1024;

/**
 * The format of a flow file as the engine's read detects it, from its head (inflated when
 * gzip); null when unknown or unreadable (the read reports why, later).
 */
export async function headFormat(file: Pick<InputFile, 'path'>): Promise<FormatId | null> {
  try {
    let head = await readSlice(file, 0, HEAD_BYTES);
    if (isGzip(head)) {
      const source = gunzip(streamSource(openStream(file), () => undefined));
      try {
        head = (await peek(source, HEAD_BYTES)).head;
      } finally {
        void source.cancel();
      }
    }
    return detectFormatBytes(head).format;
  } catch {
    return null;
  }
}

/**
 * How the CLI's threads share the flow lines (see the top of this file): the workers start now
 * when the flow files are big enough to be read in parts (`prestart`); by stage at two threads
 * when the biggest flow file (`early`, begun by the worker at once) reads by stage — the
 * engine's rule, readsByStage, for the format its head shows —, else by byte range.
 */
export async function threadsPlan(
  threads: number,
  flows: InputFile[],
): Promise<Pick<WorkerPartsOptions, 'prestart' | 'stages' | 'early'>> {
  const flowBytes = flows.reduce((n, f) => n + (f.size ?? 0), 0);
  const prestart = threads > 1 && flowBytes >= partBytes();
  if (!prestart || threads !== 2) return { prestart };
  const early = flows
    .filter((f) => f.size !== undefined && f.once !== true)
    .reduce<InputFile | undefined>(
      (b, f) => (b && (b.size ?? 0) >= (f.size ?? 0) ? b : f),
      undefined,
    );
  if (!early || !readsByStage(await headFormat(early))) return { prestart };
  return { prestart, stages: true, early };
}

export interface WorkerPartsOptions {
  /**
   * The workers start now (say so when the flow files are big enough to be read in parts), not
   * when the first part is read.
   */
  prestart?: boolean;
  /** Parts are read by stage, by a worker each (threadsPlan says when); else by byte range. */
  stages?: boolean;
  /**
   * With `prestart` and `stages`: a flow file a worker begins to read whole now, before the
   * inventory exists; its batches wait here until the engine asks for that part.
   */
  early?: InputFile;
  /** Events per batch and batches ahead, by stage (default STAGE_BATCH, STAGE_WINDOW). */
  batch?: number;
  window?: number;
  /** Makes the aggregating stage of a part read by stage (the engine's; tests wrap it). */
  aggregating?: typeof aggregatingStage;
}

/**
 * A part reader over the main thread and `threads - 1` worker threads for the CLI's inputs;
 * `close` ends the threads. By byte range, the main thread reads parts too; by stage, it
 * aggregates what the workers parse.
 */
export function workerParts(
  threads: number,
  files: Map<AnalyzeInput, InputFile>,
  opts: WorkerPartsOptions = {},
): PartReader<AnalyzeInput> & {
  close(): Promise<void>;
  counts: PartCounts;
  loadedWithin(ms: number): boolean;
} {
  const stages = opts.stages === true;
  const sizes = { batch: opts.batch ?? STAGE_BATCH, window: opts.window ?? STAGE_WINDOW };
  const workers: PartWorker[] = [];
  const idle: PartWorker[] = [];
  const waiting: ((w: PartWorker | 'here') => void)[] = [];
  const counts: PartCounts = {
    here: 0,
    staged: 0,
    workers: 0,
    youngMb: [],
    kept: 0,
    ended: 0,
    cancelled: 0,
  };
  // By stage, this thread aggregates and reads no part itself.
  let hereBusy = stages;
  let ids = 0;
  let known: { inventory: Inventory; index: InventoryIndex } | null = null;
  let loaded = 0;
  // The CLI's V8 flags once every worker started so far has its code (see the top of this file),
  // even if this thread has begun its part by then (its first compiles then use V8's defaults, as
  // at one thread); a worker started later compiles its code from the sources, as all did.
  const onLoaded = (): void => {
    if (++loaded === workers.length) applyV8Flags();
  };
  const start = (): PartWorker => {
    const w = startWorker(onLoaded);
    workers.push(w);
    counts.workers++;
    w.worker.once('online', () => {
      const young = w.worker.resourceLimits?.maxYoungGenerationSizeMb;
      if (young !== undefined) counts.youngMb.push(young);
    });
    return w;
  };
  const give = (w: PartWorker | 'here'): void => {
    const next = waiting.shift();
    if (next) next(w);
    else if (w === 'here') hereBusy = false;
    else idle.push(w);
  };
  let early: { file: InputFile; read: StageRead; worker: PartWorker } | null = null;
  if (opts.prestart)
    for (let i = 1; i < threads; i++) {
      const w = start();
      const file = opts.early;
      if (early || !stages || !file) idle.push(w);
      else {
        const task: PartTask = { id: ++ids, name: file.name, path: file.path };
        early = { file, read: stageRead(w, task, sizes, counts), worker: w };
        // The worker is busy until that read ends, whoever takes it.
        void early.read.done.catch(() => undefined).then(() => give(w));
      }
    }
  const take = (): Promise<PartWorker | 'here'> => {
    if (!hereBusy) {
      hereBusy = true;
      return Promise.resolve('here');
    }
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (workers.length < threads - 1) return Promise.resolve(start());
    return new Promise((resolve) => waiting.push(resolve));
  };
  const inform = (w: PartWorker, inventory: Inventory): void => {
    if (w.informed || w.failed) return;
    w.worker.postMessage({ inventory } satisfies PartInventory);
    w.informed = true;
  };
  const ask = (w: PartWorker, inventory: Inventory, task: PartTask): Promise<PartShard> =>
    new Promise<PartShard>((resolve, reject) => {
      if (w.failed) return reject(w.failed);
      inform(w, inventory);
      w.pending.set(task.id, {
        message: (a) =>
          'value' in a ? resolve(a.value) : reject(new Error('parse worker: not a shard')),
        reject,
      });
      w.worker.postMessage(task);
    });
  /** The part read by stage: parsed by `read`'s worker, aggregated here. */
  const staged = async (
    read: StageRead,
    part: FlowPart<AnalyzeInput>,
    index: InventoryIndex,
    cluster: string,
  ): Promise<PartShard> => {
    counts.staged++;
    const into = (opts.aggregating ?? aggregatingStage)(part.input.name, { cluster, index });
    const r = into.finish(await read.aggregate(into));
    return { read: r.read, shard: r.shard, stats: r.stats };
  };
  const isEarly = (part: FlowPart<AnalyzeInput>): boolean =>
    early !== null && !part.range && files.get(part.input) === early.file;
  return {
    threads,
    partBytes: partBytes(),
    stages,
    counts,
    plan(parts) {
      // An early read the engine will not ask for (not a flow file, a copy, read in ranges).
      if (early && !parts.some(isEarly)) {
        early.read.cancel();
        void early.read.done.catch(() => undefined).then(() => counts.cancelled++);
        early = null;
      }
    },
    async read(part, inventory) {
      const file = files.get(part.input);
      if (!file) throw new Error(`no file for input ${part.input.name}`);
      if (known && known.inventory !== inventory) throw new Error('one inventory per part reader');
      if (!known) {
        // The workers started get the inventory first, to index it while this thread does.
        if (!stages) for (const w of workers) inform(w, inventory);
        known = { inventory, index: indexInventory(inventory) };
      }
      if (early && isEarly(part)) {
        const { read } = early;
        early = null;
        return staged(read, part, known.index, inventory.cluster);
      }
      const task: PartTask = {
        id: ++ids,
        name: part.input.name,
        path: file.path,
        ...(part.range && { range: part.range }),
        ...(part.format && { format: part.format }),
      };
      const w = await take();
      try {
        if (w === 'here') {
          counts.here++;
          return await readPart(task, inventory, known.index);
        }
        if (stages)
          return await staged(
            stageRead(w, task, sizes, counts),
            part,
            known.index,
            inventory.cluster,
          );
        return await ask(w, inventory, task);
      } finally {
        give(w);
      }
    },
    /**
     * Whether every worker started so far has loaded its code, waiting for them at most `ms` in
     * all — blocking this thread, for a caller that cannot await (a synchronous step before
     * which V8's flags must not change while a worker is still loading its code).
     */
    loadedWithin(ms) {
      const until = performance.now() + ms;
      for (const w of workers) {
        while (Atomics.load(w.loaded, 0) !== 1) {
          const left = until - performance.now();
          if (w.failed || left <= 0) return false;
          Atomics.wait(w.loaded, 0, 0, left);
        }
      }
      return true;
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
