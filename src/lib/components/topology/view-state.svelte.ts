/**
 * The Topology tab's state: which picture (the reviewed workload, its namespace, the whole
 * cluster), the rows behind it (loaded through the worker), the filters, the collapsed groups,
 * the selected entity and line, the search, and the palette that follows the theme. The full
 * picture (every entity: what the layout sees) and the drawn one (filtered, groups collapsed)
 * are derived here from the workspace; the components only show them. Created by TopologyView
 * (its effects live as long as the tab).
 */
import { workspace as ws } from '$lib/state/workspace.svelte';
import { buildTopology } from '$lib/topology/build';
import type { EntityFacts } from '$lib/topology/facts';
import { applyFilters, SHOW_ALL, type TopologyFilters } from '$lib/topology/filters';
import { collapseGroups, groupsOf } from '$lib/topology/groups';
import {
  groupSet,
  indexById,
  NO_FACTS,
  NO_GROUPS,
  searchMatches,
  toggled,
} from '$lib/topology/view-model';
import { paletteFor } from '$lib/topology/palette';
import type { TopologyGraph } from '$lib/topology/types';
import {
  loadClusterView,
  loadFacts,
  loadNamespaceView,
  namespacesOf,
  withLive,
  type NamespaceView,
} from './topology-data';

export type TopologyViewKind = 'workload' | 'namespace' | 'cluster';

export class TopologyState {
  chosen = $state<TopologyViewKind>('workload');
  filters = $state<TopologyFilters>({ ...SHOW_ALL });
  widthByFlows = $state(true);
  collapsed = $state.raw<ReadonlySet<string>>(NO_GROUPS);
  selectedEdge = $state<string | null>(null);
  selectedNode = $state<string | null>(null);
  query = $state('');
  error = $state<string | null>(null);
  prefersDark = $state(false);
  private rows = $state.raw<{ key: string; view: NamespaceView } | null>(null);
  private facts = $state.raw<ReadonlyMap<string, EntityFacts>>(NO_FACTS);
  private collapsedFor = '';
  private seq = 0;

  readonly reviewed = $derived(ws.review.workload());
  readonly namespace = $derived(ws.scope.namespace ?? this.reviewed?.namespace ?? null);
  readonly view: TopologyViewKind = $derived.by(() => {
    if (this.chosen === 'cluster' && ws.scope.cluster) return 'cluster';
    const ns = this.namespace !== null && (this.chosen === 'namespace' || !this.reviewed);
    return ns ? 'namespace' : 'workload';
  });
  readonly dark = $derived(
    ws.settings.theme === 'dark' || (ws.settings.theme === 'system' && this.prefersDark),
  );
  readonly palette = $derived(paletteFor(this.dark));
  private readonly loaded = $derived(
    this.view !== 'workload' && this.rows?.key === this.rowsKey() ? this.rows.view : null,
  );
  readonly communications = $derived(
    this.view === 'workload' ? ws.review.captured : (this.loaded?.communications ?? []),
  );
  /** Every entity of the picture (the layout's input). */
  readonly full: TopologyGraph = $derived(
    buildTopology({
      communications: this.communications,
      decisions: withLive(this.loaded?.decisions ?? [], ws.review.decisions),
      selected: this.reviewed,
      namespace: this.view === 'namespace' ? (this.namespace ?? undefined) : undefined,
      facts: this.facts,
      serviceLinks: true,
    }),
  );
  readonly groups = $derived(groupsOf(this.full));
  /** What is drawn: filtered, and in the cluster view with the collapsed groups as one entity. */
  readonly shown: TopologyGraph = $derived(
    collapseGroups(
      applyFilters(this.full, this.filters),
      this.view === 'cluster' ? this.collapsed : NO_GROUPS,
    ),
  );
  readonly nodeById = $derived(indexById(this.shown.nodes));
  readonly edgeById = $derived(indexById(this.shown.edges));
  /** Entities matching the search (a collapsed group matches through its members). */
  readonly matches = $derived(searchMatches(this.full, this.shown, this.query));

  constructor() {
    $effect(() => this.watchTheme());
    $effect(() => this.loadRows());
    $effect(() => this.loadFacts());
    $effect(() => this.defaultCollapse());
    $effect(() => {
      if (this.selectedEdge !== null && !this.edgeById.has(this.selectedEdge)) {
        this.selectedEdge = null;
      }
      if (this.selectedNode !== null && !this.nodeById.has(this.selectedNode)) {
        this.selectedNode = null;
      }
    });
  }

  private rowsKey(): string {
    const s = ws.scope;
    return JSON.stringify([this.view, s.cluster, this.namespace, s.from, s.to]);
  }

  private watchTheme(): (() => void) | void {
    const mq = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    this.prefersDark = mq.matches;
    const on = (e: MediaQueryListEvent) => (this.prefersDark = e.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }

  /** The namespace or cluster view's rows and stored decisions (again after every reload). */
  private loadRows(): void {
    const s = ws.scope;
    void ws.review.communications;
    if (this.view === 'workload' || !s.cluster) return;
    if (this.view === 'namespace' && this.namespace === null) return;
    const key = this.rowsKey();
    const q = $state.snapshot({
      cluster: s.cluster,
      ...(s.from !== null && { from: s.from }),
      ...(s.to !== null && { to: s.to }),
      clusterCidrs: ws.settings.clusterCidrs,
      aliases: ws.settings.aliases,
    });
    const mine = ++this.seq;
    const load =
      this.view === 'cluster'
        ? loadClusterView(q)
        : loadNamespaceView({ ...q, namespace: this.namespace ?? '' });
    load
      .then((view) => mine === this.seq && (this.rows = { key, view }))
      .catch(
        (e: Error) => (this.error = `The ${this.view} view could not be loaded: ${e.message}`),
      );
  }

  /** Labels, declared ports and Services of the entities on screen, from the inventory. */
  private loadFacts(): void {
    const cluster = ws.scope.cluster;
    const nss = namespacesOf(this.communications);
    if (!cluster || nss.length === 0) return;
    loadFacts(cluster, nss)
      .then((f) => (this.facts = f))
      .catch(() => (this.facts = NO_FACTS));
  }

  /** The cluster view opens with every group collapsed but the namespace in scope. */
  private defaultCollapse(): void {
    if (this.view !== 'cluster' || this.loaded === null) return;
    const key = `${ws.scope.cluster}`;
    if (key === this.collapsedFor) return;
    this.collapsedFor = key;
    const home = this.namespace;
    this.collapsed = groupSet(this.groups, home);
  }

  setCollapsed(group: string, collapsed: boolean): void {
    this.collapsed = toggled(this.collapsed, group, collapsed);
  }

  collapseAll(collapsed: boolean): void {
    this.collapsed = collapsed ? groupSet(this.groups) : NO_GROUPS;
  }
}
