/**
 * A namespace's review, in the worker (DESIGN.md §1.7): with a namespace and no workload chosen,
 * every communication of the namespace (every kind of workload), the workloads of the namespace
 * (the bundle's: engine policy/bundle.ts) and their stored decisions, and how many are still
 * pending review. Thin glue: rows from scope-queries, the workload list from the engine.
 */
import type { Communication, WorkloadRef } from '$lib/engine/model/communication';
import { defaultDecisions, type Decisions } from '$lib/engine/policy/decisions';
import { bundleWorkloads } from '$lib/engine/policy/bundle';
import { loadDecisions } from './decisions';
import { clusterData, namespaceCommunications, type ScopeQuery } from './scope-queries';
import type { NetpolishDb } from './schema';

export interface NamespaceQuery extends ScopeQuery {
  namespace: string;
}

export interface NamespaceReview {
  rows: Communication[];
  /** Every workload of the namespace (with traffic or not), sorted by name. */
  workloads: WorkloadRef[];
  /** The stored (or default) decisions of each workload, in the order of `workloads`. */
  decisions: Decisions[];
}

export interface NamespaceStatus {
  workloads: number;
  pending: number;
}

export async function namespaceReview(
  db: NetpolishDb,
  q: NamespaceQuery,
): Promise<NamespaceReview> {
  const data = await clusterData(db, q.cluster);
  const rows = await namespaceCommunications(db, { ...q, entity: 'all' });
  const workloads = bundleWorkloads(data.inventory, q.namespace, rows);
  const decisions = await Promise.all(
    workloads.map((w) => loadDecisions(db, q.cluster, w).catch(() => defaultDecisions(w))),
  );
  return { rows, workloads, decisions };
}

/** How many workloads of the namespace are not marked reviewed yet. */
export async function namespaceStatus(
  db: NetpolishDb,
  q: NamespaceQuery,
): Promise<NamespaceStatus> {
  const { workloads, decisions } = await namespaceReview(db, q);
  return { workloads: workloads.length, pending: decisions.filter((d) => !d.reviewed).length };
}
