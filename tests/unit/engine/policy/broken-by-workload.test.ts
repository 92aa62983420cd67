/**
 * A bundle's "would break" counts by workload: the same whatever the order of the denied rows
 * and whether rows share their workload's object (counting each row by its workload's key).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { brokenByWorkload } from '../../../../src/lib/engine/policy/bundle';
import type { CommVerdict } from '../../../../src/lib/engine/policy/verify';
import { workloadKey } from '../../../../src/lib/engine/model/ids';

const WORKLOADS = ['a', 'b', 'c'].flatMap((name) =>
  ['Deployment', 'StatefulSet'].map((kind) => ({ kind, namespace: 'ns', name })),
);

const verdicts = fc
  .array(
    fc.record({
      w: fc.nat(WORKLOADS.length - 1),
      shared: fc.boolean(),
      allowed: fc.constantFrom(true, false, null),
      flows: fc.nat(50),
    }),
    { maxLength: 60 },
  )
  .map((list) =>
    list.map(
      (r) =>
        ({
          allowed: r.allowed,
          communication: {
            workload: r.shared ? WORKLOADS[r.w]! : { ...WORKLOADS[r.w]! },
            flows: r.flows,
          },
        }) as unknown as CommVerdict,
    ),
  );

/** Each denied row counted under its workload's key, in turn. */
function reference(list: CommVerdict[]) {
  const byKey = new Map<string, { workload: unknown; denied: number; deniedFlows: number }>();
  for (const v of list) {
    if (v.allowed !== false) continue;
    const k = workloadKey(v.communication.workload);
    const entry = byKey.get(k) ?? { workload: v.communication.workload, denied: 0, deniedFlows: 0 };
    entry.denied++;
    entry.deniedFlows += v.communication.flows;
    byKey.set(k, entry);
  }
  return [...byKey.values()];
}

describe('what a bundle would break, by workload', () => {
  it('counts every denied row under its workload, whatever their order', () => {
    fc.assert(
      fc.property(verdicts, (list) => {
        const got = brokenByWorkload(list);
        const want = reference(list);
        const byKey = (xs: typeof want) =>
          new Map(xs.map((x) => [workloadKey(x.workload as never), x]));
        expect(byKey(got)).toEqual(byKey(want));
        // Each entry names the workload object of its first denied row.
        for (const e of got) expect(want.some((x) => x.workload === e.workload)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
