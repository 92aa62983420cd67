/**
 * The order in which admin policies are evaluated (DESIGN.md §5): the Admin tier
 * (AdminNetworkPolicies and Admin ClusterNetworkPolicies) by priority, lower first; the
 * Baseline tier (Baseline ClusterNetworkPolicies by priority, then the
 * BaselineAdminNetworkPolicy). Ties of priority, which the inventory reports, fall back to
 * kind then name so the result never depends on input order.
 */
import type { AdminPolicy } from '../model/admin-policy';

export interface AdminTiers {
  admin: AdminPolicy[];
  baseline: AdminPolicy[];
}

function rank(p: AdminPolicy): number {
  // NOTE: a BaselineAdminNetworkPolicy has no priority; it is the last word of its tier.
  return p.kind === 'BaselineAdminNetworkPolicy' ? Number.MAX_SAFE_INTEGER : p.priority;
}

function byPrecedence(a: AdminPolicy, b: AdminPolicy): number {
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  const ka = `${a.kind}/${a.name}`;
  const kb = `${b.kind}/${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Splits policies into their tiers, each sorted by precedence (first = highest). */
export function adminTiers(policies: AdminPolicy[]): AdminTiers {
  return {
    admin: policies.filter((p) => p.tier === 'Admin').sort(byPrecedence),
    baseline: policies.filter((p) => p.tier === 'Baseline').sort(byPrecedence),
  };
}
