/**
 * Flow counting with the observation-point dedupe, shared by aggregation and merging.
 *
 * One connection is often reported by both of its ends: Hubble Relay merges the source node's
 * EGRESS events with the destination node's INGRESS events, Calico logs a flow once per
 * reporter. Counts are kept per observing side and a communication's flows are
 * `max(seen at client, seen at server) + seen by neither`, so a capture of one node and a
 * capture of both report the same number. Only sums are stored, and the max is taken when
 * the count is derived: shards merge by plain addition and give the same counts as the whole.
 */
import type { Bucket } from '../model/communication';

/** Flows observed at the client's end, at the server's end, or by a record that does not say. */
export interface Tally {
  client: number;
  server: number;
  other: number;
}

export function emptyTally(): Tally {
  return { client: 0, server: 0, other: 0 };
}

export function addToTally(t: Tally, side: 'client' | 'server' | null, n: number): void {
  if (side === 'client') t.client += n;
  else if (side === 'server') t.server += n;
  else t.other += n;
}

export function sumTally(a: Tally, b: Tally): Tally {
  return { client: a.client + b.client, server: a.server + b.server, other: a.other + b.other };
}

/** A copy of `t` made by the literal every tally is made by (one shape: a spread makes another). */
export function copyTally(t: Tally): Tally {
  return { client: t.client, server: t.server, other: t.other };
}

export function tallyFlows(t: Tally): number {
  return Math.max(t.client, t.server) + t.other;
}

/** The tally a stored bucket (or untimed count) was derived from. */
export function tallyOf(flows: number, atClient = 0, atServer = 0): Tally {
  return { client: atClient, server: atServer, other: flows - Math.max(atClient, atServer) };
}

/** A time bucket being accumulated. */
export interface BucketAcc {
  t: number;
  first: number;
  last: number;
  tally: Tally;
}

export function toBucket(b: BucketAcc): Bucket {
  const out: Bucket = { t: b.t, flows: tallyFlows(b.tally), first: b.first, last: b.last };
  if (b.tally.client > 0) out.atClient = b.tally.client;
  if (b.tally.server > 0) out.atServer = b.tally.server;
  return out;
}

export function fromBucket(b: Bucket): BucketAcc {
  return { t: b.t, first: b.first, last: b.last, tally: tallyOf(b.flows, b.atClient, b.atServer) };
}

/** Adds `b` into `into` (same t), into its own tally (every BucketAcc is made with its own). */
export function mergeBucketAcc(into: BucketAcc, b: BucketAcc): void {
  into.first = Math.min(into.first, b.first);
  into.last = Math.max(into.last, b.last);
  const t = into.tally;
  t.client += b.tally.client;
  t.server += b.tally.server;
  t.other += b.tally.other;
}
