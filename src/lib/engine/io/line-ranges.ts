/**
 * Cutting a file into byte ranges that start after a newline, for reading its parts apart:
 * about equal ranges, each cut moved forward to just past the next `\n` (a cut inside a line,
 * even a CRLF, never happens). A file without a newline past a cut point has fewer parts.
 */

/** Bytes looked at, per read, for the newline after a cut point. */
const PROBE_BYTES = 64 * 1024;

/**
 * The ranges `[start, end)` of a file of `size` bytes in at most `parts` parts; `slice(start,
 * end)` reads bytes of the file (it may give fewer at its end).
 */
export async function lineRanges(
  size: number,
  parts: number,
  slice: (start: number, end: number) => Promise<Uint8Array>,
): Promise<[number, number][]> {
  const cuts: number[] = [0];
  for (let k = 1; k < parts; k++) {
    const from = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1]!);
    const cut = await nextLineStart(from, size, slice);
    if (cut === null) break;
    if (cut > cuts[cuts.length - 1]! && cut < size) cuts.push(cut);
  }
  return cuts.map((start, i): [number, number] => [start, cuts[i + 1] ?? size]);
}

/** The offset just past the first `\n` at or after `from`, or null when there is none. */
async function nextLineStart(
  from: number,
  size: number,
  slice: (start: number, end: number) => Promise<Uint8Array>,
): Promise<number | null> {
  for (let at = from; at < size; at += PROBE_BYTES) {
    const bytes = await slice(at, Math.min(size, at + PROBE_BYTES));
    if (bytes.length === 0) return null;
    const i = bytes.indexOf(10);
    if (i >= 0) return at + i + 1;
  }
  return null;
}
