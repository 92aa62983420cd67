/**
 * The Hubble kernel's flow slots carried to another thread instead of the records built from
 * them: the reader's stage (a parse worker, workspace/import.ts `readStage`) writes, per flow
 * line the kernel reads (formats/hubble-kernel.ts), the line's number, its flow members as
 * (member index, value number) pairs, its `l4` code and ports, whether it has extras, the
 * numbers of its top-level node names and its time; the main thread (`createSlotReader`)
 * rebuilds the slots and runs the same `emitFlow`, so the records are equal by construction
 * (tests/unit/engine/formats/hubble-slot-wire.property.test.ts).
 *
 * Why: carrying records through the record wire cost the worker about what aggregating them
 * did, so a second thread did not pay (docs/SCALE.md, "Several cores on one machine"); here the
 * worker writes a few Int32s per member — numbers and indexes in an Int32Array, times in a
 * Float64Array, both transferred — and a value object once per kernel memo entry (the kernel
 * keeps its number per entry), not once per line.
 *
 * Order: a line is begun (`begin`, which first calls `before`: the caller hands over the record
 * wire's pending events) before its members are written, and the records of a line the kernel
 * gives up on reach the caller's `onRecord`, which hands over the pending slot lines first
 * (readStage): a batch holds slot lines or record-wire events, never both, and the batches read
 * in the order they were taken give the records in the file's order. A line the kernel gives up
 * on leaves nothing here (`drop`: its members and the values it numbered are taken back, and the
 * kernel forgets those numbers).
 *
 * The bound: the reader keeps every value it was sent until the writer starts its numbering
 * again. Once the values numbered since the last start reach the limit (VALUE_LIMIT, or the
 * writer's `limit`), `take` starts a new numbering: the next batch says so (`reset`), the reader
 * drops its table, and the writer's `epoch` changes, which the kernel checks before each line
 * (as it checks whose writer it numbered for) to forget the numbers it gave its memo entries.
 * A batch's values are those of its lines, so the reader's table holds at most the limit and
 * one batch's values. `false`, `true` and `null` are never sent: both sides give them fixed
 * numbers (FALSE_ID…), in every numbering.
 */
import type { ParseContext } from './common';
import { emitFlow, type HubbleVariant } from './hubble';
import { createLabelCache, keepEndpointCore } from './hubble-endpoint';
import { newFlowSlots, setFlowSlot } from './hubble-flow-slots';

/** Values numbered before a `take` starts the numbering again (both sides' tables). */
const VALUE_LIMIT = 1 << 16;

/**
 * The numbers both sides give `false`, `true` and `null` in every numbering, never sent: the
 * kernel keeps no memo entry for a literal, so each line's `is_reply` took a new number and a
 * place in both tables (on the bench's 200k capture 102k of the 121k values sent, and the one
 * restart of the numbering, which sent every endpoint and address object again).
 */
const FALSE_ID = 1;
const TRUE_ID = 2;
const NULL_ID = 3;
/** The first number a value gets (at each numbering's start). */
export const FIRST_ID = 4;

export interface SlotBatch {
  lines: number;
  /** The values' numbering starts again before this batch: the reader drops its table. */
  reset: boolean;
  /** Per line: its number, its member count, (index, value number) per member, then five. */
  ints: Int32Array;
  /** Per line: its time (0 when null: a flag in the ints says so). */
  times: Float64Array;
  /** Values first sent in this batch, in the order of their numbers. */
  values: unknown[];
  /** Numbers of the values above that are endpoint objects (their core kept). */
  endpoints: number[];
}

export interface SlotWriter {
  /** Lines written since the last `take`. */
  pending: number;
  /**
   * Changes when the numbering starts again (at a `take`): numbers given before it are no
   * longer the reader's.
   */
  readonly epoch: number;
  /**
   * A number for a value not sent since the numbering started (a new one each call), or the
   * fixed number of `false`, `true` or `null`.
   */
  valueId(v: unknown, endpoint: boolean): number;
  /** Begins a line (after `before`); its members follow, then `end` or `drop`. */
  begin(line: number): void;
  /** The line's members so far are void (a repeated `flow`: the last one counts). */
  again(): void;
  member(index: number, id: number): void;
  end(
    time: number | null,
    l4Code: number,
    l4Ports: number,
    extras: boolean,
    t1: number,
    t2: number,
  ): void;
  /**
   * The line begun is given up: its members and the values numbered since its `begin` are
   * taken back. Gives the first number it had given (numbers from it on are void).
   */
  drop(): number;
  /**
   * The lines since the last `take` as a batch, and the buffers to transfer with it. Not
   * between a `begin` and its `end` or `drop`.
   */
  take(): { batch: SlotBatch; transfer: ArrayBuffer[] };
  /** Called before a line is begun (the other wire's flush) and after one ended. */
  before?: () => void;
  after?: () => void;
  /** Set by the reader: a hand-off (before/after) threw this. */
  fault?: (e: unknown) => void;
}

/** In a line's flags: its time is null. */
const NULL_TIME = 4;

/** A writer; `limit` (tests) in place of VALUE_LIMIT. */
export function createSlotWriter(limit = VALUE_LIMIT): SlotWriter {
  // Small at first, so that `grow` has grown it — and has the feedback of that branch — before
  // the optimizing compiler compiles `begin`, `member` and `end` with `grow` inlined: from 1 << 16
  // its first growth came a few batches in, where the optimized `end` met a branch it had no
  // feedback for and was thrown away and compiled again (docs/SCALE.md). Doubling, it soon
  // holds the largest batch and is kept from batch to batch.
  let ints = new Int32Array(1 << 12);
  let times = new Float64Array(1 << 12);
  let n = 0;
  let lines = 0;
  let start = 0;
  let count = 0;
  /**
   * A line is begun and neither ended nor dropped: only when the kernel threw in it (a bug;
   * consumers.ts guardedBytes then leaves the line to the text parser). Its members are cut at
   * the next begin or take, so they never reach a batch; its values stay numbered and sent.
   */
  let open = false;
  /** The next value's number, and the numbering's restart flag for the next batch. */
  let next = FIRST_ID;
  let reset = false;
  let values: unknown[] = [];
  let endpoints: number[] = [];
  /** The number of the batch's first value, and the next number at the line's begin. */
  let batchId = FIRST_ID;
  let firstId = FIRST_ID;
  const grow = (need: number): void => {
    if (n + need <= ints.length) return;
    const b = new Int32Array(Math.max(ints.length * 2, n + need));
    b.set(ints.subarray(0, n));
    ints = b;
  };
  const call = (f: () => void): void => {
    try {
      f();
    } catch (e) {
      w.fault?.(e);
      throw e;
    }
  };
  const w: SlotWriter & { epoch: number } = {
    pending: 0,
    epoch: 0,
    valueId(v, endpoint) {
      if (v === false) return FALSE_ID;
      if (v === true) return TRUE_ID;
      if (v === null) return NULL_ID;
      const id = next++;
      values.push(v);
      if (endpoint) endpoints.push(id);
      return id;
    },
    begin(line) {
      if (w.before) call(w.before);
      if (open) n = start;
      open = true;
      grow(2);
      start = n;
      ints[n] = line;
      n += 2;
      count = 0;
      firstId = next;
    },
    again() {
      n = start + 2;
      count = 0;
    },
    member(index, id) {
      grow(2);
      ints[n++] = index;
      ints[n++] = id;
      count++;
    },
    end(time, l4Code, l4Ports, extras, t1, t2) {
      grow(5);
      ints[start + 1] = count;
      ints[n++] = l4Code;
      ints[n++] = l4Ports;
      ints[n++] = (extras ? 1 : 0) | (time === null ? NULL_TIME : 0);
      ints[n++] = t1;
      ints[n++] = t2;
      if (lines >= times.length) {
        const t = new Float64Array(times.length * 2);
        t.set(times);
        times = t;
      }
      times[lines++] = time ?? 0;
      w.pending = lines;
      open = false;
      if (w.after) call(w.after);
    },
    drop() {
      open = false;
      n = start;
      next = firstId;
      // (Counted here, not at each begin: the lists change class as they fill.)
      values.length = firstId - batchId;
      while (endpoints.length > 0 && (endpoints[endpoints.length - 1] as number) >= firstId)
        endpoints.pop();
      return firstId;
    },
    take() {
      if (open) {
        n = start;
        open = false;
      }
      const batch: SlotBatch = {
        lines,
        reset,
        ints: ints.slice(0, n),
        times: times.slice(0, lines),
        values,
        endpoints,
      };
      n = 0;
      lines = 0;
      w.pending = 0;
      values = [];
      endpoints = [];
      reset = false;
      if (next - FIRST_ID >= limit) {
        // Both sides start again at the next batch; the kernel sees the epoch change.
        next = FIRST_ID;
        reset = true;
        w.epoch++;
      }
      batchId = next;
      return {
        batch,
        transfer: [batch.ints.buffer as ArrayBuffer, batch.times.buffer as ArrayBuffer],
      };
    },
  };
  return w;
}

const JSONPB: HubbleVariant = { format: 'hubble-jsonpb' };

/** The reader's table at a numbering's start: no value 0, then the fixed numbers' values. */
function fixedValues(): unknown[] {
  return [undefined, false, true, null];
}

/** The main thread's side: rebuilds each line's slots and emits its records into `ctx`. */
export function createSlotReader(ctx: ParseContext): (b: SlotBatch) => void {
  const labels = createLabelCache();
  let values: unknown[] = fixedValues();
  return (b) => {
    if (b.reset) values = fixedValues();
    let eps = 0;
    for (let i = 0; i < b.values.length; i++) {
      const id = values.length;
      const v = b.values[i];
      values.push(v);
      if (eps < b.endpoints.length && b.endpoints[eps] === id) {
        keepEndpointCore(v, labels);
        eps++;
      }
    }
    const ints = b.ints;
    let p = 0;
    for (let l = 0; l < b.lines; l++) {
      const line = ints[p] as number;
      const count = ints[p + 1] as number;
      p += 2;
      const flow = newFlowSlots();
      for (let m = 0; m < count; m++, p += 2)
        setFlowSlot(flow, ints[p] as number, values[ints[p + 1] as number]);
      const l4Code = ints[p] as number;
      const l4Ports = ints[p + 1] as number;
      const flags = ints[p + 2] as number;
      const top = {
        node_name: values[ints[p + 3] as number],
        nodeName: values[ints[p + 4] as number],
      };
      p += 5;
      const time = flags & NULL_TIME ? null : (b.times[l] as number);
      ctx.line = line;
      emitFlow(ctx, labels, flow, top, JSONPB, line, time, l4Code, l4Ports, (flags & 1) !== 0);
    }
  };
}
