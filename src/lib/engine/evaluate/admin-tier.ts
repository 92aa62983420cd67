/**
 * One tier of admin policies for one direction of a connection (DESIGN.md §5): the policies in
 * precedence order, and in each the rules in written order; for every connection the first
 * matching rule decides (Allow, Deny or Pass). As sets of connections (the connectivity report)
 * or for one protocol and port (a verdict, with the policy and rule that decided).
 */
import type { AdminAction, AdminPolicy } from '../model/admin-policy';
import type { PodInfo } from '../model/k8s';
import {
  connsContain,
  isNoConns,
  isProtocol,
  noConns,
  subtractConns,
  unionConns,
  type ConnSet,
} from './conn-set';
import type { PreparedContext } from './context';
import type { Direction } from './direction';
import {
  effectiveAction,
  ruleConns,
  ruleCoversAnyProtocol,
  rulePeersMatch,
  rulesOf,
  subjectSelects,
} from './admin-match';
import type { Endpoint } from './rule-match';

/** What a tier decided for one direction; connections in none of the sets are undecided. */
export interface TierConns {
  allowed: ConnSet;
  denied: ConnSet;
  passed: ConnSet;
}

/** The policy and rule (index in its direction's list) that decided a connection. */
export interface AdminHit {
  policy: AdminPolicy;
  rule: number;
  action: AdminAction;
}

/** Which ends a direction looks at: `selected` is the policies' subject, `other` the peer. */
export interface DirectionEnds {
  dir: Direction;
  selected: PodInfo;
  other: Endpoint;
  /** The destination (the other end for egress, the selected pod for ingress): named ports. */
  dst: Endpoint;
}

const SET_OF: Record<AdminAction, keyof TierConns> = {
  Allow: 'allowed',
  Deny: 'denied',
  Pass: 'passed',
};

/** Every policy of the tier that selects the pod for `dir`, with its rules, in order. */
function* applicable(prep: PreparedContext, policies: AdminPolicy[], e: DirectionEnds) {
  for (const policy of policies) {
    const rules = rulesOf(policy, e.dir);
    if (rules.length === 0 || !subjectSelects(prep, policy, e.selected)) continue;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (rulePeersMatch(prep, rule, e.other)) yield { policy, rule, index: i };
    }
  }
}

/** The tier's decisions as sets of connections (first match wins). */
export function tierConns(
  prep: PreparedContext,
  policies: AdminPolicy[],
  e: DirectionEnds,
): TierConns {
  const out: TierConns = { allowed: noConns(), denied: noConns(), passed: noConns() };
  let decided = noConns();
  for (const { rule } of applicable(prep, policies, e)) {
    const fresh = subtractConns(ruleConns(rule, e.dst), decided);
    if (isNoConns(fresh)) continue;
    const key = SET_OF[effectiveAction(rule)];
    out[key] = unionConns(out[key], fresh);
    decided = unionConns(decided, fresh);
  }
  return out;
}

/**
 * The rule that decides one connection (protocol upper case), or null when the tier has no
 * say. Protocols other than TCP, UDP and SCTP are covered only by rules without ports.
 */
export function tierDecision(
  prep: PreparedContext,
  policies: AdminPolicy[],
  e: DirectionEnds,
  protocol: string,
  port: number,
): AdminHit | null {
  // NOTE: most dumps have no admin policy: no generator made per side of every row replayed.
  if (policies.length === 0) return null;
  for (const { policy, rule, index } of applicable(prep, policies, e)) {
    const covers = isProtocol(protocol)
      ? connsContain(ruleConns(rule, e.dst), protocol, port)
      : ruleCoversAnyProtocol(rule);
    if (covers) return { policy, rule: index, action: effectiveAction(rule) };
  }
  return null;
}
