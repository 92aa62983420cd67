/**
 * The review: of one workload (its communications in both directions and its decisions), or of
 * a whole namespace (every communication of every workload of it, each workload's decisions and
 * whether it was marked reviewed). Decisions change only through the pure producers of
 * engine/policy/decisions.ts (`apply(setIncluded(keys, true))`); this class applies them, saves
 * them (in order) through the worker and tells its listener, which regenerates the policy.
 * The topology view reads `communications`, `decisions`, `included(c)` and `selectedKey`.
 */
import {
  defaultDecisions,
  setAllowDns,
  setGeneral,
  setIncluded,
  setReviewed,
  workloadKey,
  type CommKey,
  type Communication,
  type Decisions,
  type Direction,
  type GeneralRule,
  type NamespaceQuery,
  type WorkloadQuery,
  type WorkloadRef,
} from '$lib/engine';
import type { Request } from './backend';
import { keySet, peerName } from './peers';
import { HeldRows, type Held } from './held-rows';
import { withDecisions } from './sent-decisions';
import type { UndoEntry } from './undo.svelte';
import {
  decisionsById,
  includedKeySet,
  ipsWithReasons,
  keysByWorkload,
  rowParts,
  type IncludedMemo,
} from './workload-groups';

export type Producer = (d: Decisions) => Decisions;
const RULE_NAMES: Record<GeneralRule, string> = {
  block: 'Block all',
  namespace: 'Allow all inside namespace',
  all: 'Allow all',
};
/** A workload's review, or (no workload) a namespace's. */
export type ReviewQuery = WorkloadQuery | (NamespaceQuery & { workload?: undefined });

export class ReviewState {
  /** The query the rows answer (null = nothing to review). */
  query = $state.raw<ReviewQuery | null>(null);
  communications = $state.raw<Communication[]>([]);
  /** The decisions of the reviewed workload (null in a namespace's review). */
  decisions = $state.raw<Decisions | null>(null);
  /** A namespace's review: its workloads and their decisions, by `Kind/ns/name`. */
  workloads = $state.raw<WorkloadRef[]>([]);
  byWorkload = $state.raw<Readonly<Record<string, Decisions>>>({});
  /** The row the user pointed at (a click in the topology); tables scroll to it. */
  selectedKey = $state<CommKey | null>(null);
  loading = $state(false);
  /** Decisions applied so far: a load that read storage before the last one reads again. */
  private edits = 0;
  saving = $state(false);
  error = $state<string | null>(null);

  /** The rows split for the tables, once per rows array (held rows come back split). */
  private parts = $derived(rowParts(this.communications));
  /** The captured connections (undetermined rows apart): what the tables and topology show. */
  captured = $derived(this.parts.captured);
  ingress = $derived(this.parts.ingress);
  egress = $derived(this.parts.egress);
  /**
   * Why each row's IP peer is unresolved, aligned with `communications`, once asked
   * (loadReasons); the rows come without it.
   */
  private reasons = $state.raw<{
    rows: Communication[];
    why: readonly (string | null)[];
  } | null>(null);
  /**
   * Why asking the reasons of these rows failed (the Unresolved IPs tab says so and offers to
   * ask again); null while they are asked, once they are in, and for other rows.
   */
  reasonsError = $derived.by(() =>
    this.reasonsFailed?.rows === this.communications ? this.reasonsFailed.message : null,
  );
  private reasonsFailed = $state.raw<{ rows: Communication[]; message: string } | null>(null);
  /** IP peers of both directions, with why each is unresolved once known: the Unresolved IPs tab. */
  ips = $derived(
    this.reasons?.rows === this.communications
      ? ipsWithReasons(this.communications, this.reasons.why)
      : this.parts.ips,
  );
  /** Undetermined rows (initiator unknown), each pair read both ways, by direction. */
  unknownIngress = $derived(this.parts.unknownIngress);
  unknownEgress = $derived(this.parts.unknownEgress);
  /** The rows of each workload (a namespace's review has many). */
  private rowGroups = $derived(this.parts.byWorkload);
  /** Each workload's included keys while its decisions stay (not reactive: a cache). */
  private includedOf: IncludedMemo = new WeakMap();
  /** Keys of the rows that go into the policy (or policies). */
  includedKeys = $derived.by(() => {
    if (!this.query) return keySet([]);
    const one = this.decisions;
    return includedKeySet(this.rowGroups, (w) => one ?? this.decisionsOf(w), this.includedOf);
  });
  /** A namespace's workloads not marked reviewed yet. */
  pending = $derived(this.workloads.filter((w) => !this.decisionsOf(w).reviewed));

  private seq = 0;
  /** The version of `communications` (held-rows.ts) and the reasons asked for each rows array. */
  private version = '';
  private readonly reasonsOf = new WeakMap<Communication[], readonly (string | null)[]>();
  private saved: Promise<unknown> = Promise.resolve();
  /** The rows of the last queries (a workload chosen again is not sent again). */
  private readonly held = new HeldRows();

  constructor(
    private readonly request: Request,
    /** Called after every change of rows or decisions (the policy regenerates). */
    private readonly changed: () => Promise<void> = async () => {},
    /** Told of every change of decisions, with how to undo and redo it. */
    private readonly record: (entry: UndoEntry) => void = () => {},
  ) {}

  workload(): WorkloadRef | null {
    return this.query?.workload ?? null;
  }

  /** Whether this is a namespace's review (no workload chosen). */
  isNamespace(): boolean {
    return this.query !== null && this.query.workload === undefined;
  }

  decisionsOf(w: WorkloadRef): Decisions {
    const id = workloadKey(w);
    return Object.hasOwn(this.byWorkload, id) ? this.byWorkload[id]! : defaultDecisions(w);
  }

  /**
   * Loads rows and stored decisions for the query (null clears the review), then the policy —
   * or, given `beside`, makes that change of decisions under the new query while the rows come
   * (its write asks the policy).
   */
  async load(query: ReviewQuery | null, beside?: () => Promise<void>): Promise<void> {
    const mine = ++this.seq;
    this.query = query;
    this.error = null;
    if (!query) {
      [this.communications, this.decisions, this.workloads, this.version] = [[], null, [], ''];
      this.byWorkload = {};
      await this.changed();
      return;
    }
    this.loading = true;
    let change: Promise<void> | undefined;
    try {
      // Stored decisions are read after the pending saves, so they are never older than the
      // screen; a decision taken while they were being read makes them stale: read them again.
      let edits: number;
      let read: Awaited<ReturnType<ReviewState['read']>>;
      do {
        edits = this.edits;
        if (beside && !change) {
          read = await this.read(query, () => {
            change = beside();
            edits = this.edits;
          });
        } else {
          await this.saved;
          read = await this.read(query);
        }
        if (mine !== this.seq) break;
      } while (edits !== this.edits);
      if (mine !== this.seq) {
        await change;
        return;
      }
      [this.communications, this.workloads, this.version] = [
        read.rows,
        read.workloads,
        read.version,
      ];
      this.decisions = query.workload ? read.decisions[0]! : null;
      this.byWorkload = decisionsById(read.decisions);
      if (this.selectedKey && !this.communications.some((c) => c.key === this.selectedKey))
        this.selectedKey = null;
    } catch (e) {
      if (mine === this.seq) this.error = (e as Error).message;
    } finally {
      if (mine === this.seq) this.loading = false;
    }
    if (change) await change;
    else if (mine === this.seq) await this.changed();
  }

  /**
   * The rows and stored decisions of a query (a workload's review has no workload list); rows
   * the page still holds for the query are not sent again (held-rows.ts). `first`: a change of
   * decisions made once the rows are asked — a workload's rows do not depend on its decisions,
   * so the worker answers them before that change's policy, and its decisions are the ones the
   * change wrote; a namespace's rows come with its stored decisions: asked after the save.
   */
  private async read(query: ReviewQuery, first?: () => void) {
    const held = this.held.get(query);
    // Without rows held for the query, the rows shown may be patched (an alias saved: the query
    // changed, a few of its rows did).
    const base = held ? undefined : this.shown();
    const rows = () => this.request('reviewRows', query, held?.version, base?.version);
    if (!query.workload) {
      if (first) {
        first();
        await this.saved;
      }
      const answer = await rows();
      return { ...this.held.keep(query, answer, held, base), decisions: answer.decisions ?? [] };
    }
    const asked = rows();
    if (first) {
      first();
      // The workload's decisions are those the change just wrote (reading them back after its
      // save cost the worker a structured clone and a restore of every key on the way to the
      // verification: ≈ 40 ms with 10,000 decided rows).
      const answer = await asked;
      const decisions = this.decisionsOf(query.workload);
      return { ...this.held.keep(query, answer, held, base), decisions: [decisions] };
    }
    const [answer, decisions] = await Promise.all([
      asked,
      this.request('loadDecisions', query.cluster, query.workload),
    ]);
    return { ...this.held.keep(query, answer, held, base), decisions: [decisions] };
  }

  /** The rows on screen with their version, if any. */
  private shown(): Held | undefined {
    return this.version
      ? { version: this.version, rows: this.communications, workloads: this.workloads }
      : undefined;
  }

  /**
   * Asks why each IP peer of the rows is unresolved (the Unresolved IPs tab's column), which the
   * rows come without: the reasons were a third of a 10,000-row review's query and of its JSON,
   * so the workspace asks them once the policy is verified. Kept per rows array (held rows chosen
   * again keep theirs); a failure is kept for these rows (`reasonsError`), and asking again
   * retries.
   */
  async loadReasons(): Promise<void> {
    const [query, rows, version] = [this.query, this.communications, this.version];
    if (!query || this.reasons?.rows === rows) return;
    let why = this.reasonsOf.get(rows);
    if (!why) {
      if (this.reasonsFailed?.rows === rows) this.reasonsFailed = null;
      const answer = await this.request('reviewReasons', query).catch((e: Error) => {
        if (this.communications === rows) this.reasonsFailed = { rows, message: e.message };
        return null;
      });
      // Failed, or the stored rows changed meanwhile (these reasons are not theirs).
      if (answer?.version !== version) return;
      this.reasonsOf.set(rows, (why = answer.reasons));
    }
    if (this.communications === rows) this.reasons = { rows, why };
  }

  /** Resolves once every save started so far has reached storage. */
  settled(): Promise<unknown> {
    return this.saved;
  }

  included(c: Communication): boolean {
    return this.includedKeys.has(c.key);
  }

  /** Applies a producer to the reviewed workload's decisions (a workload's review). */
  async apply(producer: Producer, label?: string): Promise<void> {
    if (!this.decisions) return;
    await this.applyTo([this.decisions.workload], producer, label);
  }

  /**
   * Applies a producer to the decisions of each workload, saves them (in order) and regenerates;
   * with a label, the change can be undone.
   */
  async applyTo(
    workloads: readonly WorkloadRef[],
    producer: Producer,
    label?: string,
  ): Promise<void> {
    const query = this.query;
    if (!query || workloads.length === 0) return;
    const before = workloads.map((w) => this.decisionsOf(w));
    const next = before.map(producer);
    if (label) {
      const cluster = query.cluster;
      this.record({
        label,
        undo: () => this.restore(cluster, before),
        redo: () => this.restore(cluster, next),
      });
    }
    await this.write(query.cluster, next);
  }

  /** Puts stored decisions back (undo, redo), wherever the review is now. */
  async restore(cluster: string, decisions: readonly Decisions[]): Promise<void> {
    await this.write(cluster, decisions);
  }

  private async write(cluster: string, next: readonly Decisions[]): Promise<void> {
    const query = this.query;
    const shown = query?.cluster === cluster;
    if (!shown) {
      await Promise.all(next.map((d) => this.save(cluster, d)));
      return;
    }
    // The last write ends "Saving…" (counted: a load beside it replaces the decisions object).
    const mark = ++this.edits;
    this.byWorkload = { ...this.byWorkload, ...decisionsById(next) };
    if (this.decisions) this.decisions = this.decisionsOf(this.decisions.workload);
    this.saving = true;
    // Sent at once, before the policy's requests: the worker writes saves in the order they
    // come, and a namespace's bundle, made of the stored decisions, sees these.
    const save = Promise.all(next.map((d) => this.save(cluster, d)));
    this.saved = Promise.all([this.saved, save.catch(() => undefined)]).then(() => undefined);
    try {
      await Promise.all([save, this.changed()]);
    } catch (e) {
      this.error = `Could not save the decision: ${(e as Error).message}`;
    } finally {
      if (this.edits === mark) this.saving = false;
    }
  }

  /** Stores one workload's decisions (sent once: the policy's requests name the same object). */
  private save(cluster: string, d: Decisions): Promise<void> {
    return withDecisions(d, (sent) => this.request('saveDecisions', cluster, sent));
  }

  /** Includes or excludes rows; in a namespace's review, each in its own workload's decisions. */
  async setIncluded(keys: readonly CommKey[], value: boolean): Promise<void> {
    const groups = keysByWorkload(this.communications, keys);
    const label = this.includeLabel(keys, value);
    if (this.decisions && groups.length === 0) return this.apply(setIncluded(keys, value), label);
    const keysOf = Object.fromEntries(groups.map((g) => [workloadKey(g.workload), g.keys]));
    await this.applyTo(
      groups.map((g) => g.workload),
      (d) => setIncluded(keysOf[workloadKey(d.workload)] ?? [], value)(d),
      label,
    );
  }

  /** "Excluded details-v1 9080/TCP", or "Included 12 rows". */
  private includeLabel(keys: readonly CommKey[], value: boolean): string {
    const verb = value ? 'Included' : 'Excluded';
    const one = keys.length === 1 ? this.communications.find((c) => c.key === keys[0]) : null;
    if (one) return `${verb} ${peerName(one.peer)} ${one.port}/${one.protocol}`;
    return `${verb} ${keys.length.toLocaleString()} row${keys.length === 1 ? '' : 's'}`;
  }

  /** Marks workloads reviewed or pending (a namespace's review). */
  setReviewed(workloads: readonly WorkloadRef[], reviewed: boolean): Promise<void> {
    const what = workloads.length === 1 ? workloads[0]!.name : `${workloads.length} workloads`;
    return this.applyTo(
      workloads,
      setReviewed(reviewed),
      `Marked ${what} ${reviewed ? 'reviewed' : 'pending'}`,
    );
  }

  setGeneral(direction: Direction, rule: GeneralRule): Promise<void> {
    return this.apply(
      setGeneral(direction, rule),
      `General ${direction} rule: ${RULE_NAMES[rule]}`,
    );
  }

  setAllowDns(allow: boolean): Promise<void> {
    return this.apply(setAllowDns(allow), allow ? 'Allowed DNS' : 'Stopped allowing DNS');
  }

  select(key: CommKey | null): void {
    this.selectedKey = key;
  }
}
