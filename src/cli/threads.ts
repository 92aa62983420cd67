/**
 * `--threads N` (DESIGN.md §5): flow files read by N threads at once — a big plain file of a
 * format whose lines stand alone cut into byte ranges after newlines, other files whole — and
 * merged by the engine (pipeline-parts.ts) into exactly what one thread gives. The main thread
 * is one of the N (it would idle otherwise), N - 1 worker threads the others; a big file is cut
 * in parts smaller and smaller, each thread taking the next part as it comes free (a counter
 * they share), so none idles long while another ends its part, and each gathers its parts'
 * flows in one shard per file. The workers are started before the dumps are read, so they load
 * their code while the main thread builds the inventory. The workers run this CLI's own code:
 * the bundle (dist/netpolish.js) is its own worker entry; run from the sources, a worker loads
 * parse-worker.ts through tsx.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  biggestFirst,
  indexInventory,
  type AnalyzeInput,
  type FlowPart,
  type Inventory,
  type AllPartsReader,
  type PartsRead,
  type ReadResult,
} from '../lib/engine/index';
import type { InputFile } from './io';
import {
  readTaken,
  type PartAnswer,
  type PartInventory,
  type PartPlan,
  type PartTask,
  type PartWorkerData,
  type ThreadRead,
} from './parse-worker';

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

function spawn(): Worker {
  const data: PartWorkerData = { netpolishParts: true };
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL(self), { workerData: data });
  // From the sources (tests, tsx): Node 20 workers take no loader flag, so tsx's API loads it.
  const entry = JSON.stringify(new URL('./parse-worker.ts', self).href);
  const code = `import('tsx/esm/api').then((m) => m.tsImport(${entry}, ${JSON.stringify(self)})).then((w) => w.serveParts())`;
  return new Worker(code, { eval: true, workerData: data });
}

/** A worker thread serving plans, and what it was sent. */
interface PartWorker {
  worker: Worker;
  /** The run it is reading, and what to do with its answer. */
  pending: {
    run: number;
    resolve(v: ThreadRead): void;
    reject(e: Error): void;
  } | null;
  /** Why the thread stopped (it fails every run asked of it since). */
  failed: Error | null;
  /** The inventory was sent. */
  informed: boolean;
}

function startWorker(): PartWorker {
  const w: PartWorker = { worker: spawn(), pending: null, failed: null, informed: false };
  const fail = (e: Error): void => {
    w.failed ??= e;
    w.pending?.reject(w.failed);
    w.pending = null;
  };
  w.worker.on('message', (a: PartAnswer) => {
    const p = w.pending;
    if (p?.run !== a.run) return;
    w.pending = null;
    if ('error' in a) p.reject(new Error(`parse worker: ${a.error}`));
    else p.resolve(a.value);
  });
  w.worker.on('error', fail);
  w.worker.on('exit', (code) => fail(new Error(`parse worker stopped (exit code ${code})`)));
  return w;
}

/** What a part reader of the CLI did, for tests. */
export interface PartCounts {
  /** Parts read on the main thread. */
  here: number;
  /** Parts read by worker threads. */
  away: number;
  /** Worker threads started. */
  workers: number;
}

/** How a part reader of the CLI starts and shares its work. */
export interface WorkerPartsOptions {
  /** Start the workers now (when the flow files are big enough to be read in parts). */
  prestart?: boolean;
  /** The main thread takes parts too (default); without, the workers read them all (tests). */
  here?: boolean;
}

/**
 * A part reader over the main thread and `threads - 1` worker threads for the CLI's inputs;
 * `close` ends the threads. Without `prestart`, the workers start when the first parts are read.
 */
export function workerParts(
  threads: number,
  files: Map<AnalyzeInput, InputFile>,
  { prestart = false, here: mainReads = true }: WorkerPartsOptions = {},
): AllPartsReader<AnalyzeInput> & { close(): Promise<void>; counts: PartCounts } {
  const workers: PartWorker[] = [];
  const counts: PartCounts = { here: 0, away: 0, workers: 0 };
  let runs = 0;
  let known: Inventory | null = null;
  const start = (): void => {
    workers.push(startWorker());
    counts.workers++;
  };
  if (prestart) while (workers.length < threads - 1) start();
  const inform = (w: PartWorker, inventory: Inventory): void => {
    if (w.informed || w.failed) return;
    w.worker.postMessage({ inventory } satisfies PartInventory);
    w.informed = true;
  };
  const ask = (w: PartWorker, plan: PartPlan): Promise<ThreadRead> =>
    new Promise<ThreadRead>((resolve, reject) => {
      if (w.failed) return reject(w.failed);
      w.pending = { run: plan.run, resolve, reject };
      w.worker.postMessage(plan);
    });
  const taskOf = (part: FlowPart<AnalyzeInput>, at: number, input: number): PartTask => {
    const file = files.get(part.input);
    if (!file) throw new Error(`no file for input ${part.input.name}`);
    return {
      part: at,
      input,
      name: part.input.name,
      path: file.path,
      ...(part.range && { range: part.range }),
      ...(part.format && { format: part.format }),
    };
  };
  return {
    threads,
    partBytes: partBytes(),
    counts,
    async readAll(parts, cluster, inventory) {
      const inputs = [...new Set(parts.map((p) => p.input))];
      const plan: PartPlan = {
        run: ++runs,
        cluster,
        tasks: biggestFirst(parts).map((at) =>
          taskOf(parts[at]!, at, inputs.indexOf(parts[at]!.input)),
        ),
        next: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
      };
      const most = mainReads ? Math.min(threads, parts.length) - 1 : Math.max(1, threads - 1);
      while (workers.length < most) start();
      // The workers read while this thread builds the inventory; they get it first, then this
      // thread indexes it and takes parts too.
      const away = workers.map((w) => ask(w, plan));
      const mine = inventory.then((inv) => {
        if (known && known !== inv) throw new Error('one inventory per part reader');
        known = inv;
        for (const w of workers) inform(w, inv);
        return mainReads ? readTaken(plan, indexInventory(inv)) : { reads: [], flows: [] };
      });
      const all = await Promise.all([mine, ...away]);
      const here = all[0]!;
      counts.here += here.reads.length;
      counts.away += all.reduce((n, t) => n + t.reads.length, 0) - here.reads.length;
      const reads = new Array<ReadResult>(parts.length);
      for (const t of all) for (const r of t.reads) reads[r.part] = r.read;
      return {
        reads,
        flows: all.flatMap((t) => t.flows.map((f) => ({ ...f, input: inputs[f.input]! }))),
      } satisfies PartsRead<AnalyzeInput>;
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
