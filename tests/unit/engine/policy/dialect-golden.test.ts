/**
 * Golden YAML of every dialect on the policy golden folders (tests/fixtures/policy/<case>/:
 * real metadata, the bookinfo-style demo and Online Boutique among them): the same IR the k8s
 * golden holds, written as `expected.<dialect>.yaml`, each document valid against its CRD's
 * strict schema and the dialect's own rules. `UPDATE_GOLDEN=1` rewrites the expectations.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultDecisions } from '../../../../src/lib/engine/policy/decisions';
import { DIALECTS } from '../../../../src/lib/engine/policy/dialects/index';
import { generateNamespaceIr, generatePolicyIr } from '../../../../src/lib/engine/policy/generate';
import type { PolicyIR } from '../../../../src/lib/engine/policy/ir';
import { communicationsOf, decisionsOf, loadCase, parseRef, sameRef } from './golden-case';

const root = new URL('../../../fixtures/policy/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';
const cases = readdirSync(root).filter((d) => existsSync(new URL(`${d}/case.json`, root)));

function irOf(dir: URL): PolicyIR[] {
  const { c, inventory } = loadCase(dir);
  const communications = communicationsOf(c);
  const decisions = decisionsOf(c, communications);
  const common = { entityType: c.entityType, inventory, communications, aliases: c.aliases };
  if (!c.workload) {
    return generateNamespaceIr({ ...common, namespace: c.namespace, decisions }).policies;
  }
  const workload = parseRef(c.workload);
  const d = decisions.find((x) => sameRef(x.workload, workload)) ?? defaultDecisions(workload);
  return [generatePolicyIr({ ...common, workload, decisions: d }).ir];
}

describe('dialect golden YAML', () => {
  for (const name of cases) {
    for (const dialect of DIALECTS.filter((d) => d.id !== 'k8s')) {
      it(`${name} as ${dialect.id}`, () => {
        const dir = new URL(`${name}/`, root);
        const docs = irOf(dir).flatMap((ir) => dialect.emit(ir).documents);
        for (const d of docs) expect(dialect.validate(d).errors).toEqual([]);
        const url = new URL(`expected.${dialect.id}.yaml`, dir);
        const actual = dialect.toYaml(docs);
        if (update || !existsSync(url)) writeFileSync(url, actual);
        expect(actual).toBe(readFileSync(url, 'utf8'));
      });
    }
  }
});
