/**
 * Random sequences of review decisions for the property tests of incremental work
 * (incremental.property.test.ts, verify-cache.property.test.ts): include or exclude a row, many
 * rows at once, a general rule, DNS, an included IP or range, an alias added.
 */
import fc from 'fast-check';
import type { Communication } from '../../../../src/lib/engine/model/communication';
import { workloadKey } from '../../../../src/lib/engine/model/ids';
import {
  addIncludedIp,
  setAllowDns,
  setGeneral,
  setIncluded,
  type Decisions,
} from '../../../../src/lib/engine/policy/decisions';
import type { IpAlias } from '../../../../src/lib/engine/policy/generate';

export const stepArb = fc.oneof(
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

export interface State {
  decisions: Decisions[];
  aliases: IpAlias[];
}

export type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

export function apply(s: State, step: Step, rows: Communication[]): State {
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
