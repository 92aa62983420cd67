/**
 * The width of time buckets, chosen per import from the span it covers: a 6-second capture
 * keeps one bucket a second, a day keeps minutes. The aggregator starts at the finest width and
 * widens along a ladder whose steps divide each other as the span grows, so widening only merges
 * whole buckets: flows (and their per-side tallies), first and last seen stay what aggregating at
 * the wider width directly gives. Aggregates answered together share one width, the one their
 * joint span and the widest of them ask for (`settle`), so any order of reading, sharding and
 * merging gives the same buckets — and the app's imports the same answers as the CLI's one pass.
 */
import type { Bucket, CommAggregate } from '../model/communication';
import { copyTally, fromBucket, mergeBucketAcc, toBucket, type BucketAcc } from './tally';

/** A second, a minute, an hour and a day in ms (the histogram's widths use them too). */
export const S = 1000;
export const MIN = 60 * S;
export const H = 60 * MIN;
export const D = 24 * H;

/** Bucket widths in increasing order, each a multiple of the one before. */
export const BUCKET_LADDER: readonly number[] = [
  S,
  5 * S,
  15 * S,
  MIN,
  5 * MIN,
  15 * MIN,
  H,
  6 * H,
  D,
];

/** The finest width: where every import starts. */
export const MIN_BUCKET_MS = S;

/**
 * The widest width a span alone asks for: a minute, the one fixed width aggregates had before
 * widths varied, so no capture is answered less precisely than it was. Wider widths come only
 * from data that has no finer time (an aggregate file's rows).
 */
export const SPAN_MAX_BUCKET_MS = MIN;

/** An import's span may hold this many buckets before they widen to the next step. */
export const SPAN_BUCKETS = 600;

/** The width of aggregates stored before widths varied (they carry none). */
export const LEGACY_BUCKET_MS = MIN;

/** The width of `a`'s buckets. */
export function widthOf(a: Pick<CommAggregate, 'bucketMs'>): number {
  return a.bucketMs ?? LEGACY_BUCKET_MS;
}

/** The narrowest ladder width not below `ms` (past a day, whole days). */
export function ladderWidth(ms: number): number {
  for (const w of BUCKET_LADDER) if (w >= ms) return w;
  return Math.ceil(ms / D) * D;
}

/**
 * The width for data spanning `span` ms whose time is known no finer than `floor`: the
 * narrowest ladder width that keeps the span within SPAN_BUCKETS buckets, at most a minute,
 * never below the floor.
 */
export function widthForSpan(span: number, floor: number = MIN_BUCKET_MS): number {
  let w = ladderWidth(floor);
  for (const step of BUCKET_LADDER) {
    if (step <= w) continue;
    if (span <= widenAt(w)) break;
    w = step;
  }
  return w;
}

/** The span past which buckets `width` wide widen (never, from a minute up). */
export function widenAt(width: number): number {
  return width < SPAN_MAX_BUCKET_MS ? SPAN_BUCKETS * width : Infinity;
}

/** Buckets being accumulated, merged into buckets `width` wide (a multiple of theirs). */
export function widenBuckets(
  buckets: ReadonlyMap<number, BucketAcc>,
  width: number,
): Map<number, BucketAcc> {
  const out = new Map<number, BucketAcc>();
  for (const b of buckets.values()) {
    const t = Math.floor(b.t / width) * width;
    const prev = out.get(t);
    if (prev) mergeBucketAcc(prev, b);
    else out.set(t, { t, first: b.first, last: b.last, tally: copyTally(b.tally) });
  }
  return out;
}

/** Stored buckets merged into buckets `width` wide, sorted by t. */
function widenStored(buckets: readonly Bucket[], width: number): Bucket[] {
  const accs = new Map<number, BucketAcc>();
  for (const b of buckets) accs.set(b.t, fromBucket(b));
  return [...widenBuckets(accs, width).values()].sort((a, b) => a.t - b.t).map(toBucket);
}

/**
 * `a` with buckets `width` wide (not narrower than its own): its flows derived again, since one
 * connection reported by both its ends in two narrow buckets is one connection in a wide one.
 */
export function widen(a: CommAggregate, width: number): CommAggregate {
  if (widthOf(a) === width && a.bucketMs !== undefined) return a;
  const buckets = widthOf(a) === width ? a.buckets : widenStored(a.buckets, width);
  const flows = buckets.reduce((s, b) => s + b.flows, a.untimedFlows);
  return { ...a, flows, buckets, bucketMs: width };
}

/** The span [first seen, last seen] of `aggregates`, in ms (0 when none is timed). */
function spanOf(aggregates: readonly CommAggregate[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const a of aggregates) {
    if (a.firstSeen !== null && a.firstSeen < min) min = a.firstSeen;
    if (a.lastSeen !== null && a.lastSeen > max) max = a.lastSeen;
  }
  return max > min ? max - min : 0;
}

/** The one width `aggregates` are answered at together: their span's, or the widest of theirs. */
export function settledWidth(aggregates: readonly CommAggregate[]): number {
  let floor = MIN_BUCKET_MS;
  for (const a of aggregates) floor = Math.max(floor, widthOf(a));
  return widthForSpan(spanOf(aggregates), floor);
}

/** `aggregates` at their settled width (the same array when they are already). */
export function settle(aggregates: CommAggregate[]): CommAggregate[] {
  const width = settledWidth(aggregates);
  if (aggregates.every((a) => a.bucketMs === width)) return aggregates;
  return aggregates.map((a) => widen(a, width));
}
