/**
 * Aggregation: flow records → communications keyed by (cluster, client, server, server port,
 * protocol), with flow counts in time buckets (DESIGN.md §3.4) as wide as the import's span asks
 * (aggregate/width.ts: they widen as the span grows). Memory grows with the number of distinct
 * communications × active buckets, never with the number of flows.
 * Plain data plus free functions: `createAggregation` → `addFlow`… → `finish`; `finish`'s
 * output merges with `mergeAggregates` (commutative and associative), so files, shards and
 * sessions combine.
 */
import type { CommAggregate, Endpoint } from '../model/communication';
import type { FlowRecord } from '../model/flow';
import type { InventoryIndex } from '../inventory/index';
import { byPorts, orientFlow, observedAt } from './orient';
import { emptyInitiation, resolveInitiation, type Initiation } from './initiation';
import {
  commKey,
  createEndpointKeyMemo,
  mapUnder,
  memoEndpointKey,
  type EndpointKeyMemo,
} from './keys';
import { addToTally, emptyTally, type BucketAcc, type Tally } from './tally';
import { asFinished, toAggregate, type VerdictCount } from './merge';
import { MIN_BUCKET_MS, ladderWidth, widenAt, widenBuckets, widthForSpan } from './width';

export { mergeAggregates, mergeAll, mergeSettled } from './merge';

/** Flows (record.count summed) by what became of them: counted, or dropped and why. */
export interface AggregationStats {
  initiations: number;
  replies: number;
  undetermined: number;
}

/** `stats` added up (parts of one input, or inputs read apart); absent ones count nothing. */
export function sumStats(...stats: (AggregationStats | undefined)[]): AggregationStats {
  const out: AggregationStats = { initiations: 0, replies: 0, undetermined: 0 };
  for (const s of stats)
    for (const k of ['initiations', 'replies', 'undetermined'] as const) out[k] += s?.[k] ?? 0;
  return out;
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
  /** Flows by verdict, in the order the verdicts came (a box per verdict, counted in place). */
  verdicts: Map<string, VerdictCount>;
  /**
   * The box of the last record's verdict: nearly every record of a communication brings the
   * verdict of the one before (97.6% of the bench capture's), counted without the Map's get and
   * set.
   */
  lastVerdict?: VerdictCount;
  via: Set<string>;
  /** The last `via` added (a repeat skips hashing it into the set again). */
  lastVia?: string;
  /** An undetermined pair: the lowest and highest client port seen. */
  clientPorts?: [number, number];
  /**
   * The bucket the last record went into (most records of a communication fall in the bucket
   * of the one before): found without hashing its time, a double, into a new number per record.
   */
  lastBucket?: BucketAcc;
}

/** Communications by client key → server key → protocol → port: no key string per flow. */
type CommIndex = Map<string, Map<string, Map<string, Map<number, CommAcc>>>>;

export interface Aggregation {
  cluster: string;
  comms: Map<string, CommAcc>;
  stats: AggregationStats;
  /** The same communications as `comms`, found from memoised endpoint keys. */
  index: CommIndex;
  /** The undetermined pairs of `comms`, found the same way. */
  undetermined: CommIndex;
  keys: EndpointKeyMemo;
  /** The buckets' width now: widthForSpan of the span so far, never below `floor`. */
  width: number;
  /** The narrowest width the records allow (an aggregate file's rows: its buckets' width). */
  floor: number;
  /** Earliest start and latest end of the timed records counted so far. */
  spanMin: number;
  spanMax: number;
  /** The span past which `width` widens. */
  widenAt: number;
  /** The communication commOf found last, and what it was found from (see commOf). */
  last: LastComm;
}

/**
 * commOf's last answer. A pod's endpoint is one object shared by its flows (resolution's
 * memo.podAnswers) and an endpoint is never written to, so the same objects, protocol, port and
 * kind name the same communication: found without the ten or so string-keyed Map lookups
 * (63% of the bench capture's records). Endpoints made per record never match: the walk.
 */
interface LastComm {
  client: Endpoint | undefined;
  server: Endpoint | undefined;
  protocol: string;
  port: number;
  undetermined: boolean;
  acc: CommAcc | undefined;
}

/** An aggregation of `cluster`'s flows; `floor` keeps its buckets at least that wide. */
export function createAggregation(cluster = 'default', floor = MIN_BUCKET_MS): Aggregation {
  const width = ladderWidth(floor);
  const agg: Aggregation = {
    cluster,
    // Of their kinds (an integer; a double, Infinity from a minute up), set below.
    width: 0,
    widenAt: Infinity,
    floor: width,
    spanMin: Infinity,
    spanMax: -Infinity,
    comms: new Map(),
    stats: { initiations: 0, replies: 0, undetermined: 0 },
    index: new Map(),
    undetermined: new Map(),
    keys: createEndpointKeyMemo(),
    last: {
      client: undefined,
      server: undefined,
      protocol: '',
      port: -1,
      undetermined: false,
      acc: undefined,
    },
  };
  // Set as widening sets them. V8 keeps a field constant until it is first rewritten, and then
  // throws away the optimized code that relied on that (`count`, `commOf` and the reader's loop
  // they are inlined into, each compiled again): rewritten here, before the first record.
  setWidth(agg, width);
  return agg;
}

/**
 * The one Initiation every record's is written into: commOf and count read it before the next
 * record, and a communication keeps its endpoints, never the object.
 */
const INITIATION = emptyInitiation();

/** The communication of an initiation (or undetermined pair), created on first sight. */
function commOf(agg: Aggregation, init: Initiation, undetermined = false): CommAcc {
  const last = agg.last;
  if (
    last.client === init.client &&
    last.server === init.server &&
    last.port === init.port &&
    last.protocol === init.protocol &&
    last.undetermined === undetermined &&
    last.acc !== undefined
  ) {
    return last.acc;
  }
  const acc = findComm(agg, init, undetermined);
  last.client = init.client;
  last.server = init.server;
  last.port = init.port;
  last.protocol = init.protocol;
  last.undetermined = undetermined;
  last.acc = acc;
  return acc;
}

/** commOf's walk: by memoised endpoint keys, then protocol and port. */
function findComm(agg: Aggregation, init: Initiation, undetermined: boolean): CommAcc {
  const clientKey = memoEndpointKey(agg.keys, init.client);
  const serverKey = memoEndpointKey(agg.keys, init.server);
  const index = undetermined ? agg.undetermined : agg.index;
  const byProto = mapUnder(mapUnder(index, clientKey), serverKey);
  let byPort = byProto.get(init.protocol);
  if (byPort === undefined) byProto.set(init.protocol, (byPort = new Map()));
  let acc = byPort.get(init.port);
  if (acc === undefined) {
    const key = commKey(
      agg.cluster,
      init.client,
      init.server,
      init.port,
      init.protocol,
      undetermined,
    );
    acc = agg.comms.get(key);
    if (acc === undefined) {
      // Every field from the start, each with a value of its kind: one shape for all.
      acc = {
        key,
        client: init.client,
        server: init.server,
        port: init.port,
        protocol: init.protocol,
        buckets: new Map(),
        untimed: emptyTally(),
        verdicts: new Map(),
        lastVerdict: undefined,
        via: new Set(),
        lastVia: undefined,
        clientPorts: undefined,
        lastBucket: undefined,
      };
      agg.comms.set(key, acc);
    }
    byPort.set(init.port, acc);
  }
  return acc;
}

/**
 * Counts one record: replies are dropped; a record with no evidence of its initiator is kept
 * apart as an undetermined pair (never counted as a connection).
 */
export function addFlow(agg: Aggregation, idx: InventoryIndex, r: FlowRecord): void {
  if (r.resolutionMs !== undefined && r.resolutionMs > agg.floor) {
    agg.floor = ladderWidth(r.resolutionMs);
    widenTo(agg);
  }
  const n = flowCount(r);
  const o = orientFlow(idx, r);
  if (o === 'reply') agg.stats.replies += n;
  else if (o === 'undetermined') {
    agg.stats.undetermined += n;
    addUndetermined(agg, idx, r, n);
  } else {
    agg.stats.initiations += n;
    const init = resolveInitiation(idx, r, o, INITIATION);
    const acc = commOf(agg, init);
    if (init.via && init.via !== acc.lastVia) {
      acc.via.add(init.via);
      acc.lastVia = init.via;
    }
    count(agg, acc, r, n, observedAt(r, o));
  }
}

/**
 * An undetermined record with both ports, read the likelier way (the port heuristics: a known
 * server port, else the lower port, is the server's), so a connection's two ends and both
 * directions of its packets fold into one pair; the client's ports are kept as a range, the
 * server ports of the other reading. ICMP errors and records without ports name no pair.
 */
function addUndetermined(agg: Aggregation, idx: InventoryIndex, r: FlowRecord, n: number): void {
  if (r.srcPort === undefined || r.dstPort === undefined || r.proto.startsWith('ICMP')) return;
  const o = byPorts(idx, r) === 'reverse' ? 'reverse' : 'forward';
  const acc = commOf(agg, resolveInitiation(idx, r, o, INITIATION), true);
  const p = o === 'forward' ? r.srcPort : r.dstPort;
  const seen = acc.clientPorts;
  if (!seen) acc.clientPorts = [p, p];
  else if (p < seen[0]) seen[0] = p;
  else if (p > seen[1]) seen[1] = p;
  count(agg, acc, r, n, observedAt(r, o));
}

/** Widens every communication's buckets to the width the span so far and the floor ask for. */
function widenTo(agg: Aggregation): void {
  const span = agg.spanMax > agg.spanMin ? agg.spanMax - agg.spanMin : 0;
  const width = widthForSpan(span, agg.floor);
  if (width === agg.width) return;
  setWidth(agg, width);
  for (const acc of agg.comms.values()) {
    // Into the same map: a communication's `buckets` is never rewritten (see createAggregation).
    const wide = widenBuckets(acc.buckets, width);
    acc.buckets.clear();
    for (const [t, b] of wide) acc.buckets.set(t, b);
    acc.lastBucket = undefined;
  }
}

function setWidth(agg: Aggregation, width: number): void {
  agg.width = width;
  agg.widenAt = widenAt(width);
}

function count(
  agg: Aggregation,
  acc: CommAcc,
  r: FlowRecord,
  n: number,
  side: 'client' | 'server' | null,
): void {
  const verdict = r.verdict ?? 'unknown';
  let v = acc.lastVerdict;
  if (v === undefined || v.verdict !== verdict) {
    v = acc.verdicts.get(verdict);
    if (v === undefined) acc.verdicts.set(verdict, (v = { verdict, n: 0 }));
    acc.lastVerdict = v;
  }
  v.n += n;
  const time = r.time;
  if (time === null || !Number.isFinite(time)) {
    addToTally(acc.untimed, side, n);
    return;
  }
  const end =
    r.timeEnd !== undefined && Number.isFinite(r.timeEnd) ? Math.max(time, r.timeEnd) : time;
  if (time < agg.spanMin) agg.spanMin = time;
  if (end > agg.spanMax) agg.spanMax = end;
  if (agg.spanMax - agg.spanMin > agg.widenAt) widenTo(agg);
  const t = Math.floor(time / agg.width) * agg.width;
  let b = acc.lastBucket;
  if (b === undefined || b.t !== t) {
    b = acc.buckets.get(t);
    if (!b) {
      // First and last set below, as for a bucket seen before: the stores run (and their fields
      // turn mutable) from the first bucket on, not first when a record comes out of order.
      b = { t, first: Infinity, last: -Infinity, tally: emptyTally() };
      acc.buckets.set(t, b);
    }
    acc.lastBucket = b;
  }
  if (time < b.first) b.first = time;
  if (end > b.last) b.last = end;
  addToTally(b.tally, side, n);
}

/** Connections a record stands for: `count` when it is a positive number, else 1. */
function flowCount(r: FlowRecord): number {
  const c = r.count;
  return c !== undefined && Number.isFinite(c) && c > 0 ? c : 1;
}

/**
 * The aggregated communications, sorted by key (plain data, ready to store or merge), marked as
 * finished for mergeWalk (`asFinished`). The keys (one per communication) are sorted by the
 * array's own string order — UTF-16 code units, as `<` compares them — with no comparator called
 * from the sort: this runs once, after the flows, in code the optimizing compiler no longer
 * compiles (src/cli/v8-flags.ts).
 */
export function finish(agg: Aggregation): CommAggregate[] {
  const keys = [...agg.comms.keys()].sort();
  const out: CommAggregate[] = [];
  for (let i = 0; i < keys.length; i++)
    out.push(toAggregate(agg.cluster, agg.comms.get(keys[i]!)!, agg.width));
  return asFinished(out);
}
