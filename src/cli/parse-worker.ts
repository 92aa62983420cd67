/**
 * A parse worker of `--threads` (threads.ts): takes parts of flow files from the plan every
 * thread of a run shares — a byte range of a file cut after a newline, or a whole file — the
 * next one as soon as it is free, reads each with the engine's readInto into one sink per file
 * (its flows resolved against the inventory it is sent first), and sends back each part's read
 * and what its sinks gathered. A worker may be started before the inventory exists (it loads
 * its code while the main thread reads the dumps). The main thread takes parts the same way.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  createFlowSink,
  indexInventory,
  readInto,
  sinkFlows,
  type FlowSink,
  type FormatId,
  type Inventory,
  type InventoryIndex,
  type PartFlows,
  type ReadResult,
} from '../lib/engine/index';
import { openStream, recycleChunk } from './io';

/** A part to read, as threads.ts plans it. */
export interface PartTask {
  /** The part's place in the parts the engine asked for. */
  part: number;
  /** Its file's place among the run's files (the parts of one file gather in one sink). */
  input: number;
  name: string;
  path: string;
  range?: [number, number];
  format?: FormatId;
}

/** The parts of one run, sent to every thread: each takes the next one not taken. */
export interface PartPlan {
  run: number;
  /** In the order they are taken (biggest first). */
  tasks: PartTask[];
  /** One Int32: the place in `tasks` of the next part to take, shared by the run's threads. */
  next: SharedArrayBuffer;
}

/** The inventory the parts' flows are resolved against, sent once before the first plan. */
export interface PartInventory {
  inventory: Inventory;
}

/** What one thread read of a run: the reads of the parts it took, its flows per file. */
export interface ThreadRead {
  reads: { part: number; read: ReadResult }[];
  flows: PartFlows<number>[];
}

export type PartAnswer = { run: number; value: ThreadRead } | { run: number; error: string };

/** What a parse worker is started with. */
export interface PartWorkerData {
  netpolishParts: true;
}

export function isPartWorker(data: unknown): data is PartWorkerData {
  return (data as Partial<PartWorkerData> | null)?.netpolishParts === true;
}

/** Takes and reads parts of `plan` until none is left (in a worker, or on the main thread). */
export async function readTaken(
  plan: Pick<PartPlan, 'tasks' | 'next'>,
  inventory: Inventory,
  index: InventoryIndex,
): Promise<ThreadRead> {
  const next = new Int32Array(plan.next);
  const sinks = new Map<number, FlowSink>();
  const reads: ThreadRead['reads'] = [];
  for (let at = Atomics.add(next, 0, 1); at < plan.tasks.length; at = Atomics.add(next, 0, 1)) {
    const task = plan.tasks[at]!;
    let sink = sinks.get(task.input);
    if (!sink) sinks.set(task.input, (sink = createFlowSink(inventory.cluster)));
    const stream = openStream({ path: task.path }, task.range);
    const read = await readInto(sink, stream, task.name, {
      index,
      recycle: recycleChunk,
      ...(task.format && { format: task.format }),
    });
    reads.push({ part: task.part, read });
  }
  return { reads, flows: [...sinks].map(([input, sink]) => ({ input, ...sinkFlows(sink) })) };
}

/** Serves the runs' plans until the thread is terminated. */
export function serveParts(): void {
  const port = parentPort;
  if (!port || !isPartWorker(workerData)) throw new Error('not started as a parse worker');
  let known: { inventory: Inventory; index: InventoryIndex } | null = null;
  port.on('message', (m: PartPlan | PartInventory) => {
    if ('inventory' in m) {
      known = { inventory: m.inventory, index: indexInventory(m.inventory) };
      return;
    }
    const answer = (a: PartAnswer): void => port.postMessage(a);
    if (!known) return answer({ run: m.run, error: 'parts came before the inventory' });
    readTaken(m, known.inventory, known.index).then(
      (value) => answer({ run: m.run, value }),
      (e: unknown) =>
        answer({ run: m.run, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
}
