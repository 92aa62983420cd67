/**
 * The head of a text input: what readInput reads before it detects the format — the first
 * HEAD_LINES lines or HEAD_CHARS characters, kept as text and as the raw chunks it came from.
 */
import type { ByteSource } from '../io/bytes';
import type { ChunkDecoder } from '../io/utf8';
import type { ReadOptions } from './types';

/** Detection looks at this much text at most, or at the first HEAD_LINES lines. */
const HEAD_CHARS = 256 * 1024;
const HEAD_LINES = 64;

function headReady(head: string): boolean {
  if (head.length >= HEAD_CHARS) return true;
  let n = 0;
  for (let i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1))
    if (++n >= HEAD_LINES) return true;
  return false;
}

export interface Head {
  text: string;
  /** The raw chunks the text was decoded from (a byte consumer reads these instead). */
  raw: Uint8Array[];
  /** The input ended within the head. */
  ended: boolean;
}

/** Reads until detection has enough text (or the input ends); null when aborted. */
export async function readHead(
  src: ByteSource,
  decoder: ChunkDecoder,
  opts: ReadOptions,
): Promise<Head | null> {
  const head: Head = { text: '', raw: [], ended: false };
  for (;;) {
    if (opts.signal?.aborted) return null;
    const chunk = await src.read();
    head.text += decoder.decode(chunk);
    if (!chunk) {
      head.ended = true;
      return head;
    }
    head.raw.push(chunk);
    if (headReady(head.text)) return head;
  }
}
