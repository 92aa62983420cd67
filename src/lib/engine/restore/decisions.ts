/**
 * The decisions table: the user's decisions per workload (id `cluster|workloadKey`), and their
 * restorers. Anything read back (an older row, a session file) comes out in today's shape,
 * keeping only own, well-typed entries (`__proto__` as a key is data, not a prototype); a row
 * whose workload cannot be read, or whose id is not the one its cluster and workload give, is
 * left out — no row can stand in for another.
 */
import { toCidr } from '../model/address';
import { workloadKey, type WorkloadRef } from '../model/ids';
import { recordOf } from '../model/labels';
import {
  defaultDecisions,
  type Decisions,
  type GeneralRule,
  type ManualRule,
} from '../policy/decisions';
import { isRec, leftOut, str, strings, unusable, type Restored } from './problems';

/** One stored row of decisions. */
export interface DecisionRecord {
  /** `${cluster}|${workloadKey}` */
  id: string;
  cluster: string;
  value: Decisions;
  updatedAt: number;
}

export const decisionId = (cluster: string, w: WorkloadRef) => `${cluster}|${workloadKey(w)}`;

const GENERAL: readonly GeneralRule[] = ['block', 'namespace', 'all'];

export function workloadOf(v: unknown): WorkloadRef | null {
  if (!isRec(v)) return null;
  const [kind, namespace, name] = [str(v.kind), str(v.namespace), str(v.name)];
  return kind && namespace !== null && name ? { kind, namespace, name } : null;
}

function manualRule(v: unknown): ManualRule | null {
  if (!isRec(v) || (v.direction !== 'ingress' && v.direction !== 'egress')) return null;
  const cidr = str(v.cidr);
  const protocol = str(v.protocol) ?? 'TCP';
  if (!cidr) return null;
  const port = typeof v.port === 'number' && Number.isInteger(v.port) ? v.port : undefined;
  return port === undefined
    ? { direction: v.direction, cidr, protocol }
    : { direction: v.direction, cidr, port, protocol };
}

/** The decisions in `v` and how many of its entries were left out. */
function decisionsOf(v: unknown, w: WorkloadRef): { value: Decisions; dropped: number } {
  const base = defaultDecisions(w);
  if (!isRec(v)) return { value: base, dropped: 0 };
  let dropped = 0;
  const entries = isRec(v.included) ? Object.entries(v.included) : [];
  const kept = entries.filter((e): e is [string, boolean] => typeof e[1] === 'boolean');
  dropped += entries.length - kept.length;
  const rule = (x: unknown): GeneralRule => {
    if (GENERAL.includes(x as GeneralRule)) return x as GeneralRule;
    if (x !== undefined) dropped++;
    return 'block';
  };
  const rules = Array.isArray(v.manualRules) ? v.manualRules : [];
  const manualRules = rules.flatMap((r) => manualRule(r) ?? []);
  dropped += rules.length - manualRules.length;
  const out: Decisions = {
    ...base,
    included: recordOf(kept),
    ingressDefault: rule(v.ingressDefault),
    egressDefault: rule(v.egressDefault),
    allowDns: v.allowDns === true,
    manualRules,
  };
  const listed = Array.isArray(v.includedIps) ? v.includedIps.length : 0;
  const ips = strings(v.includedIps).filter((s) => toCidr(s) !== null);
  dropped += listed - ips.length;
  if (ips.length > 0) out.includedIps = ips;
  if (v.reviewed === true) out.reviewed = true;
  return { value: out, dropped };
}

/** Normalises stored decisions; the workload is the row's own, whatever the value says. */
export function restoreDecisions(v: unknown, w: WorkloadRef): Decisions {
  return decisionsOf(v, w).value;
}

/**
 * A stored decisions row read back; null (with a problem) when it cannot be used. `notAfter`
 * caps its time (a session file's export time: a crafted time cannot win a merge).
 */
export function restoreDecisionRecord(
  v: unknown,
  source: string,
  notAfter = Infinity,
): Restored<DecisionRecord | null> {
  const w = isRec(v) && isRec(v.value) ? workloadOf(v.value.workload) : null;
  if (!isRec(v) || typeof v.cluster !== 'string' || !w || v.id !== decisionId(v.cluster, w))
    return unusable(source, 'stored decision row');
  const { value, dropped } = decisionsOf(v.value, w);
  const stated = typeof v.updatedAt === 'number' && Number.isFinite(v.updatedAt) ? v.updatedAt : 0;
  return {
    value: { id: v.id, cluster: v.cluster, value, updatedAt: Math.min(stated, notAfter) },
    problems: leftOut(
      source,
      dropped,
      `malformed decision entry of ${workloadKey(w)}`,
      `malformed decision entries of ${workloadKey(w)}`,
    ),
    dropped,
  };
}
