/**
 * PROTOTYPE (h5, not for main): the Hubble kernel's flow slots carried between threads instead
 * of records. The worker writes, per flow line, the member indexes and a number per value (one
 * per distinct value object: the kernel's memo gives one value per memo entry, sent once); the
 * main thread rebuilds the slots and runs the same `emitFlow`, so the records are equal by
 * construction.
 */
import type { ParseContext } from './common';
import { emitFlow, type HubbleVariant } from './hubble';
import { createLabelCache, keepEndpointCore } from './hubble-endpoint';
import { newFlowSlots, setFlowSlot } from './hubble-flow-slots';

export interface SlotBatch {
  lines: number;
  ints: Int32Array;
  times: Float64Array;
  /** Values first sent in this batch, in the order of their numbers. */
  values: unknown[];
  /** Numbers of the values above that are endpoint objects (their core kept). */
  endpoints: number[];
}

export interface SlotWriter {
  pending: number;
  /** A number for a value the reader has not sent (a new one each call). */
  valueId(v: unknown, endpoint: boolean): number;
  begin(line: number): void;
  member(index: number, id: number): void;
  end(
    time: number | null,
    l4Code: number,
    l4Ports: number,
    extras: boolean,
    t1: number,
    t2: number,
  ): void;
  abort(): void;
  take(): { batch: SlotBatch; transfer: ArrayBuffer[] };
  /** Called before a line is begun (the other wire's flush) and after one ended. */
  before?: () => void;
  after?: () => void;
  /** Set by the reader: a hand-off (before/after) threw this. */
  fault?: (e: unknown) => void;
}

const NULL_TIME = 4;

export function createSlotWriter(): SlotWriter {
  let ints = new Int32Array(1 << 16);
  let times = new Float64Array(1 << 12);
  let n = 0;
  let lines = 0;
  let start = 0;
  let count = 0;
  let next = 1;
  let values: unknown[] = [];
  let endpoints: number[] = [];
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
  const w: SlotWriter = {
    pending: 0,
    valueId(v, endpoint) {
      const id = next++;
      values.push(v);
      if (endpoint) endpoints.push(id);
      return id;
    },
    begin(line) {
      if (w.before) call(w.before);
      grow(2);
      start = n;
      ints[n] = line;
      n += 2;
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
      if (w.after) call(w.after);
    },
    abort() {
      n = start;
    },
    take() {
      const batch: SlotBatch = {
        lines,
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
      return {
        batch,
        transfer: [batch.ints.buffer as ArrayBuffer, batch.times.buffer as ArrayBuffer],
      };
    },
  };
  return w;
}

const JSONPB: HubbleVariant = { format: 'hubble-jsonpb' };

/** The main thread's side: rebuilds each line's slots and emits its records into `ctx`. */
export function createSlotReader(ctx: ParseContext): (b: SlotBatch) => void {
  const labels = createLabelCache();
  const values: unknown[] = [undefined];
  return (b) => {
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
