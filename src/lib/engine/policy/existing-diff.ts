/**
 * The semantic diff of one workload's captured communications between three sets of verdicts
 * (verify.ts): today (the dump's policies), the proposal (generated + existing) and the proposal
 * alone (generated only). Counts per set, and the rows whose verdict changes from today to the
 * proposal — "would break" and "newly allowed" — each with the policies and rules that decide.
 */
import type { Communication, Peer } from '../model/communication';
import type { DirectionDecision } from '../evaluate/index';
import type { CommVerdict } from './verify';

export type Side = 'egress' | 'ingress';

/** A policy that decides one side: the allowing rule (index in spec.ingress/egress) or, when denied, an isolating policy. */
export interface Decider {
  side: Side;
  /** `namespace/name`, or `Kind/name` for an admin policy. */
  policy: string;
  /** Absent for an isolating policy none of whose rules match. */
  rule?: number;
  /** The deciding rule of an admin policy (its name, or `#<n>`). */
  adminRule?: string;
}

export interface VerdictWhy {
  /** Null when one end cannot be represented. */
  allowed: boolean | null;
  deciders: Decider[];
  /** The sides no policy isolates (everything allowed there). */
  open: Side[];
  /** One line for people: each side and what decided it. */
  text: string;
}

export interface DiffRow {
  key: string;
  communication: Communication;
  /** Whether the decisions include the row (when decisions were given). */
  included?: boolean;
  today: VerdictWhy;
  proposal: VerdictWhy;
  /** The verdict of the generated policies without the dump's. */
  alone: boolean | null;
}

export interface VerdictCounts {
  allowed: number;
  denied: number;
  unknown: number;
  allowedFlows: number;
  deniedFlows: number;
}

export interface ExistingDiff {
  total: number;
  today: VerdictCounts;
  proposal: VerdictCounts;
  alone: VerdictCounts;
  /** Same verdict today and with the proposal (rows that cannot be checked are in neither list). */
  unchanged: number;
  /** Allowed today, denied by the proposal (the first `shown` of them: see wouldBreakRows). */
  wouldBreak: DiffRow[];
  /** How many rows would break (wouldBreak lists the first of them). */
  wouldBreakRows: number;
  wouldBreakFlows: number;
  /** Denied today, allowed by the proposal (the first `shown` of them: see newlyAllowedRows). */
  newlyAllowed: DiffRow[];
  newlyAllowedRows: number;
  newlyAllowedFlows: number;
  /** Allowed by the proposal but not by the generated policies alone: the dump's policies allow them. */
  needsExisting: number;
}

function peerName(p: Peer): string {
  if (p.type === 'workload') return p.name;
  if (p.type === 'node') return `node ${p.name}`;
  return p.alias ? `${p.ip} (${p.alias})` : p.ip;
}

/** Who owns each side: the client's egress, the server's ingress. */
function sideOwner(c: Communication, side: Side): string {
  const clientIsWorkload = c.direction === 'egress';
  const client = clientIsWorkload ? c.workload.name : peerName(c.peer);
  const server = clientIsWorkload ? peerName(c.peer) : c.workload.name;
  return side === 'egress' ? client : server;
}

/** Whether the side's owner is the peer and not a workload (an IP, a node): never selected. */
function outsidePolicies(c: Communication, side: Side): boolean {
  const ownerIsPeer = (side === 'egress') === (c.direction === 'ingress');
  return ownerIsPeer && c.peer.type !== 'workload';
}

const VERB = { Allow: 'allows', Deny: 'denies', Pass: 'passes it on' } as const;

function sideText(v: CommVerdict, side: Side, d: DirectionDecision): string {
  const c = v.communication;
  const who = `${side} of ${sideOwner(c, side)}`;
  const why = v.why?.[side];
  if (why && !why.allowed) return `${who}: ${why.reasons.join('; ')}`;
  const a = d.admin;
  if (a && (a.action !== 'Pass' || !d.isolated))
    return `${who}: ${a.kind} ${a.policy} ${VERB[a.action]} (rule ${a.rule})`;
  if (!d.isolated && outsidePolicies(c, side)) return `${who}: no policy applies`;
  if (!d.isolated) return `${who}: no policy isolates it`;
  if (d.allowed && d.allowedBy.length === 0) return `${who}: always allowed (same pod or own node)`;
  if (d.allowed)
    return `${who}: ${d.allowedBy.map((a) => `${a.policy} ${side}[${a.rule}]`).join(' or ')}`;
  return `${who}: isolated by ${d.isolatingPolicies.join(', ')}, no rule matches`;
}

function deciders(v: CommVerdict): Decider[] {
  const out: Decider[] = [];
  for (const side of ['egress', 'ingress'] as const) {
    const d = v[side];
    if (!d) continue;
    if (d.admin && d.admin.action !== 'Pass') {
      out.push({ side, policy: `${d.admin.kind}/${d.admin.policy}`, adminRule: d.admin.rule });
    } else if (d.allowed)
      out.push(...d.allowedBy.map((a) => ({ side, policy: a.policy, rule: a.rule })));
    else out.push(...d.isolatingPolicies.map((policy) => ({ side, policy })));
  }
  return out;
}

/** Why a verdict is what it is: each side's deciding policies and rules. */
export function explainVerdict(v: CommVerdict): VerdictWhy {
  if (v.allowed === null || !v.egress || !v.ingress)
    return { allowed: null, deciders: [], open: [], text: v.reason ?? 'cannot be checked' };
  const open = (['egress', 'ingress'] as const).filter((s) => !v[s]?.isolated);
  const sides = v.allowed
    ? (['egress', 'ingress'] as const)
    : (['egress', 'ingress'] as const).filter((s) => !v[s]?.allowed);
  const text = sides.map((s) => sideText(v, s, v[s] as DirectionDecision));
  return {
    allowed: v.allowed,
    deciders: deciders(v),
    open: [...open],
    text: `${v.allowed ? 'allowed' : 'denied'} — ${text.join('; ')}`,
  };
}

function count(verdicts: CommVerdict[]): VerdictCounts {
  const out: VerdictCounts = { allowed: 0, denied: 0, unknown: 0, allowedFlows: 0, deniedFlows: 0 };
  for (const v of verdicts) {
    if (v.allowed === null) out.unknown++;
    else if (v.allowed) {
      out.allowed++;
      out.allowedFlows += v.communication.flows;
    } else {
      out.denied++;
      out.deniedFlows += v.communication.flows;
    }
  }
  return out;
}

function row(today: CommVerdict, proposal: CommVerdict, alone: CommVerdict | undefined): DiffRow {
  return {
    key: today.key,
    communication: today.communication,
    ...(proposal.included !== undefined ? { included: proposal.included } : {}),
    today: explainVerdict(today),
    proposal: explainVerdict(proposal),
    alone: alone?.allowed ?? null,
  };
}

/**
 * Compares the verdicts of the same communications (same order) today, with the proposal and
 * with the proposal alone. Rows that cannot be checked on either side are neither unchanged nor
 * changed. Each list of changed rows keeps its first `shown` rows (all are counted): explaining
 * and sending 10,000 rows that no one reads cost more than the replay. `explainToday`, when
 * given, returns the today verdicts it is given (same order) with why each denied one is
 * denied: only the rows kept are explained.
 */
export function diffVerdicts(
  today: CommVerdict[],
  proposal: CommVerdict[],
  alone: CommVerdict[],
  shown = Infinity,
  explainToday?: (verdicts: CommVerdict[]) => CommVerdict[],
): ExistingDiff {
  const out: ExistingDiff = {
    total: today.length,
    today: count(today),
    proposal: count(proposal),
    alone: count(alone),
    unchanged: 0,
    wouldBreak: [],
    wouldBreakRows: 0,
    wouldBreakFlows: 0,
    newlyAllowed: [],
    newlyAllowedRows: 0,
    newlyAllowedFlows: 0,
    needsExisting: 0,
  };
  const wouldBreak: number[] = [];
  const newlyAllowed: number[] = [];
  today.forEach((t, i) => {
    const p = proposal[i];
    if (!p) return;
    if (p.allowed === true && alone[i]?.allowed === false) out.needsExisting++;
    if (t.allowed === null || p.allowed === null) return;
    if (t.allowed === p.allowed) {
      out.unchanged++;
      return;
    }
    if (t.allowed) {
      if (out.wouldBreakRows++ < shown) wouldBreak.push(i);
      out.wouldBreakFlows += t.communication.flows;
    } else {
      if (out.newlyAllowedRows++ < shown) newlyAllowed.push(i);
      out.newlyAllowedFlows += t.communication.flows;
    }
  });
  const kept = [...wouldBreak, ...newlyAllowed];
  const explained = explainToday ? explainToday(kept.map((i) => today[i]!)) : null;
  const todayOf = new Map(kept.map((i, n) => [i, explained ? explained[n]! : today[i]!]));
  const rowAt = (i: number) => row(todayOf.get(i)!, proposal[i]!, alone[i]);
  out.wouldBreak = wouldBreak.map(rowAt);
  out.newlyAllowed = newlyAllowed.map(rowAt);
  return out;
}
