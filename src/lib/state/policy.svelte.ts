/**
 * The generated policy of the review: YAML, validation errors, warnings and the verification
 * summary, produced by the worker from the current decisions. Generations run one after the
 * other with the latest request winning: a burst of clicks yields one YAML, the last one's.
 */
import type { BundleRequest, PolicyRequest, PolicyView } from '$lib/db/review-policy';
import type { ConnectionWhy } from '$lib/engine/evaluate/index';
import { SvelteSet } from 'svelte/reactivity';
import type { Request } from './backend';

/** A workload's policy, or (no workload) a namespace's bundle. */
type Req = PolicyRequest | BundleRequest;

export class PolicyState {
  view = $state.raw<PolicyView | null>(null);
  /** One multi-document YAML for the whole namespace (with a default-deny). */
  namespaceWide = $state(false);
  pending = $state(false);
  error = $state<string | null>(null);
  /** Bumped each time a new YAML is shown (the benchmark and live regions watch it). */
  revision = $state(0);

  valid = $derived(this.view !== null && this.view.errors.length === 0);
  /** Rows the policy (with the dump's own and admin policies) denies, by key. */
  denied: ReadonlySet<string> = $derived(new SvelteSet(this.view?.verification.deniedKeys ?? []));

  /** Why the policies deny the row `key`, or null when they allow it (or it is unknown). */
  whyOf(key: string): ConnectionWhy | null {
    const why = this.view?.verification.why;
    return why && Object.hasOwn(why, key) ? (why[key] ?? null) : null;
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

  private async run(r: Req | null): Promise<void> {
    try {
      this.view = !r
        ? null
        : 'workload' in r && r.workload
          ? await this.request('reviewPolicy', { ...r, namespaceWide: this.namespaceWide })
          : await this.request('namespacePolicy', r as BundleRequest);
      this.error = null;
      this.revision++;
    } catch (e) {
      this.error = `The policy could not be generated: ${(e as Error).message}`;
    } finally {
      if (this.next === undefined) this.pending = false;
    }
  }
}
