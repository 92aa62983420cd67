/**
 * One direction of a connection with its reasons, tier by tier (DESIGN.md §5): the Admin tier
 * (first matching rule decides: allowed, denied or passed), then the NetworkPolicies that
 * select the pod, else the Baseline tier and the system default. The same verdicts as
 * `directionConns`; the reasons follow netpol-analyzer's explanations.
 */
import type { AdminPolicy } from '../../model/admin-policy';
import type { PodInfo } from '../../model/k8s';
import { effectiveAction, rulePeersMatch, rulesOf, subjectSelects } from '../admin-match';
import type { PreparedContext } from '../context';
import { applicableRules, selectable, type Direction } from '../direction';
import { peersMatch, type Endpoint } from '../rule-match';
import {
  clearReasons,
  copyConns,
  intersectInto,
  isEmptyConns,
  subtractInto,
  uniform,
  unionInto,
  type ExplainedConns,
} from './explained-conns';
import { reasonFor } from './reasons';
import { adminRuleConns, npNotAllowedText, npRuleConns, type NpTexts } from './rule-conns';

/** A tier's (or a policy's) decisions so far. */
interface TierSets {
  allowed: ExplainedConns;
  denied: ExplainedConns;
  passed: ExplainedConns;
}

const fresh = (): TierSets => ({
  allowed: uniform(false),
  denied: uniform(false),
  passed: uniform(false),
});
const isEmptyTier = (t: TierSets) => [t.allowed, t.denied, t.passed].every(isEmptyConns);

/** The two ends of the direction and how the report names them. */
export interface ExplainEnds {
  dir: Direction;
  src: Endpoint;
  dst: Endpoint;
  srcLabel: string;
  dstLabel: string;
}

const SYSTEM_DEFAULT = 'the system default (Allow all)';

/** A rule's connections join its action's set, minus what earlier rules decided. */
function applyRule(
  t: TierSets,
  conns: ExplainedConns,
  action: AdminPolicy['ingress'][0]['action'],
): void {
  const [target, ...earlier] =
    action === 'Allow'
      ? [t.allowed, t.denied, t.passed]
      : action === 'Deny'
        ? [t.denied, t.allowed, t.passed]
        : [t.passed, t.allowed, t.denied];
  for (const e of earlier) subtractInto(conns, e);
  unionInto(target!, conns, false);
}

/** The rules of `policies` (in order) that apply to this direction, applied to `t`. */
function applyPolicy(prep: PreparedContext, p: AdminPolicy, e: ExplainEnds, t: TierSets): void {
  const [selected, other] = e.dir === 'ingress' ? [e.dst, e.src] : [e.src, e.dst];
  const rules = rulesOf(p, e.dir);
  if (rules.length === 0 || selected.kind !== 'pod' || !selectable(prep, selected.pod)) return;
  if (!subjectSelects(prep, p, selected.pod)) return;
  rules.forEach((rule, i) => {
    if (!rulePeersMatch(prep, rule, other)) return;
    applyRule(t, adminRuleConns(p, rule, i, e.dir, e.dst), effectiveAction(rule));
  });
}

/** A later (lower-precedence) policy's decisions join the tier, earlier ones winning. */
function collectPolicy(tier: TierSets, next: TierSets): void {
  const passed = copyConns(tier.passed);
  clearReasons(passed);
  subtractInto(next.denied, tier.allowed);
  subtractInto(next.denied, passed);
  subtractInto(next.allowed, tier.denied);
  subtractInto(next.allowed, passed);
  subtractInto(next.passed, tier.denied);
  subtractInto(next.passed, tier.allowed);
  unionInto(tier.denied, next.denied, false);
  unionInto(tier.allowed, next.allowed, false);
  unionInto(tier.passed, next.passed, false);
}

function adminTier(prep: PreparedContext, e: ExplainEnds): { sets: TierSets; captured: boolean } {
  const sets = fresh();
  for (const p of prep.tiers.admin) {
    const one = fresh();
    applyPolicy(prep, p, e, one);
    if (!isEmptyTier(one)) collectPolicy(sets, one);
  }
  const captured = !isEmptyTier(sets);
  // NOTE: what the Admin tier did not decide is passed on to the next tiers.
  unionInto(sets.passed, uniform(true), false);
  return { sets, captured };
}

function npTexts(key: string, e: ExplainEnds): NpTexts {
  const [selected, other] =
    e.dir === 'ingress' ? [e.dstLabel, e.srcLabel] : [e.srcLabel, e.dstLabel];
  return { policy: `NetworkPolicy '${key}'`, dir: e.dir, selected, other };
}

/** What the NetworkPolicies selecting the pod allow; null when none selects it. */
function npTier(prep: PreparedContext, e: ExplainEnds): ExplainedConns | null {
  const [selected, other] = e.dir === 'ingress' ? [e.dst, e.src] : [e.src, e.dst];
  if (selected.kind !== 'pod') return null;
  const policies = applicableRules(prep, selected.pod, e.dir);
  if (policies.length === 0) return null;
  const allowed = uniform(false);
  for (const p of policies) {
    const t = npTexts(p.key, e);
    const res = uniform(false);
    let matched = false;
    for (let i = 0; i < p.rules.length && !res.all; i++) {
      const rule = p.rules[i]!;
      if (!peersMatch(prep, rule.peers, p.ns, other)) continue;
      matched = true;
      unionInto(res, npRuleConns(t, i, rule.ports, e.dst), false);
    }
    if (!matched)
      res.common = reasonFor(
        'NetworkPolicy',
        npNotAllowedText(t, p.rules.length === 0),
        e.dir === 'ingress',
      );
    unionInto(allowed, res, true);
  }
  return allowed;
}

/** The Baseline tier's decisions, and the system default allowing everything else. */
function baselineTier(prep: PreparedContext, e: ExplainEnds): TierSets {
  const sets = fresh();
  for (const p of prep.tiers.baseline) applyPolicy(prep, p, e, sets);
  sets.allowed = uniform(true, reasonFor('default', SYSTEM_DEFAULT, e.dir === 'ingress'));
  return sets;
}

function determinesAll(t: TierSets): boolean {
  const decided = copyConns(t.allowed);
  unionInto(decided, t.denied, false);
  return decided.all;
}

/** Everything the direction allows, every port with the reasons why (or why not). */
export function directionReasons(prep: PreparedContext, e: ExplainEnds): ExplainedConns {
  const { sets: admin, captured } = adminTier(prep, e);
  if (determinesAll(admin)) {
    subtractInto(admin.allowed, admin.denied);
    return admin.allowed;
  }
  const np = npTier(prep, e);
  if (np && !captured) return np;
  if (np) {
    const passedAllowed = copyConns(admin.passed);
    intersectInto(passedAllowed, np);
    subtractInto(passedAllowed, admin.denied);
    unionInto(admin.allowed, passedAllowed, false);
    return admin.allowed;
  }
  const base = baselineTier(prep, e);
  const denied = copyConns(admin.passed);
  intersectInto(denied, base.denied);
  subtractInto(denied, admin.allowed);
  unionInto(admin.denied, denied, false);
  const allowed = copyConns(admin.passed);
  intersectInto(allowed, base.allowed);
  unionInto(admin.allowed, allowed, false);
  subtractInto(admin.allowed, admin.denied);
  return admin.allowed;
}

export type { PodInfo };
