/**
 * Time windows over aggregates: the activity of a communication inside [from, to], recomputed
 * from its buckets (DESIGN.md "Time"), and the activity histogram the UI's range picker shows.
 * Resolution is one bucket: a bucket counts whole when its activity overlaps the window.
 */
import type { CommAggregate } from '../model/communication';
import { widthOf } from './width';

export interface Activity {
  flows: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

/**
 * The flows, first and last seen of `a` inside [from, to] (either bound open when undefined),
 * or null when it had no activity there. Untimed flows (formats without timestamps) always
 * count; when only they count, first/last seen are null.
 */
export function activityIn(a: CommAggregate, from?: number, to?: number): Activity | null {
  if (from === undefined && to === undefined) {
    return a.flows > 0 ? { flows: a.flows, firstSeen: a.firstSeen, lastSeen: a.lastSeen } : null;
  }
  let flows = a.untimedFlows;
  let firstSeen: number | null = null;
  let lastSeen: number | null = null;
  for (const b of a.buckets) {
    if ((from !== undefined && b.last < from) || (to !== undefined && b.first > to)) continue;
    flows += b.flows;
    if (firstSeen === null || b.first < firstSeen) firstSeen = b.first;
    if (lastSeen === null || b.last > lastSeen) lastSeen = b.last;
  }
  return flows > 0 ? { flows, firstSeen, lastSeen } : null;
}

export interface HistogramPoint {
  /** Bucket start, epoch ms. */
  t: number;
  flows: number;
}

/**
 * Flows per bar `width` wide over `aggregates` (each aggregate once), sorted by t, gaps
 * omitted. A bar is never narrower than the widest aggregate's buckets.
 */
export function histogram(aggregates: CommAggregate[], width: number): HistogramPoint[] {
  for (const a of aggregates) {
    const w = widthOf(a);
    if (width < w || width % w !== 0) width = Math.ceil(width / w) * w;
  }
  const sums = new Map<number, number>();
  for (const a of aggregates) {
    for (const b of a.buckets) {
      const t = Math.floor(b.t / width) * width;
      sums.set(t, (sums.get(t) ?? 0) + b.flows);
    }
  }
  return [...sums.entries()].sort((x, y) => x[0] - y[0]).map(([t, flows]) => ({ t, flows }));
}
