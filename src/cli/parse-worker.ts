/**
 * A parse worker of `--threads` (threads.ts): reads the parts of flow files it is sent with the
 * engine's readShard — a byte range of a file cut after a newline, or a whole file — its flows
 * resolved against the inventory it is sent first, and sends the shard back. A worker may be
 * started before the inventory exists (it loads its code while the main thread reads the dumps).
 */
import { workerThreads } from './builtins';
import {
  indexInventory,
  readShard,
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

/** Serves parts until the thread is terminated. */
export function serveParts(): void {
  const { parentPort: port, workerData } = workerThreads();
  if (!port || !isPartWorker(workerData)) throw new Error('not started as a parse worker');
  let known: { inventory: Inventory; index: InventoryIndex } | null = null;
  port.postMessage({ loaded: true } satisfies PartLoaded);
  port.on('message', (m: PartTask | PartInventory) => {
    if ('inventory' in m) {
      known = { inventory: m.inventory, index: indexInventory(m.inventory) };
      return;
    }
    const answer = (a: PartAnswer): void => port.postMessage(a);
    if (!known) return answer({ id: m.id, error: 'a part came before the inventory' });
    readPart(m, known.inventory, known.index).then(
      (value) => answer({ id: m.id, value }),
      (e: unknown) =>
        answer({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
}
