/**
 * What the Topology tab asks the engine worker, through the one worker client: the namespace and
 * cluster views (their rows and the stored decisions of their workloads) and the inventory facts of the
 * entities on screen. The engine worker answers both from the cluster data it already caches.
 */
import { workloadKey, type Communication, type Decisions } from '$lib/engine';
import type { EntityFacts } from '$lib/topology/facts';
import type { ClusterQuery, NamespaceQuery } from '$lib/topology/queries';
import { request } from '$lib/worker/client';

export interface NamespaceView {
  communications: Communication[];
  decisions: Decisions[];
}

/** Every workload of the namespace with its peers, and their stored decisions. */
export async function loadNamespaceView(q: NamespaceQuery): Promise<NamespaceView> {
  const [communications, decisions] = await Promise.all([
    request('topologyCommunications', q),
    request('clusterDecisions', q.cluster),
  ]);
  return {
    communications,
    decisions: decisions.filter((d) => d.workload.namespace === q.namespace),
  };
}

/** Every workload of every namespace with its peers, and every stored decision. */
export async function loadClusterView(q: ClusterQuery): Promise<NamespaceView> {
  const [communications, decisions] = await Promise.all([
    request('clusterCommunications', q),
    request('clusterDecisions', q.cluster),
  ]);
  return { communications, decisions };
}

/** The namespaces of the rows' workloads and workload peers, sorted. */
export function namespacesOf(rows: readonly Communication[]): string[] {
  const names = rows.flatMap((c) => [
    c.workload.namespace,
    ...(c.peer.type === 'workload' ? [c.peer.namespace] : []),
  ]);
  return [...new Set(names)].sort();
}

/** Labels, declared ports and Services of the workloads and Services of those namespaces. */
export async function loadFacts(
  cluster: string,
  namespaces: string[],
): Promise<Map<string, EntityFacts>> {
  return new Map(await request('topologyFacts', cluster, namespaces));
}

/** The stored decisions with the reviewed workload's live ones in place of its stored ones. */
export function withLive(stored: readonly Decisions[], live: Decisions | null): Decisions[] {
  if (!live) return [...stored];
  const id = workloadKey(live.workload);
  return [...stored.filter((d) => workloadKey(d.workload) !== id), live];
}
