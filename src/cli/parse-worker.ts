/**
 * A parse worker of `--threads` (threads.ts): reads the parts of flow files it is sent with the
 * engine's readShard — a byte range of a file cut after a newline, or a whole file — its flows
 * resolved against the inventory it was started with, and sends the shard back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexInventory, readShard, type Inventory, type PartShard } from '../lib/engine/index';
import { openStream } from './io';

/** A part to read, as threads.ts sends it. */
export interface PartTask {
  id: number;
  name: string;
  path: string;
  range?: [number, number];
  format?: Parameters<typeof readShard>[2]['format'];
}

export type PartAnswer = { id: number; value: PartShard } | { id: number; error: string };

/** What a parse worker is started with. */
export interface PartWorkerData {
  netpolishParts: true;
  inventory: Inventory;
}

export function isPartWorker(data: unknown): data is PartWorkerData {
  return (data as Partial<PartWorkerData> | null)?.netpolishParts === true;
}

/** Serves parts until the thread is terminated. */
export function serveParts(): void {
  const port = parentPort;
  if (!port || !isPartWorker(workerData)) throw new Error('not started as a parse worker');
  const { inventory } = workerData;
  const index = indexInventory(inventory);
  port.on('message', (task: PartTask) => {
    const stream = openStream({ path: task.path }, task.range);
    readShard(stream, task.name, {
      cluster: inventory.cluster,
      index,
      ...(task.format && { format: task.format }),
    }).then(
      (r) =>
        port.postMessage({ id: task.id, value: { read: r.read, shard: r.shard, stats: r.stats } }),
      (e: unknown) =>
        port.postMessage({
          id: task.id,
          error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        }),
    );
  });
}
