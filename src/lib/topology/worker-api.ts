/**
 * What the topology worker answers (and unit tests call directly in Node): layouts, inventory
 * facts for the hover cards, and the namespace view's communications with every stored decision
 * of the namespace. Each entry is a short delegation into src/lib/topology, src/lib/db and the
 * engine; `TopologyApi` is the one type the client wraps.
 */
import { openDb, type NetpolishDb } from '$lib/db/schema';
import { clusterData } from '$lib/db/scope-queries';
import { clusterDecisions } from '$lib/db/decisions';
import { queryCommunications } from '$lib/engine/aggregate/query';
import type { Communication } from '$lib/engine/model/communication';
import type { Decisions } from '$lib/engine/policy/decisions';
import { computeLayout, type LayoutInput } from './layout';
import { factsFromInventory, type EntityFacts } from './facts';

let db: NetpolishDb | null = null;
const database = () => (db ??= openDb());

export interface NamespaceQuery {
  cluster: string;
  namespace: string;
  from?: number;
  to?: number;
  clusterCidrs?: string[];
  aliases?: { name: string; cidr: string }[];
}

export interface NamespaceView {
  communications: Communication[];
  decisions: Decisions[];
}

export const api = {
  /** Uses another database (unit tests). */
  useDatabase: (name: string) => {
    db = openDb(name);
  },
  layout: (input: LayoutInput) => computeLayout(input),
  /** Labels, declared ports and Services of the workloads and Services of some namespaces. */
  facts: async (cluster: string, namespaces: string[]): Promise<[string, EntityFacts][]> => {
    const data = await clusterData(database(), cluster);
    return [...factsFromInventory(data.inventory, new Set(namespaces))];
  },
  /** Every workload of the namespace (any kind) with its peers, and their stored decisions. */
  namespaceView: async (q: NamespaceQuery): Promise<NamespaceView> => {
    const data = await clusterData(database(), q.cluster);
    const communications = queryCommunications({
      aggregates: data.byNamespace.get(q.namespace) ?? [],
      inventory: data.inventory,
      entity: 'all',
      namespace: q.namespace,
      from: q.from,
      to: q.to,
      clusterCidrs: q.clusterCidrs ?? [],
      aliases: q.aliases ?? [],
    }).filter((c) => c.workload.kind !== 'Service');
    const decisions = (await clusterDecisions(database(), q.cluster)).filter(
      (d) => d.workload.namespace === q.namespace,
    );
    return { communications, decisions };
  },
};

export type TopologyApi = typeof api;
