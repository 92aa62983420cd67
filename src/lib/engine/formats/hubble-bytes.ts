/**
 * The Hubble jsonpb line read straight from bytes (the hot path of big captures): replies are
 * recognised by the same tail mark as the text parser, and other lines are read with
 * json-bytes into objects that hold only the keys `hubbleRecord` reads, so they give the same
 * record as JSON.parse would. Endpoint objects (the bulk of a line, repeated on every flow of
 * a pod) are built once per distinct byte content. A line this path does not handle (another
 * shape, non-ASCII bytes, invalid JSON) is left to the text parser, which reports problems.
 */
import type { BytesLineParser, ParseContext } from './common';
import {
  emitFlow,
  HUBBLE_FLOW_KEYS,
  HUBBLE_TOP_KEYS,
  DNS_MARK,
  REPLY_WINDOW,
  type HubbleVariant,
} from './hubble';
import { createLabelCache, keepEndpointCore, type LabelCache } from './hubble-endpoint';
import { parseIsoTime } from './common';
import {
  createByteMemo,
  createLineView,
  memoObject,
  viewOf,
  type ByteMemo,
  type LineView,
} from './byte-memo';
import { createDayCache, isoTimeBytes, type DayCache } from './iso-bytes';
import {
  createScan,
  FAIL,
  keyTable,
  matchKey,
  nextMember,
  scanLine,
  skip,
  skipWs,
  UNREADABLE,
  type ByteScan,
} from './json-bytes';
import { ascii, readValue } from './json-bytes-read';
import { findByte } from '../io/find-byte';
import { hubbleKernelParser } from './hubble-kernel';

type Obj = Record<string, unknown>;

const JSONPB: HubbleVariant = { format: 'hubble-jsonpb' };

const TOP_KEYS = keyTable(HUBBLE_TOP_KEYS);
const FLOW_KEYS = keyTable(HUBBLE_FLOW_KEYS);
/** Bytes of endpoint objects (and of other shared objects) kept; a memo starts over beyond. */
const ENDPOINT_BYTES = 4 << 20;
const OBJECT_BYTES = 1 << 20;

/** Flow members (besides the endpoints and `l4`) that repeat on every flow of a connection. */
const SHARED_KEYS = new Set(['IP', 'source_service', 'destination_service']);

interface HubbleScan {
  s: ByteScan;
  labels: LabelCache;
  days: DayCache;
  endpoints: ByteMemo;
  objects: ByteMemo;
  /**
   * `l4` repeats for each flag change of its connection (its ports are in the memo's prefix),
   * but nearly every connection brings a new one: kept apart, they do not make the memo of the
   * addresses and Services start over.
   */
  l4: ByteMemo;
  keepCore: (ep: unknown) => void;
  view: LineView;
  /** Byte ranges of the last `flow.time` and top-level `time` values, -1 when absent. */
  flowTime: number;
  flowTimeEnd: number;
  topTime: number;
  topTimeEnd: number;
}

/** `eply":true` (the tail of `is_reply`, `isReply` and `reply` set to true), from its `y`. */
function markAt(b: Uint8Array, y: number): boolean {
  return (
    b[y + 1] === 34 &&
    b[y + 2] === 58 &&
    b[y + 3] === 116 &&
    b[y + 4] === 114 &&
    b[y + 5] === 117 &&
    b[y + 6] === 101 &&
    b[y - 1] === 108 &&
    b[y - 2] === 112 &&
    b[y - 3] === 101
  );
}

/**
 * The text parser's `looksLikeReply` on bytes: the mark within the last REPLY_WINDOW bytes,
 * found from its `y`, looked for eight bytes at a time from the end (a reply's mark sits near
 * the end of its line; two words with no `y` byte are skipped together: a non-reply line goes
 * through the whole window). On an ASCII line bytes are characters; a line with other bytes is
 * not read here when the mark is missing, so the text parser decides with its character window.
 */
export function hasReplyMark(b: Uint8Array, v: DataView, start: number, end: number): boolean {
  const low = Math.max(start, end - REPLY_WINDOW) + 3;
  let y = end - 7;
  for (; y - 7 >= low; y -= 8) {
    const x = v.getUint32(y - 3) ^ 0x79797979;
    const w = v.getUint32(y - 7) ^ 0x79797979;
    if ((((x - 0x01010101) & ~x) | ((w - 0x01010101) & ~w)) & 0x80808080)
      for (let k = y; k > y - 8; k--) if (b[k] === 121 && markAt(b, k)) return true;
  }
  for (; y >= low; y--) if (b[y] === 121 && markAt(b, y)) return true;
  return false;
}

const DNS_BYTES = Array.from(DNS_MARK, (c) => c.charCodeAt(0));
const OPEN_BRACE = 123;

/**
 * The line holds `"dns":{` (hubble.ts DNS_MARK): found from its `{`, rarer than quotes, looked
 * for sixteen bytes at a time (a search may look past `end`, into bytes `b` holds anyway).
 */
export function hasDnsMark(b: Uint8Array, v: DataView, start: number, end: number): boolean {
  const n = DNS_BYTES.length;
  for (let i = findByte(b, v, start + n - 1, OPEN_BRACE); i >= 0 && i < end;) {
    let k = 0;
    while (k < n - 1 && b[i - n + 1 + k] === DNS_BYTES[k]) k++;
    if (k === n - 1) return true;
    i = findByte(b, v, i + 1, OPEN_BRACE);
  }
  return false;
}

/**
 * Byte line parser for GetFlowsResponse lines (the text parser is hubbleJsonpbParser): the
 * WebAssembly kernel's (hubble-kernel.ts) where the engine runs it, else the scan below.
 */
export function hubbleJsonpbBytesParser(ctx: ParseContext): BytesLineParser {
  return hubbleKernelParser(ctx) ?? scanningParser(ctx);
}

/** The byte line parser that scans lines in JavaScript. */
function scanningParser(ctx: ParseContext): BytesLineParser {
  const view = createLineView();
  const h: HubbleScan = {
    s: createScan(),
    labels: createLabelCache(),
    days: createDayCache(),
    endpoints: createByteMemo(1 << 12, ENDPOINT_BYTES, view),
    objects: createByteMemo(1 << 12, OBJECT_BYTES, view),
    l4: createByteMemo(1 << 12, OBJECT_BYTES, view),
    view,
    keepCore: (ep) => keepEndpointCore(ep, h.labels),
    flowTime: -1,
    flowTimeEnd: -1,
    topTime: -1,
    topTimeEnd: -1,
  };
  return (b, start, end, line) => {
    // A DNS answer names addresses even in a reply: such lines are read (few lines are).
    if (
      ctx.dropReplies &&
      hasReplyMark(b, viewOf(h.view, b), start, end) &&
      !hasDnsMark(b, viewOf(h.view, b), start, end)
    ) {
      ctx.replies++;
      return true;
    }
    scanLine(h.s, b, start, end);
    const top = readTop(h);
    if (top === null || !isPlainObject(top.flow)) return false;
    const time = timeAt(h, h.flowTime, h.flowTimeEnd) ?? timeAt(h, h.topTime, h.topTimeEnd);
    emitFlow(ctx, h.labels, top.flow, top, JSONPB, line, time);
    return true;
  };
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The top-level object with the keys hubbleRecord reads; null when not for this path. */
function readTop(h: HubbleScan): Obj | null {
  const s = h.s;
  h.flowTime = h.topTime = -1;
  if (s.pos >= s.end || s.b[s.pos] !== 123) return null;
  s.pos++;
  const top: Obj = {};
  for (let first = true; ; first = false) {
    const m = nextMember(s, first);
    if (m === 0) break;
    if (m === FAIL) return null;
    const key = matchKey(s, TOP_KEYS);
    if (key === 'flow') {
      const flow = s.b[s.pos] === 123 ? readFlow(h) : readValue(s, 1);
      if (flow === UNREADABLE) return null;
      top.flow = flow;
    } else if (key === 'time') {
      h.topTime = s.pos;
      if (!skip(s)) return null;
      h.topTimeEnd = s.pos;
    } else if (!member(s, top, key)) return null;
  }
  return skipWs(s.b, s.pos, s.end) === s.end ? top : null;
}

/** Reads the member's value into `o[key]` when `key` is wanted, else skips it. */
function member(s: ByteScan, o: Obj, key: string | undefined): boolean {
  if (key === undefined) return skip(s);
  const v = readValue(s, 2);
  if (v === UNREADABLE) return false;
  o[key] = v;
  return true;
}

/** The `flow` object with the keys hubbleRecord reads (its time as a byte range). */
function readFlow(h: HubbleScan): Obj | typeof UNREADABLE {
  const s = h.s;
  h.flowTime = -1;
  s.pos++;
  const flow: Obj = {};
  for (let first = true; ; first = false) {
    const m = nextMember(s, first);
    if (m === 0) return flow;
    if (m === FAIL) return UNREADABLE;
    const key = matchKey(s, FLOW_KEYS);
    if (key === 'source' || key === 'destination') {
      const ep = memoObject(h.endpoints, s, h.keepCore);
      if (ep === UNREADABLE) return UNREADABLE;
      flow[key] = ep;
    } else if (key === 'l4' || (key !== undefined && SHARED_KEYS.has(key))) {
      const v = memoObject(key === 'l4' ? h.l4 : h.objects, s);
      if (v === UNREADABLE) return UNREADABLE;
      flow[key] = v;
    } else if (key === 'time') {
      h.flowTime = s.pos;
      if (!skip(s)) return UNREADABLE;
      h.flowTimeEnd = s.pos;
    } else if (!member(s, flow, key)) return UNREADABLE;
  }
}

/** parseIsoTime of the value in bytes [start, end): null when absent or not a string. */
function timeAt(h: HubbleScan, start: number, end: number): number | null {
  const b = h.s.b;
  if (start < 0 || b[start] !== 34) return null;
  const t = isoTimeBytes(b, start + 1, end - 1, h.days);
  // The value was checked as a string by skip(): JSON.parse gives it, escapes included.
  return Number.isNaN(t) ? parseIsoTime(JSON.parse(ascii(b, start, end))) : t;
}
