/**
 * The review's rows packed for the page: what the page unpacks is what JSON.parse of the rows'
 * JSON gives — the same fields in the same order, the same values — whatever the rows hold.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Communication } from '../../../src/lib/engine';
import { packRows, unpackRows } from '../../../workers/packed-rows';

const json = (v: unknown) => JSON.stringify(v);

/** Rows of a few shapes and workloads, with optional, undefined and oddly named fields. */
const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
);
const workload = fc.oneof(
  fc.record({
    kind: fc.constantFrom('Deployment', 'StatefulSet'),
    namespace: fc.constantFrom('a', 'b'),
    name: fc.constantFrom('x', 'y'),
  }),
  fc.record({ name: fc.constantFrom('x', 'y'), kind: fc.constant('Deployment'), extra: value }),
);
const row = fc
  .tuple(
    workload,
    fc.dictionary(
      fc.constantFrom('key', 'port', 'peer', '__proto__', 'endPort', 'undetermined'),
      value,
    ),
    fc.boolean(),
  )
  .map(([w, rest, first]) =>
    first ? { workload: w, ...rest } : ({ ...rest, workload: w } as Record<string, unknown>),
  );

describe('packed rows', () => {
  it('unpack to what the rows JSON parses to, fields in their order', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const unpacked = unpackRows(packRows(rows as unknown as Communication[]));
        expect(json(unpacked)).toBe(json(rows));
        expect(unpacked).toStrictEqual(JSON.parse(json(rows)));
        for (const r of unpacked) expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
      }),
      { numRuns: 300 },
    );
  });

  it("share each workload's object and are smaller than the rows' JSON", () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      key: `Deployment/bookinfo/productpage-v1|egress|ip:198.18.0.${i}|443/TCP`,
      direction: 'egress',
      workload: { kind: 'Deployment', namespace: 'bookinfo', name: `productpage-v${1 + (i % 2)}` },
      peer: { type: 'ip', ip: `198.18.0.${i}`, class: 'unknown', alias: null },
      port: 443,
      protocol: 'TCP',
      flows: 1,
      firstSeen: 1,
      lastSeen: 2,
      via: [],
      verdicts: { allowed: 1 },
    })) as unknown as Communication[];
    const text = packRows(rows);
    const unpacked = unpackRows(text);
    expect(unpacked).toStrictEqual(rows);
    expect(unpacked[2]!.workload).toBe(unpacked[0]!.workload);
    expect(unpacked[1]!.workload).not.toBe(unpacked[0]!.workload);
    expect(text.length).toBeLessThan(json(rows).length * 0.6);
  });
});
