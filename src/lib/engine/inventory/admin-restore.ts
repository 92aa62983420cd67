/**
 * Admin policies that come back from outside (a session file) in the model's shape, checked as
 * the dump reader checks the objects it reads (admin-policies.ts, admin-rule-parts.ts): label
 * selectors, peers, CIDRs, ports, actions, tier and priority. A policy whose kind, name, tier,
 * priority or subject is malformed is left out, with a message naming it; a malformed rule is
 * kept marked `invalid` and evaluated fail-closed, as a dump's would be (an Allow matches
 * nothing, a Deny or Pass denies everything). Only what the model defines is copied.
 */
import type {
  AdminAction,
  AdminPeer,
  AdminPolicy,
  AdminPolicyKind,
  AdminPort,
  AdminRule,
} from '../model/admin-policy';
import { isProtocol } from '../model/protocols';
import { arr, isRec, own, str, type Rec } from './fields';
import {
  adminTitle,
  isAdminPolicyKind,
  peerFields,
  readSubject,
  ruleLabel,
  type AdminProblem,
  type Dir,
} from './admin-policies';
import { readPeer, type RuleCtx } from './admin-rule-parts';

const MAX_PRIORITY = 1000;

/** Stored numbers are numbers (the dump reader's `int` also takes numeric strings). */
const whole = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined;
const isPort = (n: number | undefined): n is number => n !== undefined && n >= 1 && n <= 65535;

/** One port of the model's shape (a number, a range or a named port). */
function restorePort(v: unknown, ctx: RuleCtx): AdminPort | undefined {
  const r = isRec(v) ? v : undefined;
  const keys = r ? Object.keys(r).sort().join(',') : '';
  const named = str(own(r, 'namedPort'));
  if (keys === 'namedPort' && named !== undefined) return { namedPort: named };
  const protocol = str(own(r, 'protocol')) ?? '';
  const [port, start, end] = ['port', 'start', 'end'].map((k) => whole(own(r, k)));
  if (isProtocol(protocol)) {
    if (keys === 'port,protocol' && isPort(port)) return { protocol, port };
    if (keys === 'end,protocol,start' && isPort(start) && isPort(end) && start <= end)
      return { protocol, start, end };
  }
  ctx.bad.push(`port ${JSON.stringify(v) ?? String(v)} is not a port, a range or a named port`);
  return undefined;
}

function restoreAction(v: unknown, kind: AdminPolicyKind, ctx: RuleCtx): AdminAction {
  const ok = kind === 'BaselineAdminNetworkPolicy' ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass'];
  if (typeof v === 'string' && ok.includes(v)) return v as AdminAction;
  ctx.bad.push(`unrecognized action ${JSON.stringify(v) ?? String(v)}`);
  return 'Deny';
}

function restoreRule(v: unknown, kind: AdminPolicyKind, dir: Dir, ctx: RuleCtx): AdminRule {
  const r: Rec = isRec(v) ? v : {};
  if (!isRec(v)) ctx.bad.push('the rule is not an object');
  const rule: AdminRule = {
    name: typeof r.name === 'string' ? r.name : '',
    action: restoreAction(own(r, 'action'), kind, ctx),
    peers: [],
  };
  const peers = arr(own(r, 'peers'));
  if (peers.length === 0) ctx.bad.push('peers must contain at least one item');
  const allowed = peerFields(kind, dir);
  rule.peers = peers.map((p) => readPeer(p, allowed, ctx)).filter((p): p is AdminPeer => !!p);
  const ports = own(r, 'ports');
  if (ports !== undefined) {
    if (!Array.isArray(ports) || ports.length === 0)
      ctx.bad.push('ports must be a list with at least one item');
    rule.ports = arr(ports)
      .map((p) => restorePort(p, ctx))
      .filter((p): p is AdminPort => !!p);
  }
  if (ctx.bad.length > 0 || own(r, 'invalid') === true) rule.invalid = true;
  return rule;
}

function restoreRules(
  v: unknown,
  kind: AdminPolicyKind,
  dir: Dir,
  title: string,
  problems: string[],
): AdminRule[] {
  return arr(v).map((x, i) => {
    const ctx: RuleCtx = { bad: [], ignored: [] };
    const rule = restoreRule(x, kind, dir, ctx);
    for (const m of ctx.bad)
      problems.push(`${title}: in ${ruleLabel(rule, dir, i)}: ${m}; the rule is read fail-closed`);
    return rule;
  });
}

/** Why the policy's header (tier, priority, rule lists) cannot be used, or null. */
function headerProblem(x: Rec, kind: AdminPolicyKind): string | null {
  const tier = own(x, 'tier');
  const tierOk =
    kind === 'AdminNetworkPolicy'
      ? tier === 'Admin'
      : kind === 'BaselineAdminNetworkPolicy'
        ? tier === 'Baseline'
        : tier === 'Admin' || tier === 'Baseline';
  if (!tierOk) return `tier ${JSON.stringify(tier) ?? 'absent'} does not fit its kind`;
  const priority = whole(own(x, 'priority'));
  const priorityOk =
    kind === 'BaselineAdminNetworkPolicy'
      ? priority === 0
      : priority !== undefined && priority >= 0 && priority <= MAX_PRIORITY;
  if (!priorityOk) return `invalid priority ${JSON.stringify(own(x, 'priority')) ?? 'absent'}`;
  for (const dir of ['ingress', 'egress'])
    if (!Array.isArray(own(x, dir))) return `${dir} is not a list of rules`;
  return null;
}

function source(v: unknown): AdminPolicy['source'] | undefined {
  const file = isRec(v) ? str(v.file) : undefined;
  const line = isRec(v) ? v.line : undefined;
  if (file === undefined) return undefined;
  return { file, line: typeof line === 'number' && Number.isInteger(line) ? line : null };
}

/**
 * One admin policy as stored → the policy, checked and copied, or null when it is left out;
 * `problems` gets a sentence for each thing found wrong.
 */
function restoreAdminPolicy(v: unknown, problems: string[]): AdminPolicy | null {
  const x = isRec(v) ? v : undefined;
  const kind = str(own(x, 'kind'));
  const name = str(own(x, 'name'));
  if (!x || kind === undefined || !isAdminPolicyKind(kind) || name === undefined) {
    problems.push('An admin policy without a known kind and a name was left out');
    return null;
  }
  const title = adminTitle(kind, name);
  const header = headerProblem(x, kind);
  const subjectProblems: AdminProblem[] = [];
  const subject = x.subject === null ? null : readSubject(x.subject, title, subjectProblems);
  const why = header ? `${title}: ${header}` : subjectProblems[0]?.message;
  if (why !== undefined) {
    problems.push(`${why}; the policy was left out`);
    return null;
  }
  const src = source(x.source);
  return {
    kind,
    name,
    tier: x.tier as AdminPolicy['tier'],
    priority: whole(x.priority)!,
    subject,
    ingress: restoreRules(x.ingress, kind, 'ingress', title, problems),
    egress: restoreRules(x.egress, kind, 'egress', title, problems),
    ...(src && { source: src }),
  };
}

/** A stored list of admin policies → those that can be used, and how many were left out. */
export function restoreAdminPolicies(
  v: unknown,
  problems: string[],
): { policies: AdminPolicy[]; dropped: number } {
  if (v === undefined) return { policies: [], dropped: 0 };
  if (!Array.isArray(v)) {
    problems.push('The admin policies are not a list; none was read');
    return { policies: [], dropped: 1 };
  }
  const policies = v
    .map((x) => restoreAdminPolicy(x, problems))
    .filter((p): p is AdminPolicy => p !== null);
  return { policies, dropped: v.length - policies.length };
}
