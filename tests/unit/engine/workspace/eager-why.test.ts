/**
 * A verification explains only the denied rows the Generated Policy tab lists (EAGER_WHY), and
 * counts the others: explaining a row costs several times replaying it, and every other row is
 * explained when it is opened (explainRows), with the same reasons.
 */
import { describe, expect, it } from 'vitest';
import { defaultDecisions } from '../../../../src/lib/engine/policy/decisions';
import { EAGER_WHY } from '../../../../src/lib/engine/workspace/review';
import {
  SCOPE,
  WORKLOAD,
  bookinfoDump,
  rowsCapture,
  workspaceOf,
} from '../../../../bench/review-workspace';

describe('reasons sent with a verification', () => {
  it('are those of the rows it lists; the others come on demand', async () => {
    const ws = await workspaceOf(JSON.stringify(bookinfoDump()), rowsCapture(3 * EAGER_WHY));
    // Nothing included yet: the workload's policy denies its rows to public IPs.
    const request = { ...SCOPE, workload: WORKLOAD, decisions: defaultDecisions(WORKLOAD) };
    const { verification: v } = await ws.policyCheck(request);
    expect(v.denied).toBeGreaterThanOrEqual(3 * EAGER_WHY);
    expect(v.deniedRows).toHaveLength(EAGER_WHY);
    expect(Object.keys(v.why)).toEqual(v.deniedRows.map((r) => r.key));
    expect(v.deniedRows.map((r) => r.key)).toEqual(v.deniedKeys.slice(0, EAGER_WHY));
    // A row past them is explained when asked, as the listed ones are.
    const [first, later] = [v.deniedKeys[0]!, v.deniedKeys.at(-1)!];
    const asked = await ws.explainRows(request, [first, later]);
    expect(asked[first]).toEqual(v.why[first]);
    expect(asked[later]?.allowed).toBe(false);
    expect(EAGER_WHY).toBeLessThanOrEqual(50);
  }, 30_000);
});
