/**
 * Existing NetworkPolicies beside the proposal, on np-guard/netpol-analyzer's
 * `onlineboutique_workloads` case (12 Deployments, no pods, 11 upstream NetworkPolicies in
 * `default`) with communications written here: the policies that select a workload, its
 * isolation today, and the rows the proposal would break or newly allow, with the deciders.
 */
import { describe, expect, it } from 'vitest';
import type { Communication } from '../../../../src/lib/engine/model/communication';
import type { NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import {
  defaultDecisions,
  exclude,
  include,
  setIncluded,
  type Decisions,
} from '../../../../src/lib/engine/policy/decisions';
import { diffVerdicts } from '../../../../src/lib/engine/policy/existing-diff';
import {
  existingPoliciesFor,
  openVerdict,
  reviewExisting,
} from '../../../../src/lib/engine/policy/existing';
import { generatePolicy } from '../../../../src/lib/engine/policy/generate';
import { verifyCommunications } from '../../../../src/lib/engine/policy/verify';
import { loadCase } from '../evaluate/netpol-case-loader';
import * as b from './builders';

const dir = new URL(
  '../../../fixtures/netpol-cases/tests/onlineboutique_workloads/',
  import.meta.url,
).pathname;
const inv = loadCase(dir);
const dep = (name: string) => b.ref('Deployment', 'default', name);
const fe = dep('frontend');
const redis = dep('redis-cart');
const withFlows = (c: Communication, flows: number): Communication => ({ ...c, flows });

function generated(d: Decisions, comms: Communication[]): NetworkPolicy {
  return generatePolicy({
    workload: d.workload,
    entityType: 'Deployment',
    inventory: inv,
    communications: comms,
    decisions: d,
  }).policy;
}

describe('existingPoliciesFor', () => {
  it('finds the upstream policy whose podSelector selects the template labels', () => {
    expect(inv.networkPolicies).toHaveLength(11);
    expect(existingPoliciesFor(inv, fe).map((p) => p.metadata.name)).toEqual(['frontend-netpol']);
    expect(existingPoliciesFor(inv, dep('cartservice')).map((p) => p.metadata.name)).toEqual([
      'cartservice-netpol',
    ]);
  });

  it('finds none for redis-cart (no upstream policy selects app=redis-cart)', () => {
    expect(existingPoliciesFor(inv, redis)).toEqual([]);
    expect(existingPoliciesFor(inv, dep('no-such-deployment'))).toEqual([]);
  });
});

describe('reviewExisting: frontend (isolated both ways by frontend-netpol)', () => {
  const toCart = withFlows(b.comm(fe, 'egress', b.wPeer(dep('cartservice')), 7070), 40);
  const fromLoad = withFlows(b.comm(fe, 'ingress', b.wPeer(dep('loadgenerator')), 8080), 25);
  const toWeb = withFlows(b.comm(fe, 'egress', b.ipPeer('203.0.113.10'), 443), 7);
  const toEmail = withFlows(b.comm(fe, 'egress', b.wPeer(dep('emailservice')), 8080), 3);
  const comms = [toCart, fromLoad, toWeb, toEmail];
  const d = include(toWeb.key)(defaultDecisions(fe));
  const review = reviewExisting({
    inventory: inv,
    workload: fe,
    communications: comms,
    policies: [generated(d, comms)],
    decisions: [d],
  });

  it('lists frontend-netpol with its types and rule counts, and says it isolates', () => {
    expect(review.policies).toHaveLength(1);
    expect(review.policies[0]).toMatchObject({
      key: 'default/frontend-netpol',
      policyTypes: ['Ingress', 'Egress'],
      ingressRules: 1,
      egressRules: 8,
      replacedByProposal: false,
    });
    expect(review.policies[0]?.yaml).toContain('name: frontend-netpol');
    expect(review.policies[0]?.yaml).toContain('k8s-app: kube-dns');
    expect(review.isolated).toEqual({ ingress: true, egress: true });
    expect(review.representative).toMatchObject({ labels: { app: 'frontend' }, synthesized: true });
  });

  it('counts today, the proposal and the proposal alone', () => {
    const diff = review.diff;
    expect(diff.total).toBe(4);
    // Today: cart 7070 and loadgenerator 8080 allowed; the IP (frontend-netpol has no rule for
    // it) and emailservice (neither frontend's egress nor emailservice's ingress) denied.
    expect(diff.today).toEqual({
      allowed: 2,
      denied: 2,
      unknown: 0,
      allowedFlows: 65,
      deniedFlows: 10,
    });
    // The proposal allows the included IP; emailservice-netpol still denies frontend on 8080.
    expect(diff.proposal).toMatchObject({ allowed: 3, denied: 1, deniedFlows: 3 });
    // Alone, nothing isolates emailservice: all four allowed.
    expect(diff.alone).toMatchObject({ allowed: 4, denied: 0 });
    expect(diff.unchanged).toBe(3);
    expect(diff.wouldBreak).toEqual([]);
    expect(diff.needsExisting).toBe(0);
  });

  it('lists the newly allowed IP with the deciding policies of both verdicts', () => {
    expect(review.diff.newlyAllowed.map((r) => r.key)).toEqual([toWeb.key]);
    expect(review.diff.newlyAllowedFlows).toBe(7);
    const row = review.diff.newlyAllowed[0];
    expect(row?.included).toBe(true);
    expect(row?.today.deciders).toEqual([{ side: 'egress', policy: 'default/frontend-netpol' }]);
    // NOTE: a denied side says why in the explanation's words (policy, then who is not allowed).
    expect(row?.today.text).toBe(
      "denied — egress of frontend: NetworkPolicy 'default/frontend-netpol' selects " +
        'default/frontend[Deployment], but 203.0.113.10 is not allowed by any Egress rule',
    );
    expect(row?.proposal.deciders).toEqual([
      { side: 'egress', policy: 'default/frontend-deployment', rule: 0 },
    ]);
    expect(row?.proposal.text).toBe(
      'allowed — egress of frontend: default/frontend-deployment egress[0]; ingress of 203.0.113.10: no policy applies',
    );
  });

  it('shares the verification verdicts when they are given', () => {
    const policies = [generated(d, comms)];
    const proposal = verifyCommunications({
      inventory: inv,
      communications: comms,
      policies,
      decisions: [d],
    });
    const again = reviewExisting({
      inventory: inv,
      workload: fe,
      communications: comms,
      policies,
      decisions: [d],
      proposal,
    });
    expect(again.diff).toEqual(review.diff);
  });
});

describe('reviewExisting: redis-cart (not isolated today)', () => {
  const toWeb = withFlows(b.comm(redis, 'egress', b.ipPeer('203.0.113.20'), 443), 5);
  const fromCart = withFlows(b.comm(redis, 'ingress', b.wPeer(dep('cartservice')), 6379), 90);
  const comms = [toWeb, fromCart];
  const d = defaultDecisions(redis);
  const review = reviewExisting({
    inventory: inv,
    workload: redis,
    communications: comms,
    policies: [generated(d, comms)],
    decisions: [d],
  });

  it('has no existing policy and is isolated in neither direction', () => {
    expect(review.policies).toEqual([]);
    expect(review.isolated).toEqual({ ingress: false, egress: false });
  });

  it('would break the excluded IP row, allowed today because nothing isolates egress', () => {
    const diff = review.diff;
    // cartservice-netpol has `egress: []` with Egress: cartservice → redis-cart is denied today
    // and stays denied; the IP row is allowed today and excluded (IPs are out by default).
    expect(diff.today).toMatchObject({ allowed: 1, denied: 1 });
    expect(diff.proposal).toMatchObject({ allowed: 0, denied: 2 });
    expect(diff.wouldBreak.map((r) => r.key)).toEqual([toWeb.key]);
    expect(diff.wouldBreakFlows).toBe(5);
    const row = diff.wouldBreak[0];
    expect(row?.included).toBe(false);
    expect(row?.today).toMatchObject({ allowed: true, deciders: [], open: ['egress', 'ingress'] });
    expect(row?.today.text).toBe(
      'allowed — egress of redis-cart: no policy isolates it; ingress of 203.0.113.20: no policy applies',
    );
    expect(row?.proposal.deciders).toEqual([
      { side: 'egress', policy: 'default/redis-cart-deployment' },
    ]);
    expect(diff.newlyAllowed).toEqual([]);
  });

  it('names the peer policy that keeps denying the included row', () => {
    expect(review.diff.unchanged).toBe(1);
    const today = verifyCommunications({
      inventory: inv,
      communications: [fromCart],
      policies: [],
    });
    expect(today[0]?.egress?.isolatingPolicies).toEqual(['default/cartservice-netpol']);
  });
});

describe('reviewExisting: a generated policy that replaces an existing one', () => {
  it('would break a row only the replaced policy allowed', () => {
    const toAds = withFlows(b.comm(fe, 'egress', b.wPeer(dep('adservice')), 9555), 12);
    const toCart = b.comm(fe, 'egress', b.wPeer(dep('cartservice')), 7070);
    const comms = [toAds, toCart];
    const d = exclude(toAds.key)(defaultDecisions(fe));
    const mine = generated(d, comms);
    const renamed = { ...mine, metadata: { ...mine.metadata, name: 'frontend-netpol' } };
    const review = reviewExisting({
      inventory: inv,
      workload: fe,
      communications: comms,
      policies: [renamed],
      decisions: [d],
    });
    expect(review.policies[0]).toMatchObject({
      key: 'default/frontend-netpol',
      replacedByProposal: true,
    });
    expect(review.diff.wouldBreak.map((r) => r.key)).toEqual([toAds.key]);
    const row = review.diff.wouldBreak[0];
    // Today frontend-netpol's first egress rule (adservice 9555) and adservice-netpol's ingress.
    expect(row?.today.deciders).toEqual([
      { side: 'egress', policy: 'default/frontend-netpol', rule: 0 },
      { side: 'ingress', policy: 'default/adservice-netpol', rule: 0 },
    ]);
    expect(row?.proposal.text).toBe(
      "denied — egress of frontend: NetworkPolicy 'default/frontend-netpol' selects " +
        'default/frontend[Deployment], but default/adservice[Deployment] is not allowed by any Egress rule',
    );
    expect(row?.alone).toBe(false);
    expect(review.diff.unchanged).toBe(1);
  });
});

describe('reviewExisting: a dump without NetworkPolicies', () => {
  it('answers as the full replay would: everything allowed today, excluded rows break', () => {
    const bare = { ...inv, networkPolicies: [] };
    const toWeb = b.comm(fe, 'egress', b.ipPeer('203.0.113.10'), 443);
    const toEmail = b.comm(fe, 'egress', b.wPeer(dep('emailservice')), 8080);
    const fromLoad = b.comm(fe, 'ingress', b.wPeer(dep('loadgenerator')), 8080);
    const comms = [toWeb, toEmail, fromLoad];
    const d = defaultDecisions(fe);
    const policies = [
      generatePolicy({
        workload: fe,
        entityType: 'Deployment',
        inventory: bare,
        communications: comms,
        decisions: d,
      }).policy,
    ];
    const review = reviewExisting({
      inventory: bare,
      workload: fe,
      communications: comms,
      policies,
      decisions: [d],
    });
    expect(review.policies).toEqual([]);
    expect(review.adminPolicies).toEqual([]);
    expect(review.isolated).toEqual({ ingress: false, egress: false });
    const replay = (withExisting: boolean, ps: NetworkPolicy[]) =>
      verifyCommunications({
        inventory: bare,
        communications: comms,
        policies: ps,
        withExisting,
        decisions: [d],
        explain: true,
      });
    expect(review.diff).toEqual(
      diffVerdicts(replay(true, []), replay(true, policies), replay(false, policies)),
    );
    expect(review.diff.today).toMatchObject({ allowed: 3, denied: 0 });
    expect(review.diff.wouldBreak.map((r) => r.key)).toEqual([toWeb.key]);
    expect(review.diff.wouldBreak[0]?.today.text).toBe(
      'allowed — egress of frontend: no policy isolates it; ingress of 203.0.113.10: no policy applies',
    );
  });
});

describe('open verdicts (no policy in the dump)', () => {
  const toWeb = b.comm(redis, 'egress', b.ipPeer('203.0.113.20'), 443);
  const verdict = (d: Decisions) =>
    verifyCommunications({
      inventory: inv,
      communications: [toWeb],
      policies: [generated(d, [toWeb])],
      decisions: [d],
    })[0]!;

  it('is made once per row and inclusion, the same whatever policy was verified', () => {
    const d = defaultDecisions(redis);
    const out = openVerdict(verdict(d));
    const inAgain = openVerdict(verdict(setIncluded([toWeb.key], true)(d)));
    expect(out).toMatchObject({ allowed: true, included: false, deniedBy: null });
    expect(inAgain).toMatchObject({ allowed: true, included: true });
    expect(openVerdict(verdict(setIncluded([toWeb.key], false)(d)))).toBe(out);
    expect(openVerdict(verdict(setIncluded([toWeb.key], true)(d)))).toBe(inAgain);
  });
});
