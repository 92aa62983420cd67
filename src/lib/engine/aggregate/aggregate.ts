/**
 * Aggregation: flow records → communications keyed by (cluster, client, server, server port,
 * protocol), with flow counts in BUCKET_MS time buckets (DESIGN.md §3.4). Memory grows with
 * the number of distinct communications × active buckets, never with the number of flows.
 * Plain data plus free functions: `createAggregation` → `addFlow`… → `finish`; `finish`'s
 * output merges with `mergeAggregates` (commutative and associative), so files, shards and
 * sessions combine.
 */
import { BUCKET_MS, type CommAggregate, type Endpoint } from '../model/communication';
import type { FlowRecord } from '../model/flow';
import type { InventoryIndex } from '../inventory/index';
import { orientFlow, observedAt } from './orient';
import { resolveInitiation } from './initiation';
import { commKey } from './keys';
import { addToTally, emptyTally, type BucketAcc, type Tally } from './tally';
import { toAggregate } from './merge';

export { mergeAggregates, mergeAll } from './merge';

/** Flows (record.count summed) by what became of them: counted, or dropped and why. */
export interface AggregationStats {
  initiations: number;
  replies: number;
  undetermined: number;
}

/** One communication being accumulated. */
export interface CommAcc {
  key: string;
  client: Endpoint;
  server: Endpoint;
  port: number;
  protocol: string;
  buckets: Map<number, BucketAcc>;
  untimed: Tally;
  verdicts: Map<string, number>;
  via: Set<string>;
}

export interface Aggregation {
  cluster: string;
  comms: Map<string, CommAcc>;
  stats: AggregationStats;
}

export function createAggregation(cluster = 'default'): Aggregation {
  return { cluster, comms: new Map(), stats: { initiations: 0, replies: 0, undetermined: 0 } };
}

/** Counts one record: replies and records with no evidence of their initiator are dropped. */
export function addFlow(agg: Aggregation, idx: InventoryIndex, r: FlowRecord): void {
  const n = flowCount(r);
  const o = orientFlow(idx, r);
  if (o === 'reply') agg.stats.replies += n;
  else if (o === 'undetermined') agg.stats.undetermined += n;
  else {
    agg.stats.initiations += n;
    const init = resolveInitiation(idx, r, o);
    const key = commKey(agg.cluster, init.client, init.server, init.port, init.protocol);
    let acc = agg.comms.get(key);
    if (!acc) {
      acc = {
        key,
        ...init,
        buckets: new Map(),
        untimed: emptyTally(),
        verdicts: new Map(),
        via: new Set(),
      };
      agg.comms.set(key, acc);
    }
    if (init.via) acc.via.add(init.via);
    count(acc, r, n, observedAt(r, o));
  }
}

function count(acc: CommAcc, r: FlowRecord, n: number, side: 'client' | 'server' | null): void {
  const verdict = r.verdict ?? 'unknown';
  acc.verdicts.set(verdict, (acc.verdicts.get(verdict) ?? 0) + n);
  const time = r.time;
  if (time === null || !Number.isFinite(time)) {
    addToTally(acc.untimed, side, n);
    return;
  }
  const t = Math.floor(time / BUCKET_MS) * BUCKET_MS;
  const end =
    r.timeEnd !== undefined && Number.isFinite(r.timeEnd) ? Math.max(time, r.timeEnd) : time;
  let b = acc.buckets.get(t);
  if (!b) {
    b = { t, first: time, last: end, tally: emptyTally() };
    acc.buckets.set(t, b);
  } else {
    if (time < b.first) b.first = time;
    if (end > b.last) b.last = end;
  }
  addToTally(b.tally, side, n);
}

/** Connections a record stands for: `count` when it is a positive number, else 1. */
function flowCount(r: FlowRecord): number {
  const c = r.count;
  return c !== undefined && Number.isFinite(c) && c > 0 ? c : 1;
}

/** The aggregated communications, sorted by key (plain data, ready to store or merge). */
export function finish(agg: Aggregation): CommAggregate[] {
  return [...agg.comms.values()]
    .map((acc) => toAggregate(agg.cluster, acc))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
