/**
 * The page's passes over a review's rows by workload give what keying every row gives, whether
 * the rows share their workload's object (as unpacked from the worker) or not, in any order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { workloadKey, type CommKey, type Communication } from '$lib/engine';
import { keysByWorkload, rowCounts, rowParts } from '$lib/state/workload-groups';

const WORKLOADS = ['a', 'b', 'c'].map((name) => ({ kind: 'Deployment', namespace: 'ns', name }));

/** Rows of three workloads, each sharing its workload's object or holding a copy of it. */
const rows = fc
  .array(
    fc.record({
      w: fc.nat(2),
      shared: fc.boolean(),
      direction: fc.constantFrom('ingress' as const, 'egress' as const),
      ip: fc.boolean(),
      undetermined: fc.boolean(),
    }),
    { maxLength: 40 },
  )
  .map((list) =>
    list.map(
      (r, i) =>
        ({
          key: `row-${i}`,
          direction: r.direction,
          workload: r.shared ? WORKLOADS[r.w]! : { ...WORKLOADS[r.w]! },
          peer: r.ip
            ? { type: 'ip', ip: `10.0.0.${i}` }
            : { type: 'node', name: 'n', ip: '1.1.1.1' },
          ...(r.undetermined ? { undetermined: true } : {}),
        }) as unknown as Communication,
    ),
  );

describe('rows by workload', () => {
  it('split, counted and selected as keying each row does', () => {
    fc.assert(
      fc.property(rows, fc.array(fc.nat(40)), (list, picked) => {
        const byWorkload = new Map<string, Communication[]>();
        const counts: Record<string, { ingress: number; egress: number }> = {};
        for (const c of list) {
          const id = workloadKey(c.workload);
          byWorkload.set(id, [...(byWorkload.get(id) ?? []), c]);
          (counts[id] ??= { ingress: 0, egress: 0 })[c.direction]++;
        }
        const parts = rowParts(list);
        expect([...parts.byWorkload]).toEqual([...byWorkload]);
        expect(parts.captured).toEqual(list.filter((c) => !c.undetermined));
        expect(JSON.stringify(rowCounts(list))).toBe(JSON.stringify(counts));
        const keys = picked.map((i) => `row-${i}` as CommKey);
        const expected: Record<string, CommKey[]> = {};
        for (const c of list)
          if (keys.includes(c.key)) (expected[workloadKey(c.workload)] ??= []).push(c.key);
        expect(
          Object.fromEntries(
            keysByWorkload(list, keys).map((g) => [workloadKey(g.workload), g.keys]),
          ),
        ).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
