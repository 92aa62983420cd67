/**
 * Checks across admin policies that no single object shows: two policies of one tier with the
 * same priority (netpol-analyzer refuses AdminNetworkPolicies that tie; the v1alpha2 API leaves
 * the order of tied ClusterNetworkPolicies to the implementation), and a
 * BaselineAdminNetworkPolicy not named `default`. The evaluation order itself is in
 * `evaluate/admin-order.ts`; here only what to report.
 */
import type { AdminPolicy } from '../model/admin-policy';

export interface AdminConflict {
  policy: AdminPolicy;
  severity: 'error' | 'warning';
  message: string;
}

function tieMessage(a: AdminPolicy, b: AdminPolicy): AdminConflict {
  const bothAnp = a.kind === 'AdminNetworkPolicy' && b.kind === 'AdminNetworkPolicy';
  const names = `${a.kind} "${a.name}" and ${b.kind} "${b.name}"`;
  const message =
    `${names} have the same priority ${a.priority} in the ${a.tier} tier; ` +
    'two policies are conflicting when they share a priority (evaluated here in name order)';
  return { policy: b, severity: bothAnp ? 'error' : 'warning', message };
}

/** Ties of priority within a tier (each pair once), in input order. */
function priorityTies(policies: AdminPolicy[]): AdminConflict[] {
  const out: AdminConflict[] = [];
  const seen = new Map<string, AdminPolicy>();
  for (const p of policies) {
    if (p.kind === 'BaselineAdminNetworkPolicy') continue;
    const key = `${p.tier}/${p.priority}`;
    const first = seen.get(key);
    if (first) out.push(tieMessage(first, p));
    else seen.set(key, p);
  }
  return out;
}

function banpNames(policies: AdminPolicy[]): AdminConflict[] {
  return policies
    .filter((p) => p.kind === 'BaselineAdminNetworkPolicy' && p.name !== 'default')
    .map((policy) => ({
      policy,
      severity: 'error' as const,
      message:
        `baseline admin network policy "${policy.name}": only one BaselineAdminNetworkPolicy, ` +
        'with metadata.name=default, can exist in a cluster; evaluated anyway',
    }));
}

/** Everything wrong between the policies of one inventory. */
export function adminPolicyConflicts(policies: AdminPolicy[]): AdminConflict[] {
  return [...priorityTies(policies), ...banpNames(policies)];
}
