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
import {
  addIncludedIp,
  setAllowDns,
  setGeneral,
  setIncluded,
  type Decisions,
} from '../../../../src/lib/engine/policy/decisions';
import { dialectById } from '../../../../src/lib/engine/policy/dialects/index';
import {
  generateNamespaceIr,
  generatePolicyIr,
  latestPolicyIr,
  type IpAlias,
} from '../../../../src/lib/engine/policy/generate';
import { render } from '../../../../src/lib/engine/policy/render';
import { workloadKey } from '../../../../src/lib/engine/model/ids';
import {
  NAMESPACES,
  buildInventory,
  communications,
  decisionsFor,
  scenarioArb,
} from './scenario-arb';

const DIALECTS = ['k8s', 'cilium'].map((id) => dialectById(id)!);

const stepArb = fc.oneof(
  fc.record({ type: fc.constant('toggle' as const), row: fc.nat(), value: fc.boolean() }),
  fc.record({
    type: fc.constant('bulk' as const),
    rows: fc.array(fc.nat(), { maxLength: 8 }),
    value: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('general' as const),
    workload: fc.nat(),
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    rule: fc.constantFrom('block' as const, 'namespace' as const, 'all' as const),
  }),
  fc.record({ type: fc.constant('dns' as const), workload: fc.nat(), allow: fc.boolean() }),
  fc.record({
    type: fc.constant('includedIp' as const),
    workload: fc.nat(),
    ip: fc.constantFrom('203.0.113.2', '203.0.113.0/29', '203.0.113.4/30'),
  }),
  fc.record({
    type: fc.constant('alias' as const),
    cidr: fc.constantFrom('203.0.113.1/32', '203.0.113.0/30', '203.0.113.0/24'),
    name: fc.constantFrom('partner', 'office'),
  }),
);

interface State {
  decisions: Decisions[];
  aliases: IpAlias[];
}

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function apply(s: State, step: Step, rows: Communication[]): State {
  const onWorkload = (i: number, f: (d: Decisions) => Decisions) => ({
    ...s,
    decisions: s.decisions.map((d, j) => (j === i % s.decisions.length ? f(d) : d)),
  });
  const onRows = (picked: Communication[], value: boolean) => ({
    ...s,
    decisions: s.decisions.map((d) => {
      const keys = picked
        .filter((c) => workloadKey(c.workload) === workloadKey(d.workload))
        .map((c) => c.key);
      return keys.length > 0 ? setIncluded(keys, value)(d) : d;
    }),
  });
  switch (step.type) {
    case 'toggle':
      return rows.length === 0 ? s : onRows([rows[step.row % rows.length]!], step.value);
    case 'bulk':
      return rows.length === 0
        ? s
        : onRows(
            step.rows.map((i) => rows[i % rows.length]!),
            step.value,
          );
    case 'general':
      return onWorkload(step.workload, setGeneral(step.direction, step.rule));
    case 'dns':
      return onWorkload(step.workload, setAllowDns(step.allow));
    case 'includedIp':
      return onWorkload(step.workload, addIncludedIp(step.ip));
    case 'alias':
      return {
        ...s,
        aliases: [...s.aliases.filter((a) => a.cidr !== step.cidr), { ...step }],
      };
  }
}

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
