/**
 * Chunked text decoding. UTF-8 is decoded chunk by chunk without TextDecoder's `stream` mode
 * (several times slower in V8/Node): a multi-byte sequence cut at a chunk end is carried over
 * to the next chunk. The BOM is stripped at the start only. UTF-16 uses the streaming decoder.
 */
import { concat } from './bytes';
import type { TextEncoding } from './sniff';

export interface ChunkDecoder {
  /** Decodes one chunk; `null` flushes the end of the input. */
  decode(chunk: Uint8Array | null): string;
}

/** Length of the complete UTF-8 prefix of `b` (a trailing, unfinished sequence excluded). */
export function completeUtf8(b: Uint8Array): number {
  const n = b.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const c = b[n - back] ?? 0;
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/**
 * UTF-8 chunks decoded in turn; a BOM is stripped at the start unless `midFile` (the text of a
 * file read from a later point: a U+FEFF there is text).
 */
export function utf8Decoder(midFile = false): ChunkDecoder {
  const first = new TextDecoder('utf-8', { ignoreBOM: midFile });
  const rest = new TextDecoder('utf-8', { ignoreBOM: true });
  let started = false;
  let carry: Uint8Array | null = null;
  const run = (b: Uint8Array): string => {
    const text = started ? rest.decode(b) : first.decode(b);
    started = true;
    return text;
  };
  return {
    decode(chunk) {
      const bytes =
        carry && chunk ? concat([carry, chunk], carry.length + chunk.length) : (chunk ?? carry);
      carry = null;
      if (!bytes || bytes.length === 0) return '';
      if (!chunk) return run(bytes);
      const cut = completeUtf8(bytes);
      // A copy: a Buffer's slice would share the chunk, which the reader may fill again.
      if (cut < bytes.length) carry = new Uint8Array(bytes.subarray(cut));
      if (cut === 0) return '';
      return run(cut === bytes.length ? bytes : bytes.subarray(0, cut));
    },
  };
}

function streamingDecoder(enc: TextEncoding): ChunkDecoder {
  const d = new TextDecoder(enc);
  return { decode: (chunk) => (chunk ? d.decode(chunk, { stream: true }) : d.decode()) };
}

export function createChunkDecoder(enc: TextEncoding): ChunkDecoder {
  return enc === 'utf-8' ? utf8Decoder() : streamingDecoder(enc);
}
