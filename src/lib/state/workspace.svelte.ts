/**
 * The review workspace: scope, settings, the review of the chosen workload, its generated
 * policy, the table views and the open tab, wired together. Components call its actions;
 * each action changes one piece and refreshes what depends on it (rows after a scope or alias
 * change, the policy after any decision), all through the worker. Singletons at the bottom.
 */
import {
  aliasesByName,
  shortLabel,
  type BundleRequest,
  type EntityType,
  type PolicyRequest,
  type WorkloadRef,
} from '$lib/engine';
import type { AliasSetting } from '$lib/engine';
import { request } from '$lib/worker/client';
import type { Request } from './backend';
import { PolicyState } from './policy.svelte';
import { ReviewState, type ReviewQuery } from './review.svelte';
import { ScopeState } from './scope.svelte';
import { SettingsState } from './settings.svelte';
import { TableView } from './table.svelte';
import { UndoStack } from './undo.svelte';

export type TabId = 'ingress' | 'egress' | 'unresolved' | 'topology' | 'policy';
export const TABS: readonly { id: TabId; label: string }[] = [
  { id: 'ingress', label: 'Ingress' },
  { id: 'egress', label: 'Egress' },
  { id: 'unresolved', label: 'Unresolved IPs' },
  { id: 'topology', label: 'Topology' },
  { id: 'policy', label: 'Generated Policy' },
];

export class Workspace {
  readonly scope: ScopeState;
  readonly settings: SettingsState;
  readonly review: ReviewState;
  readonly policy: PolicyState;
  readonly ingressTable: TableView;
  readonly egressTable: TableView;
  readonly ipTable: TableView;
  /** The undetermined rows of each direction (initiator unknown). */
  readonly unknownIngressTable: TableView;
  readonly unknownEgressTable: TableView;
  readonly undo = new UndoStack();
  /** While true, a change of decisions joins the last undo entry instead of starting one. */
  private joining = false;
  tab = $state<TabId>('ingress');
  ready = $state(false);

  constructor(private readonly request: Request) {
    this.scope = new ScopeState(request);
    this.settings = new SettingsState(request);
    this.policy = new PolicyState(request);
    // The pending-review count is read from storage: after the saves, not beside them. A change
    // is done once its YAML is in; the verification follows (policy.verifying).
    this.review = new ReviewState(
      request,
      async () => {
        await Promise.all([
          this.policy.generate(this.policyRequest(), 'yaml'),
          this.review.settled().then(() => this.scope.loadStatus()),
        ]);
      },
      (entry) => (this.joining ? this.undo.join(entry) : this.undo.push(entry)),
    );
    const grouped = () => this.review.isNamespace();
    this.ingressTable = new TableView(() => this.review.ingress, false, grouped);
    this.egressTable = new TableView(() => this.review.egress, false, grouped);
    this.ipTable = new TableView(() => this.review.ips, true, grouped);
    this.unknownIngressTable = new TableView(() => this.review.unknownIngress, false, grouped);
    this.unknownEgressTable = new TableView(() => this.review.unknownEgress, false, grouped);
  }

  /** Loads preferences, the saved scope and its review. */
  async init(): Promise<void> {
    await this.settings.loadPreferences();
    await this.scope.init(await this.request('loadScope'));
    await this.afterCluster();
    this.ready = true;
  }

  /** After a session import: the scope stored with the session, and its review. */
  async restore(): Promise<void> {
    await this.scope.init(await this.request('loadScope'));
    await this.afterCluster();
  }

  /** After imports changed: lists again, keeping what still exists. */
  async reload(): Promise<void> {
    await this.scope.reload();
    await this.afterCluster();
  }

  async setCluster(cluster: string): Promise<void> {
    await this.scope.setCluster(cluster);
    await this.afterCluster();
  }

  /** The review first (rows, YAML, verification), then the scope's lists (reviewFirst). */
  async setNamespace(namespace: string | null): Promise<void> {
    let review: Promise<void> = Promise.resolve();
    await this.scope.setNamespace(namespace, () => (review = this.reviewFirst()).verified);
    await Promise.all([review, this.request('saveScope', this.scope.saved())]);
  }

  async setEntity(entity: EntityType): Promise<void> {
    await this.scope.setEntity(entity);
    await this.afterScope();
  }

  /** The review first (rows, YAML, verification), then the histogram (reviewFirst). */
  async setWorkload(w: WorkloadRef | null): Promise<void> {
    let review: Promise<void> = Promise.resolve();
    await this.scope.setWorkload(w, () => (review = this.reviewFirst()).verified);
    await review;
    await this.request('saveScope', this.scope.saved());
  }

  /**
   * Loads the review of the scope as it is now; `verified` resolves once its policy is written
   * and verified too — what the scope's lists wait for: the worker answers in order, and a
   * namespace's workload list or a histogram asked once the rows were in came between the YAML
   * and its verification (20–60 ms of a first choice on a fresh worker).
   */
  private reviewFirst(): Promise<void> & { verified: Promise<void> } {
    const load = this.loadReview(this.workloadQuery());
    return Object.assign(load, { verified: load.then(() => this.policy.verified()) });
  }

  /**
   * Loads the review's rows and writes its policy; why its IPs are unresolved is asked once the
   * policy is verified (ReviewState.loadReasons).
   */
  private async loadReview(query: ReviewQuery | null, beside?: () => Promise<void>): Promise<void> {
    await this.review.load(query, beside);
    void this.policy.verified().then(() => this.review.loadReasons());
  }

  async setRange(from: number | null, to: number | null): Promise<void> {
    await this.scope.setRange(from, to);
    await this.afterScope();
  }

  /** Names an IP or range (replacing the alias of the same CIDR); undoable. */
  async addAlias(alias: AliasSetting): Promise<string | null> {
    const error = await this.saveAlias(alias);
    if (!error) await this.loadReview(this.workloadQuery());
    return error;
  }

  /** Stores an alias and records its undo; the rows it renames are not reloaded here. */
  private async saveAlias(alias: AliasSetting): Promise<string | null> {
    const before = this.settings.aliases.find((a) => a.cidr === alias.cidr.trim());
    const error = await this.settings.addAlias(alias);
    if (!error) {
      const saved = { name: alias.name.trim(), cidr: alias.cidr.trim() };
      this.undo.push({
        label: `Aliased ${saved.cidr} as ${saved.name}`,
        undo: () =>
          this.aliasChange<unknown>(() =>
            before ? this.settings.addAlias(before) : this.settings.removeAlias(saved.cidr),
          ).then(() => undefined),
        redo: () => this.aliasChange(() => this.settings.addAlias(saved)).then(() => undefined),
      });
    }
    return error;
  }

  /**
   * The Alias dialog's Save: names the IP and includes its rows (an IP is aliased to be allowed;
   * the rule, stated in the dialog). One Undo reverses both. One YAML is written, the
   * inclusion's, asked as soon as the alias is stored (the worker queries the rows it writes
   * from, aliased, itself); the rows the alias renames come again beside it and its
   * verification, so the page's work on them is not on the way to either.
   */
  async aliasAndInclude(alias: AliasSetting, ip: string): Promise<string | null> {
    // An alias changes no row's key (aggregate/aliased.ts): the keys are read from the rows shown.
    const keys = this.review.ips
      .filter((c) => c.peer.type === 'ip' && c.peer.ip === ip && !this.review.included(c))
      .map((c) => c.key);
    const error = await this.saveAlias(alias);
    if (error) return error;
    const include = () => this.review.setIncluded(keys, true);
    this.joining = true;
    try {
      await this.loadReview(this.workloadQuery(), keys.length > 0 ? include : undefined);
    } finally {
      this.joining = false;
    }
    return null;
  }

  /**
   * "Alias by name": every IP of the review that the DNS name answered gets an alias named after
   * it (the engine's aliasesByName, as the CLI's --alias-by-name); undoable as one change.
   */
  async aliasByName(name: string): Promise<string | null> {
    const list = aliasesByName(this.review.ips, name);
    if (list.length === 0) return `No IP of this review has the name ${shortLabel(name, 80)}.`;
    const before = this.settings.aliases;
    const error = await this.aliasChange(() => this.settings.addAliases(list));
    if (!error) {
      this.undo.push({
        label: `Aliased ${list.length} IP${list.length === 1 ? '' : 's'} as ${shortLabel(name, 80)}`,
        undo: () => this.aliasChange(() => this.settings.setAliases(before)),
        redo: () => this.aliasChange(() => this.settings.addAliases(list)).then(() => undefined),
      });
    }
    return error;
  }

  /** Removes the alias of a CIDR; undoable. */
  async removeAlias(cidr: string): Promise<void> {
    const before = this.settings.aliases.find((a) => a.cidr === cidr);
    await this.aliasChange(() => this.settings.removeAlias(cidr));
    if (before) {
      this.undo.push({
        label: `Removed the alias ${before.name} (${cidr})`,
        undo: () => this.aliasChange(() => this.settings.addAlias(before)).then(() => undefined),
        redo: () => this.aliasChange(() => this.settings.removeAlias(cidr)),
      });
    }
  }

  /** Runs an alias change and reloads the rows it renames; an error message stops there. */
  private async aliasChange<T>(change: () => Promise<T>): Promise<T> {
    const result = await change();
    if (typeof result !== 'string') await this.loadReview(this.workloadQuery());
    return result;
  }

  async setClusterCidrs(list: string[]): Promise<string[]> {
    const bad = await this.settings.setClusterCidrs(list);
    if (bad.length === 0) await this.loadReview(this.workloadQuery());
    return bad;
  }

  async setIgnoreLabels(keys: string[]): Promise<void> {
    await this.settings.setIgnoreLabels(keys);
    await this.policy.generate(this.policyRequest());
  }

  /**
   * The rows' question: the scope, the workload, the cluster's CIDRs and aliases; without a
   * workload but with a namespace, the namespace's review (every kind of workload).
   */
  workloadQuery(w = this.scope.workload): ReviewQuery | null {
    const q = this.scope.query();
    if (!q) return null;
    // Without `explain`: why each IP is unresolved comes after the policy (loadReview).
    const settings = { clusterCidrs: this.settings.clusterCidrs, aliases: this.settings.aliases };
    if (w) return { ...q, workload: w, ...settings };
    return q.namespace !== undefined ? { ...q, namespace: q.namespace, ...settings } : null;
  }

  /** The workload's policy, or (a namespace's review) the namespace's bundle. */
  policyRequest(): PolicyRequest | BundleRequest | null {
    const q = this.review.query;
    if (!q) return null;
    const ignoreLabels = this.settings.ignoreLabels;
    if (!q.workload) return { ...q, ignoreLabels };
    const d = this.review.decisions;
    return d ? { ...q, workload: q.workload, decisions: d, ignoreLabels } : null;
  }

  private async afterCluster(): Promise<void> {
    await this.settings.loadCluster(this.scope.cluster);
    await this.afterScope();
  }

  private async afterScope(): Promise<void> {
    await Promise.all([
      this.loadReview(this.workloadQuery()),
      this.request('saveScope', this.scope.saved()),
    ]);
  }
}

export const workspace = new Workspace(request);
/** The review of the selected workload: `communications`, `decisions`, `included(c)`, `selectedKey`. */
export const review = workspace.review;
export const scope = workspace.scope;
