/**
 * Property: incremental generation (policy/incremental.ts — rows translated once per context,
 * a workload's IR kept while its decisions stay, each IR written once per dialect) gives, after
 * every step of any random sequence of decisions — include or exclude a row, include or exclude
 * many at once, a general rule, DNS, an included IP or range, an alias added — exactly what a
 * generation from scratch gives: the same IR, warnings, documents, errors and YAML, for every
 * workload and every namespace bundle, in two dialects. The incremental side keeps the same
 * inventory and rows objects through the sequence (warm memos); the scratch side gets fresh
 * copies at every step (cold memos).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Communication } from '../../../../src/lib/engine/model/communication';
import type { Inventory } from '../../../../src/lib/engine/model/k8s';
import { dialectById } from '../../../../src/lib/engine/policy/dialects/index';
import {
  generateNamespaceIr,
  generatePolicyIr,
  latestPolicyIr,
} from '../../../../src/lib/engine/policy/generate';
import { render } from '../../../../src/lib/engine/policy/render';
import { apply, stepArb, type State } from './decision-steps';
import {
  NAMESPACES,
  buildInventory,
  communications,
  decisionsFor,
  scenarioArb,
} from './scenario-arb';

const DIALECTS = ['k8s', 'cilium'].map((id) => dialectById(id)!);

/** Every workload's policy and every namespace's bundle, each in every dialect. */
function everything(inv: Inventory, rows: Communication[], s: State) {
  const common = { entityType: 'Deployment' as const, inventory: inv, aliases: s.aliases };
  const workloads = s.decisions.map((decisions) => {
    const input = { ...common, workload: decisions.workload, communications: rows, decisions };
    return { incremental: latestPolicyIr(input), scratch: generatePolicyIr(input) };
  });
  const bundles = NAMESPACES.map((namespace) =>
    generateNamespaceIr({
      ...common,
      namespace,
      communications: rows,
      workloads: s.decisions.map((d) => d.workload),
      decisions: s.decisions,
    }),
  );
  const written = bundles.flatMap((b) =>
    DIALECTS.map((dialect) => render(dialect, b.policies, b.warnings)),
  );
  return { workloads, bundles, written };
}

describe('incremental generation', () => {
  it('equals a generation from scratch after every step of any sequence of decisions', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(stepArb, { minLength: 1, maxLength: 12 }),
        ({ workloads, comms: raw }, steps) => {
          const { inv, refs } = buildInventory(workloads);
          const found = communications(refs, raw);
          const rows = found.map((r) => r.c);
          let state: State = { decisions: decisionsFor(refs, found), aliases: [] };
          for (const step of steps) {
            state = apply(state, step, rows);
            // Warm: the same objects every step. Cold: fresh copies, so no memo can answer.
            const warm = everything(inv, rows, state);
            const cold = everything(structuredClone(inv), structuredClone(rows), state);
            for (const w of warm.workloads) expect(w.incremental).toEqual(w.scratch);
            expect(warm.workloads.map((w) => w.incremental)).toEqual(
              cold.workloads.map((w) => w.scratch),
            );
            expect(warm.bundles).toEqual(cold.bundles);
            expect(warm.written).toEqual(cold.written);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
