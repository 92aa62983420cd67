/**
 * The review of one workload: its communications (both directions, from the worker) and the
 * user's decisions about them. Decisions change only through the pure producers of
 * engine/policy/decisions.ts (`apply(setIncluded(keys, true))`); this class applies them, saves
 * them (in order) through the worker and tells its listener, which regenerates the policy.
 * The topology view reads `communications`, `decisions`, `included(c)` and `selectedKey`.
 */
import type { Communication, WorkloadRef } from '$lib/engine/model/communication';
import type { CommKey } from '$lib/engine/model/ids';
import {
  isIncluded,
  setAllowDns,
  setGeneral,
  setIncluded,
  type Decisions,
  type Direction,
  type GeneralRule,
} from '$lib/engine/policy/decisions';
import type { WorkloadQuery } from '$lib/db/scope-queries';
import type { Request } from './backend';
import { keySet } from './peers';

export type Producer = (d: Decisions) => Decisions;

export class ReviewState {
  /** The query the rows answer (null = no workload chosen). */
  query = $state.raw<WorkloadQuery | null>(null);
  communications = $state.raw<Communication[]>([]);
  decisions = $state.raw<Decisions | null>(null);
  /** The row the user pointed at (a click in the topology); tables scroll to it. */
  selectedKey = $state<CommKey | null>(null);
  loading = $state(false);
  saving = $state(false);
  error = $state<string | null>(null);

  ingress = $derived(this.communications.filter((c) => c.direction === 'ingress'));
  egress = $derived(this.communications.filter((c) => c.direction === 'egress'));
  /** IP peers of both directions: the Unresolved IPs tab. */
  ips = $derived(this.communications.filter((c) => c.peer.type === 'ip'));
  /** Keys of the rows that go into the policy. */
  includedKeys = $derived.by(() => {
    const d = this.decisions;
    return keySet(d ? this.communications.filter((c) => isIncluded(d, c)) : []);
  });

  private seq = 0;
  private saved: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly request: Request,
    /** Called after every change of rows or decisions (the policy regenerates). */
    private readonly changed: () => Promise<void> = async () => {},
  ) {}

  workload(): WorkloadRef | null {
    return this.query?.workload ?? null;
  }

  /** Loads rows and stored decisions for the query (null clears the review). */
  async load(query: WorkloadQuery | null): Promise<void> {
    const mine = ++this.seq;
    this.query = query;
    this.error = null;
    if (!query) {
      [this.communications, this.decisions] = [[], null];
      await this.changed();
      return;
    }
    this.loading = true;
    try {
      // Stored decisions are read after the pending saves, so they are never older than the screen.
      const [rows, decisions] = await Promise.all([
        this.request('workloadCommunications', query),
        this.saved.then(() => this.request('loadDecisions', query.cluster, query.workload)),
      ]);
      if (mine !== this.seq) return;
      [this.communications, this.decisions] = [rows, decisions];
      if (this.selectedKey && !rows.some((c) => c.key === this.selectedKey))
        this.selectedKey = null;
    } catch (e) {
      if (mine === this.seq) this.error = (e as Error).message;
    } finally {
      if (mine === this.seq) this.loading = false;
    }
    if (mine === this.seq) await this.changed();
  }

  included(c: Communication): boolean {
    return this.includedKeys.has(c.key);
  }

  /** Applies a producer, saves the result (saves run in order) and regenerates. */
  async apply(producer: Producer): Promise<void> {
    const query = this.query;
    if (!this.decisions || !query) return;
    const next = producer(this.decisions);
    this.decisions = next;
    this.saving = true;
    const save = this.saved.then(() => this.request('saveDecisions', query.cluster, next));
    this.saved = save.catch(() => undefined);
    try {
      await Promise.all([save, this.changed()]);
    } catch (e) {
      this.error = `Could not save the decision: ${(e as Error).message}`;
    } finally {
      if (this.decisions === next) this.saving = false;
    }
  }

  setIncluded(keys: readonly CommKey[], value: boolean): Promise<void> {
    return this.apply(setIncluded(keys, value));
  }

  setGeneral(direction: Direction, rule: GeneralRule): Promise<void> {
    return this.apply(setGeneral(direction, rule));
  }

  setAllowDns(allow: boolean): Promise<void> {
    return this.apply(setAllowDns(allow));
  }

  select(key: CommKey | null): void {
    this.selectedKey = key;
  }
}
