/**
 * What the dialect emitters share: a warner that tags its warnings with the IR's workload, the IR's pairs of one direction, and the range of a port.
 */
import type { IrDirection, IrPair, IrPort, PolicyIR } from '../ir';
import { POLICY_WARNING_CODES as W, type PolicyWarning } from '../warnings';

export interface Warner {
  warnings: PolicyWarning[];
  /** What the dialect left out (NP-POLICY-NOT-EXPRESSIBLE). */
  warn(message: string): void;
  /** Anything else worth saying, with its own code. */
  note(code: PolicyWarning['code'], message: string): void;
}

/** Collects what a dialect could not write about one IR policy. */
export function warner(ir: PolicyIR): Warner {
  const warnings: PolicyWarning[] = [];
  const note = (code: PolicyWarning['code'], message: string) =>
    void warnings.push({ code, message, ...(ir.workload && { workload: ir.workload }) });
  return { warnings, note, warn: (message) => note(W.NOT_EXPRESSIBLE, message) };
}

/** The pairs of a direction that is not "everything". */
export function pairsOf(dir: IrDirection): IrPair[] {
  return dir === 'all' ? [] : dir;
}

/** `8080`, `8000-8080`, `TCP` (every port): how a port reads in a warning. */
export function portText(p: IrPort): string {
  if (p.port === undefined) return `every ${p.protocol} port`;
  return `${p.protocol} ${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}`;
}
