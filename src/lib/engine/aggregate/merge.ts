/**
 * Converting accumulated communications to stored `CommAggregate`s and merging those.
 * Merging adds the per-side tallies bucket by bucket and derives the counts again
 * (aggregate/tally.ts), so merge order and sharding never change a number. Aggregates of one
 * key with different bucket widths merge at the wider (aggregate/width.ts).
 */
import type { Bucket, CommAggregate } from '../model/communication';
import type { CommKey } from '../model/ids';
import type { CommAcc } from './aggregate';
import { compareStrings } from './keys';
import {
  fromBucket,
  mergeBucketAcc,
  sumTally,
  tallyFlows,
  tallyOf,
  toBucket,
  type BucketAcc,
} from './tally';
import { settle, widenBuckets, widthOf } from './width';

export function toAggregate(cluster: string, acc: CommAcc, bucketMs: number): CommAggregate {
  const buckets: Bucket[] = [...acc.buckets.values()].sort((a, b) => a.t - b.t).map(toBucket);
  const untimedFlows = tallyFlows(acc.untimed);
  const out: CommAggregate = {
    key: acc.key as CommKey,
    cluster,
    client: acc.client,
    server: acc.server,
    port: acc.port,
    protocol: acc.protocol,
    flows: buckets.reduce((s, b) => s + b.flows, untimedFlows),
    firstSeen: buckets.reduce<number | null>(
      (m, b) => (m === null || b.first < m ? b.first : m),
      null,
    ),
    lastSeen: buckets.reduce<number | null>(
      (m, b) => (m === null || b.last > m ? b.last : m),
      null,
    ),
    buckets,
    bucketMs,
    untimedFlows,
    verdicts: Object.fromEntries([...acc.verdicts].sort((a, b) => compareStrings(a[0], b[0]))),
    via: [...acc.via].sort(compareStrings),
  };
  if (acc.untimed.client > 0) out.untimedAtClient = acc.untimed.client;
  if (acc.untimed.server > 0) out.untimedAtServer = acc.untimed.server;
  if (acc.clientPorts) out.undetermined = { clientPorts: [...acc.clientPorts] };
  return out;
}

function toAcc(a: CommAggregate): CommAcc {
  const buckets = new Map<number, BucketAcc>();
  for (const b of a.buckets) {
    const prev = buckets.get(b.t);
    if (prev) mergeBucketAcc(prev, fromBucket(b));
    else buckets.set(b.t, fromBucket(b));
  }
  return {
    key: a.key,
    client: a.client,
    server: a.server,
    port: a.port,
    protocol: a.protocol,
    buckets,
    untimed: tallyOf(a.untimedFlows, a.untimedAtClient, a.untimedAtServer),
    verdicts: new Map(Object.entries(a.verdicts)),
    via: new Set(a.via),
    ...(a.undetermined ? { clientPorts: [...a.undetermined.clientPorts] } : {}),
  };
}

function addInto(into: CommAcc, from: CommAcc): void {
  for (const b of from.buckets.values()) {
    const prev = into.buckets.get(b.t);
    if (prev) mergeBucketAcc(prev, b);
    else into.buckets.set(b.t, { ...b, tally: { ...b.tally } });
  }
  into.untimed = sumTally(into.untimed, from.untimed);
  for (const [v, n] of from.verdicts) into.verdicts.set(v, (into.verdicts.get(v) ?? 0) + n);
  for (const v of from.via) into.via.add(v);
  const [x, y] = [into.clientPorts, from.clientPorts];
  if (x && y) into.clientPorts = [Math.min(x[0], y[0]), Math.max(x[1], y[1])];
}

/**
 * Merges lists of aggregates into one list with one entry per (cluster, key), sorted by
 * cluster then key. Commutative and associative; duplicates inside one list merge too.
 */
export function mergeAll(...lists: CommAggregate[][]): CommAggregate[] {
  const byKey = new Map<string, { cluster: string; acc: CommAcc; width: number }>();
  for (const list of lists) {
    for (const a of list) {
      const id = `${a.cluster}\u0000${a.key}`;
      const prev = byKey.get(id);
      const width = widthOf(a);
      if (!prev) {
        byKey.set(id, { cluster: a.cluster, acc: toAcc(a), width });
        continue;
      }
      const acc = toAcc(a);
      if (width > prev.width) {
        prev.acc.buckets = widenBuckets(prev.acc.buckets, width);
        prev.width = width;
      } else if (width < prev.width) acc.buckets = widenBuckets(acc.buckets, prev.width);
      addInto(prev.acc, acc);
    }
  }
  return [...byKey.entries()]
    .sort((x, y) => compareStrings(x[0], y[0]))
    .map(([, v]) => toAggregate(v.cluster, v.acc, v.width));
}

/**
 * Lists mergeSettled gave (or settledAlone vouched for), in this thread: merged again alone, such
 * a list is its own answer (the CLI's workspace asks for the merge of the one shard its pipeline
 * just merged). Never changed once returned, like every list of aggregates the engine returns.
 */
const settledLists = new WeakSet<CommAggregate[]>();

/**
 * Merges the aggregates of several parts of one answer (shards, file parts, imports) and brings
 * them to the one width their joint span asks for (aggregate/width.ts `settle`): every merge of
 * parts goes through here, so no caller can forget the second step.
 */
export function mergeSettled(...lists: CommAggregate[][]): CommAggregate[] {
  if (lists.length === 1 && settledLists.has(lists[0]!)) return lists[0]!;
  const out = settle(mergeAll(...lists));
  settledLists.add(out);
  return out;
}

/**
 * One aggregation's `finish` (one entry per key, sorted by key, each as toAggregate gives it)
 * settled: what mergeSettled gives for it alone, without taking every bucket apart and back.
 */
export function settledAlone(finished: CommAggregate[]): CommAggregate[] {
  const out = settle(finished);
  settledLists.add(out);
  return out;
}

/** Merges two lists of aggregates (see `mergeAll`). */
export function mergeAggregates(a: CommAggregate[], b: CommAggregate[]): CommAggregate[] {
  return mergeAll(a, b);
}
