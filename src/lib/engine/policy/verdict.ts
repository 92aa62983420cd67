/**
 * A row's verdict in a replay (verify.ts): allowed or denied, each side's decision, and for a
 * denied row the reasons when asked. Made by `verdictOf`, in one shape whatever the row.
 */
import type { ConnectionWhy, DirectionDecision } from '../evaluate/index';
import type { Communication } from '../model/communication';

export interface CommVerdict {
  key: Communication['key'];
  communication: Communication;
  /** null when one end cannot be represented (a workload with no pod and no labels). */
  allowed: boolean | null;
  egress: DirectionDecision | null;
  ingress: DirectionDecision | null;
  /** Which side denies: the client's egress, the server's ingress, or both. */
  deniedBy: 'egress' | 'ingress' | 'both' | null;
  /** Whether the decisions include the row (when decisions were given). */
  included?: boolean;
  reason?: string;
  /** For a denied row when asked (`explain`): which policy and rule, or default, on each side. */
  why?: ConnectionWhy;
}

export type Outcome = Pick<CommVerdict, 'allowed' | 'egress' | 'ingress' | 'deniedBy' | 'reason'>;

/**
 * A row's verdict, its keys always in the same order (`included` only when known, `reason`
 * only when unverifiable, `why` only when explained). Written out, not spread: spreading
 * objects of varying shapes was half the time of replaying 10,000 rows, and verdicts of one
 * shape keep what reads them (the diff with today, the summary) fast too.
 */
export function verdictOf(
  c: Communication,
  included: boolean | undefined,
  o: Outcome,
  why: ConnectionWhy | null,
): CommVerdict {
  const v: CommVerdict =
    included === undefined
      ? {
          key: c.key,
          communication: c,
          allowed: o.allowed,
          egress: o.egress,
          ingress: o.ingress,
          deniedBy: o.deniedBy,
        }
      : {
          key: c.key,
          communication: c,
          included,
          allowed: o.allowed,
          egress: o.egress,
          ingress: o.ingress,
          deniedBy: o.deniedBy,
        };
  if (o.reason !== undefined) v.reason = o.reason;
  if (why) v.why = why;
  return v;
}
