/**
 * A parse worker of `--threads` (threads.ts): takes parts of flow files from the plan every
 * thread of a run shares — a byte range of a file cut after a newline, or a whole file — the
 * next one as soon as it is free, reads each with the engine's readInto into one sink per file,
 * its flows resolved against the inventory it is sent, and sends back each part's read and
 * what its sinks gathered. A worker is started before the inventory exists: it loads its code
 * while the main thread reads the dumps, and reads parts (holding their records) while the main
 * thread builds the inventory. The main thread takes parts the same way once it is built.
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
  /** The cluster the flows are of (their inventory may come after the plan). */
  cluster: string;
  /** In the order they are taken (biggest first). */
  tasks: PartTask[];
  /** One Int32: the place in `tasks` of the next part to take, shared by the run's threads. */
  next: SharedArrayBuffer;
}

/** The inventory the parts' flows are resolved against, sent once (maybe after the first plan). */
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

/**
 * Takes and reads parts of `plan` until none is left (in a worker, or on the main thread), the
 * flows resolved against `index` — which may come later (readInto holds the records till then).
 */
export async function readTaken(
  plan: Pick<PartPlan, 'cluster' | 'tasks' | 'next'>,
  index: InventoryIndex | Promise<InventoryIndex>,
): Promise<ThreadRead> {
  const next = new Int32Array(plan.next);
  const sinks = new Map<number, FlowSink>();
  const reads: ThreadRead['reads'] = [];
  for (let at = Atomics.add(next, 0, 1); at < plan.tasks.length; at = Atomics.add(next, 0, 1)) {
    const task = plan.tasks[at]!;
    let sink = sinks.get(task.input);
    if (!sink) sinks.set(task.input, (sink = createFlowSink(plan.cluster)));
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
  let indexed: (index: InventoryIndex) => void = () => undefined;
  const index = new Promise<InventoryIndex>((r) => (indexed = r));
  port.on('message', (m: PartPlan | PartInventory) => {
    if ('inventory' in m) return indexed(indexInventory(m.inventory));
    const answer = (a: PartAnswer): void => port.postMessage(a);
    readTaken(m, index).then(
      (value) => answer({ run: m.run, value }),
      (e: unknown) =>
        answer({ run: m.run, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
}
