/**
 * The verification as numbers: how many captured communications (and flows) the policies
 * allow and deny, how many cannot be checked, and which included rows are denied anyway.
 * Shared by a workload's review and the namespace bundle.
 */
import type { ConnectionWhy } from '../evaluate/index';
import { rowText, type CommVerdict } from './verify';

export interface VerificationSummary {
  total: number;
  allowed: number;
  denied: number;
  /** Rows whose ends cannot be represented (a workload with no pod and no labels). */
  unknown: number;
  allowedFlows: number;
  deniedFlows: number;
  /** Included rows that are denied all the same (another policy, e.g. the peer's, blocks them). */
  deniedIncluded: number;
  /** Keys of the denied rows (the tables mark them). */
  deniedKeys: string[];
  /** For denied rows replayed with `explain`: the reasons, by row key (read with Object.hasOwn). */
  why: Record<string, ConnectionWhy>;
  /** The denied rows that have reasons, named ("src → dst 9080/TCP"), in input order. */
  deniedRows: { key: string; text: string }[];
}

export function summariseVerdicts(verdicts: CommVerdict[]): VerificationSummary {
  const out: VerificationSummary = {
    total: verdicts.length,
    allowed: 0,
    denied: 0,
    unknown: 0,
    allowedFlows: 0,
    deniedFlows: 0,
    deniedIncluded: 0,
    deniedKeys: [],
    why: {},
    deniedRows: [],
  };
  const why: [string, ConnectionWhy][] = [];
  for (const v of verdicts) {
    if (v.allowed === null) {
      out.unknown++;
    } else if (v.allowed) {
      out.allowed++;
      out.allowedFlows += v.communication.flows;
    } else {
      out.denied++;
      out.deniedFlows += v.communication.flows;
      out.deniedKeys.push(v.key);
      if (v.why) {
        why.push([v.key, v.why]);
        out.deniedRows.push({ key: v.key, text: rowText(v.communication) });
      }
      if (v.included) out.deniedIncluded++;
    }
  }
  // NOTE: fromEntries defines own properties, so a key such as `__proto__` stays a key.
  out.why = Object.fromEntries(why);
  return out;
}
