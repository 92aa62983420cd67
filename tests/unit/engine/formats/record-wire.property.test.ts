/**
 * The record wire's encoding (record-wire.ts) on records of every field and shape, not only the
 * readers' (record-wire.test.ts): random events — records with their keys in any order and
 * values of any kind (NaN, -0, huge and tiny numbers, empty strings, `undefined`-valued keys,
 * labels named `__proto__` or `constructor`, a record's own `__proto__` key, arrays, dates,
 * bigints, objects nested deeply), endpoints and labels shared between records, DNS answers
 * between them — written, taken in batches cut at random, each crossing a structured clone with
 * its buffers transferred, and read back: the same events in the same order, every object with
 * the same keys in the same order, the same prototype (labels without one) and the same values;
 * labels shared on the writer's side shared on the reader's (and only those); consecutive
 * records that shared an endpoint sharing one; endpoints nearly equal to one written before
 * (-0 for 0, NaN, a string for a number, keys in another order or one fewer, labels with a
 * prototype) not taken for it; the tables started again (small limits), and columns grown,
 * without a change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createWireReader,
  createWireWriter,
  type WireBatch,
  type WireLimits,
} from '../../../../src/lib/engine/formats/record-wire';
import type { FlowRecord } from '../../../../src/lib/engine/model/flow';
import type { DnsAnswer } from '../../../../src/lib/engine/model/names';

type Event =
  { record: FlowRecord } | { answers: DnsAnswer[]; time: number | null; end: number | undefined };

/**
 * What a value is, to compare strictly: every object's keys in their order, its prototype (plain,
 * none, array, date), numbers by Object.is (NaN, -0), and nothing toStrictEqual would let pass.
 */
function described(v: unknown): unknown {
  if (typeof v === 'number') return ['number', Object.is(v, -0) ? '-0' : String(v)];
  if (typeof v === 'bigint') return ['bigint', String(v)];
  if (typeof v !== 'object' || v === null) return [typeof v, v];
  if (Array.isArray(v)) return ['array', v.map(described)];
  if (v instanceof Date) return ['date', v.getTime()];
  const proto = Object.getPrototypeOf(v) as unknown;
  const kind = proto === null ? 'bare' : proto === Object.prototype ? 'plain' : 'other';
  const o = v as Record<string, unknown>;
  return [kind, Object.keys(o).map((k) => [k, described(o[k])])];
}

/** An object with these members in this order (a `__proto__` key made an own member). */
function objectOf(entries: [string, unknown][], bare = false): Record<string, unknown> {
  const o = (bare ? Object.create(null) : {}) as Record<string, unknown>;
  for (const [k, v] of entries) {
    Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  }
  return o;
}

/** Members with distinct keys, in the order given. */
function members(
  keys: fc.Arbitrary<string>,
  value: fc.Arbitrary<unknown>,
  max: number,
): fc.Arbitrary<[string, unknown][]> {
  return fc.uniqueArray(fc.tuple(keys, value), { selector: ([k]) => k, maxLength: max });
}

const NAMES = ['', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', '10', 'app'];
const text = fc.oneof(
  fc.constantFrom(...NAMES, '10.0.0.1', 'TCP', 'hubble-jsonpb'),
  fc.string(),
  fc.string({ unit: 'binary' }),
);
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, 5e-324),
);
/** Any value a member may hold, objects nested (to the depth fast-check gives). */
const { any } = fc.letrec<{ any: unknown }>((tie) => ({
  any: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    number,
    fc.boolean(),
    fc.constantFrom(undefined, null),
    fc.bigInt(),
    fc.date({ noInvalidDate: true }),
    fc.array(text, { maxLength: 3 }),
    fc.array(tie('any'), { maxLength: 3 }),
    members(
      fc.oneof(fc.constantFrom(...NAMES, 'namespace', 'src'), fc.string()),
      tie('any'),
      4,
    ).map((m) => objectOf(m)),
    members(fc.oneof(fc.constantFrom(...NAMES), fc.string()), tie('any'), 3).map((m) =>
      objectOf(m, true),
    ),
  ),
}));

/** Labels (without a prototype), keys of any name. */
const labels = members(fc.oneof(fc.constantFrom(...NAMES), fc.string()), text, 4).map((m) =>
  objectOf(m, true),
);

/** Members of an endpoint (EndpointMeta), in any order, with `labels` from the pool `pool`. */
function endpoint(pool: Record<string, unknown>[]): fc.Arbitrary<Record<string, unknown>> {
  const field = fc.oneof(
    fc.tuple(fc.constantFrom('namespace', 'pod', 'workloadKind', 'workloadName', 'node'), text),
    fc.tuple(fc.constantFrom('kind', 'cluster', 'aggregatedName'), text),
    fc.tuple(fc.constant('identity'), number),
    fc.tuple(fc.constant('labels'), pool.length > 0 ? fc.constantFrom(...pool) : labels),
    fc.tuple(
      fc.constant('service'),
      fc
        .tuple(text, text, fc.option(fc.oneof(number, text), { nil: undefined }))
        .map(([namespace, name, port]) =>
          port === undefined ? { namespace, name } : { namespace, name, port },
        ),
    ),
    fc.tuple(fc.constant('names'), fc.array(text, { maxLength: 3 })),
    fc.tuple(fc.string(), any),
  );
  return fc.uniqueArray(field, { selector: ([k]) => k, maxLength: 8 }).map((m) => objectOf(m));
}

/** A record: its members in any order, values of their kind or any other. */
function record(
  pool: Record<string, unknown>[],
  ends: Record<string, unknown>[],
): fc.Arbitrary<FlowRecord> {
  const end = ends.length > 0 ? fc.oneof(fc.constantFrom(...ends), endpoint(pool)) : endpoint(pool);
  const field = fc.oneof(
    fc.tuple(fc.constantFrom('format', 'srcIp', 'dstIp', 'origDstIp', 'verdictRaw'), text),
    fc.tuple(
      fc.constantFrom('time', 'timeEnd', 'resolutionMs', 'srcPort', 'dstPort', 'origDstPort'),
      fc.oneof(number, fc.constant(null)),
    ),
    fc.tuple(fc.constantFrom('bytes', 'packets', 'bytesRev', 'packetsRev', 'count'), number),
    fc.tuple(fc.constantFrom('proto', 'direction', 'reporter', 'initiator', 'verdict'), text),
    fc.tuple(
      fc.constantFrom('isReply', 'namesOnly'),
      fc.oneof(fc.boolean(), fc.constant(undefined)),
    ),
    fc.tuple(fc.constantFrom('src', 'dst'), end),
    fc.tuple(
      fc.constant('tcpFlags'),
      members(fc.constantFrom('syn', 'ack', 'fin', 'rst'), fc.boolean(), 4).map((m) => objectOf(m)),
    ),
    fc.tuple(
      fc.constant('icmp'),
      fc.tuple(number, number).map(([type, code]) => ({ type, code })),
    ),
    fc.tuple(fc.constantFrom('l7', 'answers', 'policies'), any),
    fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string()), any),
  );
  return fc
    .uniqueArray(field, { selector: ([k]) => k, maxLength: 14 })
    .map((m) => objectOf(m) as unknown as FlowRecord);
}

const answers = fc.record(
  {
    answers: fc.array(
      fc.record({ name: text, ip: text, ttl: fc.oneof(number, fc.constant(null)) }),
      {
        maxLength: 3,
      },
    ),
    time: fc.oneof(number, fc.constant(null)),
    end: fc.oneof(number, fc.constant(undefined)),
  },
  { noNullPrototype: true },
);

/** Events with labels and endpoints shared between records (pools drawn first). */
const events: fc.Arbitrary<Event[]> = fc
  .array(labels, { maxLength: 4 })
  .chain((pool) => fc.tuple(fc.constant(pool), fc.array(endpoint(pool), { maxLength: 4 })))
  .chain(([pool, ends]) =>
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: record(pool, ends).map((r): Event => ({ record: r })) },
        { weight: 1, arbitrary: answers },
      ),
      { maxLength: 40 },
    ),
  );

/** The events through a writer and a reader, a batch taken after each event `cut` says. */
function wired(all: Event[], cut: (i: number) => boolean, limits?: WireLimits): Event[] {
  const writer = createWireWriter(limits);
  const reader = createWireReader();
  const out: Event[] = [];
  const into = {
    onRecord: (record: FlowRecord) => out.push({ record }),
    onAnswers: (a: DnsAnswer[], time: number | null, end: number | undefined) =>
      out.push({ answers: a, time, end }),
  };
  const send = (): void => {
    const { batch, transfer } = writer.take();
    const crossed = structuredClone(batch, { transfer }) as WireBatch;
    // Transferred: the writer kept no view of the buffers (its next batch has its own).
    for (const b of transfer) expect(b.byteLength).toBe(0);
    reader.read(crossed, into);
  };
  all.forEach((e, i) => {
    if ('record' in e) writer.record(e.record);
    else writer.answers(e.answers, e.time, e.end);
    if (cut(i)) send();
  });
  send();
  return out;
}

/** Every object without a prototype reached from the events, in the order met. */
function bares(all: Event[]): object[] {
  const out: object[] = [];
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (Object.getPrototypeOf(v) === null) out.push(v);
    for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k]);
  };
  for (const e of all) walk('record' in e ? e.record : e.answers);
  return out;
}

const cuts = fc.array(fc.boolean(), { minLength: 1, maxLength: 50 });

describe('record wire encoding', () => {
  it('gives back any events: keys in order, prototypes, values (NaN, -0, undefined…)', () => {
    fc.assert(
      fc.property(events, cuts, (all, cut) => {
        const got = wired(all, (i) => cut[i % cut.length] as boolean);
        // (Not toStrictEqual on the events themselves: it takes an own `constructor` member
        // for the object's class.)
        expect(got.map(described)).toStrictEqual(all.map(described));
      }),
      { numRuns: 300 },
    );
  });

  it('does not take an endpoint for a nearly equal one written before it', () => {
    // What the writer compares to send an endpoint as one written before: each near miss here
    // must be written again.
    const near: ((m: [string, unknown][]) => [string, unknown][])[] = [
      (m) => [...m, ['identity', 0]],
      (m) => [...m, ['identity', -0]],
      (m) => [...m, ['port', NaN]],
      (m) => [...m, ['port', '0']],
      (m) => [...m, ['node', undefined]],
      (m) => [...m, ['service', { namespace: 'a', name: 'b', port: 0 }]],
      (m) => [...m, ['service', { namespace: 'a', name: 'b', port: -0 }]],
      (m) => [...m, ['service', { name: 'b', namespace: 'a', port: 0 }]],
      (m) => [...m, ['names', ['a', 'b']]],
      (m) => [...m, ['names', ['a']]],
      (m) => [...m, ['labels', objectOf([['app', 'x']], true)]],
      (m) => [...m, ['labels', objectOf([['app', 'x']])]],
      (m) => m.slice(1),
      (m) => [...m.slice(1), ...m.slice(0, 1)],
    ];
    const entries = fc.uniqueArray(fc.tuple(fc.constantFrom('namespace', 'pod', 'kind'), text), {
      selector: ([k]) => k,
      maxLength: 3,
    });
    fc.assert(
      fc.property(
        entries,
        fc.array(fc.nat(near.length - 1), { minLength: 2, maxLength: 8 }),
        (m, picks) => {
          const all: Event[] = picks.map((p) => ({
            record: { format: 'x', src: objectOf((near[p] as (typeof near)[0])(m)) } as never,
          }));
          const got = wired(all, () => false);
          expect(got.map(described)).toStrictEqual(all.map(described));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shares labels objects exactly as the writer did, across batches', () => {
    fc.assert(
      fc.property(events, cuts, (all, cut) => {
        const want = bares(all);
        const got = bares(wired(all, (i) => cut[i % cut.length] as boolean));
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++)
          for (let j = i + 1; j < want.length; j++)
            expect(got[i] === got[j]).toBe(want[i] === want[j]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives consecutive records that shared an endpoint object one object', () => {
    fc.assert(
      fc.property(events, cuts, (all, cut) => {
        const got = wired(all, (i) => cut[i % cut.length] as boolean);
        for (let i = 1; i < all.length; i++) {
          const a = all[i - 1] as Event;
          const b = all[i] as Event;
          if (!('record' in a) || !('record' in b)) continue;
          const [x, y] = [got[i - 1] as { record: FlowRecord }, got[i] as { record: FlowRecord }];
          for (const side of ['src', 'dst'] as const) {
            const shared = a.record[side];
            if (shared === undefined || b.record[side] !== shared) continue;
            if (typeof shared !== 'object' || Object.getPrototypeOf(shared) !== Object.prototype)
              continue;
            expect(y.record[side]).toBe(x.record[side]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same events when its tables start again (small limits)', () => {
    fc.assert(
      fc.property(
        events,
        cuts,
        fc.record({
          strings: fc.integer({ min: 1, max: 8 }),
          shapes: fc.integer({ min: 1, max: 4 }),
          bares: fc.integer({ min: 1, max: 3 }),
        }),
        (all, cut, limits) => {
          const got = wired(all, (i) => cut[i % cut.length] as boolean, limits);
          expect(got.map(described)).toStrictEqual(all.map(described));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same strings again after its tables start again, wherever they were', () => {
    // Few strings, met again after each start: as members, in arrays of strings, in arrays.
    const word = fc.constantFrom('a', 'b', 'c', 'd');
    const event = fc
      .tuple(word, word, word)
      .map(([a, b, c]): Event => ({ record: { format: a, policies: [b], l7: [c, 0] } as never }));
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), cuts, (all, cut) => {
        const limits = { strings: 2, shapes: 2, bares: 2 };
        const got = wired(all, (i) => cut[i % cut.length] as boolean, limits);
        expect(got.map(described)).toStrictEqual(all.map(described));
      }),
      { numRuns: 200 },
    );
  });

  it('gives back a batch longer than its first columns (they grow)', () => {
    const all: Event[] = Array.from({ length: 3000 }, (_, i) => ({
      record: { format: 'x', time: i, srcIp: `10.0.${i >> 8}.${i & 255}`, srcPort: -i } as never,
    }));
    expect(wired(all, () => false).map(described)).toStrictEqual(all.map(described));
  });

  it('gives back objects nested deeper than it describes (the structured clone takes them)', () => {
    // (Below 32 levels: objects without a prototype are plain ones there, as the clone gives.)
    const deep: Record<string, unknown> = { format: 'x' };
    let at = deep;
    for (let i = 0; i < 100; i++) {
      const next: Record<string, unknown> = { depth: i, list: [i, { i }] };
      if (i < 30) next.none = Object.assign(Object.create(null) as object, { i });
      at = at.l7 = next;
    }
    const all: Event[] = [{ record: deep as unknown as FlowRecord }];
    const got = wired(all, () => false);
    expect(got.map(described)).toStrictEqual(all.map(described));
  });
});
