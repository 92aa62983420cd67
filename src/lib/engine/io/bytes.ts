/**
 * Byte sources over a ReadableStream: counted reads (progress) and peeking at the first bytes
 * without losing them. Gzip decompression is io/gunzip.ts.
 */

export interface ByteSource {
  /** The next chunk, or null at the end (or after a decompression failure). */
  read(): Promise<Uint8Array | null>;
  cancel(): Promise<void>;
  /** Set when decompression failed (io/gunzip.ts): the message of the error. */
  failed?: string;
}

/** Longest stretch (ms) a read loop runs before it lets queued events through. */
const TURN_MS = 50;

/** The timers of Node and of workers; the engine compiles without their type libraries. */
const timers = globalThis as unknown as {
  setTimeout(run: () => void, ms: number): unknown;
  setImmediate?: (run: () => void) => unknown;
};

/** A macrotask boundary: timers and messages queued meanwhile run before it resolves. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, 0));
}

/**
 * The turns after the first: Node's `setTimeout(…, 0)` waits at least 1 ms, idle, at every turn
 * (≈ 20 ms of a one-thread `analyze` of the bench's 200k capture, docs/SCALE.md); its
 * `setImmediate` runs once the event loop has handled the I/O and messages that are ready (a
 * timer queued just before may wait for the next turn, at most TURN_MS later). Browsers have no
 * setImmediate: their workers keep the timer.
 */
function laterTurn(): Promise<void> {
  const immediate = timers.setImmediate;
  if (immediate) return new Promise((resolve) => immediate(() => resolve()));
  return nextTurn();
}

/**
 * Reads `stream`, calling `onBytes(total)` after every chunk. When the stream has chunks
 * queued (a file read faster than it is parsed), each read resolves as a microtask and the
 * loop would never let the worker see a Cancel message until the end of the file: so the
 * first read, and then one every TURN_MS, waits for the next turn of the event loop.
 */
export function streamSource(
  stream: ReadableStream<Uint8Array>,
  onBytes: (total: number) => void,
): ByteSource {
  const reader = stream.getReader();
  let total = 0;
  let turn = -Infinity;
  return {
    async read() {
      if (Date.now() - turn >= TURN_MS) {
        await (turn === -Infinity ? nextTurn() : laterTurn());
        turn = Date.now();
      }
      const r = await reader.read();
      if (r.done) return null;
      total += r.value.length;
      onBytes(total);
      return r.value;
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

/** `parts` as one array of `size` bytes (the one part itself when there is only one). */
export function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads until at least `n` bytes (or the end); returns them and a source that replays them first. */
export async function peek(
  src: ByteSource,
  n: number,
): Promise<{ head: Uint8Array; source: ByteSource }> {
  const parts: Uint8Array[] = [];
  let size = 0;
  while (size < n) {
    const chunk = await src.read();
    if (!chunk) break;
    parts.push(chunk);
    size += chunk.length;
  }
  const head = concat(parts, size);
  let replay: Uint8Array | null = size > 0 ? head : null;
  const source: ByteSource = {
    read() {
      if (replay) {
        const r = replay;
        replay = null;
        return Promise.resolve(r);
      }
      return src.read().then((c) => {
        if (src.failed) source.failed = src.failed;
        return c;
      });
    },
    cancel: () => src.cancel(),
  };
  if (src.failed) source.failed = src.failed;
  return { head, source };
}

export function isGzip(b: Uint8Array): boolean {
  return b[0] === 0x1f && b[1] === 0x8b;
}
