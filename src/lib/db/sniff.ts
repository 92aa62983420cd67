/**
 * A cheap look at a file's first bytes (decompressed when gzip) to tell metadata from flows,
 * so a batch can import the kubectl dumps first and the flows resolve against them. A corrupt
 * gzip is looked at as far as it decompresses.
 */
import { detectFormatBytes, gunzip, isGzip, peek, streamSource } from '$lib/engine';

const HEAD_BYTES = 64 * 1024;

export async function sniffKind(file: Blob): Promise<'flows' | 'metadata' | 'unknown'> {
  let head: Uint8Array = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  if (isGzip(head)) {
    const source = gunzip(streamSource(file.stream(), () => undefined));
    head = (await peek(source, HEAD_BYTES)).head;
    void source.cancel();
  }
  return detectFormatBytes(head).kind;
}
