/**
 * The review's read side, in the worker: per cluster the merged aggregates and inventory are
 * cached, keyed by the cluster's completed imports (an import or a removal, in any tab, changes
 * the key and drops the cache), and indexed by workload and by namespace so that a question
 * about one workload reads only the aggregates that touch it. Scope options, workload lists,
 * histograms and communications are answered from here, never from the files.
 */
import { mergeAll } from '$lib/engine/aggregate/aggregate';
import { activityHistogram, queryCommunications } from '$lib/engine/aggregate/query';
import { reresolveAggregates } from '$lib/engine/aggregate/reresolve';
import { indexInventory } from '$lib/engine/inventory';
import { listWorkloads, type WorkloadSummary } from '$lib/engine/aggregate/workloads';
import type { HistogramPoint } from '$lib/engine/aggregate/window';
import { barWidth, flowsInRange, rebin } from '$lib/engine/aggregate/timescale';
import {
  BUCKET_MS,
  type CommAggregate,
  type Communication,
  type Endpoint,
  type WorkloadRef,
} from '$lib/engine/model/communication';
import type { EntityType, Inventory } from '$lib/engine/model/k8s';
import { workloadKey, type WorkloadKey } from '$lib/engine/model/ids';
import { clusterAggregates, clusterInventory } from './queries';
import type { AliasSetting } from './decisions';
import type { NetpolishDb } from './schema';

export interface ClusterData {
  signature: string;
  inventory: Inventory;
  aggregates: CommAggregate[];
  /** Aggregates with a workload endpoint, by `Kind/ns/name`. */
  byWorkload: Map<WorkloadKey, CommAggregate[]>;
  /** Aggregates with a workload endpoint in the namespace. */
  byNamespace: Map<string, CommAggregate[]>;
  namespaces: string[];
  span: { min: number; max: number } | null;
}

/** What every scope question carries. */
export interface ScopeQuery {
  cluster: string;
  /** `all`: every kind of workload (a namespace's review and bundle). */
  entity: EntityType | 'all';
  namespace?: string;
  from?: number;
  to?: number;
  clusterCidrs?: string[];
  aliases?: AliasSetting[];
}

export interface WorkloadQuery extends ScopeQuery {
  workload: WorkloadRef;
}

const cache = new Map<string, ClusterData>();
const memo = new Map<string, unknown>();
const MEMO_LIMIT = 32;

/**
 * The completed imports (of every cluster), as a string that changes whenever their set changes:
 * an import is marked done once, a removal deletes it. Read from the status index's keys only.
 */
async function signatureOf(db: NetpolishDb, cluster: string): Promise<string> {
  const done = (await db.imports.where('status').equals('done').primaryKeys()).map(String);
  return `${db.name}|${cluster}|${done.sort().join(',')}`;
}

/** The cluster's merged, indexed data; read from IndexedDB only when its imports changed. */
export async function clusterData(db: NetpolishDb, cluster: string): Promise<ClusterData> {
  const signature = await signatureOf(db, cluster);
  const hit = cache.get(`${db.name}|${cluster}`);
  if (hit && hit.signature === signature) return hit;
  const [inventory, raw] = await Promise.all([
    clusterInventory(db, cluster),
    clusterAggregates(db, cluster),
  ]);
  // Endpoints stored as bare IPs (flows imported before their dump) resolve against the inventory
  // now, before the per-workload index is built; queries then start from resolved aggregates.
  const aggregates = reresolveAggregates(mergeAll(raw), indexInventory(inventory));
  const data = indexData(signature, inventory, aggregates);
  cache.set(`${db.name}|${cluster}`, data);
  memo.clear();
  return data;
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
): ClusterData {
  const byWorkload = new Map<WorkloadKey, CommAggregate[]>();
  const byNamespace = new Map<string, CommAggregate[]>();
  let min = Infinity;
  let max = -Infinity;
  const wkey = (e: Endpoint) => (e.type === 'workload' ? workloadKey(e) : null);
  for (const a of aggregates) {
    const [c, s] = [wkey(a.client), wkey(a.server)];
    if (c) push(byWorkload, c, a);
    if (s && s !== c) push(byWorkload, s, a);
    const [cn, sn] = [nsOf(a.client), nsOf(a.server)];
    if (cn !== null) push(byNamespace, cn, a);
    if (sn !== null && sn !== cn) push(byNamespace, sn, a);
    if (a.firstSeen !== null) min = Math.min(min, a.firstSeen);
    if (a.lastSeen !== null) max = Math.max(max, a.lastSeen);
  }
  const names = new Set<string>([
    ...inventory.namespaces.map((n) => n.name),
    ...byNamespace.keys(),
  ]);
  for (const p of inventory.pods) names.add(p.namespace);
  return {
    signature,
    inventory,
    aggregates,
    byWorkload,
    byNamespace,
    namespaces: [...names].sort(),
    span: min <= max ? { min, max } : null,
  };
}

function nsOf(e: Endpoint): string | null {
  return e.type === 'workload' ? e.namespace : null;
}

/** The aggregates a question can touch: the workload's, else the namespace's, else all. */
function candidates(data: ClusterData, q: ScopeQuery, workload?: WorkloadRef): CommAggregate[] {
  if (workload && q.entity !== 'Service') {
    return data.byWorkload.get(workloadKey(workload)) ?? [];
  }
  const ns = workload?.namespace ?? q.namespace;
  return ns === undefined ? data.aggregates : (data.byNamespace.get(ns) ?? []);
}

async function memoised<T>(data: ClusterData, what: string, q: unknown, run: () => T): Promise<T> {
  const key = `${data.signature}|${what}|${JSON.stringify(q)}`;
  if (memo.has(key)) return memo.get(key) as T;
  const value = run();
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(key, value);
  return value;
}

export interface ScopeOptions {
  namespaces: string[];
  /** First and last activity over the whole cluster (epoch ms), null without timed flows. */
  span: { min: number; max: number } | null;
}

export async function scopeOptions(db: NetpolishDb, cluster: string): Promise<ScopeOptions> {
  const data = await clusterData(db, cluster);
  return { namespaces: data.namespaces, span: data.span };
}

function queryInput(data: ClusterData, q: ScopeQuery, workload?: WorkloadRef) {
  return {
    aggregates: candidates(data, q, workload),
    inventory: data.inventory,
    entity: q.entity,
    namespace: q.namespace,
    from: q.from,
    to: q.to,
    clusterCidrs: q.clusterCidrs ?? [],
    aliases: q.aliases ?? [],
  };
}

/** The workloads of the entity type (and namespace) with their row counts in the window. */
export async function scopeWorkloads(db: NetpolishDb, q: ScopeQuery): Promise<WorkloadSummary[]> {
  const data = await clusterData(db, q.cluster);
  return memoised(data, 'workloads', q, () => listWorkloads(queryInput(data, q)));
}

export interface HistogramView {
  points: HistogramPoint[];
  bucketMs: number;
  /** Flows in the selected From–To (one-minute resolution); all of them when open. */
  selected: number;
  span: { min: number; max: number } | null;
}

/** Flow activity of the scope (the workload when one is chosen) over the whole span. */
export async function scopeHistogram(
  db: NetpolishDb,
  q: ScopeQuery & { workload?: WorkloadRef },
): Promise<HistogramView> {
  const data = await clusterData(db, q.cluster);
  const bucketMs = barWidth(data.span);
  const scope = {
    inventory: data.inventory,
    entity: q.entity,
    namespace: q.namespace,
    workload: q.workload,
  };
  const fine = await memoised(data, 'histogram', { ...q, from: 0, to: 0 }, () =>
    activityHistogram(candidates(data, q, q.workload), scope, BUCKET_MS),
  );
  const points = rebin(fine, bucketMs);
  const selected = flowsInRange(fine, BUCKET_MS, q.from ?? null, q.to ?? null);
  return { points, bucketMs, selected, span: data.span };
}

/** The selected workload's communications (both directions), IP peers classified and aliased. */
export async function workloadCommunications(
  db: NetpolishDb,
  q: WorkloadQuery,
): Promise<Communication[]> {
  const data = await clusterData(db, q.cluster);
  return memoised(data, 'communications', q, () =>
    queryCommunications({
      ...queryInput(data, q, q.workload),
      namespace: q.workload.namespace,
      workload: q.workload,
      undetermined: true,
    }),
  );
}

/** The namespace's communications (every workload of the entity type), for namespace-wide policies. */
export async function namespaceCommunications(
  db: NetpolishDb,
  q: ScopeQuery & { namespace: string },
): Promise<Communication[]> {
  const data = await clusterData(db, q.cluster);
  return memoised(data, 'namespace', q, () =>
    queryCommunications({ ...queryInput(data, q), undetermined: true }),
  );
}
