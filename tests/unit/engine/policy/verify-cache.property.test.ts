/**
 * Property: the existing-policy review with today's verdicts remembered (existing.ts,
 * `todayVerdicts`: each row replayed through the dump's policies once per inventory and
 * evaluator switches) equals the review computed from scratch, after every step of any random
 * sequence of decisions — while the same rows are reviewed against two dumps with different
 * policies in turn and with either `ipBlockMatchesPods`, so a memo that forgot the inventory or
 * the switches would answer with the other dump's verdicts. A diff that keeps the first `shown`
 * rows of each list counts them all and keeps the same first rows. And the diff is the one three
 * full replays give (today, the proposal, the proposal alone, every denied row explained): the
 * review explains only the rows its diff shows, today's when first shown (`explainedToday`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Communication } from '../../../../src/lib/engine/model/communication';
import type { Inventory, NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import { emitNetworkPolicy } from '../../../../src/lib/engine/policy/dialects/k8s';
import { reviewExisting } from '../../../../src/lib/engine/policy/existing';
import { diffVerdicts } from '../../../../src/lib/engine/policy/existing-diff';
import { latestPolicyIr } from '../../../../src/lib/engine/policy/generate';
import { replayedRows, verifyCommunications } from '../../../../src/lib/engine/policy/verify';
import { apply, stepArb, type State } from './decision-steps';
import {
  NAMESPACES,
  buildInventory,
  communications,
  decisionsFor,
  scenarioArb,
} from './scenario-arb';

type Existing = 'deny' | 'allowApi' | 'egressIp' | 'none';

function policy(ns: string, kind: Existing): NetworkPolicy[] {
  const meta = { namespace: ns, name: `existing-${kind}` };
  const base = {
    apiVersion: 'networking.k8s.io/v1' as const,
    kind: 'NetworkPolicy' as const,
    metadata: meta,
  };
  switch (kind) {
    case 'none':
      return [];
    case 'deny':
      return [{ ...base, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }];
    case 'allowApi':
      return [
        {
          ...base,
          spec: {
            podSelector: {},
            ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'a' } } }] }],
          },
        },
      ];
    case 'egressIp':
      return [
        {
          ...base,
          spec: {
            podSelector: { matchLabels: { tier: 'b' } },
            policyTypes: ['Egress'],
            egress: [
              {
                to: [{ ipBlock: { cidr: '203.0.113.0/30' } }],
                ports: [{ protocol: 'TCP', port: 443 }],
              },
              // The pods' addresses: it allows them only with ipBlockMatchesPods.
              { to: [{ ipBlock: { cidr: '10.1.0.0/16' } }] },
            ],
          },
        },
      ];
  }
}

const existingArb = fc.array(fc.constantFrom<Existing>('deny', 'allowApi', 'egressIp', 'none'), {
  minLength: NAMESPACES.length,
  maxLength: NAMESPACES.length,
});

/** Each workload's decisions under `s` with its generated policy. */
function generated(inv: Inventory, rows: Communication[], s: State) {
  return s.decisions.map((decisions) => {
    const { ir } = latestPolicyIr({
      entityType: 'Deployment',
      inventory: inv,
      aliases: s.aliases,
      workload: decisions.workload,
      communications: rows,
      decisions,
    });
    return { decisions, policy: emitNetworkPolicy(ir).policy };
  });
}

/** Every workload's existing-policy review under `s`, its diff keeping `shown` rows per list. */
function reviews(
  inv: Inventory,
  rows: Communication[],
  s: State,
  ipBlockMatchesPods: boolean,
  shown?: number,
) {
  return generated(inv, rows, s).map(({ decisions, policy }) =>
    reviewExisting({
      inventory: inv,
      workload: decisions.workload,
      communications: replayedRows(rows, s.decisions),
      policies: [policy],
      decisions: s.decisions,
      ipBlockMatchesPods,
      ...(shown === undefined ? {} : { shown }),
    }),
  );
}

/**
 * Every workload's diff as three full replays give it: today, the proposal and the proposal
 * alone, each explaining every row it denies (the review explains only what its diff shows).
 */
function fullDiffs(
  inv: Inventory,
  rows: Communication[],
  s: State,
  ipBlockMatchesPods: boolean,
  shown?: number,
) {
  const communications = replayedRows(rows, s.decisions);
  const replay = (withExisting: boolean, policies: NetworkPolicy[], decided: boolean) =>
    verifyCommunications({
      inventory: inv,
      communications,
      policies,
      withExisting,
      explain: true,
      ipBlockMatchesPods,
      ...(decided ? { decisions: s.decisions } : {}),
    });
  return generated(inv, rows, s).map(({ policy }) =>
    diffVerdicts(
      replay(true, [], false),
      replay(true, [policy], true),
      replay(false, [policy], true),
      shown,
    ),
  );
}

describe("today's verdicts remembered", () => {
  it('give the review from scratch after every step, whatever dump and switches come in turn', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        existingArb,
        existingArb,
        fc.array(fc.tuple(stepArb, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 10 }),
        ({ workloads, comms: raw }, first, second, steps) => {
          const { inv, refs } = buildInventory(workloads);
          const dumps = [first, second].map((kinds) => ({
            ...inv,
            networkPolicies: kinds.flatMap((k, i) => policy(NAMESPACES[i]!, k)),
          }));
          const found = communications(refs, raw);
          const rows = found.map((r) => r.c);
          let state: State = { decisions: decisionsFor(refs, found), aliases: [] };
          for (const [step, other, ipBlocks] of steps) {
            state = apply(state, step, rows);
            const dump = dumps[other ? 1 : 0]!;
            // Warm: the same inventory and rows every step. Cold: fresh copies, no memo answers.
            const warm = reviews(dump, rows, state, ipBlocks);
            const cold = reviews(structuredClone(dump), structuredClone(rows), state, ipBlocks);
            expect(warm).toEqual(cold);
            expect(warm.map((r) => r.diff)).toEqual(fullDiffs(dump, rows, state, ipBlocks));
            const firstTwo = reviews(dump, rows, state, ipBlocks, 2).map((r) => r.diff);
            expect(firstTwo).toEqual(fullDiffs(dump, rows, state, ipBlocks, 2));
            const firstOnes = reviews(dump, rows, state, ipBlocks, 1);
            firstOnes.forEach((r, i) => {
              const all = cold[i]!.diff;
              expect(r.diff.wouldBreakRows).toBe(all.wouldBreak.length);
              expect(r.diff.newlyAllowedRows).toBe(all.newlyAllowed.length);
              expect(r.diff).toEqual({
                ...all,
                wouldBreak: all.wouldBreak.slice(0, 1),
                newlyAllowed: all.newlyAllowed.slice(0, 1),
              });
            });
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
