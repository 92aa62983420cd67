/**
 * The topology's read side, run in the engine worker (workers/engine-api.ts): the namespace and
 * cluster views' communications and the inventory facts of the details, all answered by the
 * engine's workspace (the cluster data it already caches), never from a copy of its own.
 * Plain data out; no DOM.
 */
import type { Communication, ScopeQuery, Workspace } from '$lib/engine';
import { factsFromInventory, type EntityFacts } from './facts';

/** The workspace's scope question without an entity type: the views show every kind. */
export type ClusterQuery = Omit<ScopeQuery, 'entity' | 'explain'>;

export interface NamespaceQuery extends ClusterQuery {
  namespace: string;
}

/** Every workload of the namespace (any kind but Services) with its peers, both directions. */
export async function topologyCommunications(
  ws: Workspace,
  q: NamespaceQuery,
): Promise<Communication[]> {
  return clusterCommunications(ws, q);
}

/**
 * Every workload of every namespace (any kind but Services) with its peers, both directions:
 * the cluster view. A pair of workloads is seen from both its ends, as in the namespace view.
 */
export async function clusterCommunications(
  ws: Workspace,
  q: ClusterQuery,
): Promise<Communication[]> {
  const rows = await ws.scopeCommunications({ ...q, entity: 'all' }, false);
  return rows.filter((c) => c.workload.kind !== 'Service');
}

/** Labels, declared ports and Services of the workloads and Services of some namespaces. */
export async function topologyFacts(
  ws: Workspace,
  cluster: string,
  namespaces: string[],
): Promise<[string, EntityFacts][]> {
  const data = await ws.clusterData(cluster);
  return [...factsFromInventory(data.inventory, new Set(namespaces))];
}
