/**
 * `--threads N` (DESIGN.md §5): flow files read by N threads at once — a big plain file of a
 * format whose lines stand alone cut into byte ranges after newlines, other files whole — and
 * merged by the engine (pipeline-parts.ts) into exactly what one thread gives. The main thread
 * is one of the N (it would idle otherwise), N - 1 worker threads the others; the workers are
 * started before the dumps are read, so they load their code while the main thread builds the
 * inventory. The workers run this CLI's own code: the entry (dist/netpolish.js, whose URL is the
 * bundle's `import.meta.url`) starts them, and a worker compiles the bundle with its code cache,
 * as the main thread did: the CLI's V8 flags for threads (v8-flags.ts) are set only once the
 * workers started have loaded their code, since V8 takes a code cache only under the flags it was
 * made under — Node's cache of its own modules as well as the bundle's. Run from the sources, a
 * worker loads parse-worker.ts through tsx.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import {
  indexInventory,
  type AnalyzeInput,
  type Inventory,
  type InventoryIndex,
  type PartReader,
  type PartShard,
} from '../lib/engine/index';
import { PART_WORKER_ENV, workerThreads } from './builtins';
import type { InputFile } from './io';
import {
  readPart,
  type PartAnswer,
  type PartInventory,
  type PartLoaded,
  type PartTask,
  type PartWorkerData,
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

function spawn(): Worker {
  const data: PartWorkerData = { netpolishParts: true };
  const { Worker } = workerThreads();
  const self = import.meta.url;
  const resourceLimits = { maxYoungGenerationSizeMb: PART_WORKER_YOUNG_MB };
  // The entry (run.ts) loads node:worker_threads only where this variable says it may be a worker.
  const env = { ...process.env, [PART_WORKER_ENV]: '1' };
  if (!self.endsWith('.ts'))
    return new Worker(new URL(self), { workerData: data, env, resourceLimits });
  // From the sources (tests, tsx): Node 20 workers take no loader flag, so tsx's API loads it.
  const entry = JSON.stringify(new URL('./parse-worker.ts', self).href);
  const code = `import('tsx/esm/api').then((m) => m.tsImport(${entry}, ${JSON.stringify(self)})).then((w) => w.serveParts())`;
  return new Worker(code, { eval: true, workerData: data, resourceLimits });
}

interface Pending {
  resolve(v: PartShard): void;
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
}

/** Starts a worker thread; `loaded` is called once it has loaded its code (PartLoaded). */
function startWorker(loaded: () => void): PartWorker {
  const w: PartWorker = { worker: spawn(), pending: new Map(), failed: null, informed: false };
  const fail = (e: Error): void => {
    w.failed ??= e;
    for (const p of w.pending.values()) p.reject(w.failed);
    w.pending.clear();
  };
  w.worker.on('message', (a: PartAnswer | PartLoaded) => {
    if ('loaded' in a) return loaded();
    const p = w.pending.get(a.id);
    w.pending.delete(a.id);
    if ('error' in a) p?.reject(new Error(`parse worker: ${a.error}`));
    else p?.resolve(a.value);
  });
  w.worker.on('error', fail);
  w.worker.on('exit', (code) => fail(new Error(`parse worker stopped (exit code ${code})`)));
  return w;
}

/** What a part reader of the CLI did, for tests. */
export interface PartCounts {
  /** Parts read on the main thread. */
  here: number;
  /** Worker threads started. */
  workers: number;
  /** The young generation (MiB) each worker thread's engine runs with, once it runs. */
  youngMb: number[];
}

/**
 * A part reader over the main thread and `threads - 1` worker threads for the CLI's inputs;
 * `close` ends the threads. With `prestart`, the workers start now (say so when the flow files
 * are big enough to be read in parts), not when the first part is read.
 */
export function workerParts(
  threads: number,
  files: Map<AnalyzeInput, InputFile>,
  prestart = false,
): PartReader<AnalyzeInput> & { close(): Promise<void>; counts: PartCounts } {
  const workers: PartWorker[] = [];
  const idle: PartWorker[] = [];
  const waiting: ((w: PartWorker | 'here') => void)[] = [];
  const counts: PartCounts = { here: 0, workers: 0, youngMb: [] };
  let hereBusy = false;
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
  if (prestart) for (let i = 1; i < threads; i++) idle.push(start());
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
  const give = (w: PartWorker | 'here'): void => {
    const next = waiting.shift();
    if (next) next(w);
    else if (w === 'here') hereBusy = false;
    else idle.push(w);
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
      w.pending.set(task.id, { resolve, reject });
      w.worker.postMessage(task);
    });
  return {
    threads,
    partBytes: partBytes(),
    counts,
    async read(part, inventory) {
      const file = files.get(part.input);
      if (!file) throw new Error(`no file for input ${part.input.name}`);
      if (known && known.inventory !== inventory) throw new Error('one inventory per part reader');
      if (!known) {
        // The workers started get the inventory first, to index it while this thread does.
        for (const w of workers) inform(w, inventory);
        known = { inventory, index: indexInventory(inventory) };
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
        if (w !== 'here') return await ask(w, inventory, task);
        counts.here++;
        return await readPart(task, inventory, known.index);
      } finally {
        give(w);
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
