/**
 * Property: over random small clusters and communications, under block-all defaults, the
 * generated policies allow every included communication and deny every excluded one (each on
 * the side of the workload that made the decision), and every generated document is valid.
 * The verdicts come from the evaluator (evaluate/) through verify.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../../src/lib/engine/policy/validate';
import { verifyCommunications } from '../../../../src/lib/engine/policy/verify';
import { generated, scenarioArb } from './scenario-arb';

describe('generated policies replayed through the evaluator', () => {
  it('allow exactly the included communications, on the deciding side', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { inv, rows: communicationsList, decisions, policies } = generated(scenario);
        for (const p of policies) expect(validatePolicy(p).errors).toEqual([]);
        const verdicts = verifyCommunications({
          inventory: inv,
          communications: communicationsList,
          policies,
          decisions,
        });
        for (const v of verdicts) {
          const side = v.communication.direction === 'egress' ? v.egress : v.ingress;
          expect({ key: v.key, allowed: side?.allowed }).toEqual({
            key: v.key,
            allowed: v.included,
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
