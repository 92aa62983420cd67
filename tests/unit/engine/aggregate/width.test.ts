/**
 * Bucket widths: an import's buckets widen along the ladder as its span grows, and widening
 * merges whole buckets, so every way of getting to a width — widening while reading, widening
 * afterwards, reading in shards and settling the merge — gives what aggregating at that width
 * directly gives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addFlow,
  createAggregation,
  finish,
  mergeSettled,
} from '../../../../src/lib/engine/aggregate/aggregate';
import {
  BUCKET_LADDER,
  SPAN_BUCKETS,
  ladderWidth,
  widen,
  widenBuckets,
  widthForSpan,
} from '../../../../src/lib/engine/aggregate/width';
import { histogram } from '../../../../src/lib/engine/aggregate/window';
import type { CommAggregate } from '../../../../src/lib/engine/model/communication';
import type { FlowRecord } from '../../../../src/lib/engine/model/flow';
import { SHOP, flow, indexFromYaml } from './builders';

const IDX = indexFromYaml(SHOP);
const T0 = Date.UTC(2024, 4, 6, 10, 0, 0);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

function aggregate(records: FlowRecord[], floor?: number): CommAggregate[] {
  const agg = createAggregation('default', floor);
  for (const r of records) addFlow(agg, IDX, r);
  return finish(agg);
}

/** web pod → api pod on 8080, its initiator known. */
function webToApi(time: number, extra: Partial<FlowRecord> = {}): FlowRecord {
  return flow({
    format: 'hubble-jsonpb',
    time,
    srcIp: '10.1.0.11',
    dstIp: '10.1.0.21',
    dstPort: 8080,
    proto: 'TCP',
    isReply: false,
    initiator: 'src',
    ...extra,
  });
}

/** Records at times spread over about `spread` ms, seen at either end, some with an end. */
function recordsArb(spread: number): fc.Arbitrary<FlowRecord[]> {
  const one = fc
    .record({
      src: fc.constantFrom('10.1.0.11', '10.1.0.12', '192.168.0.10'),
      dst: fc.constantFrom('10.1.0.21', '10.96.0.50', '203.0.113.7'),
      dstPort: fc.constantFrom(80, 8080, 443),
      // Bursts at a few dozen instants, so that buckets fill and widening has some to merge.
      time: fc.option(
        fc
          .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 20 * S }))
          .map(([at, jitter]) => T0 + Math.round((at * spread) / 30) + jitter),
        { nil: null, freq: 10 },
      ),
      duration: fc.option(fc.integer({ min: 0, max: 90 * S }), { nil: undefined, freq: 4 }),
      direction: fc.constantFrom(undefined, 'ingress' as const, 'egress' as const),
      count: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    })
    .map((x) =>
      flow({
        format: 'hubble-jsonpb',
        time: x.time,
        ...(x.time !== null && x.duration !== undefined && { timeEnd: x.time + x.duration }),
        srcIp: x.src,
        srcPort: 40000,
        dstIp: x.dst,
        dstPort: x.dstPort,
        proto: 'TCP',
        isReply: false,
        direction: x.direction,
        count: x.count,
        tcpFlags: { syn: true },
      }),
    );
  return fc.array(one, { maxLength: 60 });
}

/** Spans from seconds to days, so that reading crosses every step up to a minute. */
const spreadArb = fc.constantFrom(6 * S, 5 * MIN, 40 * MIN, 2 * H, 30 * H);

describe('widthForSpan', () => {
  it('starts at a second and widens along the ladder up to a minute as the span grows', () => {
    expect(widthForSpan(0)).toBe(S);
    expect(widthForSpan(6 * S)).toBe(S);
    expect(widthForSpan(SPAN_BUCKETS * S)).toBe(S);
    expect(widthForSpan(SPAN_BUCKETS * S + 1)).toBe(5 * S);
    expect(widthForSpan(SPAN_BUCKETS * 15 * S + 1)).toBe(MIN);
    expect(widthForSpan(365 * 24 * H)).toBe(MIN);
    // Data known no finer than its floor keeps it, whatever the span.
    expect(widthForSpan(6 * S, MIN)).toBe(MIN);
    expect(widthForSpan(6 * S, H)).toBe(H);
  });

  it('every step of the ladder divides the next', () => {
    for (let i = 1; i < BUCKET_LADDER.length; i++) {
      expect(BUCKET_LADDER[i]! % BUCKET_LADDER[i - 1]!).toBe(0);
    }
    expect(ladderWidth(7 * S)).toBe(15 * S);
    expect(ladderWidth(3 * 24 * H + 1)).toBe(4 * 24 * H);
  });
});

describe('widening', () => {
  it('widening while reading equals aggregating at the final width directly', () => {
    fc.assert(
      fc.property(spreadArb.chain(recordsArb), fc.boolean(), (records, inOrder) => {
        // In time order (as captures are) the span grows record by record and widens often.
        if (inOrder) records.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
        const read = aggregate(records);
        const width = read[0]?.bucketMs ?? S;
        expect(read).toEqual(aggregate(records, width));
      }),
    );
  });

  it('counts a record in its widened bucket when its communication was last counted before widening', () => {
    // web→api's first bucket (t = T0 a second wide) is replaced by a 5-second one when another
    // communication's record widens the import; web→api's next record belongs to that new bucket.
    const records = [
      webToApi(T0),
      webToApi(T0 + (SPAN_BUCKETS + 100) * S, { dstPort: 80 }),
      webToApi(T0 + 2 * S),
    ];
    const read = aggregate(records);
    expect(read.map((a) => a.bucketMs)).toEqual([5 * S, 5 * S]);
    const api = read.find((a) => a.port === 8080);
    expect(api?.flows).toBe(2);
    expect(api?.buckets).toEqual([{ t: T0, flows: 2, first: T0, last: T0 + 2 * S }]);
    expect(read).toEqual(aggregate(records, 5 * S));
  });

  it('widened buckets own their tallies: adding into one leaves the buckets it came from', () => {
    const a = { t: 0, first: 1, last: 2, tally: { client: 1, server: 2, other: 3 } };
    const b = { t: S, first: 5, last: 9, tally: { client: 4, server: 0, other: 1 } };
    const wide = widenBuckets(
      new Map([
        [a.t, a],
        [b.t, b],
      ]),
      MIN,
    );
    expect([...wide.values()]).toEqual([
      { t: 0, first: 1, last: 9, tally: { client: 5, server: 2, other: 4 } },
    ]);
    expect(a.tally).toEqual({ client: 1, server: 2, other: 3 });
    expect(b.tally).toEqual({ client: 4, server: 0, other: 1 });
  });

  it('widening afterwards equals aggregating at the wider width directly', () => {
    fc.assert(
      fc.property(
        spreadArb.chain(recordsArb),
        fc.constantFrom(...BUCKET_LADDER),
        (records, wider) => {
          const read = aggregate(records);
          const width = Math.max(wider, read[0]?.bucketMs ?? S);
          expect(read.map((a) => widen(a, width))).toEqual(aggregate(records, width));
        },
      ),
    );
  });

  it('shards read apart, merged and settled equal the whole read at once', () => {
    fc.assert(
      fc.property(
        spreadArb.chain(recordsArb),
        fc.array(fc.nat(3), { maxLength: 60 }),
        (records, shardOf) => {
          const shards: FlowRecord[][] = [[], [], [], []];
          records.forEach((r, i) => shards[shardOf[i] ?? 0]!.push(r));
          expect(mergeSettled(...shards.map((s) => aggregate(s)))).toEqual(aggregate(records));
        },
      ),
    );
  });

  it('a row of minutes keeps its import at a minute (aggregate files)', () => {
    const rec = (time: number, resolutionMs?: number) =>
      webToApi(time, resolutionMs === undefined ? {} : { resolutionMs });
    const fine = aggregate([rec(T0 + 1 * S), rec(T0 + 3 * S)]);
    expect(fine[0]!.bucketMs).toBe(S);
    const rows = aggregate([rec(T0 + 1 * S), rec(T0 + 3 * S, MIN)]);
    expect(rows[0]!.bucketMs).toBe(MIN);
    expect(rows).toEqual(fine.map((a) => widen(a, MIN)));
  });

  it('a 6-second capture shows a bar a second', () => {
    const records: FlowRecord[] = [];
    for (let t = T0 + 200; t < T0 + 6 * S; t += 150) records.push(webToApi(t));
    const aggs = aggregate(records);
    const bars = histogram(aggs, S);
    expect(bars.length).toBeGreaterThanOrEqual(6);
    expect(bars.map((b) => b.t - T0)).toEqual([0, 1, 2, 3, 4, 5].map((s) => s * S));
    expect(bars.reduce((n, b) => n + b.flows, 0)).toBe(records.length);
  });
});
