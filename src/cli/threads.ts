/**
 * `--threads N` (DESIGN.md §5): flow files read by N worker threads at once — a big plain file
 * of a format whose lines stand alone cut into byte ranges after newlines, other files whole —
 * and merged by the engine (pipeline-parts.ts) into exactly what one thread gives. The workers
 * run this CLI's own code: the bundle (dist/netpolish.js) is its own worker entry; run from the
 * sources, a worker loads parse-worker.ts through tsx.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnalyzeInput, Inventory, PartReader, PartShard } from '../lib/engine/index';
import type { InputFile } from './io';
import type { PartAnswer, PartTask, PartWorkerData } from './parse-worker';

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

function spawn(data: PartWorkerData): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL(self), { workerData: data });
  // From the sources (tests, tsx): Node 20 workers take no loader flag, so tsx's API loads it.
  const entry = JSON.stringify(new URL('./parse-worker.ts', self).href);
  const code = `import('tsx/esm/api').then((m) => m.tsImport(${entry}, ${JSON.stringify(self)})).then((w) => w.serveParts())`;
  return new Worker(code, { eval: true, workerData: data });
}

interface Pending {
  resolve(v: PartShard): void;
  reject(e: Error): void;
}

/** A part reader over worker threads for the CLI's inputs; `close` ends the threads. */
export function workerParts(
  threads: number,
  files: Map<AnalyzeInput, InputFile>,
): PartReader<AnalyzeInput> & { close(): Promise<void> } {
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: ((w: Worker) => void)[] = [];
  const pending = new Map<number, Pending>();
  let ids = 0;
  let started: Inventory | null = null;
  const take = (inventory: Inventory): Promise<Worker> => {
    if (started && started !== inventory) throw new Error('one inventory per part reader');
    started = inventory;
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (workers.length < threads) {
      const w = spawn({ netpolishParts: true, inventory });
      w.on('message', (a: PartAnswer) => {
        const p = pending.get(a.id);
        pending.delete(a.id);
        if ('error' in a) p?.reject(new Error(`parse worker: ${a.error}`));
        else p?.resolve(a.value);
      });
      w.on('error', (e) => {
        for (const p of pending.values()) p.reject(e);
        pending.clear();
      });
      workers.push(w);
      return Promise.resolve(w);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const give = (w: Worker): void => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  return {
    threads,
    partBytes: partBytes(),
    async read(part, inventory) {
      const file = files.get(part.input);
      if (!file) throw new Error(`no file for input ${part.input.name}`);
      const w = await take(inventory);
      try {
        const id = ++ids;
        const task: PartTask = {
          id,
          name: part.input.name,
          path: file.path,
          ...(part.range && { range: part.range }),
          ...(part.format && { format: part.format }),
        };
        return await new Promise<PartShard>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          w.postMessage(task);
        });
      } finally {
        give(w);
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
