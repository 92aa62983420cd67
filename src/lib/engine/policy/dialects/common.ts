/**
 * What the dialect emitters share: a warner that tags NP-POLICY-NOT-EXPRESSIBLE warnings with
 * the IR's workload, the IR's pairs of one direction, and the range of a port.
 */
import type { IrDirection, IrPair, IrPort, PolicyIR } from '../ir';
import { POLICY_WARNING_CODES as W, type PolicyWarning } from '../warnings';

export interface Warner {
  warnings: PolicyWarning[];
  warn(message: string): void;
}

/** Collects what a dialect could not write about one IR policy. */
export function warner(ir: PolicyIR): Warner {
  const warnings: PolicyWarning[] = [];
  return {
    warnings,
    warn: (message) =>
      warnings.push({
        code: W.NOT_EXPRESSIBLE,
        message,
        ...(ir.workload && { workload: ir.workload }),
      }),
  };
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
