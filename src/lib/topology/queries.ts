/**
 * The topology's read side, run in the engine worker (workers/engine-api.ts): the namespace and
 * cluster views' communications and the inventory facts of the details, all answered from the
 * cluster data the engine worker already caches (src/lib/db/scope-queries.ts), never from a copy
 * of its own. Storage in through src/lib/db, plain data out; no DOM.
 */
import type { NetpolishDb } from '$lib/db/schema';
import { clusterData } from '$lib/db/scope-queries';
import { queryCommunications } from '$lib/engine/aggregate/query';
import type { Communication } from '$lib/engine/model/communication';
import { factsFromInventory, type EntityFacts } from './facts';

export interface ClusterQuery {
  cluster: string;
  from?: number;
  to?: number;
  clusterCidrs?: string[];
  aliases?: { name: string; cidr: string }[];
}

export interface NamespaceQuery extends ClusterQuery {
  namespace: string;
}

/** Every workload of the namespace (any kind but Services) with its peers, both directions. */
export async function topologyCommunications(
  db: NetpolishDb,
  q: NamespaceQuery,
): Promise<Communication[]> {
  const data = await clusterData(db, q.cluster);
  return queryCommunications({
    aggregates: data.byNamespace.get(q.namespace) ?? [],
    inventory: data.inventory,
    entity: 'all',
    namespace: q.namespace,
    from: q.from,
    to: q.to,
    clusterCidrs: q.clusterCidrs ?? [],
    aliases: q.aliases ?? [],
  }).filter((c) => c.workload.kind !== 'Service');
}

/**
 * Every workload of every namespace (any kind but Services) with its peers, both directions:
 * the cluster view. A pair of workloads is seen from both its ends, as in the namespace view.
 */
export async function clusterCommunications(
  db: NetpolishDb,
  q: ClusterQuery,
): Promise<Communication[]> {
  const data = await clusterData(db, q.cluster);
  return queryCommunications({
    aggregates: data.aggregates,
    inventory: data.inventory,
    entity: 'all',
    from: q.from,
    to: q.to,
    clusterCidrs: q.clusterCidrs ?? [],
    aliases: q.aliases ?? [],
  }).filter((c) => c.workload.kind !== 'Service');
}

/** Labels, declared ports and Services of the workloads and Services of some namespaces. */
export async function topologyFacts(
  db: NetpolishDb,
  cluster: string,
  namespaces: string[],
): Promise<[string, EntityFacts][]> {
  const data = await clusterData(db, cluster);
  return [...factsFromInventory(data.inventory, new Set(namespaces))];
}
