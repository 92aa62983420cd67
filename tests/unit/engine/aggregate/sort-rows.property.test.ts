/**
 * `sortRows` (aggregate/query.ts) orders the query's rows without calling compareRows: each part
 * ranked once per distinct value and the ranks packed into numbers the typed array sorts. It
 * must leave them exactly as the stable comparator sort did — equal rows in their input order,
 * peers equal by value in different objects, strings in code-unit order — and fall back to the
 * comparator when the packed numbers would not be exact or a port is not an integer.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareRows, sortRows } from '../../../../src/lib/engine/aggregate/query';
import type { Communication, Peer } from '../../../../src/lib/engine/model/communication';
import type { CommKey } from '../../../../src/lib/engine/model/ids';

/**
 * Few names, so that rows often tie on every part but one: texts where code-unit, code-point
 * and locale order differ.
 */
const text = fc.constantFrom('a', 'B', 'ä', '\u{1F600}', '\uFFFF', 'a/b');

const workloadArb = fc.record({
  kind: fc.constantFrom('Deployment', 'a'),
  namespace: fc.constantFrom('a', 'B', '\uFFFF'),
  name: fc.constantFrom('a', '\u{1F600}'),
});

const peerArb: fc.Arbitrary<Peer> = fc.oneof(
  workloadArb.map((w) => ({ type: 'workload' as const, ...w })),
  fc.record({ type: fc.constant('node' as const), name: text, ip: text }),
  fc.record(
    {
      type: fc.constant('ip' as const),
      ip: fc.constantFrom('10.0.0.1', '10.0.0.10', '9.9.9.9', '::1', 'a'),
      class: fc.constant('internal' as const),
      alias: fc.constant(null),
      identity: fc.record({
        namespace: text,
        labels: fc.dictionary(fc.constantFrom('app', 'k'), text, { maxKeys: 2 }),
      }),
    },
    { requiredKeys: ['type', 'ip', 'class', 'alias'] },
  ),
);

/** Rows whose peers are shared objects, or copies of one (equal by value, not by identity). */
const rowsArb = (port: fc.Arbitrary<number>) =>
  fc
    .tuple(
      fc.array(peerArb, { minLength: 1, maxLength: 6 }),
      fc.array(
        fc.record({
          workload: workloadArb,
          direction: fc.constantFrom('ingress' as const, 'egress' as const),
          peer: fc.nat(5),
          copy: fc.boolean(),
          port,
          protocol: fc.constantFrom('TCP', 'tcp', 'UDP', ''),
        }),
        { maxLength: 80 },
      ),
    )
    .map(([peers, specs]) =>
      specs.map((s, i): Communication => {
        const peer = peers[s.peer % peers.length]!;
        return {
          key: `row ${i}` as CommKey,
          direction: s.direction,
          workload: s.workload,
          peer: s.copy ? { ...peer } : peer,
          port: s.port,
          protocol: s.protocol,
          flows: 1,
          firstSeen: null,
          lastSeen: null,
          via: [],
          verdicts: {},
        };
      }),
    );

const byComparator = (rows: Communication[]) => [...rows].sort(compareRows).map((r) => r.key);

describe('sortRows', () => {
  it('orders the rows as the stable comparator sort does', () => {
    fc.assert(
      fc.property(rowsArb(fc.constantFrom(0, 443, 65535, -1)), (rows) => {
        const expected = byComparator(rows);
        expect(sortRows([...rows]).map((r) => r.key)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('sorts with the comparator when the packed numbers could exceed the bound', () => {
    fc.assert(
      fc.property(rowsArb(fc.constantFrom(0, 80, 443)), fc.nat(5000), (rows, bound) => {
        expect(sortRows([...rows], bound).map((r) => r.key)).toEqual(byComparator(rows));
      }),
      { numRuns: 200 },
    );
  });

  it('sorts with the numbers too large to pack exactly as the comparator does', () => {
    // 2,000 workloads x 2 directions x 4,000 peers x 20,000 ports x 2 protocols x 40,000 rows
    // > 2^53.
    const peers = Array.from({ length: 4000 }, (_, i): Peer => ({
      type: 'ip',
      ip: `10.0.${i >> 8}.${i & 255}`,
      class: 'internal',
      alias: null,
    }));
    const rows = Array.from({ length: 40000 }, (_, i): Communication => ({
      key: `row ${i}` as CommKey,
      direction: i % 3 === 0 ? 'egress' : 'ingress',
      workload: { kind: 'Deployment', namespace: 'ns', name: `w${(i * 7919) % 2000}` },
      peer: peers[(i * 104729) % 4000]!,
      port: (i * 31) % 20000,
      protocol: 'TCP',
      flows: 1,
      firstSeen: null,
      lastSeen: null,
      via: [],
      verdicts: {},
    }));
    expect(sortRows([...rows]).map((r) => r.key)).toEqual(byComparator(rows));
  }, 30_000);

  it('sorts with the comparator when a port is not an integer', () => {
    fc.assert(
      fc.property(rowsArb(fc.constantFrom(80, 443, 8.5, NaN, Infinity)), (rows) => {
        expect(sortRows([...rows]).map((r) => r.key)).toEqual(byComparator(rows));
      }),
      { numRuns: 200 },
    );
  });
});
