/**
 * What one rule — of an admin policy or of a NetworkPolicy — contributes to an explained
 * connection set, with the sentences `--explain` prints for it (netpol-analyzer's wording:
 * "… allows connections by Ingress rule #1", "… selects X, but Y is not allowed by any Egress
 * rule", "… but the protocols and ports do not match").
 */
import type { AdminPolicy, AdminRule } from '../../model/admin-policy';
import type { NetworkPolicyPort } from '../../model/k8s';
import { isProtocol, MAX_PORT, MIN_PORT, type Protocol } from '../conn-set';
import { effectiveAction } from '../admin-match';
import type { Direction, PolicyRules } from '../direction';
import type { Endpoint } from '../rule-match';
import {
  addProtocol,
  isEmptyConns,
  uniform,
  wholeRange,
  type ExplainedConns,
  type Segment,
} from './explained-conns';
import { NO_REASONS, reasonFor, type ReasonKind, type Reasons } from './reasons';

const DIR_NAME: Record<Direction, string> = { ingress: 'Ingress', egress: 'Egress' };

/** A hole over the whole range (reasons `hole`) with `[start, end]` in the set (reasons `why`). */
function rangeIn(start: number, end: number, why: Reasons, hole: Reasons): Segment[] {
  const out: Segment[] = [];
  if (start > MIN_PORT) out.push({ start: MIN_PORT, end: start - 1, in: false, why: hole });
  out.push({ start, end, in: true, why });
  if (end < MAX_PORT) out.push({ start: end + 1, end: MAX_PORT, in: false, why: hole });
  return out;
}

function adminKind(p: AdminPolicy): ReasonKind {
  if (p.kind !== 'ClusterNetworkPolicy') return p.kind;
  return p.tier === 'Admin' ? 'ClusterNetworkPolicyAdmin' : 'ClusterNetworkPolicyBaseline';
}

const VERBS = { Allow: 'allows', Deny: 'denies', Pass: 'passes' } as const;

/** "AdminNetworkPolicy 'x' denies connections by Egress rule y" */
export function adminRuleText(
  p: AdminPolicy,
  rule: AdminRule,
  index: number,
  dir: Direction,
): string {
  const action = effectiveAction(rule);
  const verb = p.kind === 'ClusterNetworkPolicy' && action === 'Allow' ? 'accepts' : VERBS[action];
  const name = rule.name !== '' ? rule.name : `#${index + 1}`;
  return `${p.kind} '${p.name}' ${verb} connections by ${DIR_NAME[dir]} rule ${name}`;
}

/** The connections a matching admin rule covers towards `dst`, each with the rule as reason. */
export function adminRuleConns(
  p: AdminPolicy,
  rule: AdminRule,
  index: number,
  dir: Direction,
  dst: Endpoint,
): ExplainedConns {
  const why = reasonFor(adminKind(p), adminRuleText(p, rule, index, dir), dir === 'ingress');
  if (rule.invalid || rule.ports === undefined) return uniform(true, why);
  const res = uniform(false);
  for (const port of rule.ports) {
    if ('namedPort' in port) {
      // NOTE: a named port takes the destination container port's number and protocol;
      // unresolved (no such port, or an address) it adds nothing.
      const cp =
        dst.kind === 'pod'
          ? dst.pod.containerPorts.find((c) => c.name === port.namedPort)
          : undefined;
      const protocol = (cp?.protocol || 'TCP').toUpperCase();
      if (cp && isProtocol(protocol))
        addProtocol(res, protocol, rangeIn(cp.containerPort, cp.containerPort, why, NO_REASONS));
      continue;
    }
    if (!isProtocol(port.protocol)) continue;
    const [start, end] = 'port' in port ? [port.port, port.port] : [port.start, port.end];
    addProtocol(res, port.protocol, rangeIn(start, end, why, NO_REASONS));
  }
  return res;
}

/** The sentences about one NetworkPolicy towards one pair of peers. */
export interface NpTexts {
  /** `NetworkPolicy 'ns/name'` */
  policy: string;
  dir: Direction;
  /** The pod the policy selects (workload label). */
  selected: string;
  /** The other end (workload label or address range). */
  other: string;
}

const ruleLabel = (t: NpTexts, i: number) => `${DIR_NAME[t.dir]} rule #${i + 1}`;

export function npNotAllowedText(t: NpTexts, noRules: boolean): string {
  const base = `${t.policy} selects ${t.selected}, but ${t.other} is not allowed by any ${DIR_NAME[t.dir]} rule`;
  return noRules ? `${base} (no rules defined)` : base;
}

function npReason(t: NpTexts, text: string): Reasons {
  return reasonFor('NetworkPolicy', text, t.dir === 'ingress');
}

function npPortSegments(
  entry: NetworkPolicyPort,
  dst: Endpoint,
  allowed: Reasons,
  unmatched: Reasons,
): Segment[] {
  const { port, endPort } = entry;
  if (port === undefined || port === null) return wholeRange(true, allowed);
  if (typeof port === 'string') {
    // NOTE: named ports resolve on the destination pod, name and protocol (SEMANTICS.md §7).
    const cp = dst.kind === 'pod' ? dst.pod.containerPorts.find((c) => c.name === port) : undefined;
    const same = cp && (cp.protocol || 'TCP').toUpperCase() === (entry.protocol ?? 'TCP');
    return same
      ? rangeIn(cp.containerPort, cp.containerPort, allowed, unmatched)
      : wholeRange(false, unmatched);
  }
  const end = typeof endPort === 'number' ? endPort : port;
  if (port < MIN_PORT || end > MAX_PORT || end < port) return wholeRange(false, unmatched);
  return rangeIn(port, end, allowed, unmatched);
}

/** What one matching NetworkPolicy rule allows towards `dst`, with its reasons. */
export function npRuleConns(
  t: NpTexts,
  index: number,
  ports: NetworkPolicyPort[] | undefined,
  dst: Endpoint,
): ExplainedConns {
  const allowed = npReason(t, `${t.policy} allows connections by ${ruleLabel(t, index)}`);
  if (!ports || ports.length === 0) return uniform(true, allowed);
  const clause = `${t.policy} selects ${t.selected}, and ${ruleLabel(t, index)} selects ${t.other}`;
  const unmatched = npReason(t, `${clause}, but the protocols and ports do not match`);
  const res = uniform(false, unmatched);
  for (const entry of ports) {
    const protocol = (entry.protocol ?? 'TCP').toUpperCase();
    if (!isProtocol(protocol)) continue;
    addProtocol(res, protocol as Protocol, npPortSegments(entry, dst, allowed, unmatched));
  }
  if (!isEmptyConns(res)) return res;
  const named = `${clause}, but named ports of the rule have no match in the configuration of the destination peer`;
  return uniform(false, npReason(t, named));
}

export type { PolicyRules };
