/**
 * A cluster's data as the workspace answers from it: its shards merged (inventories in import
 * order, aggregates and names merged, IP endpoints resolved again against the whole inventory)
 * and indexed by workload and by namespace, so that a question about one workload reads only
 * the aggregates that touch it.
 */
import { mergeSettled } from '../aggregate/merge';
import { mergeNames } from '../aggregate/names';
import { reresolveAggregates } from '../aggregate/reresolve';
import { settledWidth } from '../aggregate/width';
import { mergeInventories } from '../inventory/build';
import { indexInventory } from '../inventory/index';
import { classifyContext, classifyIp } from '../classify/index';
import type { CommAggregate, Endpoint, IpClass } from '../model/communication';
import type { Diagnostic } from '../model/diagnostic';
import { workloadKey, type WorkloadKey, type WorkloadRef } from '../model/ids';
import { emptyInventory, type Inventory } from '../model/k8s';
import type { IpName } from '../model/names';
import type { StoredShard } from './store';
import type { ScopeQuery } from './types';

export interface ClusterData {
  signature: string;
  inventory: Inventory;
  aggregates: CommAggregate[];
  names: IpName[];
  namespaces: string[];
  span: { min: number; max: number } | null;
  /** Stored rows left out as unusable when the shards were read back. */
  problems: Diagnostic[];
  /** The width of every aggregate's time buckets (aggregate/width.ts). */
  bucketMs: number;
  /**
   * The class of every IP endpoint's text under the inventory and no cluster CIDR of the user's
   * (QueryInput's `ipClasses`): made once with the data, so the first query of a workload with
   * 10,000 addresses does not parse and classify each of them.
   */
  ipClasses: ReadonlyMap<string, IpClass>;
}

/** Merges a cluster's shards (oldest first) into its indexed data. */
export function clusterDataOf(
  cluster: string,
  signature: string,
  shards: readonly StoredShard[],
): ClusterData {
  const inventory = mergedInventory(cluster, shards);
  // Endpoints stored as bare IPs (flows imported before their dump) resolve against the inventory
  // now, before the per-workload index is built; queries then start from resolved aggregates.
  // Imports of different spans are answered at one bucket width, the one all of them ask for.
  const aggregates = reresolveAggregates(
    mergeSettled(...shards.map((s) => s.aggregates)),
    indexInventory(inventory),
  );
  const names = mergeNames(...shards.map((s) => s.names));
  const problems = shards.flatMap((s) => s.problems ?? []);
  return { ...indexData(signature, inventory, aggregates, names), problems };
}

/** The inventories of a cluster's shards (oldest first) merged into one. */
export function mergedInventory(cluster: string, shards: readonly StoredShard[]): Inventory {
  return shards.reduce(
    (acc, s) => (s.inventory ? mergeInventories(acc, s.inventory) : acc),
    emptyInventory(cluster),
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexData(
  signature: string,
  inventory: Inventory,
  aggregates: CommAggregate[],
  names: IpName[],
): Omit<ClusterData, 'problems'> {
  const namespaces = new Set<string>(inventory.namespaces.map((n) => n.name));
  let min = Infinity;
  let max = -Infinity;
  for (const a of aggregates) {
    const cn = nsOf(a.client);
    const sn = nsOf(a.server);
    if (cn !== null) namespaces.add(cn);
    if (sn !== null) namespaces.add(sn);
    if (a.firstSeen !== null) min = Math.min(min, a.firstSeen);
    if (a.lastSeen !== null) max = Math.max(max, a.lastSeen);
  }
  for (const p of inventory.pods) namespaces.add(p.namespace);
  return {
    signature,
    inventory,
    aggregates,
    names,
    namespaces: [...namespaces].sort(),
    span: min <= max ? { min, max } : null,
    bucketMs: settledWidth(aggregates),
    ipClasses: ipClassesOf(inventory, aggregates),
  };
}

/** A cluster's aggregates with a workload endpoint, by workload key and by namespace. */
interface AggregateIndex {
  byWorkload: Map<WorkloadKey, CommAggregate[]>;
  byNamespace: Map<string, CommAggregate[]>;
}

/**
 * Built when a question first narrows to a workload or a namespace, not with the data: a
 * whole-cluster question (`analyze` without --namespace, the app's first review) reads every
 * aggregate and never this index, which cost a workload key per endpoint of every aggregate.
 */
const indexes = new WeakMap<ClusterData, AggregateIndex>();

function aggregateIndex(data: ClusterData): AggregateIndex {
  let index = indexes.get(data);
  if (index) return index;
  const byWorkload = new Map<WorkloadKey, CommAggregate[]>();
  const byNamespace = new Map<string, CommAggregate[]>();
  const wkey = (e: Endpoint) => (e.type === 'workload' ? workloadKey(e) : null);
  for (const a of data.aggregates) {
    // Plain locals, not array destructuring: this runs once per aggregate, cold (unoptimized
    // code walks an iterator for each destructured pair).
    const c = wkey(a.client);
    const s = wkey(a.server);
    if (c) push(byWorkload, c, a);
    if (s && s !== c) push(byWorkload, s, a);
    const cn = nsOf(a.client);
    const sn = nsOf(a.server);
    if (cn !== null) push(byNamespace, cn, a);
    if (sn !== null && sn !== cn) push(byNamespace, sn, a);
  }
  index = { byWorkload, byNamespace };
  indexes.set(data, index);
  return index;
}

/** The class of each IP endpoint's text (no cluster CIDR, no alias: classes ignore aliases). */
function ipClassesOf(inventory: Inventory, aggregates: CommAggregate[]): Map<string, IpClass> {
  const ctx = classifyContext(inventory, [], []);
  const classes = new Map<string, IpClass>();
  const add = (e: Endpoint) => {
    if (e.type === 'ip' && !classes.has(e.ip)) classes.set(e.ip, classifyIp(ctx, e.ip));
  };
  for (const a of aggregates) {
    add(a.client);
    add(a.server);
  }
  return classes;
}

function nsOf(e: Endpoint): string | null {
  return e.type === 'workload' ? e.namespace : null;
}

/** The aggregates a question can touch: the workload's, else the namespace's, else all. */
export function candidates(
  data: ClusterData,
  q: Pick<ScopeQuery, 'entity' | 'namespace'>,
  workload?: WorkloadRef,
): CommAggregate[] {
  if (workload && q.entity !== 'Service') {
    return aggregateIndex(data).byWorkload.get(workloadKey(workload)) ?? [];
  }
  const ns = workload?.namespace ?? q.namespace;
  return ns === undefined ? data.aggregates : (aggregateIndex(data).byNamespace.get(ns) ?? []);
}
