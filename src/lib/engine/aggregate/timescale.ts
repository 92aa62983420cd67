/**
 * The time scale of the activity histogram: a bar width a person reads at a glance (1 min,
 * 5 min, 1 h, 1 d…) giving about a hundred bars over any span from a minute to years, its
 * label, and the flows of the bars a selected range touches. Bars never go below the stored
 * resolution (the aggregates' bucket width, aggregate/width.ts): they keep per-bucket counts,
 * not per-flow times.
 */
import type { HistogramPoint } from './window';
import { D, H, MIN, MIN_BUCKET_MS, S } from './width';

/** Bar widths in increasing order; past the last, whole multiples of it. */
export const NICE_WIDTHS: readonly number[] = [
  S,
  2 * S,
  5 * S,
  10 * S,
  15 * S,
  30 * S,
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  D,
  2 * D,
  7 * D,
  14 * D,
  30 * D,
];

/**
 * The narrowest nice width, a multiple of `floor`, that covers [min, max] in at most `bars`
 * bars (a span of zero gets the floor).
 */
export function barWidth(
  span: { min: number; max: number } | null,
  bars = 100,
  floor = MIN_BUCKET_MS,
): number {
  const length = span ? Math.max(0, span.max - span.min) : 0;
  const need = length / bars;
  for (const w of NICE_WIDTHS) if (w >= floor && w >= need && w % floor === 0) return w;
  const last = Math.max(floor, NICE_WIDTHS[NICE_WIDTHS.length - 1]!);
  const step = last % floor === 0 ? last : floor;
  return Math.max(step, Math.ceil(need / step) * step);
}

/** "1 s", "15 s", "1 min", "3 h", "1 d", "2 wk" — the width of one bar, for the axis. */
export function widthLabel(ms: number): string {
  const units: [number, string][] = [
    [7 * D, 'wk'],
    [D, 'd'],
    [H, 'h'],
    [MIN, 'min'],
    [S, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  }
  return ms >= S ? `${Math.round(ms / S)} s` : `${ms} ms`;
}

/**
 * The flows of the bars that overlap [from, to] (either bound open when null): what a range
 * selected on the histogram holds, at the histogram's resolution.
 */
export function flowsInRange(
  points: readonly HistogramPoint[],
  width: number,
  from: number | null,
  to: number | null,
): number {
  let flows = 0;
  for (const p of points) {
    if (from !== null && p.t + width <= from) continue;
    if (to !== null && p.t > to) continue;
    flows += p.flows;
  }
  return flows;
}

/** Points of a finer histogram summed into bars `width` wide (a multiple of theirs). */
export function rebin(points: readonly HistogramPoint[], width: number): HistogramPoint[] {
  const out: HistogramPoint[] = [];
  for (const p of points) {
    const t = Math.floor(p.t / width) * width;
    const last = out[out.length - 1];
    if (last && last.t === t) last.flows += p.flows;
    else out.push({ t, flows: p.flows });
  }
  return out;
}
