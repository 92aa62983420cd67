/**
 * A parse worker of `--threads` (threads.ts): reads the parts of flow files it is sent — a byte
 * range of a file cut after a newline, or a whole file. Split by stage (a StageTask: at two
 * threads, for the formats the engine reads so; threads.ts), it runs the engine's readStage: what it parses —
 * the kernel's flow slots, other records and DNS answers — goes back in batches, buffers
 * transferred, and the read's result at the end; the main thread rebuilds, resolves and
 * aggregates them, so this thread needs no inventory and may begin before one exists. Otherwise
 * (a PartTask) it runs readShard, its flows resolved against the inventory it is sent first, and
 * sends the shard back. When the flow files are big enough to be read in parts, a worker is
 * started before the dumps are read (it loads its code while the main thread reads them); else
 * when its first part is read.
 */
import { workerThreads } from './builtins';
import {
  indexInventory,
  readShard,
  readStage,
  type ReadResult,
  type WireBatch,
  type Inventory,
  type InventoryIndex,
  type PartShard,
} from '../lib/engine/index';
import { openStream, recycleChunk } from './io';

/** A part to read, as threads.ts sends it. */
export interface PartTask {
  id: number;
  name: string;
  path: string;
  range?: [number, number];
  format?: Parameters<typeof readShard>[2]['format'];
}

/**
 * A part to read by stage: its events sent back in batches of `batch` (StageBatch) — while
 * `window` of them are not yet acknowledged (StageAck), the worker reads no further chunk — then
 * the read's result (StageEnd).
 */
export interface StageTask extends PartTask {
  stage: true;
  batch: number;
  window: number;
}

/** The main thread applied a batch of the stage task `ack`. */
export interface StageAck {
  ack: number;
}

/** Stop the stage task `cancel` (the main thread will not read that part): it ends early. */
export interface StageCancel {
  cancel: number;
}

/** A batch of a stage task's events, in order. */
export interface StageBatch {
  id: number;
  batch: WireBatch;
}

/** A stage task's end: the read's result (its batches were all sent before it). */
export interface StageEnd {
  id: number;
  end: ReadResult;
}

/** The inventory the parts' flows are resolved against, sent once before the first part. */
export interface PartInventory {
  inventory: Inventory;
}

export type PartAnswer = { id: number; value: PartShard } | { id: number; error: string };

/** Sent once by a worker as it starts serving parts: its code is loaded (threads.ts). */
export interface PartLoaded {
  loaded: true;
}

/** What a parse worker is started with. */
export interface PartWorkerData {
  netpolishParts: true;
  /**
   * Set to 1 (and notified) once the worker has loaded its code, as it posts PartLoaded: the
   * main thread may wait for it while it cannot take messages (threads.ts `loadedWithin`).
   */
  loaded?: Int32Array;
}

export function isPartWorker(data: unknown): data is PartWorkerData {
  return (data as Partial<PartWorkerData> | null)?.netpolishParts === true;
}

/** Reads one part of a file into a shard (in a worker, or on the main thread). */
export function readPart(
  task: Omit<PartTask, 'id'>,
  inventory: Inventory,
  index: InventoryIndex,
): Promise<PartShard> {
  const stream = openStream({ path: task.path }, task.range);
  return readShard(stream, task.name, {
    cluster: inventory.cluster,
    index,
    recycle: recycleChunk,
    ...(task.format && { format: task.format }),
  }).then((r) => ({ read: r.read, shard: r.shard, stats: r.stats }));
}

/** A stage task being read: its batches not yet acknowledged, and how to stop it. */
interface Staged {
  unacked: number;
  /** Called when a batch is acknowledged (the reader waits for one). */
  wake: (() => void) | null;
  stop: AbortController;
}

/** Reads a part by stage, its batches posted to `port`. */
function readByStage(
  m: StageTask,
  port: NonNullable<ReturnType<typeof workerThreads>['parentPort']>,
  staged: Map<number, Staged>,
): Promise<ReadResult> {
  const s: Staged = { unacked: 0, wake: null, stop: new AbortController() };
  staged.set(m.id, s);
  return readStage(openStream({ path: m.path }, m.range), m.name, {
    batch: m.batch,
    onBatch: (batch, transfer) => {
      s.unacked++;
      port.postMessage({ id: m.id, batch } satisfies StageBatch, transfer);
    },
    ready: () =>
      s.unacked < m.window ? undefined : new Promise<void>((resolve) => (s.wake = resolve)),
    signal: s.stop.signal,
    recycle: recycleChunk,
    ...(m.format && { format: m.format }),
  }).finally(() => staged.delete(m.id));
}

/** Serves parts until the thread is terminated. */
export function serveParts(): void {
  const { parentPort: port, workerData } = workerThreads();
  if (!port || !isPartWorker(workerData)) throw new Error('not started as a parse worker');
  let known: { inventory: Inventory; index: InventoryIndex } | null = null;
  const staged = new Map<number, Staged>();
  // A message that could not be read (an ack lost would stall a read): the thread fails, and
  // the main thread fails its reads with why.
  port.on('messageerror', (e) => {
    throw e;
  });
  // The web streams every read opens, loaded with the rest of the code: Node compiles its own
  // modules with their code cache only under V8's flags at the start, and the main thread may
  // change them once this thread says it is loaded (threads.ts, v8-flags.ts).
  void globalThis.ReadableStream;
  if (workerData.loaded) {
    Atomics.store(workerData.loaded, 0, 1);
    Atomics.notify(workerData.loaded, 0);
  }
  port.postMessage({ loaded: true } satisfies PartLoaded);
  port.on('message', (m: PartTask | StageTask | PartInventory | StageAck | StageCancel) => {
    if ('inventory' in m) {
      known = { inventory: m.inventory, index: indexInventory(m.inventory) };
      return;
    }
    if ('ack' in m || 'cancel' in m) {
      const s = staged.get('ack' in m ? m.ack : m.cancel);
      if (!s) return;
      if ('ack' in m) s.unacked--;
      else s.stop.abort();
      const wake = s.wake;
      s.wake = null;
      wake?.();
      return;
    }
    const answer = (a: PartAnswer | StageEnd): void => port.postMessage(a);
    const fail = (e: unknown): void =>
      answer({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    if ('stage' in m) {
      readByStage(m, port, staged).then((end) => answer({ id: m.id, end }), fail);
      return;
    }
    if (!known) return answer({ id: m.id, error: 'a part came before the inventory' });
    readPart(m, known.inventory, known.index).then((value) => answer({ id: m.id, value }), fail);
  });
}
