/**
 * Gzip decompression of a byte source, the same in the worker and in Node (pako, a port of
 * zlib): every member of a multi-member file is read, the CRC of each is checked, and what
 * follows the last member (trailing junk) or breaks a member (corruption, truncation) ends the
 * output with a note instead of losing the output already decoded. A budget stops a
 * decompression bomb: output beyond `maxBytes`, or beyond `maxRatio` times the input once it
 * has passed `ratioAfter` bytes. Input goes in small slices, so cancel and the budget act
 * within milliseconds whatever the compression ratio.
 */
import { Inflate, type ZStream } from 'pako';
import type { ByteSource } from './bytes';

export interface InflateBudget {
  /** Most output bytes per input byte once the output passed `ratioAfter`. */
  maxRatio: number;
  ratioAfter: number;
  /** Most output bytes in all. */
  maxBytes: number;
}

/**
 * Real captures compress 5–30×; deflate cannot exceed ~1032×, which only crafted data reaches.
 * 16 GiB is ten times the design's largest capture (1M Hubble flows ≈ 1.4 GB).
 */
export const DEFAULT_INFLATE_BUDGET: InflateBudget = {
  maxRatio: 250,
  ratioAfter: 64 * 1024 * 1024,
  maxBytes: 16 * 1024 * 1024 * 1024,
};

/** Why the output ended early; read once the source returned null. */
export interface GunzipEnd {
  /** Corrupt or truncated data: zlib's message. */
  failed?: string;
  /** Bytes that follow the last complete member and are not a member; where they start. */
  trailingAt?: number;
  /** The budget stopped decompression: which limit. */
  overBudget?: string;
}

export interface GunzipSource extends ByteSource {
  end: GunzipEnd;
}

const SLICE = 16 * 1024;
const OVER_BUDGET = Symbol('over budget');
/**
 * zlib's messages for a bad member header (after a complete member: trailing data), with the
 * header bytes zlib had read when it gave up (the magic number; magic, method and flags).
 */
const HEADER_ERRORS = new Map([
  ['incorrect header check', 2],
  ['unknown compression method', 4],
  ['unknown header flags set', 4],
]);

interface State {
  inflate: Inflate;
  strm: ZStream | null;
  out: Uint8Array[];
  produced: number;
  consumed: number;
  /** Input offset where the current slice starts. */
  sliceAt: number;
  /** Bytes after a finished stream, not yet known to start another member. */
  between: Uint8Array | null;
  done: boolean;
}

function budgetProblem(s: State, budget: InflateBudget): string | null {
  if (s.produced > budget.maxBytes)
    return `more than ${Math.round(budget.maxBytes / 2 ** 30)} GiB decompressed`;
  if (s.produced > budget.ratioAfter && s.produced > budget.maxRatio * s.consumed)
    return `the data expands more than ${budget.maxRatio} times`;
  return null;
}

function newInflate(s: State, end: GunzipEnd, budget: InflateBudget): Inflate {
  const inflate = new Inflate({ chunkSize: 64 * 1024 });
  inflate.onStart = (strm) => void (s.strm = strm);
  inflate.onData = (chunk) => {
    s.out.push(chunk);
    s.produced += chunk.length;
    const over = budgetProblem(s, budget);
    if (over) {
      end.overBudget = over;
      throw OVER_BUDGET;
    }
  };
  inflate.onEnd = () => undefined;
  return inflate;
}

/** zlib stops at an error without handing on the output it decoded before it: keep that too. */
function keepPending(s: State): void {
  const strm = s.strm;
  if (strm && strm.next_out > 0) {
    s.out.push(strm.output.slice(0, strm.next_out));
    s.produced += strm.next_out;
    strm.next_out = 0;
  }
}

const isMember = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b;

/** After a push: the stream may have ended (cleanly, with bytes after it, or with an error). */
function settle(s: State, end: GunzipEnd, slice: Uint8Array, last: boolean): void {
  const { inflate } = s;
  if (!inflate.ended) {
    if (last) {
      end.failed = 'unexpected end of file';
      s.done = true;
    }
    return;
  }
  if (inflate.err === 0) {
    const left = s.strm?.avail_in ?? 0;
    // zlib ends its stream when a member ends at the end of its input: the next member (or
    // the junk after the last) is read here.
    if (left > 0) s.between = slice.slice(slice.length - left);
    else if (last) s.done = true;
    else s.between = new Uint8Array(0);
    return;
  }
  keepPending(s);
  s.done = true;
  const headerRead = HEADER_ERRORS.get(inflate.msg);
  if (headerRead !== undefined && s.produced > 0)
    end.trailingAt = s.sliceAt + (s.strm?.next_in ?? 0) - headerRead;
  else end.failed = inflate.msg || `zlib error ${inflate.err}`;
}

/** Bytes after a finished stream: another member starts a new stream; anything else is junk. */
function afterStream(
  s: State,
  end: GunzipEnd,
  budget: InflateBudget,
  slice: Uint8Array,
  last: boolean,
): Uint8Array | null {
  const before = s.between as Uint8Array;
  const bytes = before.length === 0 ? slice : new Uint8Array([...before, ...slice]);
  if (bytes.length < 2 && !last) {
    s.between = new Uint8Array(bytes);
    return null;
  }
  s.between = null;
  if (bytes.length === 0) {
    s.done = true;
    return null;
  }
  if (!isMember(bytes)) {
    end.trailingAt = s.consumed - bytes.length;
    s.done = true;
    return null;
  }
  s.sliceAt = s.consumed - bytes.length;
  s.inflate = newInflate(s, end, budget);
  return bytes;
}

function push(s: State, end: GunzipEnd, input: Uint8Array, final: boolean): boolean {
  try {
    s.inflate.push(input, final);
    return true;
  } catch (e) {
    if (e !== OVER_BUDGET) throw e;
    s.done = true;
    return false;
  }
}

/** Pushes one input chunk in slices; stops at the end of the data, an error or the budget. */
function feed(
  s: State,
  end: GunzipEnd,
  budget: InflateBudget,
  chunk: Uint8Array,
  last: boolean,
): void {
  for (let at = 0; !s.done && (at < chunk.length || (last && at === 0)); at += SLICE) {
    const slice = chunk.subarray(at, at + SLICE);
    const final = last && at + SLICE >= chunk.length;
    s.sliceAt = s.consumed;
    s.consumed += slice.length;
    const input = s.between ? afterStream(s, end, budget, slice, final) : slice;
    if (input === null || !push(s, end, input, final)) continue;
    settle(s, end, input, final);
  }
}

/** Decompresses gzip `src` (all members); see GunzipEnd for how the output may end early. */
export function gunzip(src: ByteSource, budget = DEFAULT_INFLATE_BUDGET): GunzipSource {
  const end: GunzipEnd = {};
  const s: State = {
    inflate: null as unknown as Inflate,
    strm: null,
    out: [],
    produced: 0,
    consumed: 0,
    sliceAt: 0,
    between: null,
    done: false,
  };
  s.inflate = newInflate(s, end, budget);
  const out: GunzipSource = {
    end,
    async read() {
      while (s.out.length === 0 && !s.done) {
        const chunk = await src.read();
        feed(s, end, budget, chunk ?? new Uint8Array(0), chunk === null);
        if (chunk === null) s.done = true;
      }
      const next = s.out.shift() ?? null;
      if (next === null && end.failed !== undefined) out.failed = end.failed;
      return next;
    },
    async cancel() {
      s.done = true;
      s.out.length = 0;
      await src.cancel();
    },
  };
  return out;
}

/** Decompresses gzip bytes held whole (a manifest file): the output decoded and how it ended. */
export async function gunzipBytes(
  b: Uint8Array,
  budget = DEFAULT_INFLATE_BUDGET,
): Promise<{ bytes: Uint8Array; end: GunzipEnd }> {
  let given = false;
  const src: ByteSource = {
    read: () => Promise.resolve(given ? null : ((given = true), b)),
    cancel: () => Promise.resolve(),
  };
  const gz = gunzip(src, budget);
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let c = await gz.read(); c !== null; c = await gz.read()) {
    parts.push(c);
    size += c.length;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, end: gz.end };
}
