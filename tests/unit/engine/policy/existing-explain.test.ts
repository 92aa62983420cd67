/**
 * What the existing-policy review explains, on np-guard/netpol-analyzer's
 * `onlineboutique_workloads` case (11 upstream NetworkPolicies in `default`): why each row is
 * denied is worked out (explainEndpoints, counted here) only for the rows its diff shows — not
 * for the rows the proposal alone denies (the diff reads only whether they are allowed), nor
 * for every row denied today. One policy in the dump used to make a review of 600 rows several
 * times slower than with none.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Communication } from '../../../../src/lib/engine/model/communication';
import {
  defaultDecisions,
  setIncluded,
  type Decisions,
} from '../../../../src/lib/engine/policy/decisions';
import { reviewExisting } from '../../../../src/lib/engine/policy/existing';
import { generatePolicy } from '../../../../src/lib/engine/policy/generate';
import { verifyCommunications } from '../../../../src/lib/engine/policy/verify';
import type { WorkloadRef } from '../../../../src/lib/engine/model/ids';
import { loadCase } from '../evaluate/netpol-case-loader';
import * as b from './builders';

/** Every explanation of a connection made, by any explainer (connectionExplainer's). */
const explained = vi.fn();

vi.mock('../../../../src/lib/engine/evaluate/explain/why', async (original) => {
  const m = await original<typeof import('../../../../src/lib/engine/evaluate/explain/why')>();
  return {
    ...m,
    connectionExplainer: (...args: Parameters<typeof m.connectionExplainer>) => {
      const explain = m.connectionExplainer(...args);
      return (...a: Parameters<typeof explain>) => {
        explained();
        return explain(...a);
      };
    },
  };
});

const dir = new URL(
  '../../../fixtures/netpol-cases/tests/onlineboutique_workloads/',
  import.meta.url,
).pathname;
const inv = loadCase(dir);
const ROWS = 40;
const SHOWN = 5;

/** `ROWS` egress rows of `w` to distinct public addresses on 443. */
function toAddresses(w: WorkloadRef): Communication[] {
  return Array.from({ length: ROWS }, (_, i) =>
    b.comm(w, 'egress', b.ipPeer(`203.0.113.${i + 1}`), 443),
  );
}

/** The review as the app asks it: the proposal's verdicts given, none of them explained. */
function review(w: WorkloadRef, comms: Communication[], d: Decisions) {
  const policies = [
    generatePolicy({
      workload: w,
      entityType: 'Deployment',
      inventory: inv,
      communications: comms,
      decisions: d,
    }).policy,
  ];
  const common = { inventory: inv, communications: comms, policies, decisions: [d] };
  const proposal = verifyCommunications({ ...common, explain: true, explainLimit: 0 });
  explained.mockClear();
  return reviewExisting({ ...common, workload: w, proposal, shown: SHOWN });
}

describe('reviewExisting explains only the rows its diff shows', () => {
  beforeEach(() => explained.mockClear());

  it('not the rows the proposal alone denies (redis-cart: no policy selects it)', () => {
    const redis = b.ref('Deployment', 'default', 'redis-cart');
    const comms = toAddresses(redis);
    const r = review(redis, comms, defaultDecisions(redis));
    // Allowed today, denied by the proposal and by it alone: they would break.
    expect(r.diff.wouldBreakRows).toBe(ROWS);
    expect(r.diff.alone.denied).toBe(ROWS);
    expect(r.diff.wouldBreak).toHaveLength(SHOWN);
    expect(explained).not.toHaveBeenCalled();
  });

  it('of the rows denied today, those shown (frontend: isolated for egress by frontend-netpol)', () => {
    const fe = b.ref('Deployment', 'default', 'frontend');
    const comms = toAddresses(fe);
    const d = setIncluded(
      comms.map((c) => c.key),
      true,
    )(defaultDecisions(fe));
    const r = review(fe, comms, d);
    expect(r.diff.today.denied).toBe(ROWS);
    expect(r.diff.newlyAllowedRows).toBe(ROWS);
    expect(r.diff.newlyAllowed).toHaveLength(SHOWN);
    expect(r.diff.newlyAllowed[0]!.today.text).toMatch(/^denied — egress of frontend: /);
    // Each shown row explained once; the other rows not at all.
    expect(explained).toHaveBeenCalledTimes(SHOWN);
  });
});
