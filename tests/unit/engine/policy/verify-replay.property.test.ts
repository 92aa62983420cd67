/**
 * Property: a replay of many rows (verify.ts: the context prepared once, each row's workload key
 * compared with the last row's, the sides no rule allows shared per pod) gives each row the
 * verdict a replay of that row alone gives — its rows in any order, each with its own workload
 * object as the query and the page's JSON make them — and a side denied by NetworkPolicies names
 * the policies of its pod's namespace that select the pod for that direction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import { matchesSelector, policyNormalize } from '../../../../src/lib/engine/evaluate/index';
import {
  representativePod,
  verifyCommunications,
  type CommVerdict,
} from '../../../../src/lib/engine/policy/verify';
import { generated, scenarioArb } from './scenario-arb';

/** The policies of the pod's namespace selecting it with `type` among their policyTypes. */
function selecting(
  policies: NetworkPolicy[],
  pod: { namespace: string; labels: Record<string, string> },
  type: string,
) {
  return policies
    .map(policyNormalize)
    .filter(
      (p) =>
        p.metadata.namespace === pod.namespace &&
        (p.spec.policyTypes ?? []).includes(type as 'Ingress') &&
        matchesSelector(p.spec.podSelector, pod.labels),
    )
    .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
}

describe('a replay of many rows', () => {
  it('gives each row the verdict of its replay alone', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }),
        (scenario, swaps) => {
          const { inv, rows, decisions, policies } = generated(scenario);
          // Rows in another order, each with a workload object of its own.
          const own = permuted(rows, swaps).map((c) => ({ ...c, workload: { ...c.workload } }));
          const input = { inventory: inv, policies, decisions };
          const all = verifyCommunications({ ...input, communications: own });
          const alone = own.map(
            (c) =>
              verifyCommunications({
                ...input,
                // A copy of the policies: indexed anew, nothing shared with the replay above.
                policies: policies.slice(),
                communications: [c],
              })[0]!,
          );
          expect(all).toStrictEqual(alone);
          for (const v of all) expectDeniedSides(v, policies, inv);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** `rows` with the pairs of places `swaps` names (modulo their count) swapped in turn. */
function permuted<T>(rows: T[], swaps: [number, number][]): T[] {
  const out = rows.slice();
  if (out.length === 0) return out;
  for (const [a, b] of swaps) {
    const [i, j] = [a % out.length, b % out.length];
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function expectDeniedSides(
  v: CommVerdict,
  policies: NetworkPolicy[],
  inv: Parameters<typeof representativePod>[0],
): void {
  const c = v.communication;
  for (const side of ['egress', 'ingress'] as const) {
    const d = v[side];
    if (!d || d.allowed || !d.isolated || d.admin) continue;
    // The side's pod: the row's workload on its own side, else its workload peer.
    const mine = (side === 'egress') === (c.direction === 'egress');
    const ref = mine ? c.workload : c.peer.type === 'workload' ? c.peer : null;
    const pod = ref && representativePod(inv, ref);
    expect(pod).not.toBeNull();
    expect(d.isolatingPolicies).toEqual(
      selecting(policies, pod!, side === 'egress' ? 'Egress' : 'Ingress'),
    );
  }
}
