/**
 * A cheap look at a file's first bytes (decompressed when gzip) to tell metadata from flows,
 * so a batch can import the kubectl dumps first and the flows resolve against them.
 */
import { detectFormatBytes } from '$lib/engine/formats';

const HEAD_BYTES = 64 * 1024;

export async function sniffKind(file: Blob): Promise<'flows' | 'metadata' | 'unknown'> {
  let head: Uint8Array = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) head = await gunzipHead(file);
  return detectFormatBytes(head).kind;
}

async function gunzipHead(file: Blob): Promise<Uint8Array> {
  const reader = file
    .stream()
    .pipeThrough(
      new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
    )
    .getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < HEAD_BYTES) {
      const { value, done } = await reader.read();
      if (done || !value) break;
      parts.push(value);
      size += value.length;
    }
  } catch {
    // A corrupt gzip: whatever was decompressed so far is the head.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
