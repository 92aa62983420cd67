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

/** One verdict's flows in a CommAcc (its `verdicts` box, added to in place). */
export interface VerdictCount {
  verdict: string;
  n: number;
}

/** A stored aggregate's verdicts as a CommAcc's boxes, in the same order. */
function verdictBoxes(verdicts: Record<string, number>): Map<string, VerdictCount> {
  const out = new Map<string, VerdictCount>();
  for (const [verdict, n] of Object.entries(verdicts)) out.set(verdict, { verdict, n });
  return out;
}

/** Adds `n` flows of `verdict` to `acc` (a new verdict goes last). */
function addVerdict(acc: CommAcc, verdict: string, n: number): void {
  const v = acc.verdicts.get(verdict);
  if (v === undefined) acc.verdicts.set(verdict, { verdict, n });
  else v.n += n;
}

export function toAggregate(cluster: string, acc: CommAcc, bucketMs: number): CommAggregate {
  // One pass over the buckets (a capture read in time order keeps them ascending: no sort),
  // taken out of the map at once and walked by index: this runs once per communication after
  // the flows, in code the optimizing compiler no longer compiles (src/cli/v8-flags.ts), where
  // `for…of` steps an iterator object by a call per bucket.
  const accs = [...acc.buckets.values()];
  const buckets: Bucket[] = [];
  let ascending = true;
  for (let i = 0; i < accs.length; i++) {
    const b = accs[i]!;
    if (i > 0 && b.t < accs[i - 1]!.t) ascending = false;
    buckets.push(toBucket(b));
  }
  if (!ascending) buckets.sort((a, b) => a.t - b.t);
  const untimedFlows = tallyFlows(acc.untimed);
  const out: CommAggregate = {
    key: acc.key as CommKey,
    cluster,
    client: acc.client,
    server: acc.server,
    port: acc.port,
    protocol: acc.protocol,
    flows: untimedFlows,
    firstSeen: null,
    lastSeen: null,
    buckets,
    bucketMs,
    untimedFlows,
    verdicts: Object.fromEntries(
      (acc.verdicts.size < 2
        ? [...acc.verdicts.values()]
        : [...acc.verdicts.values()].sort((a, b) => compareStrings(a.verdict, b.verdict))
      ).map((v) => [v.verdict, v.n]),
    ),
    via: acc.via.size < 2 ? [...acc.via] : [...acc.via].sort(compareStrings),
  };
  if (acc.untimed.client > 0) out.untimedAtClient = acc.untimed.client;
  if (acc.untimed.server > 0) out.untimedAtServer = acc.untimed.server;
  if (acc.clientPorts) out.undetermined = { clientPorts: [...acc.clientPorts] };
  return withActivity(out);
}

/**
 * Sets the aggregate's flows, first and last seen from its buckets (in their order, after its
 * untimed flows): one loop, where three `reduce`s walked the buckets — this runs once per
 * aggregate after the flows are read, in code not optimized yet.
 */
function withActivity(out: CommAggregate): CommAggregate {
  let flows = out.untimedFlows;
  let firstSeen: number | null = null;
  let lastSeen: number | null = null;
  const buckets = out.buckets;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    flows += b.flows;
    if (firstSeen === null || b.first < firstSeen) firstSeen = b.first;
    if (lastSeen === null || b.last > lastSeen) lastSeen = b.last;
  }
  out.flows = flows;
  out.firstSeen = firstSeen;
  out.lastSeen = lastSeen;
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
    verdicts: verdictBoxes(a.verdicts),
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
  for (const v of from.verdicts.values()) addVerdict(into, v.verdict, v.n);
  for (const v of from.via) into.via.add(v);
  const [x, y] = [into.clientPorts, from.clientPorts];
  if (x && y) into.clientPorts = [Math.min(x[0], y[0]), Math.max(x[1], y[1])];
}

/**
 * Merges lists of aggregates into one list with one entry per (cluster, key), sorted by
 * cluster then key. Commutative and associative; duplicates inside one list merge too.
 */
export function mergeAll(...lists: CommAggregate[][]): CommAggregate[] {
  return mergeWalk(lists) ?? mergeByMaps(lists);
}

/** mergeAll the long way: every aggregate taken apart into maps, merged, sorted and rebuilt. */
export function mergeByMaps(lists: CommAggregate[][]): CommAggregate[] {
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

/**
 * Lists as `finish` gives them, in this thread — one aggregate per key, sorted by key, each as
 * toAggregate built it (its buckets as toBucket built them) — or as a part reader vouched for
 * (`asFinished`): mergeWalk takes such a list's aggregates and buckets into its answer as they
 * are where no other list has their key or time, since its copy of them would be equal.
 */
const finishedLists = new WeakSet<CommAggregate[]>();

/**
 * Marks `list` as `finish` gave it: in this thread (`finish` marks its own), or in another whose
 * list came here by structured clone (which keeps every property and its order, not the mark).
 */
export function asFinished(list: CommAggregate[]): CommAggregate[] {
  finishedLists.add(list);
  return list;
}

/** Merges two lists of aggregates (see `mergeAll`). */
export function mergeAggregates(a: CommAggregate[], b: CommAggregate[]): CommAggregate[] {
  return mergeAll(a, b);
}

/**
 * mergeAll's answer for lists already in its order — one cluster, one width, each list sorted by
 * key, each aggregate's buckets by time, as `finish` gives them (the parts of one run, read by
 * several threads) — by walking them side by side: no maps, no sort, no aggregate taken apart.
 * Sums are added in list order, as mergeByMaps adds them. Null when the lists are not so.
 * An aggregate of a finished list (`asFinished`) whose key no other list has is in the answer
 * itself, and so is a bucket of one whose time no other aggregate of its key has: the answer
 * shares them with the lists (none is ever changed once returned).
 */
export function mergeWalk(lists: CommAggregate[][]): CommAggregate[] | null {
  const first = lists.find((l) => l.length > 0)?.[0];
  if (!first) return [];
  const { cluster, bucketMs } = first;
  if (bucketMs === undefined) return null;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a.cluster !== cluster || a.bucketMs !== bucketMs) return null;
      if (i > 0 && !(list[i - 1]!.key < a.key)) return null;
      let t = -Infinity;
      for (const b of a.buckets) {
        if (!(b.t > t) || b.t === Infinity) return null;
        t = b.t;
      }
    }
  }
  const finished = lists.map((l) => finishedLists.has(l));
  const at = lists.map(() => 0);
  const out: CommAggregate[] = [];
  const group: CommAggregate[] = [];
  const kept: boolean[] = [];
  for (;;) {
    let key: string | null = null;
    for (let l = 0; l < lists.length; l++) {
      const a = lists[l]![at[l]!];
      if (a && (key === null || a.key < key)) key = a.key;
    }
    if (key === null) return out;
    group.length = 0;
    kept.length = 0;
    for (let l = 0; l < lists.length; l++) {
      const a = lists[l]![at[l]!];
      if (a?.key === key) {
        group.push(a);
        kept.push(finished[l]!);
        at[l]!++;
      }
    }
    out.push(group.length === 1 && kept[0] ? group[0]! : mergeGroup(group, kept, bucketMs));
  }
}

/**
 * One key's aggregates (in list order, buckets sorted) merged as toAggregate(addInto(…)) gives;
 * `kept[g]`: group[g] is of a finished list.
 */
function mergeGroup(
  group: readonly CommAggregate[],
  kept: readonly boolean[],
  bucketMs: number,
): CommAggregate {
  const head = group[0]!;
  const acc: CommAcc = {
    key: head.key,
    client: head.client,
    server: head.server,
    port: head.port,
    protocol: head.protocol,
    buckets: new Map(),
    untimed: tallyOf(head.untimedFlows, head.untimedAtClient, head.untimedAtServer),
    verdicts: verdictBoxes(head.verdicts),
    via: new Set(head.via),
    ...(head.undetermined ? { clientPorts: [...head.undetermined.clientPorts] } : {}),
  };
  for (let g = 1; g < group.length; g++) {
    const a = group[g]!;
    acc.untimed = sumTally(
      acc.untimed,
      tallyOf(a.untimedFlows, a.untimedAtClient, a.untimedAtServer),
    );
    for (const [v, n] of Object.entries(a.verdicts)) addVerdict(acc, v, n);
    for (const v of a.via) acc.via.add(v);
    const x = acc.clientPorts;
    const y = a.undetermined?.clientPorts;
    if (x && y) acc.clientPorts = [Math.min(x[0], y[0]), Math.max(x[1], y[1])];
  }
  const out = toAggregate(head.cluster, acc, bucketMs);
  out.buckets = walkBuckets(group, kept);
  return withActivity(out);
}

/**
 * The buckets of one key's aggregates (each sorted by t) merged in time order; a bucket of a
 * finished list (`kept[g]`) alone at its time is taken as it is — what sumBuckets would copy.
 */
function walkBuckets(group: readonly CommAggregate[], kept: readonly boolean[]): Bucket[] {
  if (group.length === 1) return group[0]!.buckets.map((b) => sumBuckets([b]));
  const at = group.map(() => 0);
  const out: Bucket[] = [];
  const same: Bucket[] = [];
  let from = 0;
  for (;;) {
    let t = Infinity;
    for (let g = 0; g < group.length; g++) {
      const b = group[g]!.buckets[at[g]!];
      if (b && b.t < t) t = b.t;
    }
    if (t === Infinity) return out;
    same.length = 0;
    for (let g = 0; g < group.length; g++) {
      const b = group[g]!.buckets[at[g]!];
      if (b?.t !== t) continue;
      at[g]!++;
      same.push(b);
      from = g;
    }
    out.push(same.length === 1 && kept[from] ? same[0]! : sumBuckets(same));
  }
}

/**
 * Stored buckets of one time summed, as toBucket(mergeBucketAcc(fromBucket(b₁), fromBucket(b₂)…))
 * gives them (the tallies added in the same order), without the objects in between.
 */
function sumBuckets(same: readonly Bucket[]): Bucket {
  const b0 = same[0]!;
  let { first, last } = b0;
  let client = b0.atClient ?? 0;
  let server = b0.atServer ?? 0;
  let other = b0.flows - Math.max(client, server);
  for (let i = 1; i < same.length; i++) {
    const b = same[i]!;
    const c = b.atClient ?? 0;
    const s = b.atServer ?? 0;
    first = Math.min(first, b.first);
    last = Math.max(last, b.last);
    client += c;
    server += s;
    other += b.flows - Math.max(c, s);
  }
  const out: Bucket = { t: b0.t, flows: Math.max(client, server) + other, first, last };
  if (client > 0) out.atClient = client;
  if (server > 0) out.atServer = server;
  return out;
}
