/**
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) and
 * ClusterNetworkPolicy (v1alpha2) objects → the model's AdminPolicy, with every malformed part
 * reported in netpol-analyzer's words. A malformed rule is kept, marked `invalid`, and
 * evaluated fail-closed; `nodes` and `domainNames` peers are kept and reported as not evaluated.
 */
import type {
  AdminAction,
  AdminPeer,
  AdminPolicy,
  AdminPolicyKind,
  AdminPort,
  AdminRule,
  AdminSubject,
} from '../model/admin-policy';
import { arr, isRec, meta, own, rec, spec, str, type Rec } from './fields';
import {
  namespacedPod,
  PEER_FIELDS,
  readAnpPort,
  readCnpProtocol,
  readPeer,
  selector,
  type RuleCtx,
} from './admin-rule-parts';

/** One thing wrong (or not evaluated) in an admin policy object. */
export interface AdminProblem {
  severity: 'error' | 'warning';
  /** `invalid`: malformed; `ignored`: a part that is read but not evaluated. */
  kind: 'invalid' | 'ignored';
  message: string;
}

export const ADMIN_API = 'policy.networking.k8s.io/v1alpha1';
export const CLUSTER_API = 'policy.networking.k8s.io/v1alpha2';

const TITLES: Record<AdminPolicyKind, string> = {
  AdminNetworkPolicy: 'admin network policy',
  BaselineAdminNetworkPolicy: 'baseline admin network policy',
  ClusterNetworkPolicy: 'cluster network policy',
};

const MIN_PRIORITY = 0;
const MAX_PRIORITY = 1000;

function readAction(v: unknown, kind: AdminPolicyKind, ctx: RuleCtx): AdminAction {
  const allowed: Record<AdminPolicyKind, Record<string, AdminAction>> = {
    AdminNetworkPolicy: { Allow: 'Allow', Deny: 'Deny', Pass: 'Pass' },
    BaselineAdminNetworkPolicy: { Allow: 'Allow', Deny: 'Deny' },
    ClusterNetworkPolicy: { Accept: 'Allow', Deny: 'Deny', Pass: 'Pass' },
  };
  const action =
    typeof v === 'string' && Object.hasOwn(allowed[kind], v) ? allowed[kind][v] : undefined;
  if (action === undefined) {
    ctx.bad.push(`unrecognized action ${JSON.stringify(v)}`);
    // NOTE: fail closed: a rule whose action is unknown denies (network-policy-api peers' rule).
    return 'Deny';
  }
  return action;
}

export type Dir = 'ingress' | 'egress';

/** The peer fields a rule of `kind` may set in direction `dir`. */
export function peerFields(kind: AdminPolicyKind, dir: Dir): readonly string[] {
  if (dir === 'ingress') return ['namespaces', 'pods'];
  return kind === 'ClusterNetworkPolicy'
    ? PEER_FIELDS
    : ['namespaces', 'pods', 'nodes', 'networks'];
}

/** How messages name a policy: `admin network policy "deny-all"`. */
export function adminTitle(kind: AdminPolicyKind, name: string): string {
  return `${TITLES[kind]} "${name}"`;
}

function readRule(v: unknown, kind: AdminPolicyKind, dir: Dir, ctx: RuleCtx): AdminRule {
  const r = rec(v);
  const peersKey = dir === 'ingress' ? 'from' : 'to';
  const rule: AdminRule = {
    name: str(own(r, 'name')) ?? '',
    action: readAction(own(r, 'action'), kind, ctx),
    peers: [],
  };
  const rawPeers = arr(own(r, peersKey));
  if (rawPeers.length === 0)
    ctx.bad.push(`${peersKey} field must be defined and contain at least one item`);
  const allowed = peerFields(kind, dir);
  rule.peers = rawPeers.map((p) => readPeer(p, allowed, ctx)).filter((p): p is AdminPeer => !!p);
  const portsKey = kind === 'ClusterNetworkPolicy' ? 'protocols' : 'ports';
  const rawPorts = own(r, portsKey);
  if (rawPorts !== undefined) {
    if (!Array.isArray(rawPorts) || rawPorts.length === 0)
      ctx.bad.push(`${portsKey} must be a list with at least one item`);
    const read = kind === 'ClusterNetworkPolicy' ? readCnpProtocol : readAnpPort;
    rule.ports = arr(rawPorts)
      .map((p) => read(p, ctx))
      .filter((p): p is AdminPort => !!p);
  }
  if (ctx.bad.length > 0) rule.invalid = true;
  return rule;
}

export function ruleLabel(rule: AdminRule, dir: Dir, index: number): string {
  return rule.name !== ''
    ? `rule "${rule.name}"`
    : `${dir === 'ingress' ? 'Ingress' : 'Egress'} rule #${index + 1}`;
}

function readRules(
  sp: Rec,
  kind: AdminPolicyKind,
  dir: Dir,
  title: string,
  out: AdminProblem[],
): AdminRule[] {
  return arr(own(sp, dir)).map((v, i) => {
    const ctx: RuleCtx = { bad: [], ignored: [] };
    const rule = readRule(v, kind, dir, ctx);
    const where = `${title}: in ${ruleLabel(rule, dir, i)}: `;
    for (const m of ctx.bad) out.push({ severity: 'error', kind: 'invalid', message: where + m });
    for (const m of new Set(ctx.ignored))
      out.push({ severity: 'warning', kind: 'ignored', message: where + m });
    return rule;
  });
}

/** A subject (exactly one of namespaces, pods); null, with the problems in `out`, when malformed. */
export function readSubject(v: unknown, title: string, out: AdminProblem[]): AdminSubject | null {
  const r = rec(v);
  const set = r ? ['namespaces', 'pods'].filter((f) => own(r, f) !== undefined) : [];
  const ctx: RuleCtx = { bad: [], ignored: [] };
  let subject: AdminSubject | null = null;
  if (set.length !== 1) ctx.bad.push('exactly one field must be set in a subject');
  else if (set[0] === 'namespaces') {
    const s = selector(own(r, 'namespaces'), 'subject namespaces', ctx);
    if (s) subject = { namespaces: s };
  } else {
    const p = namespacedPod(own(r, 'pods'), ctx);
    if (p) subject = { pods: p };
  }
  for (const m of ctx.bad)
    out.push({ severity: 'error', kind: 'invalid', message: `${title}: ${m}` });
  return ctx.bad.length > 0 ? null : subject;
}

function readPriority(sp: Rec, kind: AdminPolicyKind, title: string, out: AdminProblem[]): number {
  if (kind === 'BaselineAdminNetworkPolicy') return 0;
  const raw = own(sp, 'priority');
  const p = typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined;
  if (p === undefined || p < MIN_PRIORITY || p > MAX_PRIORITY) {
    out.push({
      severity: 'error',
      kind: 'invalid',
      message:
        `${title}: invalid priority ${JSON.stringify(raw) ?? 'absent'}; ` +
        `priority must be between ${MIN_PRIORITY}-${MAX_PRIORITY}`,
    });
  }
  return p ?? MAX_PRIORITY;
}

function readTier(
  sp: Rec,
  kind: AdminPolicyKind,
  title: string,
  out: AdminProblem[],
): 'Admin' | 'Baseline' {
  if (kind === 'AdminNetworkPolicy') return 'Admin';
  if (kind === 'BaselineAdminNetworkPolicy') return 'Baseline';
  const tier = own(sp, 'tier');
  if (tier === 'Admin' || tier === 'Baseline') return tier;
  out.push({
    severity: 'error',
    kind: 'invalid',
    message: `${title}: tier must be Admin or Baseline, not ${JSON.stringify(tier) ?? 'absent'}; read as Admin`,
  });
  return 'Admin';
}

export function isAdminPolicyKind(kind: string): kind is AdminPolicyKind {
  return Object.hasOwn(TITLES, kind);
}

/** The apiVersion an admin policy kind must have. */
export function adminApiVersion(kind: AdminPolicyKind): string {
  return kind === 'ClusterNetworkPolicy' ? CLUSTER_API : ADMIN_API;
}

/** An admin policy object → AdminPolicy plus the problems found in it (none fatal). */
export function readAdminPolicy(
  o: Rec,
  kind: AdminPolicyKind,
): { policy?: AdminPolicy; problems: AdminProblem[] } {
  const name = str(own(meta(o), 'name'));
  if (name === undefined)
    return {
      problems: [
        { severity: 'error', kind: 'invalid', message: `${kind} without metadata.name; ignored` },
      ],
    };
  const title = adminTitle(kind, name);
  const problems: AdminProblem[] = [];
  const sp = isRec(own(o, 'spec')) ? spec(o) : {};
  if (!isRec(own(o, 'spec')))
    problems.push({ severity: 'error', kind: 'invalid', message: `${title}: spec is missing` });
  const policy: AdminPolicy = {
    kind,
    name,
    tier: readTier(sp, kind, title, problems),
    priority: readPriority(sp, kind, title, problems),
    subject: readSubject(own(sp, 'subject'), title, problems),
    ingress: readRules(sp, kind, 'ingress', title, problems),
    egress: readRules(sp, kind, 'egress', title, problems),
  };
  return { policy, problems };
}
