/**
 * A content hash of an input, computed while it streams (DESIGN.md §5 "Same file twice"): the
 * bytes are cut into fixed 4 MiB blocks, each block hashed with SHA-256, and the hash is the
 * SHA-256 of the block digests and the length. Fixed blocks make it independent of how the
 * stream happens to chunk the bytes; the SHA-256 itself is the platform's (WebCrypto in the
 * browser, node:crypto in the CLI), passed in, so the engine stays free of platform globals.
 */

/** SHA-256 of some bytes (the platform's implementation). */
export type Sha256 = (bytes: Uint8Array) => Promise<Uint8Array>;

export const HASH_BLOCK = 4 * 1024 * 1024;

export interface ContentHasher {
  update(chunk: Uint8Array): Promise<void>;
  /** Set by `hashingStream` once the stream was read to its end (not cancelled half-way). */
  ended: boolean;
  /** `sha256-4m:<hex>`; call once, after the last update. */
  digest(): Promise<string>;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function createContentHasher(sha256: Sha256): ContentHasher {
  const block = new Uint8Array(HASH_BLOCK);
  let fill = 0;
  let length = 0;
  const digests: Uint8Array[] = [];
  const flush = async () => {
    digests.push(await sha256(block.slice(0, fill)));
    fill = 0;
  };
  return {
    ended: false,
    async update(chunk) {
      length += chunk.length;
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(HASH_BLOCK - fill, chunk.length - at);
        block.set(chunk.subarray(at, at + n), fill);
        fill += n;
        at += n;
        if (fill === HASH_BLOCK) await flush();
      }
    },
    async digest() {
      if (fill > 0 || digests.length === 0) await flush();
      const all = new Uint8Array(digests.length * 32 + 8);
      digests.forEach((d, i) => all.set(d, i * 32));
      new DataView(all.buffer).setBigUint64(digests.length * 32, BigInt(length));
      return `sha256-4m:${hex(await sha256(all))}`;
    },
  };
}

/** The stream's bytes, passed through unchanged while `hasher` sees every one of them. */
export function hashingStream(
  source: ReadableStream<Uint8Array>,
  hasher: ContentHasher,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read();
      if (next.done) {
        hasher.ended = true;
        return controller.close();
      }
      await hasher.update(next.value);
      controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The content hash of a whole stream (read to its end). */
export async function hashStream(
  source: ReadableStream<Uint8Array>,
  sha256: Sha256,
): Promise<string> {
  const hasher = createContentHasher(sha256);
  const reader = source.getReader();
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    await hasher.update(next.value);
  }
  return hasher.digest();
}
