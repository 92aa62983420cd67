/**
 * Scope of the review: cluster, namespace, entity type, workload and timespan, with the lists
 * that fill the scope bar (clusters, namespaces, workloads, activity histogram). Every list is
 * answered by the worker from the stored aggregates. Each setter returns once the lists it
 * affects are reloaded; a slower, older answer never overwrites a newer one.
 */
import {
  workloadKey,
  type Diagnostic,
  type EntityType,
  type HistogramView,
  type NamespaceStatus,
  type SavedScope,
  type ScopeQuery,
  type WorkloadRef,
  type WorkloadSummary,
} from '$lib/engine';
import type { Request } from './backend';

const STALE = new Error('stale');

export class ScopeState {
  clusters = $state.raw<string[]>([]);
  cluster = $state<string | null>(null);
  namespaces = $state.raw<string[]>([]);
  /** null = every namespace. */
  namespace = $state<string | null>(null);
  entity = $state<EntityType>('Deployment');
  workloads = $state.raw<WorkloadSummary[]>([]);
  workload = $state.raw<WorkloadRef | null>(null);
  /** First and last activity of the cluster (epoch ms). */
  span = $state.raw<{ min: number; max: number } | null>(null);
  /** Stored rows of the cluster the engine left out when it read them back. */
  problems = $state.raw<Diagnostic[]>([]);
  /** The chosen window; null = open on that side. */
  from = $state<number | null>(null);
  to = $state<number | null>(null);
  histogram = $state.raw<HistogramView | null>(null);
  /** With a namespace chosen: its workloads and how many are still pending review. */
  status = $state.raw<NamespaceStatus | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  /** The workload's row in the list (counts), when it is there. */
  summary = $derived(
    this.workload
      ? this.workloads.find((s) => workloadKey(s.workload) === workloadKey(this.workload!))
      : undefined,
  );

  private seq = 0;
  /**
   * Set while a reload's lists (clusters, the cluster's namespaces, span and problems) have not
   * arrived: a change that supersedes that reload loads them itself, else what the last import
   * brought (its span, a new namespace) would be lost until the next reload.
   */
  private listsDue = false;

  constructor(private readonly request: Request) {}

  /** The question every worker call carries. */
  query(): ScopeQuery | null {
    if (!this.cluster) return null;
    return {
      cluster: this.cluster,
      entity: this.entity,
      ...(this.namespace !== null && { namespace: this.namespace }),
      ...(this.from !== null && { from: this.from }),
      ...(this.to !== null && { to: this.to }),
    };
  }

  /** Loads the clusters and restores `saved` where it still fits the data. */
  async init(saved: SavedScope | null): Promise<void> {
    this.listsDue = true;
    await this.guard(async () => {
      this.clusters = await this.fresh(this.request('listClusters'));
      const cluster =
        saved?.cluster && this.clusters.includes(saved.cluster)
          ? saved.cluster
          : (this.clusters[0] ?? null);
      this.cluster = cluster;
      if (saved && cluster === saved.cluster) {
        this.namespace = saved.namespace;
        this.entity = saved.entity;
        this.from = saved.from;
        this.to = saved.to;
      }
      await this.loadCluster();
      this.listsDue = false;
      await this.loadWorkloads();
      const w = saved?.workload;
      this.workload =
        w && this.workloads.some((s) => workloadKey(s.workload) === workloadKey(w)) ? w : null;
      await this.loadHistogram();
    });
  }

  /** After an import or a removal: the lists again, keeping the choices that still exist. */
  async reload(): Promise<void> {
    await this.init(this.saved());
  }

  saved(): SavedScope {
    return {
      cluster: this.cluster,
      namespace: this.namespace,
      entity: this.entity,
      workload: this.workload,
      from: this.from,
      to: this.to,
    };
  }

  async setCluster(cluster: string): Promise<void> {
    await this.guard(async () => {
      this.cluster = cluster;
      this.namespace = null;
      this.workload = null;
      this.from = this.to = null;
      if (!(await this.catchUp())) await this.loadCluster();
      await this.loadWorkloads();
      await this.loadHistogram();
    });
  }

  /**
   * `first` is asked once the choice is made and before the lists (the review: the worker
   * answers in order, so it is not queued behind the lists) — but after the lists of a reload
   * this change superseded, which may drop the choice (its namespace removed meanwhile).
   */
  async setNamespace(namespace: string | null, first?: () => Promise<unknown>): Promise<void> {
    await this.guard(async () => {
      this.namespace = namespace;
      if (this.workload && namespace !== null && this.workload.namespace !== namespace)
        this.workload = null;
      await this.catchUp();
      await first?.();
      await this.loadWorkloads();
      await this.loadHistogram();
    });
  }

  async setEntity(entity: EntityType): Promise<void> {
    await this.guard(async () => {
      this.entity = entity;
      this.workload = null;
      await this.catchUp();
      await this.loadWorkloads();
      await this.loadHistogram();
    });
  }

  /** `first`: as setNamespace's. */
  async setWorkload(w: WorkloadRef | null, first?: () => Promise<unknown>): Promise<void> {
    await this.guard(async () => {
      this.workload = w;
      const caught = await this.catchUp();
      await first?.();
      if (caught) await this.loadWorkloads();
      await this.loadHistogram();
    });
  }

  /** A new window (null = open); the workload list's counts follow it. */
  async setRange(from: number | null, to: number | null): Promise<void> {
    await this.guard(async () => {
      [this.from, this.to] = from !== null && to !== null && from > to ? [to, from] : [from, to];
      await this.catchUp();
      await this.loadWorkloads();
      await this.loadHistogram();
    });
  }

  /**
   * The lists of a reload this change superseded before they arrived, loaded now (the choices
   * kept where they still exist). True when it loaded them.
   */
  private async catchUp(): Promise<boolean> {
    if (!this.listsDue) return false;
    this.clusters = await this.fresh(this.request('listClusters'));
    if (this.cluster === null || !this.clusters.includes(this.cluster)) {
      this.cluster = this.clusters[0] ?? null;
      [this.namespace, this.workload, this.from, this.to] = [null, null, null, null];
    }
    await this.loadCluster();
    this.listsDue = false;
    return true;
  }

  private async loadCluster(): Promise<void> {
    if (!this.cluster) {
      [this.namespaces, this.span, this.workloads, this.histogram] = [[], null, [], null];
      this.problems = [];
      return;
    }
    const options = await this.fresh(this.request('scopeOptions', this.cluster));
    this.namespaces = options.namespaces;
    this.span = options.span;
    this.problems = options.problems;
    if (this.namespace !== null && !this.namespaces.includes(this.namespace)) this.namespace = null;
  }

  private async loadWorkloads(): Promise<void> {
    const q = this.query();
    this.workloads = q ? await this.fresh(this.request('scopeWorkloads', q)) : [];
    // Stale too when a newer change started meanwhile (else a reload that waited here would put
    // back the workload it started with over the one chosen since).
    await this.fresh(this.loadStatus());
  }

  /** The namespace's count of workloads pending review (after decisions change too). */
  async loadStatus(): Promise<void> {
    const q = this.query();
    try {
      this.status =
        q?.namespace !== undefined
          ? await this.request('namespaceStatus', { ...q, namespace: q.namespace })
          : null;
    } catch {
      this.status = null;
    }
  }

  private async loadHistogram(): Promise<void> {
    const q = this.query();
    this.histogram = q
      ? await this.fresh(
          this.request('scopeHistogram', {
            ...q,
            ...(this.workload && { workload: this.workload }),
          }),
        )
      : null;
  }

  /** The answer, unless a newer change started while it was on its way. */
  private async fresh<T>(answer: Promise<T>): Promise<T> {
    const mine = this.seq;
    const value = await answer;
    if (mine !== this.seq) throw STALE;
    return value;
  }

  /** Runs one change; marks loading; drops the error of an older change. */
  private async guard(run: () => Promise<void>): Promise<void> {
    const mine = ++this.seq;
    this.loading = true;
    this.error = null;
    try {
      await run();
    } catch (e) {
      if (e !== STALE && mine === this.seq) this.error = (e as Error).message;
    } finally {
      if (mine === this.seq) this.loading = false;
    }
  }
}
