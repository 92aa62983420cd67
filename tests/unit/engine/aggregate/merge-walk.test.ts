/**
 * Merging lists already in mergeAll's order (the parts of one run, read by several threads)
 * by walking them side by side gives exactly what taking every aggregate apart into maps gives:
 * same aggregates, same buckets and sums, same property order (compared as printed JSON).
 * Lists marked as `finish` gives them (`asFinished`) lend their aggregates and buckets to the
 * answer where no other list has the key or the time: the same answer, the lists unchanged.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  asFinished,
  mergeAll,
  mergeByMaps,
  mergeSettled,
  mergeWalk,
} from '../../../../src/lib/engine/aggregate/merge';
import { settle } from '../../../../src/lib/engine/aggregate/width';
import type { Bucket, CommAggregate } from '../../../../src/lib/engine/model/communication';
import type { CommKey } from '../../../../src/lib/engine/model/ids';

const T0 = Date.UTC(2024, 4, 6, 10, 0, 0);
const WIDTH = 5000;

const bucketArb: fc.Arbitrary<Bucket> = fc
  .record({
    slot: fc.nat(12),
    flows: fc.integer({ min: 1, max: 9 }),
    first: fc.nat(WIDTH - 1),
    length: fc.nat(3 * WIDTH),
    atClient: fc.option(fc.nat(9), { nil: undefined }),
    atServer: fc.option(fc.nat(9), { nil: undefined }),
  })
  .map((x) => {
    const t = T0 + x.slot * WIDTH;
    const b: Bucket = { t, flows: x.flows, first: t + x.first, last: t + x.first + x.length };
    if (x.atClient !== undefined) b.atClient = x.atClient;
    if (x.atServer !== undefined) b.atServer = x.atServer;
    return b;
  });

const endpoint = (ip: string) => ({ type: 'ip' as const, ip });

const aggregateArb: fc.Arbitrary<CommAggregate> = fc
  .record({
    key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
    port: fc.constantFrom(53, 80, 8080),
    buckets: fc.array(bucketArb, { maxLength: 6 }),
    untimedFlows: fc.nat(4),
    untimedAtClient: fc.option(fc.nat(4), { nil: undefined }),
    untimedAtServer: fc.option(fc.nat(4), { nil: undefined }),
    verdicts: fc.dictionary(fc.constantFrom('dropped', 'allowed', 'audit'), fc.nat(9)),
    via: fc.array(fc.constantFrom('shop/web', 'shop/api', 'kube-system/dns'), { maxLength: 3 }),
    clientPorts: fc.option(fc.tuple(fc.nat(65535), fc.nat(65535)), { nil: undefined }),
  })
  .map((x) => {
    const seen = new Set<number>();
    const buckets = x.buckets
      .filter((b) => !seen.has(b.t) && seen.add(b.t))
      .sort((a, b) => a.t - b.t);
    const a: CommAggregate = {
      key: x.key as CommKey,
      cluster: 'default',
      client: endpoint(`10.0.0.${x.key.charCodeAt(0)}`),
      server: endpoint('10.0.1.1'),
      port: x.port,
      protocol: 'TCP',
      flows: buckets.reduce((s, b) => s + b.flows, x.untimedFlows),
      firstSeen: buckets[0]?.first ?? null,
      lastSeen: buckets.length > 0 ? Math.max(...buckets.map((b) => b.last)) : null,
      buckets,
      bucketMs: WIDTH,
      untimedFlows: x.untimedFlows,
      verdicts: x.verdicts,
      via: x.via,
    };
    if (x.untimedAtClient !== undefined) a.untimedAtClient = x.untimedAtClient;
    if (x.untimedAtServer !== undefined) a.untimedAtServer = x.untimedAtServer;
    if (x.clientPorts) a.undetermined = { clientPorts: x.clientPorts };
    return a;
  });

/** A list as `finish` gives it: one aggregate per key, sorted by key. */
const listArb = fc
  .array(aggregateArb, { maxLength: 7 })
  .map((as) =>
    [...new Map(as.map((a) => [a.key, a])).values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
  );

describe('mergeWalk', () => {
  it('gives what mergeByMaps gives for sorted lists of one width (2 to 5 lists)', () => {
    fc.assert(
      fc.property(fc.array(listArb, { minLength: 2, maxLength: 5 }), (lists) => {
        const walked = mergeWalk(structuredClone(lists));
        expect(walked).not.toBeNull();
        expect(JSON.stringify(walked)).toBe(JSON.stringify(mergeByMaps(structuredClone(lists))));
        expect(JSON.stringify(mergeAll(...lists))).toBe(JSON.stringify(walked));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves lists not in that order to mergeByMaps (unsorted, two widths, two clusters)', () => {
    fc.assert(
      fc.property(listArb, listArb, fc.nat(2), (x, y, how) => {
        fc.pre(x.length >= 2 && y.length >= 1);
        const lists = structuredClone([x, y]);
        if (how === 0) lists[0]!.reverse();
        else if (how === 1) lists[1]![0]!.bucketMs = 2 * WIDTH;
        else lists[1]![0]!.cluster = 'other';
        expect(mergeWalk(lists)).toBeNull();
        expect(mergeAll(...lists)).toEqual(mergeByMaps(lists));
      }),
    );
  });

  it('refuses buckets out of time order or at the same time within an aggregate', () => {
    const [a] = fc.sample(aggregateArb, { seed: 7, numRuns: 1 });
    const b = { t: T0, flows: 1, first: T0, last: T0 };
    expect(mergeWalk([[{ ...a!, buckets: [b, b] }]])).toBeNull();
    expect(mergeWalk([[{ ...a!, buckets: [{ ...b, t: T0 + WIDTH }, b] }]])).toBeNull();
    expect(mergeWalk([[{ ...a!, buckets: [b, { ...b, t: T0 + WIDTH }] }]])).not.toBeNull();
  });
});

/** `list` with every time moved `ms` later (a part read from a later stretch of a capture). */
function later(list: CommAggregate[], ms: number): CommAggregate[] {
  return list.map((a) => ({
    ...a,
    firstSeen: a.firstSeen === null ? null : a.firstSeen + ms,
    lastSeen: a.lastSeen === null ? null : a.lastSeen + ms,
    buckets: a.buckets.map((b) => ({ ...b, t: b.t + ms, first: b.first + ms, last: b.last + ms })),
  }));
}

describe('mergeWalk with finished lists', () => {
  it('gives the same answer, and leaves every list as it was, settled or not', () => {
    const spec = fc.array(fc.tuple(listArb, fc.boolean(), fc.boolean()), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(spec, (specs) => {
        // A finished list is toAggregate's (mergeByMaps rebuilds each aggregate so); the others
        // keep the generator's buckets (atClient 0, verdicts in any order): copied, not lent.
        // A list 3 hours later makes the settled width wider than the lists' own.
        const lists = specs.map(([list, finished, far]) => {
          const l = far ? later(list, 3 * 3600_000) : list;
          return finished ? asFinished(mergeByMaps([l])) : l;
        });
        const before = JSON.stringify(lists);
        const copied = mergeByMaps(structuredClone(lists));
        expect(JSON.stringify(mergeWalk(lists))).toBe(JSON.stringify(copied));
        expect(JSON.stringify(lists)).toBe(before);
        expect(JSON.stringify(mergeSettled(...lists))).toBe(JSON.stringify(settle(copied)));
        expect(JSON.stringify(lists)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('lends what only one finished list has, and copies the rest', () => {
    const b = (slot: number, flows: number): Bucket => {
      const t = T0 + slot * WIDTH;
      return { t, flows, first: t + 1, last: t + 2, atClient: flows };
    };
    const [proto] = fc.sample(aggregateArb, { seed: 11, numRuns: 1 });
    const agg = (key: string, buckets: Bucket[]): CommAggregate => ({
      ...proto!,
      key: key as CommKey,
      buckets,
      verdicts: {},
      via: [],
    });
    const x = [agg('a', [b(0, 1), b(1, 2)]), agg('b', [b(0, 3)])];
    const y = [agg('a', [b(1, 4), b(2, 5)])];
    const fx = asFinished(mergeByMaps([x]));
    const fy = asFinished(mergeByMaps([y]));
    const out = mergeWalk([fx, fy])!;
    expect(JSON.stringify(out)).toBe(JSON.stringify(mergeByMaps([x, y])));
    expect(out[1]).toBe(fx[1]);
    expect(out[0]!.buckets[0]).toBe(fx[0]!.buckets[0]);
    expect(out[0]!.buckets[1]!.flows).toBe(6);
    expect(out[0]!.buckets[2]).toBe(fy[0]!.buckets[1]);
    // Lists not marked (a structured clone loses the mark) are copied.
    const copied = mergeWalk([structuredClone(fx), structuredClone(fy)])!;
    expect(JSON.stringify(copied)).toBe(JSON.stringify(out));
    expect(copied[1]).not.toBe(fx[1]);
    expect(copied[0]!.buckets[0]).not.toBe(fx[0]!.buckets[0]);
  });
});
