/**
 * Property across dialects: over random small clusters, communications, inclusions and general
 * rules, every dialect's documents (each valid for its dialect) give the same verdict on every
 * captured communication as the Kubernetes NetworkPolicies the same decisions give — judged by
 * each dialect's own evaluator (dialects/*-eval.ts) against the k8s evaluator — and under
 * block-all both allow exactly the included communications on the deciding side. The one
 * documented difference: Cilium allows a node as the host and remote-node entities (nodes have
 * identities, not addresses), so a node row the k8s policies deny may be allowed there when
 * another node is allowed on its port; it is never the other way round.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GeneralRule, setGeneral } from '../../../../src/lib/engine/policy/decisions';
import { DIALECTS } from '../../../../src/lib/engine/policy/dialects/index';
import { generateNamespaceIr } from '../../../../src/lib/engine/policy/generate';
import { verifyInDialect } from '../../../../src/lib/engine/policy/verify-dialect';
import { generated, scenarioArb } from './scenario-arb';

const RULES: GeneralRule[] = ['block', 'namespace', 'all'];
const rulesArb = fc.array(
  fc.record({ ingress: fc.constantFrom(...RULES), egress: fc.constantFrom(...RULES) }),
  { minLength: 5, maxLength: 5 },
);

describe('every dialect against the Kubernetes NetworkPolicies', () => {
  it('gives the same verdict on every communication, and the included ones under block-all', () => {
    fc.assert(
      fc.property(scenarioArb, rulesArb, fc.boolean(), (scenario, rules, block) => {
        const {
          inv,
          rows: list,
          decisions,
          policies: ir,
        } = generated(scenario, generateNamespaceIr, (d, i) =>
          block
            ? d
            : setGeneral('egress', rules[i]!.egress)(setGeneral('ingress', rules[i]!.ingress)(d)),
        );
        const input = { inventory: inv, communications: list, decisions };
        const verdictsOf = (d: (typeof DIALECTS)[number]) => {
          const docs = ir.flatMap((p) => d.emit(p).documents);
          for (const doc of docs) expect(d.validate(doc).errors).toEqual([]);
          return verifyInDialect(d, docs, input);
        };
        const k8s = verdictsOf(DIALECTS[0]!);
        for (const d of DIALECTS.slice(1)) {
          const got = verdictsOf(d);
          // Cilium: a node row k8s denies may go either way (see above); nothing else differs.
          const view = (v: (typeof got)[number], k8sAllowed: unknown, allowed: unknown) => [
            d.id,
            v.key,
            d.id === 'cilium' && v.communication.peer.type === 'node' && k8sAllowed === false
              ? 'either'
              : allowed,
          ];
          expect(got.map((v, i) => view(v, k8s[i]!.allowed, v.allowed))).toEqual(
            k8s.map((v) => view(v, v.allowed, v.allowed)),
          );
          if (!block) continue;
          for (const v of got) {
            const side = v.communication.direction === 'egress' ? v.egress : v.ingress;
            expect(view(v, v.included, side?.allowed)).toEqual(view(v, v.included, v.included));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
