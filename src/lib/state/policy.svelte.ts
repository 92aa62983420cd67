/**
 * The generated policy of the review: YAML, validation errors, warnings and the verification
 * summary, produced by the worker from the current decisions. Generations run one after the
 * other with the latest request winning: a burst of clicks yields one YAML, the last one's.
 */
import {
  DEFAULT_DIALECT,
  isDialectId,
  type BundleRequest,
  type ConnectionWhy,
  type PolicyRequest,
  type PolicyView,
} from '$lib/engine';
import { SvelteSet } from 'svelte/reactivity';
import type { Request } from './backend';

/** A workload's policy, or (no workload) a namespace's bundle. */
type Req = PolicyRequest | BundleRequest;

/** Where the chosen dialect is kept: a preference of this browser, like the theme. */
const DIALECT_KEY = 'netpolish.policyDialect';

function storedDialect(): string {
  const id = globalThis.localStorage?.getItem(DIALECT_KEY);
  return id && isDialectId(id) ? id : DEFAULT_DIALECT;
}

export class PolicyState {
  view = $state.raw<PolicyView | null>(null);
  /** One multi-document YAML for the whole namespace (with a default-deny). */
  namespaceWide = $state(false);
  /** The policy dialect (dialects/index.ts), remembered across reloads. */
  dialect = $state(storedDialect());
  pending = $state(false);
  error = $state<string | null>(null);
  /** Bumped each time a new YAML is shown (the benchmark and live regions watch it). */
  revision = $state(0);

  valid = $derived(this.view !== null && this.view.errors.length === 0);
  /** Rows the policy (with the dump's own and admin policies) denies, by key. */
  denied: ReadonlySet<string> = $derived(new SvelteSet(this.view?.verification.deniedKeys ?? []));

  /** Reasons fetched on demand for the view on screen (rows not explained with the policy). */
  private fetched = $state.raw<Record<string, ConnectionWhy>>({});

  /** Why the policies deny the row `key`, if known yet (see explain); null when not. */
  whyOf(key: string): ConnectionWhy | null {
    for (const why of [this.view?.verification.why, this.fetched]) {
      if (why && Object.hasOwn(why, key)) return why[key] ?? null;
    }
    return null;
  }

  /**
   * Makes the reasons of the denied rows `keys` known (whyOf), asking the worker for those not
   * explained with the policy. Rows the policy allows have none.
   */
  async explain(keys: string[]): Promise<void> {
    const view = this.view;
    const missing = keys.filter((k) => this.denied.has(k) && this.whyOf(k) === null);
    if (!view || !this.last || missing.length === 0) return;
    const found = await this.request('explainRows', this.sent(this.last), missing);
    if (this.view === view) this.fetched = { ...this.fetched, ...found };
  }

  private last: Req | null = null;
  private running: Promise<void> | null = null;
  private next: Req | null | undefined = undefined;

  constructor(private readonly request: Request) {}

  /** Regenerates for `r` (null clears); resolves when the YAML on screen answers the latest request. */
  async generate(r: Req | null): Promise<void> {
    this.next = this.last = r;
    this.pending = true;
    while (this.running) await this.running;
    if (this.next === undefined) return;
    const req = this.next;
    this.next = undefined;
    this.running = this.run(req);
    await this.running;
    this.running = null;
  }

  /** Switches between the workload's policy and the namespace-wide YAML. */
  async setNamespaceWide(on: boolean): Promise<void> {
    this.namespaceWide = on;
    await this.generate(this.last);
  }

  /** Writes the policy in another dialect (and remembers the choice). */
  async setDialect(id: string): Promise<void> {
    if (!isDialectId(id)) return;
    this.dialect = id;
    globalThis.localStorage?.setItem(DIALECT_KEY, id);
    await this.generate(this.last);
  }

  /** What is sent for `r`: a workload's request (with namespaceWide), or a namespace's bundle. */
  private sent(r: Req): PolicyRequest | BundleRequest {
    const dialect = this.dialect;
    return 'workload' in r && r.workload
      ? { ...r, namespaceWide: this.namespaceWide, dialect }
      : { ...r, dialect };
  }

  private ask(r: Req): Promise<PolicyView> {
    const sent = this.sent(r);
    return 'workload' in sent && sent.workload
      ? this.request('reviewPolicy', sent as PolicyRequest)
      : this.request('namespacePolicy', sent as BundleRequest);
  }

  private async run(r: Req | null): Promise<void> {
    try {
      this.view = r ? await this.ask(r) : null;
      this.fetched = {};
      this.error = null;
      this.revision++;
    } catch (e) {
      // No stale YAML under a failure: what is shown (and downloadable) answers the request.
      this.view = null;
      this.error = `The policy could not be generated: ${(e as Error).message}`;
      this.revision++;
    } finally {
      if (this.next === undefined) this.pending = false;
    }
  }
}
