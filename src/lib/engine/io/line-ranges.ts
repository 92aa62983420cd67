/**
 * Cutting a file into byte ranges that start after a newline, for reading its parts apart:
 * about equal ranges, or ranges smaller and smaller for readers that take the next one as they
 * come free; each cut moved forward to just past the next `\n` (a cut inside a line, even a
 * CRLF, never happens). A file without a newline past a cut point has fewer parts.
 */

/** Bytes looked at, per read, for the newline after a cut point. */
const PROBE_BYTES = 64 * 1024;

/**
 * The ranges `[start, end)` of a file of `size` bytes cut near `points` (ascending offsets),
 * each cut moved forward to just past the next newline; `slice(start, end)` reads bytes of the
 * file (it may give fewer at its end).
 */
export async function lineRanges(
  size: number,
  points: number[],
  slice: (start: number, end: number) => Promise<Uint8Array>,
): Promise<[number, number][]> {
  const cuts: number[] = [0];
  for (const point of points) {
    const from = Math.max(point, cuts[cuts.length - 1]!);
    const cut = await nextLineStart(from, size, slice);
    if (cut === null) break;
    if (cut > cuts[cuts.length - 1]! && cut < size) cuts.push(cut);
  }
  return cuts.map((start, i): [number, number] => [start, cuts[i + 1] ?? size]);
}

/** Cut points for `parts` about equal parts. */
export function equalPoints(size: number, parts: number): number[] {
  return Array.from({ length: Math.max(0, parts - 1) }, (_, k) =>
    Math.floor((size * (k + 1)) / parts),
  );
}

/**
 * Cut points for parts taken by `threads` readers as each comes free (guided self-scheduling):
 * each part is the rest divided by the readers, at least `least` bytes, so the first parts are
 * big (few parts to start and merge) and the last small (readers end close together).
 */
export function guidedPoints(size: number, threads: number, least: number): number[] {
  const points: number[] = [];
  for (let at = 0; ;) {
    const part = Math.max(least, 1, Math.ceil((size - at) / threads));
    if (size - at - part < least) return points;
    at += part;
    points.push(at);
  }
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
