/**
 * The Hubble jsonpb byte line parser with its scan in WebAssembly (wasm/hubble-kernel.ts): the
 * kernel checks a line and finds the members `hubbleRecord` reads sixteen bytes a step, and
 * keeps the endpoint, address, Service and `l4` objects' bytes; this side builds the values
 * (json-bytes-read.ts, once per distinct object) and the record exactly as hubble-bytes.ts does,
 * so both give the records JSON.parse would. Where WebAssembly or its SIMD instructions are
 * missing, `hubbleKernelParser` gives null and hubble-bytes.ts reads the line itself.
 *
 * One kernel per thread (module): its memo's values are kept here, one per memo entry, with
 * the stamp of the entry they were read for; a line the kernel kept an object of but that was
 * not read to its end (a value the reader gives up on) leaves a stamp without a value, which
 * the next line that meets the entry reads again.
 *
 * Given a slot writer (ParseContext.slots: the reader's stage of a split by thread), the parser
 * writes each flow line's slots to it (hubble-slot-wire.ts) instead of emitting its records: a
 * value is numbered once per memo entry (the number kept with the entry's value), for one
 * writer and one epoch of its numbering at a time; no endpoint core is kept for it (the records
 * are built where the slots are read).
 */
import type { BytesLineParser, ParseContext } from './common';
import { parseIsoTime } from './common';
import { emitFlow, HUBBLE_FLOW_KEYS, HUBBLE_TOP_KEYS, type HubbleVariant } from './hubble';
import { FIRST_EXTRA, newFlowSlots, setFlowSlot, type FlowSlots } from './hubble-flow-slots';
import { createLabelCache, keepEndpointCore } from './hubble-endpoint';
import { HUBBLE_KERNEL_WASM } from './hubble-kernel-wasm';
import { createDayCache, isoTimeBytes } from './iso-bytes';
import { createScan, UNREADABLE } from './json-bytes';
import { ascii, readValue } from './json-bytes-read';
import type { SlotWriter } from './hubble-slot-wire';

const JSONPB: HubbleVariant = { format: 'hubble-jsonpb' };

/** What the engine uses of WebAssembly (declared here: it compiles without the DOM's types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The kernel's exports (wasm/hubble-kernel.ts). */
export interface KernelExports {
  memory: WasmMemory;
  IN: { value: number };
  PAD: { value: number };
  keyScratch(): number;
  addKey(level: number, index: number, n: number): void;
  setMemo(level: number, index: number, memo: number, strings: number): void;
  scan(at: number, len: number, dropReplies: number, flowIndex: number): number;
  out(): number;
}

/** scan's answers besides a member count. */
const FAIL = -1;
const REPLY = -2;
/** Int32s per member found: key, value start, value end, memo entry, stamp. */
const MEMBER = 5;
/** Memo entries (3 memos of 4,096 slots of 4 ways). */
const ENTRIES = 3 * 4096 * 4;
/** Bytes of a chunk copied into the kernel at once (a longer line is copied whole). */
const COPY = 1 << 20;
/** Bytes of a parser's first copy. */
const FIRST_COPY = 1 << 14;

/** The memo each flow key's objects go through (as hubble-bytes.ts readFlow). */
const MEMO_OF: Readonly<Record<string, number>> = {
  source: 0,
  destination: 0,
  IP: 1,
  source_service: 1,
  destination_service: 1,
  l4: 2,
};
const ENDPOINT_MEMO = 0;
/** The memo of each flow key by its index (-1: none), and the indexes of keys read apart. */
const MEMO_BY_INDEX = HUBBLE_FLOW_KEYS.map((key) => MEMO_OF[key] ?? -1);
const TIME = HUBBLE_FLOW_KEYS.indexOf('time');
const L4 = HUBBLE_FLOW_KEYS.indexOf('l4');
const TOP_TIME = HUBBLE_TOP_KEYS.indexOf('time');
const TOP_NODE_NAME = HUBBLE_TOP_KEYS.indexOf('node_name');
/**
 * Keys whose strings go through the memo of addresses and Services (top level and flow): the
 * same few names and words on every line, found by the kernel instead of hashed and compared
 * here byte by byte.
 */
const STRING_KEYS: ReadonlySet<string> = new Set([
  'node_name',
  'nodeName',
  'verdict',
  'traffic_direction',
  'trafficDirection',
  'trace_reason',
  'traceReason',
  'drop_reason_desc',
  'dropReasonDesc',
]);
const STRING_MEMO = 1;
const FLOW_INDEX = HUBBLE_TOP_KEYS.indexOf('flow');

interface Kernel {
  k: KernelExports;
  in: number;
  pad: number;
  out: number;
  u8: Uint8Array;
  i32: Int32Array;
  /** The value read for each memo entry, and the stamp of the entry it was read for. */
  values: unknown[];
  stamps: Int32Array;
  /**
   * The slot writer's number for each memo entry's value (0: none), and the writer and epoch of
   * its numbering those are for (another writer's line, or a new epoch, forgets them all).
   */
  ids: Int32Array;
  idOwner: object | null;
  idEpoch: number;
  /**
   * Every endpoint value in `values` has its core kept (keepEndpointCore). False once a slot
   * writer's lines were read: their values are sent, and the records are built where the slots
   * are read (createSlotReader keeps the cores there), so this thread keeps none for them.
   */
  cores: boolean;
  /** The parser whose chunk the kernel's input holds. */
  holder: object | null;
}

let kernel: Kernel | null | undefined;
let enabled = true;

/** Tests: false makes `hubbleKernelParser` give null (the JavaScript scan), as without SIMD. */
export function useHubbleKernel(on: boolean): void {
  enabled = on;
}

function base64Bytes(text: string, atob: (s: string) => string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A new kernel with the reader's keys and memos set, or null when this engine cannot compile
 * it: each thread's reader loads one (load), and the kernel's tests drive one directly.
 */
export function newKernel(): KernelExports | null {
  const g = globalThis as { WebAssembly?: WasmApi; atob?: (s: string) => string };
  if (!g.WebAssembly || !g.atob) return null;
  try {
    // A compile error here (an engine without SIMD, a page that forbids compiling) is the
    // JavaScript scan's cue.
    const module = new g.WebAssembly.Module(base64Bytes(HUBBLE_KERNEL_WASM, g.atob));
    const abort = () => {
      throw new Error('hubble kernel: out of memory');
    };
    const instance = new g.WebAssembly.Instance(module, { env: { abort } });
    const k = instance.exports as KernelExports;
    const u8 = new Uint8Array(k.memory.buffer);
    const keys = (level: number, list: readonly string[]) =>
      list.forEach((key, index) => {
        const at = k.keyScratch();
        for (let j = 0; j < key.length; j++) u8[at + j] = key.charCodeAt(j);
        k.addKey(level, index, key.length);
        const memo = level === 2 ? MEMO_OF[key] : undefined;
        if (memo !== undefined) k.setMemo(level, index, memo, 0);
        else if (STRING_KEYS.has(key)) k.setMemo(level, index, STRING_MEMO, 1);
      });
    keys(1, HUBBLE_TOP_KEYS);
    keys(2, HUBBLE_FLOW_KEYS);
    return k;
  } catch {
    return null;
  }
}

function load(): Kernel | null {
  const k = newKernel();
  if (k === null) return null;
  return {
    k,
    in: k.IN.value,
    pad: k.PAD.value,
    out: k.out() >> 2,
    u8: new Uint8Array(k.memory.buffer),
    i32: new Int32Array(k.memory.buffer),
    values: new Array<unknown>(ENTRIES).fill(undefined),
    stamps: new Int32Array(ENTRIES),
    ids: new Int32Array(ENTRIES),
    idOwner: null,
    idEpoch: 0,
    cores: true,
    holder: null,
  };
}

/** The views again after the memory grew (any parser of the thread may have grown it). */
function views(kn: Kernel): void {
  if (kn.u8.buffer === kn.k.memory.buffer) return;
  kn.u8 = new Uint8Array(kn.k.memory.buffer);
  kn.i32 = new Int32Array(kn.k.memory.buffer);
}

/** Makes room for `n` bytes (and the padding) at the kernel's input. */
function room(kn: Kernel, n: number): void {
  const need = kn.in + n + kn.pad;
  if (need > kn.u8.length) kn.k.memory.grow(Math.ceil((need - kn.u8.length) / 65536));
  views(kn);
}

/**
 * The byte line parser reading through the kernel, or null when this engine cannot run it. Its
 * `newChunk` must be called before the lines of each new chunk (byte-lines.ts does): the parser
 * copies a chunk into the kernel once, at its first line, and the bytes of a recycled chunk
 * change under the same array.
 */
export function hubbleKernelParser(ctx: ParseContext): BytesLineParser | null {
  if (!enabled) return null;
  if (kernel === undefined) kernel = load();
  const kn = kernel;
  if (kn === null) return null;
  const s = createScan();
  const labels = createLabelCache();
  const days = createDayCache();
  const me = {};
  /** The chunk whose bytes [base, copied) are at the kernel's input. */
  let chunk: Uint8Array | null = null;
  let base = 0;
  let copied = 0;

  const timeAt = (b: Uint8Array, start: number, end: number): number | null => {
    if (start < 0 || b[start] !== 34) return null;
    const t = isoTimeBytes(b, start + 1, end - 1, days);
    // The kernel checked it as a string: JSON.parse gives it, escapes included.
    return Number.isNaN(t) ? parseIsoTime(JSON.parse(ascii(b, start, end))) : t;
  };

  /**
   * The value of the member the kernel wrote at `m` (its value at `at`): the one built for its
   * memo entry and stamp, else read (and kept for them). `endpoint`: an endpoint object, whose
   * core is kept too — not for a slot writer, whose records are built on the other side: in a
   * parse worker at two threads those cores were never read, and `endpointCore`, called once
   * per memo entry, was the worker's largest optimized compile (docs/SCALE.md).
   */
  const w = ctx.slots;
  const valueAt = (m: number, at: number, endpoint: boolean): unknown => {
    const entry = kn.i32[m + 3] as number;
    const stamp = kn.i32[m + 4] as number;
    if (entry >= 0 && kn.stamps[entry] === stamp) return kn.values[entry];
    s.pos = at;
    const v = readValue(s, 2);
    if (entry >= 0) {
      kn.values[entry] = v;
      kn.stamps[entry] = stamp;
      kn.ids[entry] = 0;
      if (v !== UNREADABLE && endpoint && !w) keepEndpointCore(v, labels);
    }
    return v;
  };

  /**
   * The slot writer's number for the value of the member at `m` (its value at `at`), or -1 when
   * it is unreadable: the memo entry's number, else a new one (kept with the entry's value).
   */
  const idAt = (sw: SlotWriter, m: number, at: number, endpoint: boolean): number => {
    const v = valueAt(m, at, endpoint);
    if (v === UNREADABLE) return -1;
    const entry = kn.i32[m + 3] as number;
    if (entry < 0) return sw.valueId(v, endpoint);
    const id = kn.ids[entry] as number;
    if (id !== 0) return id;
    return (kn.ids[entry] = sw.valueId(v, endpoint));
  };
  /**
   * Gives up the line begun in `sw` whose members were read up to `m` (included): the numbers
   * it gave are taken back, and the memo entries that got them forget them.
   */
  const giveUp = (sw: SlotWriter, m: number): false => {
    const first = sw.drop();
    const i32 = kn.i32;
    for (let q = kn.out; q <= m; q += MEMBER) {
      const entry = i32[q + 3] as number;
      if (entry >= 0 && (kn.ids[entry] as number) >= first) kn.ids[entry] = 0;
    }
    return false;
  };

  const parse: BytesLineParser = (b, start, end, line) => {
    views(kn);
    if (w) {
      if (kn.idOwner !== w || kn.idEpoch !== w.epoch) {
        kn.ids.fill(0);
        kn.idOwner = w;
        kn.idEpoch = w.epoch;
        kn.cores = false;
      }
    } else if (!kn.cores) {
      // Values read for a slot writer have no core: read again, each keeps its core (and a
      // writer's next line numbers its values again).
      kn.stamps.fill(0);
      kn.idOwner = null;
      kn.cores = true;
    }
    if (b !== chunk || kn.holder !== me || start < base || end > copied) {
      // The parser's first copy is short (a few lines), so that a copy runs again a few lines
      // on: V8 gives a function its feedback only after its first runs, and code optimized
      // without feedback here is thrown away (and compiled again) at the next chunk.
      const to = Math.min(b.length, Math.max(start + (copied === 0 ? FIRST_COPY : COPY), end));
      room(kn, to - start);
      kn.u8.set(b.subarray(start, to), kn.in);
      kn.holder = me;
      chunk = b;
      base = start;
      copied = to;
    }
    const n = kn.k.scan(start - base, end - start, ctx.dropReplies ? 1 : 0, FLOW_INDEX);
    if (n === REPLY) {
      ctx.replies++;
      return true;
    }
    if (n === FAIL) return false;
    const i32 = kn.i32;
    s.b = b;
    s.end = end;
    // The top-level keys hubbleRecord reads besides `flow` and `time`, by name (as the flow's);
    // for a slot writer, their values' numbers.
    const top = { node_name: undefined as unknown, nodeName: undefined as unknown };
    let t1 = 0;
    let t2 = 0;
    /** The flow's slots (null for a slot writer, whose line is begun instead). */
    let flow: FlowSlots | null = null;
    let isFlow = false;
    /** A policy, `l7` or variant member (hubbleRecord reads those only when there is one). */
    let extras = false;
    let flowTime = -1;
    let flowTimeEnd = -1;
    let topTime = -1;
    let topTimeEnd = -1;
    /** An `l4` the kernel read (wasm/hubble-kernel.ts decodeL4): its code and ports. */
    let l4Code = -1;
    let l4Ports = 0;
    if (w) w.begin(line);
    const last = kn.out + n * MEMBER;
    for (let m = kn.out; m < last; m += MEMBER) {
      const word = i32[m] as number;
      const at = base + (i32[m + 1] as number);
      const index = word & 0xffff;
      if (word >>> 16 === 1) {
        if (index === FLOW_INDEX) {
          // An object's members follow; any other value is not for this path (as readTop). A
          // flow before it is void, the l4 the kernel read in it too (the last flow counts).
          if (w && isFlow) w.again();
          isFlow = b[at] === 123;
          if (!w) flow = isFlow ? newFlowSlots() : null;
          extras = false;
          flowTime = -1;
          l4Code = -1;
        } else if (index === TOP_TIME) {
          topTime = at;
          topTimeEnd = base + (i32[m + 2] as number);
        } else if (w) {
          const id = idAt(w, m, at, false);
          if (id < 0) return giveUp(w, m);
          if (index === TOP_NODE_NAME) t1 = id;
          else t2 = id;
        } else {
          const v = valueAt(m, at, false);
          if (v === UNREADABLE) return false;
          // HUBBLE_TOP_KEYS: flow, time, node_name, nodeName (a unit test holds them).
          if (index === TOP_NODE_NAME) top.node_name = v;
          else top.nodeName = v;
        }
        continue;
      }
      if (index === TIME) {
        flowTime = at;
        flowTimeEnd = base + (i32[m + 2] as number);
        continue;
      }
      const entry = i32[m + 3] as number;
      if (entry < -1) {
        // The l4 the kernel read: no value; the last `l4` member counts, as in JSON.parse.
        l4Code = -2 - entry;
        l4Ports = i32[m + 4] as number;
        continue;
      }
      if (index === L4) l4Code = -1;
      const endpoint = MEMO_BY_INDEX[index] === ENDPOINT_MEMO;
      if (w) {
        const id = idAt(w, m, at, endpoint);
        if (id < 0) return giveUp(w, m);
        w.member(index, id);
      } else {
        const v = valueAt(m, at, endpoint);
        if (v === UNREADABLE) return false;
        setFlowSlot(flow as FlowSlots, index, v);
      }
      if (index >= FIRST_EXTRA) extras = true;
    }
    if (!isFlow) return w ? giveUp(w, last - MEMBER) : false;
    const time = timeAt(b, flowTime, flowTimeEnd) ?? timeAt(b, topTime, topTimeEnd);
    if (w) w.end(time, l4Code, l4Ports, extras, t1, t2);
    else emitFlow(ctx, labels, flow as FlowSlots, top, JSONPB, line, time, l4Code, l4Ports, extras);
    return true;
  };
  parse.newChunk = () => {
    chunk = null;
  };
  parse.scan = 'wasm';
  return parse;
}
