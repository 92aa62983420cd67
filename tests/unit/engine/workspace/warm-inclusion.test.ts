/**
 * A bulk inclusion made ahead (engine workspace/warm-inclusion.ts): in an idle moment the worker
 * makes the policy of each large workload of the review with every row included, so that the
 * user's inclusion finds its rows translated. It changes no answer: the review's own policy is
 * the same object as before, and the inclusion's policy and verification are those of a
 * workspace never warmed.
 */
import { describe, expect, it } from 'vitest';
import { defaultDecisions, setIncluded } from '../../../../src/lib/engine/policy/decisions';
import type { IrPair, PolicyIR } from '../../../../src/lib/engine/policy/ir';
import { WARM_INCLUSION_ROWS } from '../../../../src/lib/engine/workspace/warm-inclusion';
import {
  SCOPE,
  WORKLOAD,
  bookinfoDump,
  rowsCapture,
  workspaceOf,
} from '../../../../bench/review-workspace';

const ROWS = WARM_INCLUSION_ROWS + 100;
const fresh = async () => workspaceOf(JSON.stringify(bookinfoDump()), rowsCapture(ROWS));

/** The address pairs of a policy's egress (the objects themselves). */
const cidrPeers = (ir: PolicyIR): IrPair[] =>
  ir.egress === 'all' ? [] : ir.egress.filter((p) => p.peer.type === 'cidr');

describe('a bulk inclusion made ahead', () => {
  it("changes no answer, and the inclusion's rows are those it translated", async () => {
    const ws = await fresh();
    const request = { ...SCOPE, workload: WORKLOAD, decisions: defaultDecisions(WORKLOAD) };
    const text = await ws.policyText(request);
    const shown = (await ws.generate(request)).ir[0];
    const made = await ws.warmInclusion(request);
    expect(made).toHaveLength(1);
    // Once per workload.
    expect(await ws.warmInclusion(request)).toEqual([]);
    // The review's own policy is kept as it was (its latest IR, the YAML last written).
    expect((await ws.generate(request)).ir[0]).toBe(shown);
    expect(await ws.policyText(request)).toEqual(text);

    const rows = await ws.workloadCommunications({ ...SCOPE, workload: WORKLOAD });
    const all = {
      ...request,
      decisions: setIncluded(
        rows.map((c) => c.key),
        true,
      )(request.decisions),
    };
    const included = (await ws.generate(all)).ir[0]!;
    // Each row's translation was kept: the inclusion's address peers are the very objects made ahead.
    const ahead = cidrPeers(made[0]!);
    expect(ahead.length).toBeGreaterThanOrEqual(WARM_INCLUSION_ROWS);
    expect(cidrPeers(included)).toHaveLength(ahead.length);
    cidrPeers(included).forEach((p, i) => expect(p).toBe(ahead[i]));
    // The same YAML and verification as a workspace never warmed.
    const cold = await fresh();
    expect(await ws.policyText(all)).toEqual(await cold.policyText(all));
    expect(await ws.policyCheck(all)).toEqual(await cold.policyCheck(all));
  }, 60_000);

  it("a namespace's bundle warms its large workloads; a pause that says no stops it, to be done again", async () => {
    const ws = await fresh();
    const bundle = { ...SCOPE, decisions: defaultDecisions(WORKLOAD) };
    expect(await ws.warmInclusion(bundle, () => Promise.resolve(false))).toEqual([]);
    const made = await ws.warmInclusion(bundle);
    // productpage-v1 alone has that many rows; the others' first inclusion costs little.
    expect(made.map((ir) => ir.workload)).toEqual([WORKLOAD]);
    expect(await ws.warmInclusion({ ...bundle, decisions: undefined })).toEqual([]);
  }, 60_000);
});
