/**
 * Warnings the policy generator attaches to its output: stable codes (tests and the UI compare
 * codes), a message for people, and the workload they concern. A warning never stops
 * generation; it says where the generated policy may not mean what the user expects.
 */
import type { WorkloadRef } from '../model/communication';

export const POLICY_WARNING_CODES = {
  /** The policy's podSelector also matches pods of other workloads. */
  SELECTOR_OVERLAP: 'NP-POLICY-SELECTOR-OVERLAP',
  /** No selector could be derived for the selected workload; the policy selects nothing. */
  SELECTOR_UNKNOWN: 'NP-POLICY-SELECTOR-UNKNOWN',
  /** A workload peer whose pods cannot be selected (not in the dump); the peer was left out. */
  PEER_SELECTOR_UNKNOWN: 'NP-POLICY-PEER-UNKNOWN',
  /** A peer namespace that the dump does not show with labels. */
  NAMESPACE_UNLABELLED: 'NP-POLICY-NAMESPACE-UNLABELLED',
  /** A peer that is a node or runs in the host network: selectors do not match it. */
  HOST_NETWORK_PEER: 'NP-POLICY-HOST-NETWORK-PEER',
  /** An included IP that no alias explains (ipBlock /32 of a possibly ephemeral address). */
  UNRESOLVED_IP: 'NP-POLICY-UNRESOLVED-IP',
  /** allowDns was asked for but the dump has no DNS Service/pods to point at. */
  DNS_NOT_FOUND: 'NP-POLICY-DNS-NOT-FOUND',
  /** A communication NetworkPolicy cannot express (ICMP, port 0, a bad address): left out. */
  NOT_EXPRESSIBLE: 'NP-POLICY-NOT-EXPRESSIBLE',
  /** A namespace bundle leaves a workload with captured traffic unselected: blocking. */
  WORKLOAD_UNCOVERED: 'NP-POLICY-WORKLOAD-UNCOVERED',
  /** Labels (or a namespace name) Kubernetes rejects, from the metadata: left out of a selector. */
  LABEL_INVALID: 'NP-POLICY-LABEL-INVALID',
} as const;

export type PolicyWarningCode = (typeof POLICY_WARNING_CODES)[keyof typeof POLICY_WARNING_CODES];

/** The warning for labels left out of a selector, or null when there were none. */
export function invalidLabelsWarning(
  id: string,
  invalid: readonly string[] | undefined,
): Omit<PolicyWarning, 'workload'> | null {
  if (!invalid || invalid.length === 0) return null;
  return {
    code: POLICY_WARNING_CODES.LABEL_INVALID,
    message: `${id}: labels Kubernetes rejects were left out of its selector: ${invalid.join(', ')}`,
  };
}

export interface PolicyWarning {
  code: PolicyWarningCode;
  message: string;
  /** The workload whose policy the warning is about. */
  workload?: WorkloadRef;
}

/** Drops repeated warnings (same code and message), keeping the first occurrence's order. */
export function dedupeWarnings(warnings: PolicyWarning[]): PolicyWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const k = `${w.code}\u0000${w.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The first `perCode` warnings of each code (in their order) and how many each code has: what a
 * page shows of a policy's warnings — a policy of 10,000 addresses warns 10,000 times.
 */
export function shownWarnings(
  warnings: readonly PolicyWarning[],
  perCode: number,
): { shown: PolicyWarning[]; counts: Partial<Record<PolicyWarningCode, number>> } {
  const counts: Partial<Record<PolicyWarningCode, number>> = {};
  const shown = warnings.filter((w) => (counts[w.code] = (counts[w.code] ?? 0) + 1) <= perCode);
  return { shown, counts };
}
