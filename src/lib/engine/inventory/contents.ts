/**
 * What a kubectl dump held, per kind ("32 pods, 20 Services, 12 workloads, 3 nodes"): the
 * one-line summary an import shows, so a dump that lacks what the review needs (no pods, no
 * nodes) says so before any flow is read. Counts of the inventory built from the dump (objects
 * the inventory could not use are diagnostics, not counted).
 */
import type { Inventory } from '../model/k8s';

export interface InventoryCount {
  /** Singular and plural nouns, as read in a sentence. */
  one: string;
  many: string;
  count: number;
}

/** The kinds a summary names, in this order; kinds absent from the dump are left out. */
export function inventoryContents(inv: Inventory): InventoryCount[] {
  const all: InventoryCount[] = [
    { one: 'pod', many: 'pods', count: inv.pods.length },
    { one: 'workload', many: 'workloads', count: inv.workloads.length },
    { one: 'Service', many: 'Services', count: inv.services.length },
    { one: 'node', many: 'nodes', count: inv.nodes.length },
    { one: 'namespace', many: 'namespaces', count: inv.namespaces.length },
    { one: 'NetworkPolicy', many: 'NetworkPolicies', count: inv.networkPolicies.length },
    { one: 'endpoints object', many: 'endpoints objects', count: inv.endpoints?.length ?? 0 },
    { one: 'admin policy', many: 'admin policies', count: inv.adminPolicies?.length ?? 0 },
  ];
  return all.filter((c) => c.count > 0);
}

/** "32 pods, 20 Services, 3 nodes", or "no pods, Services or nodes" for an empty dump. */
export function contentsText(counts: readonly InventoryCount[]): string {
  if (counts.length === 0) return 'no pods, Services or nodes';
  return counts
    .map((c) => `${c.count.toLocaleString('en-US')} ${c.count === 1 ? c.one : c.many}`)
    .join(', ');
}
