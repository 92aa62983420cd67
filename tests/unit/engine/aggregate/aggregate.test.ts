import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addFlow,
  createAggregation,
  finish,
  mergeAggregates,
  mergeAll,
} from '../../../../src/lib/engine/aggregate/aggregate';
import type { CommAggregate } from '../../../../src/lib/engine/model/communication';
import type { FlowRecord } from '../../../../src/lib/engine/model/flow';
import type { InventoryIndex } from '../../../../src/lib/engine/inventory/index';
import { aggregateFlows } from '../../../../src/lib/engine/aggregate/accounting';
import {
  emptyInitiation,
  resolveInitiation,
} from '../../../../src/lib/engine/aggregate/initiation';
import { SHOP, flow, indexFromYaml } from './builders';

const IDX = indexFromYaml(SHOP);
const T0 = Date.UTC(2024, 4, 6, 10, 0, 0);
const MIN = 60_000;

function aggregate(records: FlowRecord[], idx: InventoryIndex = IDX): CommAggregate[] {
  const agg = createAggregation('default');
  for (const r of records) addFlow(agg, idx, r);
  return finish(agg);
}

/** web pod → api pod on 8080, forward (is_reply false), observed at `direction`. */
function webToApi(time: number | null, extra: Partial<FlowRecord> = {}): FlowRecord {
  return flow({
    format: 'hubble-jsonpb',
    time,
    srcIp: '10.1.0.11',
    srcPort: 41000,
    dstIp: '10.1.0.21',
    dstPort: 8080,
    isReply: false,
    initiator: 'src',
    ...extra,
  });
}

describe('addFlow / finish', () => {
  it('keys by top-owner endpoints, server port and protocol; counts, buckets and verdicts', () => {
    const [a, ...rest] = aggregate([
      webToApi(T0 + 5_000, { verdict: 'allowed' }),
      webToApi(T0 + 65_000, { verdict: 'allowed', srcIp: '10.1.0.12' }),
      webToApi(T0 + 70_000, { verdict: 'denied' }),
      webToApi(T0 + 80_000, { isReply: true, initiator: 'dst' }),
    ]);
    expect(rest).toEqual([]);
    expect(a).toEqual({
      key: 'default|workload:Deployment/shop/web|workload:Deployment/shop/api|8080/TCP',
      cluster: 'default',
      client: { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'web' },
      server: { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'api' },
      port: 8080,
      protocol: 'TCP',
      flows: 3,
      firstSeen: T0 + 5_000,
      lastSeen: T0 + 70_000,
      // 65 s of capture: one bucket a second.
      buckets: [
        { t: T0 + 5_000, flows: 1, first: T0 + 5_000, last: T0 + 5_000 },
        { t: T0 + 65_000, flows: 1, first: T0 + 65_000, last: T0 + 65_000 },
        { t: T0 + 70_000, flows: 1, first: T0 + 70_000, last: T0 + 70_000 },
      ],
      bucketMs: 1_000,
      untimedFlows: 0,
      verdicts: { allowed: 2, denied: 1 },
      via: [],
    });
  });

  it('drops replies, keeps undetermined records apart as pairs, and says how many', () => {
    const agg = createAggregation('default');
    addFlow(agg, IDX, webToApi(T0, { isReply: true }));
    const ackOnly = { format: 'hubble-jsonpb', time: T0, tcpFlags: { ack: true } } as const;
    addFlow(agg, IDX, webToApi(T0, { ...ackOnly, isReply: undefined, initiator: undefined }));
    addFlow(agg, IDX, webToApi(T0, { count: 4 }));
    expect(agg.stats).toEqual({ initiations: 4, replies: 1, undetermined: 1 });
    const [counted, pair, ...rest] = finish(agg);
    expect(rest).toEqual([]);
    expect(counted!.flows).toBe(4);
    expect(counted!.undetermined).toBeUndefined();
    // Never counted as a connection: its own aggregate, marked, with the client's ports.
    expect(pair).toMatchObject({
      key: `${counted!.key}|?`,
      port: 8080,
      flows: 1,
      undetermined: { clientPorts: [41000, 41000] },
    });
    expect(aggregateFlows([counted!, pair!])).toBe(4);
  });

  it('folds both directions of an undetermined connection into one pair read the likelier way', () => {
    const ack = (extra: Partial<FlowRecord>) =>
      webToApi(T0, { isReply: undefined, initiator: undefined, tcpFlags: { ack: true }, ...extra });
    const pairs = aggregate([
      ack({ srcPort: 41000 }),
      ack({ srcPort: 42000 }),
      // The answer's packets: api:8080 → web:41500.
      ack({ srcIp: '10.1.0.21', srcPort: 8080, dstIp: '10.1.0.11', dstPort: 41500 }),
    ]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({
      client: { name: 'web' },
      server: { name: 'api' },
      port: 8080,
      flows: 3,
      undetermined: { clientPorts: [41000, 42000] },
    });
    // Merging keeps the range of both sides.
    const other = {
      ...pairs[0]!,
      undetermined: { clientPorts: [39000, 40000] as [number, number] },
    };
    expect(mergeAll([pairs[0]!, other])[0]!.undetermined).toEqual({ clientPorts: [39000, 42000] });
  });

  it('finds a communication from the last one only when objects, port, protocol and kind match', () => {
    // Named pods: resolution answers each with one shared Endpoint object (memo.podAnswers), so
    // consecutive records hand commOf the same client and server objects.
    const named = (extra: Partial<FlowRecord>) =>
      webToApi(T0, {
        src: { namespace: 'shop', pod: 'web-5d8f7c9b6d-x2x4k' },
        dst: { namespace: 'shop', pod: 'api-7c9d8b5f4c-m5n6b' },
        ...extra,
      });
    const first = resolveInitiation(IDX, named({}), 'forward', emptyInitiation());
    const again = resolveInitiation(IDX, named({}), 'forward', emptyInitiation());
    expect(again.client).toBe(first.client);
    expect(again.server).toBe(first.server);
    const ack = { isReply: undefined, initiator: undefined, tcpFlags: { ack: true } } as const;
    const web2 = { dstIp: '10.1.0.12', dst: { namespace: 'shop', pod: 'web-5d8f7c9b6d-q9z7p' } };
    const api = { srcIp: '10.1.0.21', src: { namespace: 'shop', pod: 'api-7c9d8b5f4c-m5n6b' } };
    // Each record after the first differs from the one before in one part, or in none.
    const out = aggregate([
      named({}),
      named({}),
      named({ dstPort: 9090 }),
      named({}),
      named({ proto: 'UDP' }),
      named({}),
      named(ack),
      named({}),
      named(web2),
      named({}),
      named(api),
      named({ count: 3 }),
    ]);
    const pair = 'default|workload:Deployment/shop/web|workload:Deployment/shop/api';
    expect(out.map((a) => [a.key, a.flows])).toEqual([
      ['default|workload:Deployment/shop/api|workload:Deployment/shop/api|8080/TCP', 1],
      [`${pair}|8080/TCP`, 9],
      [`${pair}|8080/TCP|?`, 1],
      [`${pair}|8080/UDP`, 1],
      [`${pair}|9090/TCP`, 1],
      ['default|workload:Deployment/shop/web|workload:Deployment/shop/web|8080/TCP', 1],
    ]);
  });

  it("counts each verdict in its own box, repeats and changes alike (the last verdict's box)", () => {
    const verdicts: [FlowRecord['verdict'], number | undefined][] = [
      ['dropped', undefined],
      ['dropped', 2],
      ['allowed', undefined],
      ['allowed', 4],
      ['dropped', undefined],
      [undefined, undefined],
      ['allowed', 3],
      ['denied', undefined],
      ['denied', undefined],
      [undefined, 2],
    ];
    const records = verdicts.map(([verdict, count], i) =>
      webToApi(T0 + i * 1_000, { verdict, count }),
    );
    const [a] = aggregate(records);
    // Sorted by verdict on output, whatever order they came in.
    expect(Object.entries(a!.verdicts)).toEqual([
      ['allowed', 8],
      ['denied', 2],
      ['dropped', 4],
      ['unknown', 3],
    ]);
    expect(a!.flows).toBe(17);
    // Merging adds box to box, and a verdict one side lacks comes in whole.
    const [b] = aggregate(records.slice(0, 4));
    const [c] = aggregate(records.slice(4));
    expect(mergeAll([b!], [c!])[0]!.verdicts).toEqual(a!.verdicts);
    expect(mergeAll([b!, c!])[0]!.verdicts).toEqual(a!.verdicts);
  });

  it('lists no pair for an undetermined record without ports (an ICMP error)', () => {
    const icmp = flow({ format: 'hubble-jsonpb', proto: 'ICMP', icmp: { type: 3, code: 1 } });
    const agg = createAggregation('default');
    addFlow(agg, IDX, { ...icmp, srcIp: '10.1.0.11', dstIp: '10.1.0.21' });
    expect(agg.stats.undetermined).toBe(1);
    expect(finish(agg)).toEqual([]);
  });

  it('keeps flows without a time apart: untimed, no first/last seen', () => {
    const [a] = aggregate([webToApi(null), webToApi(null, { count: 2 })]);
    expect(a).toMatchObject({
      flows: 3,
      untimedFlows: 3,
      buckets: [],
      firstSeen: null,
      lastSeen: null,
    });
  });

  it('counts one connection seen at both ends once (max of the two observation points)', () => {
    const seenBoth = [
      webToApi(T0, { direction: 'egress' }),
      webToApi(T0 + 1, { direction: 'ingress' }),
      webToApi(T0 + 2, { direction: 'egress' }),
      webToApi(T0 + 3, { direction: 'ingress' }),
    ];
    const [a] = aggregate(seenBoth);
    expect(a!.flows).toBe(2);
    expect(a!.buckets).toEqual([
      { t: T0, flows: 2, first: T0, last: T0 + 3, atClient: 2, atServer: 2 },
    ]);
    // A capture of the client's node alone reports the same number.
    expect(aggregate(seenBoth.filter((r) => r.direction === 'egress'))[0]!.flows).toBe(2);
    // Records that name no observation point add on top.
    expect(aggregate([...seenBoth, webToApi(T0 + 4)])[0]!.flows).toBe(3);
  });

  it('resolves a Service address to its pods and the Service port to the named targetPort', () => {
    const [a] = aggregate([
      flow({
        time: T0,
        srcIp: '10.1.0.11',
        srcPort: 41000,
        dstIp: '10.96.0.50',
        dstPort: 80,
        initiator: 'src',
      }),
    ]);
    expect(a).toMatchObject({
      server: { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'api' },
      port: 8080,
      via: ['shop/api'],
    });
  });

  it('names the Service a conntrack entry was DNATed from (original destination)', () => {
    const [a] = aggregate([
      flow({
        format: 'conntrack',
        srcIp: '10.1.0.11',
        srcPort: 41000,
        dstIp: '10.1.0.21',
        dstPort: 8080,
        origDstIp: '10.96.0.50',
        origDstPort: 80,
        initiator: 'src',
      }),
    ]);
    expect(a).toMatchObject({ port: 8080, via: ['shop/api'], untimedFlows: 1 });
  });

  it('rolls CronJob pods up to the CronJob and keeps nodes and unknown IPs apart', () => {
    const out = aggregate([
      flow({
        srcIp: '10.1.0.31',
        srcPort: 40000,
        dstIp: '10.96.0.50',
        dstPort: 80,
        initiator: 'src',
      }),
      flow({
        srcIp: '192.168.0.10',
        srcPort: 40001,
        dstIp: '10.1.0.21',
        dstPort: 8080,
        initiator: 'src',
      }),
      flow({
        srcIp: '10.1.0.21',
        srcPort: 40002,
        dstIp: '203.0.113.7',
        dstPort: 443,
        initiator: 'src',
      }),
    ]);
    expect(out.map((a) => [a.client, a.server, a.port])).toEqual([
      [
        { type: 'node', name: 'node-a', ip: '192.168.0.10' },
        { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'api' },
        8080,
      ],
      [
        { type: 'workload', kind: 'CronJob', namespace: 'shop', name: 'report' },
        { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'api' },
        8080,
      ],
      [
        { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'api' },
        { type: 'ip', ip: '203.0.113.7' },
        443,
      ],
    ]);
  });
});

/** Records over a few endpoints, ports, times, counts and observation points. */
const recordArb: fc.Arbitrary<FlowRecord> = fc
  .record({
    src: fc.constantFrom('10.1.0.11', '10.1.0.12', '10.1.0.31', '192.168.0.10', '198.51.100.9'),
    dst: fc.constantFrom('10.1.0.21', '10.96.0.50', '10.1.0.41', '203.0.113.7'),
    dstPort: fc.constantFrom(80, 8080, 53, 443),
    proto: fc.constantFrom('TCP', 'UDP'),
    time: fc.option(fc.integer({ min: T0, max: T0 + 10 * MIN }), { nil: null }),
    isReply: fc.constantFrom(undefined, false, true),
    direction: fc.constantFrom(undefined, 'ingress' as const, 'egress' as const),
    count: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    verdict: fc.constantFrom('allowed' as const, 'dropped' as const),
  })
  .map((x) =>
    flow({
      format: 'hubble-jsonpb',
      time: x.time,
      srcIp: x.src,
      srcPort: 40000,
      dstIp: x.dst,
      dstPort: x.dstPort,
      proto: x.proto,
      isReply: x.isReply,
      direction: x.direction,
      count: x.count,
      verdict: x.verdict,
      tcpFlags: x.proto === 'TCP' ? { syn: true } : undefined,
    }),
  );

describe('merging', () => {
  it('aggregating shards and merging equals aggregating the whole', () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { maxLength: 60 }),
        fc.array(fc.nat(3), { maxLength: 60 }),
        (records, shardOf) => {
          const shards: FlowRecord[][] = [[], [], [], []];
          records.forEach((r, i) => shards[shardOf[i] ?? 0]!.push(r));
          expect(mergeAll(...shards.map((s) => aggregate(s)))).toEqual(aggregate(records));
        },
      ),
    );
  });

  it('is commutative and associative', () => {
    const lists = fc.array(recordArb, { maxLength: 30 }).map((rs) => aggregate(rs));
    fc.assert(
      fc.property(lists, lists, lists, (a, b, c) => {
        expect(mergeAggregates(a, b)).toEqual(mergeAggregates(b, a));
        expect(mergeAggregates(mergeAggregates(a, b), c)).toEqual(
          mergeAggregates(a, mergeAggregates(b, c)),
        );
      }),
    );
  });

  it('merges duplicates inside one list (aggregates of several imports)', () => {
    const a = aggregate([webToApi(T0, { direction: 'egress' })]);
    const b = aggregate([webToApi(T0 + 1, { direction: 'ingress' }), webToApi(null)]);
    const merged = mergeAll([...a, ...b]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ flows: 2, untimedFlows: 1, buckets: [{ t: T0, flows: 1 }] });
  });
});
