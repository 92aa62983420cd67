/**
 * Universal newlines: a lone CR (old Mac line ends, or one CR in a mixed-EOL file) ends a line
 * as LF and CRLF do, instead of joining two lines. Applied where text enters the readers: on
 * bytes for UTF-8 (a CR is one byte, never inside a multi-byte sequence) and on decoded text for
 * UTF-16. A chunk without CR passes untouched; a CR at a chunk's end waits for the next chunk.
 */
import type { ByteSource } from './bytes';
import { byteFinder, findIn } from './find-byte';
import type { ChunkDecoder } from './utf8';

const CR = 13;
const LF = 10;

/** Lone CRs of `b` as LF (a copy only when there is one); `b` must not end with CR. */
function fixBytes(b: Uint8Array): Uint8Array {
  let out = b;
  const f = byteFinder(b);
  for (let i = findIn(f, 0, CR); i >= 0; i = findIn(f, i + 1, CR)) {
    if (b[i + 1] === LF) continue;
    // A copy (Buffer#slice would share the chunk's memory).
    if (out === b) out = new Uint8Array(b);
    out[i] = LF;
  }
  return out;
}

function withByte(first: number, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + 1);
  out[0] = first;
  out.set(b, 1);
  return out;
}

/** A byte source (ASCII-compatible text) whose lone CRs read as LF. */
export function universalNewlines(src: ByteSource): ByteSource {
  let heldCr = false;
  const out: ByteSource = {
    async read() {
      let chunk = await src.read();
      if (src.failed !== undefined) out.failed = src.failed;
      if (chunk === null) {
        if (!heldCr) return null;
        heldCr = false;
        return new Uint8Array([LF]);
      }
      if (heldCr) chunk = withByte(chunk[0] === LF ? CR : LF, chunk);
      heldCr = chunk.length > 0 && chunk[chunk.length - 1] === CR;
      if (heldCr) chunk = chunk.subarray(0, chunk.length - 1);
      return fixBytes(chunk);
    },
    cancel: () => src.cancel(),
  };
  return out;
}

const LONE_CR = /\r(?!\n)/g;

/** A decoder whose text has lone CRs as LF (for UTF-16, where CR is two bytes). */
export function universalNewlinesText(d: ChunkDecoder): ChunkDecoder {
  let heldCr = false;
  return {
    decode(chunk) {
      let text = (heldCr ? '\r' : '') + d.decode(chunk);
      heldCr = chunk !== null && text.endsWith('\r');
      if (heldCr) text = text.slice(0, -1);
      return text.includes('\r') ? text.replace(LONE_CR, '\n') : text;
    },
  };
}
