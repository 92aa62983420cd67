/**
 * The generated policy of the review: YAML, validation errors, warnings and the verification
 * summary, produced by the worker from the current decisions. The YAML comes first
 * (`policyText`), its verification after (`policyCheck`): until it is in, `verifying` is true and
 * the verdicts on screen are the previous policy's. Generations run one after the other with the
 * latest request winning: a burst of clicks yields one YAML, the last one's, and one verification.
 */
import {
  DEFAULT_DIALECT,
  isDialectId,
  summariseVerdicts,
  type BundleRequest,
  type ConnectionWhy,
  type PolicyCheck,
  type PolicyRequest,
  type PolicyView,
} from '$lib/engine';
import type { SentRequest } from '$workers/held-decisions';
import { deniedKeysOf, type HeldDenied } from '$workers/held-denied';
import type { Request } from './backend';
import { withDecisions } from './sent-decisions';

/** A workload's policy, or (no workload) a namespace's bundle. */
type Req = PolicyRequest | BundleRequest;

/** Where the chosen dialect is kept: a preference of this browser, like the theme. */
const DIALECT_KEY = 'netpolish.policyDialect';

function storedDialect(): string {
  const id = globalThis.localStorage?.getItem(DIALECT_KEY);
  return id && isDialectId(id) ? id : DEFAULT_DIALECT;
}

/** Whose policy a request asks for, whatever the decisions. */
function subject(r: PolicyRequest | BundleRequest): string {
  const who = 'workload' in r && r.workload ? r.workload : (r as BundleRequest).namespace;
  const wide = 'namespaceWide' in r ? r.namespaceWide : false;
  return JSON.stringify([r.cluster, who, r.dialect, wide]);
}

const NO_KEYS: readonly string[] = [];

/** What a view holds before its first verification is in (`checked` false: no verdicts shown). */
const UNCHECKED: PolicyCheck = {
  verification: summariseVerdicts([]),
  existing: null,
  bundle: null,
};

export class PolicyState {
  view = $state.raw<PolicyView | null>(null);
  /** The verification of the YAML on screen is running (the verdicts shown are older). */
  verifying = $state(false);
  /** The view's verification fields come from a verification (of this YAML or an older one). */
  checked = $state(false);
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
  // NOTE: a plain Set, made only when the verification changes (a new YAML keeps the previous
  // verdicts: the same array, so the derived below does not run again): a reactive set of
  // 10,000 keys cost more to build than the verification took to send them.
  private deniedKeys = $derived(this.view?.verification.deniedKeys ?? NO_KEYS);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  denied: ReadonlySet<string> = $derived(new Set(this.deniedKeys));

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
    const found = await this.ask(this.sent(this.last), (r) =>
      this.request('explainRows', r, missing),
    );
    if (this.view === view) this.fetched = { ...this.fetched, ...found };
  }

  private last: Req | null = null;
  private running: Promise<void> | null = null;
  private next: Req | null | undefined = undefined;

  constructor(private readonly request: Request) {}

  private checking: Promise<void> | null = null;
  /** Whose policy the view is (the workload or namespace, the dialect), decisions aside. */
  private subject = '';
  /** Bumped for each YAML shown: a verification applies only to the YAML it was asked for. */
  private shown = 0;

  /**
   * Regenerates for `r` (null clears); resolves when the YAML on screen answers the latest
   * request and, unless `until` is 'yaml', its verification is in too.
   */
  async generate(r: Req | null, until: 'yaml' | 'verified' = 'verified'): Promise<void> {
    this.next = this.last = r;
    this.pending = true;
    while (this.running) await this.running;
    if (this.next !== undefined) {
      const req = this.next;
      this.next = undefined;
      this.running = this.run(req);
      await this.running;
      this.running = null;
    }
    if (until === 'verified') await this.verified();
  }

  /**
   * Resolves once the YAML asked last is on screen and its verification is in (or failed) —
   * including a request made while an earlier one was being verified.
   */
  async verified(): Promise<void> {
    while (this.running || this.checking) {
      await this.running;
      await this.checking;
    }
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

  /** `send` with the request, its decisions sent once (sent-decisions.ts). */
  private ask<T>(r: Req, send: (q: SentRequest<Req>) => Promise<T>): Promise<T> {
    const d = r.decisions;
    return d ? withDecisions(d, (decisions) => send({ ...r, decisions })) : send(r);
  }

  private async run(r: Req | null): Promise<void> {
    const seq = ++this.shown;
    try {
      if (r) {
        const sent = this.sent(r);
        const text = await this.ask(sent, (q) => this.request('policyText', q));
        // The verdicts of the same policy's previous decisions stay until the new ones are in.
        const same = this.view !== null && subject(sent) === this.subject;
        this.view = { ...(same ? this.view! : UNCHECKED), ...text };
        this.checked &&= same;
        this.subject = subject(sent);
        this.verifying = true;
        const checking = this.check(r, seq);
        this.checking = checking;
        void checking.finally(() => {
          if (this.checking === checking) this.checking = null;
        });
      } else {
        [this.view, this.checked, this.verifying] = [null, false, false];
      }
      this.fetched = {};
      this.error = null;
      this.revision++;
    } catch (e) {
      // No stale YAML under a failure: what is shown (and downloadable) answers the request.
      [this.view, this.checked, this.verifying] = [null, false, false];
      this.error = `The policy could not be generated: ${(e as Error).message}`;
      this.revision++;
    } finally {
      if (this.next === undefined) this.pending = false;
    }
  }

  /**
   * The denied keys of the last verification received, by the worker's version: the next
   * verification sends only what changed from them (workers/held-denied.ts).
   */
  private heldDenied: HeldDenied | null = null;

  /** Verifies the YAML shown as `seq` (skipped when a newer request already waits). */
  private async check(r: Req, seq: number): Promise<void> {
    try {
      if (this.next !== undefined || seq !== this.shown) return;
      const asked = this.heldDenied;
      const { denied, ...check } = await this.ask(this.sent(r), (q) =>
        this.request('policyCheck', q, asked?.version),
      );
      const deniedKeys = deniedKeysOf(denied, asked);
      this.heldDenied = { version: denied.version, keys: deniedKeys };
      if (seq !== this.shown || !this.view) return;
      this.view = { ...this.view, ...check, verification: { ...check.verification, deniedKeys } };
      [this.fetched, this.checked] = [{}, true];
    } catch (e) {
      if (seq === this.shown)
        this.error = `The policy could not be verified: ${(e as Error).message}`;
    } finally {
      if (seq === this.shown) this.verifying = false;
    }
  }
}
