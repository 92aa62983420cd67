import { describe, expect, it } from 'vitest';
import type { Request } from '$lib/state/backend';
import { ScopeState } from '$lib/state/scope.svelte';
import { counting, demoBackend, PRODUCTPAGE } from './setup';

const names = (s: ScopeState) => s.workloads.map((w) => w.workload.name);
/** The demo's bookinfo Deployments, in the order the scope lists them. */
const BOOKINFO = [
  'details-v1',
  'productpage-v1',
  'ratings-v1',
  'reviews-v1',
  'reviews-v2',
  'reviews-v3',
];

describe('ScopeState on the demo data', () => {
  it('loads clusters, namespaces, workloads and the span; no workload until one is chosen', async () => {
    const scope = new ScopeState(await demoBackend());
    await scope.init(null);
    expect(scope.clusters).toEqual(['kind']);
    expect(scope.cluster).toBe('kind');
    expect(scope.namespaces).toEqual(['bookinfo', 'jaeger', 'kube-system']);
    expect(scope.entity).toBe('Deployment');
    expect(names(scope)).toEqual([...BOOKINFO, 'jaeger-default', 'coredns']);
    // First and last flow of the captures: 2021-11-10T10:40:56.465Z … 10:41:02.197Z.
    expect(scope.span).toEqual({
      min: Date.parse('2021-11-10T10:40:56.465Z'),
      max: Date.parse('2021-11-10T10:41:02.197Z'),
    });
    expect(scope.workload).toBeNull();
    expect(scope.loading).toBe(false);
    expect(scope.error).toBeNull();
  });

  it('filters by namespace, counts rows per direction, and follows the workload in the histogram', async () => {
    const scope = new ScopeState(await demoBackend());
    await scope.init(null);
    await scope.setNamespace('bookinfo');
    expect(names(scope)).toEqual(BOOKINFO);
    await scope.setWorkload(PRODUCTPAGE);
    // productpage-v1: ingress from ratings-v1 (its proxied flows too, by Cilium identity), egress
    // to details, reviews ×3, coredns.
    expect(scope.summary).toMatchObject({ ingress: 1, egress: 5, flows: 285 });
    expect(scope.histogram?.bucketMs).toBe(1_000);
    expect(scope.histogram?.points.reduce((s, p) => s + p.flows, 0)).toBe(285);
    expect(scope.query()).toEqual({ cluster: 'kind', entity: 'Deployment', namespace: 'bookinfo' });
  });

  it('a window without activity leaves the workloads listed with zero counts', async () => {
    const scope = new ScopeState(await demoBackend());
    await scope.init(null);
    await scope.setNamespace('bookinfo');
    await scope.setWorkload(PRODUCTPAGE);
    const before = Date.parse('2021-11-10T10:00:00Z');
    await scope.setRange(before + 1000, before);
    expect([scope.from, scope.to]).toEqual([before, before + 1000]);
    expect(scope.summary).toMatchObject({ ingress: 0, egress: 0, flows: 0 });
    expect(scope.workload).toEqual(PRODUCTPAGE);
  });

  it('changing the entity type drops the workload; Services are listed from the dump', async () => {
    const scope = new ScopeState(await demoBackend());
    await scope.init(null);
    await scope.setNamespace('bookinfo');
    await scope.setWorkload(PRODUCTPAGE);
    await scope.setEntity('Service');
    expect(scope.workload).toBeNull();
    expect(names(scope)).toEqual(['details', 'productpage', 'ratings', 'reviews']);
    expect(scope.workloads.every((w) => w.workload.kind === 'Service')).toBe(true);
  });

  it('restores a saved scope where it fits, and falls back where it does not', async () => {
    const req = await demoBackend();
    const scope = new ScopeState(req);
    const saved = {
      cluster: 'kind',
      namespace: 'bookinfo',
      entity: 'Deployment' as const,
      workload: PRODUCTPAGE,
      from: null,
      to: null,
    };
    await scope.init(saved);
    expect(scope.saved()).toEqual(saved);
    const other = new ScopeState(req);
    await other.init({ ...saved, cluster: 'gone', workload: { ...PRODUCTPAGE, name: 'nope' } });
    expect([other.cluster, other.namespace, other.workload]).toEqual(['kind', null, null]);
  });

  it('a newer change wins over an older one still on its way', async () => {
    const { req, calls } = counting(await demoBackend());
    const scope = new ScopeState(req);
    await scope.init(null);
    const first = scope.setNamespace('kube-system');
    const second = scope.setNamespace('bookinfo');
    await Promise.all([first, second]);
    expect(scope.namespace).toBe('bookinfo');
    expect(names(scope)).toContain('productpage-v1');
    expect(names(scope)).not.toContain('coredns');
    expect(scope.error).toBeNull();
    expect(calls.filter((c) => c === 'scopeWorkloads').length).toBeGreaterThanOrEqual(2);
  });

  it('a workload chosen while a reload waits for the pending-review count is kept', async () => {
    const req = await demoBackend();
    let release = (): void => {};
    let reached = (): void => {};
    let held: Promise<void> | null = null;
    const waiting: Request = (name, ...args) => {
      if (name !== 'namespaceStatus' || !held) return req(name, ...args);
      reached();
      return held.then(() => req(name, ...args));
    };
    const scope = new ScopeState(waiting);
    await scope.init(null);
    await scope.setNamespace('bookinfo');
    held = new Promise((r) => (release = r));
    const atCount = new Promise<void>((r) => (reached = r));
    const reload = scope.reload();
    await atCount;
    const choose = scope.setWorkload(PRODUCTPAGE);
    release();
    await Promise.all([reload, choose]);
    expect(scope.workload).toEqual(PRODUCTPAGE);
    expect(scope.loading).toBe(false);
  });

  it('a choice made while a reload is on its way is kept (the reload is the older change)', async () => {
    const scope = new ScopeState(await demoBackend());
    await scope.init(null);
    const reload = scope.reload();
    const choose = scope.setNamespace('bookinfo');
    await Promise.all([reload, choose]);
    expect(scope.namespace).toBe('bookinfo');
    expect(names(scope)).toContain('productpage-v1');
    expect(names(scope)).not.toContain('coredns');
  });

  it("a choice's review is asked after the lists of a reload it superseded, so it sees the scope they leave", async () => {
    const req = await demoBackend();
    // The reload follows a removal: the jaeger namespace is gone.
    let gone = false;
    const removed = ((name: Parameters<Request>[0], ...args: unknown[]) => {
      const ask = req as (n: string, ...a: unknown[]) => Promise<unknown>;
      if (name !== 'scopeOptions' || !gone) return ask(name, ...args);
      return ask(name, ...args).then((o) => {
        const options = o as { namespaces: string[] };
        return { ...options, namespaces: options.namespaces.filter((n) => n !== 'jaeger') };
      });
    }) as Request;
    const scope = new ScopeState(removed);
    await scope.init(null);
    gone = true;
    const reload = scope.reload();
    let seen: string | null | undefined;
    const choose = scope.setNamespace('jaeger', async () => {
      seen = scope.namespace;
    });
    await Promise.all([reload, choose]);
    expect(scope.namespace).toBeNull();
    expect(seen).toBeNull();
  });

  it('a choice that supersedes a reload before its lists arrive still gets them (the span of the import)', async () => {
    const req = await demoBackend();
    // Before the import the reload follows, the cluster had no timed flows (a dump alone).
    let before = true;
    let release = (): void => {};
    let reached = (): void => {};
    let held: Promise<void> | null = null;
    // Untyped by name: the scope options it answers lose their span.
    const waiting = ((name: Parameters<Request>[0], ...args: unknown[]) => {
      const ask = req as (n: string, ...a: unknown[]) => Promise<unknown>;
      if (name === 'scopeOptions' && before)
        return ask(name, ...args).then((o) => ({ ...(o as object), span: null }));
      if (name !== 'listClusters' || !held) return ask(name, ...args);
      reached();
      return held.then(() => ask(name, ...args));
    }) as Request;
    const scope = new ScopeState(waiting);
    await scope.init(null);
    expect(scope.span).toBeNull();
    before = false;
    held = new Promise((r) => (release = r));
    const atLists = new Promise<void>((r) => (reached = r));
    const reload = scope.reload();
    await atLists;
    const choose = scope.setNamespace('bookinfo');
    release();
    await Promise.all([reload, choose]);
    expect(scope.namespace).toBe('bookinfo');
    expect(scope.span).toEqual({
      min: Date.parse('2021-11-10T10:40:56.465Z'),
      max: Date.parse('2021-11-10T10:41:02.197Z'),
    });
    expect(scope.loading).toBe(false);
  });
});
