/**
 * Golden folders: tests/fixtures/policy/<case>/ holds real metadata, a case.json (the
 * communications as client → server connections, and the decisions) and the expected YAML and
 * warnings. `UPDATE_GOLDEN=1` rewrites the expectations (review the diff). Every generated
 * document must validate, and replaying the communications must match the decisions.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Inventory, NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import { defaultDecisions } from '../../../../src/lib/engine/policy/decisions';
import {
  generateNamespacePolicies,
  generatePolicy,
  toYaml,
} from '../../../../src/lib/engine/policy/generate';
import { validatePolicy } from '../../../../src/lib/engine/policy/validate';
import { verifyCommunications } from '../../../../src/lib/engine/policy/verify';
import type { PolicyWarning } from '../../../../src/lib/engine/policy/warnings';
import {
  type GoldenCase,
  communicationsOf,
  decisionsOf,
  loadCase,
  parseRef,
  rowName,
  sameRef,
} from './golden-case';
import { workloadKey } from '../../../../src/lib/engine/model/ids';

const root = new URL('../../../fixtures/policy/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';

function run(c: GoldenCase, inventory: Inventory) {
  const communications = communicationsOf(c);
  const decisions = decisionsOf(c, communications);
  const common = { entityType: c.entityType, inventory, communications, aliases: c.aliases };
  if (c.workload) {
    const workload = parseRef(c.workload);
    const d = decisions.find(
      (x) =>
        x.workload.name === workload.name &&
        x.workload.kind === workload.kind &&
        x.workload.namespace === workload.namespace,
    );
    const r = generatePolicy({ ...common, workload, decisions: d ?? defaultDecisions(workload) });
    return { policies: [r.policy], warnings: r.warnings, communications, decisions };
  }
  const r = generateNamespacePolicies({ ...common, namespace: c.namespace, decisions });
  return { ...r, communications, decisions };
}

function golden(dir: URL, file: string, actual: string): void {
  const url = new URL(file, dir);
  if (update || !existsSync(url)) writeFileSync(url, actual);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

const warningsText = (ws: PolicyWarning[]) =>
  JSON.stringify(
    ws.map((w) => ({
      code: w.code,
      workload: w.workload && workloadKey(w.workload),
      message: w.message,
    })),
    null,
    2,
  ) + '\n';

const cases = readdirSync(root).filter((d) => existsSync(new URL(`${d}/case.json`, root)));

describe('policy golden folders', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(3));

  for (const name of cases) {
    it(name, () => {
      const dir = new URL(`${name}/`, root);
      const { c, inventory } = loadCase(dir);
      const { policies, warnings, communications, decisions } = run(c, inventory);
      golden(dir, 'expected.yaml', toYaml(policies));
      golden(dir, 'expected-warnings.json', warningsText(warnings));
      for (const p of policies) expect(validatePolicy(p).errors).toEqual([]);
      const mine = (p: NetworkPolicy) => p.metadata.namespace === c.namespace;
      const others = communications.filter(
        (x) =>
          x.workload.namespace === c.namespace &&
          (!c.workload || workloadKey(x.workload) === c.workload),
      );
      const verdicts = verifyCommunications({
        inventory,
        communications: others,
        policies: policies.filter(mine),
        decisions,
      });
      for (const v of verdicts) {
        const dir = v.communication.direction;
        const d = decisions.find((x) => sameRef(x.workload, v.communication.workload));
        // Under 'namespace' or 'all' an excluded row may still be allowed by the general rule.
        if ((dir === 'egress' ? d?.egressDefault : d?.ingressDefault) !== 'block') continue;
        const side = dir === 'egress' ? v.egress : v.ingress;
        expect({ row: rowName(v.communication), allowed: side?.allowed }).toEqual({
          row: rowName(v.communication),
          allowed: v.included,
        });
      }
    });
  }
});
