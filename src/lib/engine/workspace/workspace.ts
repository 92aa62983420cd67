/**
 * The engine's one facade: a workspace answers every question of the review — scope options,
 * workload lists, histograms, communications, the namespace review, the generated policy with
 * its validation and verification — from a storage (store.ts) it only reads. The app's worker
 * binds it to IndexedDB, the CLI to memory; both ask the same functions, so no behaviour exists
 * on one path only. Per cluster the merged data is cached while the store's signature for the
 * cluster stays the same, and recent answers are memoised.
 */
import { withAliases } from '../aggregate/aliased';
import { activityHistogram, ipReasons, queryCommunications } from '../aggregate/query';
import { listWorkloads, type WorkloadSummary } from '../aggregate/workloads';
import { ofKind, ofWorkload } from '../aggregate/narrow';
import { barWidth, flowsInRange, rebin } from '../aggregate/timescale';
import type { Communication } from '../model/communication';
import { sameWorkload, type WorkloadRef } from '../model/ids';
import { bundleWorkloads } from '../policy/bundle';
import { defaultDecisions } from '../policy/decisions';
import { canonicalJson } from '../model/memo';
import { clusterDataOf, candidates, type ClusterData } from './cluster-data';
import { createReview, type Review } from './review';
import type { WorkspaceStore } from './store';
import type {
  HistogramView,
  NamespaceQuery,
  NamespaceReview,
  NamespaceStatus,
  ScopeOptions,
  ScopeQuery,
  WorkloadQuery,
} from './types';

const MEMO_LIMIT = 32;

export interface Workspace extends Review {
  /** The cluster's merged, indexed data (read from the store only when its imports changed). */
  clusterData(cluster: string): Promise<ClusterData>;
  scopeOptions(cluster: string): Promise<ScopeOptions>;
  /** The workloads of the entity type (and namespace) with their row counts in the window. */
  scopeWorkloads(q: ScopeQuery): Promise<WorkloadSummary[]>;
  /** Flow activity of the scope (the workload when one is chosen) over the whole span. */
  scopeHistogram(q: ScopeQuery & { workload?: WorkloadRef }): Promise<HistogramView>;
  /** The selected workload's communications (both directions), IP peers classified and aliased. */
  workloadCommunications(q: WorkloadQuery): Promise<Communication[]>;
  /** The namespace's communications (every workload of the entity type). */
  namespaceCommunications(q: NamespaceQuery): Promise<Communication[]>;
  /**
   * Every communication of the scope (all namespaces without one), with the undetermined pairs
   * read both ways unless `undetermined` is false.
   */
  scopeCommunications(q: ScopeQuery, undetermined?: boolean): Promise<Communication[]>;
  /** The namespace's rows, its workloads and their stored (or default) decisions. */
  namespaceReview(q: NamespaceQuery): Promise<NamespaceReview>;
  /** How many workloads of the namespace are not marked reviewed yet. */
  namespaceStatus(q: NamespaceQuery): Promise<NamespaceStatus>;
  /**
   * Why each IP peer of a review's rows is unresolved — of a workload's (`workloadCommunications`)
   * or, without a workload, of its namespace's (`namespaceReview`), asked without `explain` — in
   * the rows' order (null for the other rows): the `why` a query with `explain` gives them. The
   * app asks the rows without it first: the reasons were a third of a 10,000-row review's query
   * and of its JSON, and only the Unresolved IPs tab shows them.
   */
  ipReasons(
    q: WorkloadQuery | (NamespaceQuery & { workload?: undefined }),
  ): Promise<(string | null)[]>;
  /** Forgets the cached data (the store changed in a way its signature cannot tell). */
  forget(): void;
}

/** A workspace over `store`. */
export function createWorkspace(store: WorkspaceStore): Workspace {
  const cache = new Map<string, ClusterData>();
  const memo = new Map<string, unknown>();

  async function clusterData(cluster: string): Promise<ClusterData> {
    const signature = await store.signature(cluster);
    const hit = cache.get(cluster);
    if (hit && hit.signature === signature) return hit;
    const data = clusterDataOf(cluster, signature, await store.shards(cluster));
    cache.set(cluster, data);
    memo.clear();
    return data;
  }

  /** In its fields' order: a policy request rebuilds the rows' query by spreads. */
  const memoKey = (data: ClusterData, what: string, q: unknown) =>
    `${data.signature}|${what}|${canonicalJson(q)}`;

  function memoised<T>(data: ClusterData, what: string, q: unknown, run: () => T): T {
    const key = memoKey(data, what, q);
    if (memo.has(key)) return memo.get(key) as T;
    const value = run();
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(key, value);
    return value;
  }

  /**
   * The rows of `q`: queried once without aliases, the aliases applied to those rows
   * (aggregate/aliased.ts), so saving an alias changes only the rows it covers.
   */
  function aliased<Q extends ScopeQuery>(
    data: ClusterData,
    what: string,
    q: Q,
    query: (plain: Q) => Communication[],
  ): Communication[] {
    const plain = { ...q, aliases: [] };
    const rows = memoised(data, what, plain, () => query(plain));
    if (!q.aliases?.length) return rows;
    return memoised(data, what, q, () => withAliases(rows, { ...q, inventory: data.inventory }));
  }

  function queryInput(data: ClusterData, q: ScopeQuery, workload?: WorkloadRef) {
    const clusterCidrs = q.clusterCidrs ?? [];
    return {
      aggregates: candidates(data, q, workload),
      inventory: data.inventory,
      entity: q.entity,
      namespace: q.namespace,
      from: q.from,
      to: q.to,
      clusterCidrs,
      // Classified with no cluster CIDR when the cluster's data was made.
      ...(clusterCidrs.length === 0 ? { ipClasses: data.ipClasses } : {}),
      aliases: q.aliases ?? [],
      names: data.names,
      explain: q.explain === true,
      // Resolved again against the merged inventory when the cluster's data was made.
      resolved: true,
    };
  }

  /**
   * The rows of every kind of workload of a namespace (or of the cluster), undetermined pairs
   * included, without aliases: what the workload list reads before any choice, kept so that a
   * narrower query takes them in part (aggregate/narrow.ts) — a first choice does not query its
   * rows again. A namespace's are taken from the cluster's when only those are known; without
   * `compute`, undefined when neither is.
   */
  function wholeRows(
    data: ClusterData,
    q: ScopeQuery,
    namespace: string | undefined,
    compute: boolean,
  ): Communication[] | undefined {
    const key = {
      cluster: q.cluster,
      namespace,
      from: q.from,
      to: q.to,
      clusterCidrs: q.clusterCidrs?.length ? q.clusterCidrs : undefined,
      explain: q.explain === true || undefined,
    };
    const known = (k: typeof key) =>
      memo.get(memoKey(data, 'whole', k)) as Communication[] | undefined;
    const cluster = namespace === undefined ? undefined : known({ ...key, namespace: undefined });
    if (known(key) === undefined && cluster === undefined && !compute) return undefined;
    return memoised(data, 'whole', key, () =>
      cluster
        ? cluster.filter((r) => r.workload.namespace === namespace)
        : queryCommunications({
            ...queryInput(data, { ...key, entity: 'all', aliases: [] }),
            undetermined: true,
          }),
    );
  }

  async function workloadCommunications(q: WorkloadQuery): Promise<Communication[]> {
    const data = await clusterData(q.cluster);
    return aliased(data, 'communications', q, (plain) => {
      const whole =
        plain.entity === 'Service'
          ? undefined
          : wholeRows(data, plain, plain.workload.namespace, false);
      return whole
        ? ofWorkload(whole, plain.entity, plain.workload)
        : queryCommunications({
            ...queryInput(data, plain, plain.workload),
            namespace: plain.workload.namespace,
            workload: plain.workload,
            undetermined: true,
          });
    });
  }

  async function scopeCommunications(q: ScopeQuery, undetermined = true): Promise<Communication[]> {
    const data = await clusterData(q.cluster);
    return aliased(data, `scope:${undetermined}`, q, (plain) => {
      const whole =
        undetermined && plain.entity !== 'Service'
          ? wholeRows(data, plain, plain.namespace, plain.entity === 'all')
          : undefined;
      return whole
        ? ofKind(whole, plain.entity)
        : queryCommunications({ ...queryInput(data, plain), undetermined });
    });
  }

  /**
   * What the namespace's workloads are keyed by: the rows' scope alone — its cluster CIDRs,
   * aliases and reasons change how IP peers read, never which workloads have rows.
   */
  const workloadsKey = (q: NamespaceQuery) => ({
    cluster: q.cluster,
    namespace: q.namespace,
    from: q.from,
    to: q.to,
  });

  async function namespaceReview(q: NamespaceQuery): Promise<NamespaceReview> {
    const data = await clusterData(q.cluster);
    const rows = await scopeCommunications({ ...q, entity: 'all' });
    const workloads = memoised(data, 'namespace-workloads', workloadsKey(q), () =>
      bundleWorkloads(data.inventory, q.namespace, rows),
    );
    return { rows, workloads, decisions: await decisionsOf(q.cluster, workloads) };
  }

  /** Each workload's stored decisions, or its default ones. */
  async function decisionsOf(cluster: string, workloads: WorkloadRef[]) {
    const stored = await store.decisions(cluster);
    return workloads.map(
      (w) => stored.find((d) => sameWorkload(d.workload, w)) ?? defaultDecisions(w),
    );
  }

  const review = createReview({
    clusterData,
    workloadCommunications,
    namespaceCommunications: (q) => scopeCommunications(q),
    decisions: (cluster) => store.decisions(cluster),
  });

  return {
    ...review,
    clusterData,
    async scopeOptions(cluster) {
      const data = await clusterData(cluster);
      const stored = (await store.problems?.(cluster)) ?? [];
      return {
        namespaces: data.namespaces,
        span: data.span,
        problems: [...data.problems, ...stored],
      };
    },
    async scopeWorkloads(q) {
      const data = await clusterData(q.cluster);
      return memoised(data, 'workloads', q, () => {
        const input = queryInput(data, q);
        // The rows kept for the choice that follows (wholeRows); a Service's are its own query.
        const whole = q.entity === 'Service' ? undefined : wholeRows(data, q, q.namespace, true);
        return listWorkloads(input, whole);
      });
    },
    async scopeHistogram(q) {
      const data = await clusterData(q.cluster);
      const bucketMs = barWidth(data.span, 100, data.bucketMs);
      const scope = {
        inventory: data.inventory,
        entity: q.entity,
        namespace: q.namespace,
        workload: q.workload,
        resolved: true,
      };
      const fine = memoised(data, 'histogram', { ...q, from: 0, to: 0 }, () =>
        activityHistogram(candidates(data, q, q.workload), scope, data.bucketMs),
      );
      const points = rebin(fine, bucketMs);
      const selected = flowsInRange(fine, data.bucketMs, q.from ?? null, q.to ?? null);
      return { points, bucketMs, selected, span: data.span };
    },
    workloadCommunications,
    namespaceCommunications: (q) => scopeCommunications(q),
    scopeCommunications,
    namespaceReview,
    async namespaceStatus(q) {
      // The workloads of the review's rows when they were asked (with any IP settings).
      const data = await clusterData(q.cluster);
      const known = memo.get(memoKey(data, 'namespace-workloads', workloadsKey(q)));
      const workloads =
        (known as WorkloadRef[] | undefined) ?? (await namespaceReview(q)).workloads;
      const decisions = await decisionsOf(q.cluster, workloads);
      return { workloads: workloads.length, pending: decisions.filter((d) => !d.reviewed).length };
    },
    async ipReasons(q) {
      const data = await clusterData(q.cluster);
      const { explain: _explain, ...plain } = q;
      const rows = plain.workload
        ? await workloadCommunications(plain as WorkloadQuery)
        : await scopeCommunications({ ...plain, entity: 'all' });
      return memoised(data, 'reasons', plain, () =>
        ipReasons(rows, { ...plain, inventory: data.inventory }),
      );
    },
    forget() {
      cache.clear();
      memo.clear();
    },
  };
}
