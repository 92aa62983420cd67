/**
 * The first choice of a workload or namespace on the demo data: the review's rows, its policy's
 * YAML and verification are asked of the worker before the scope's lists (which the worker would
 * otherwise answer first, or between the YAML and its verification), the rows come to
 * the page as the worker made them, and what the policy's requests ask again is answered from
 * what the rows' query made (the rows' query rebuilt by spreads; a bundle's YAML then its
 * verification) — never stale: a decision saved in between is in the verification.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../../../workers/engine-api';
import { unpackRows } from '../../../workers/packed-rows';
import { Workspace } from '$lib/state/workspace.svelte';
import { canonicalJson } from '$lib/engine/model/memo';
import { defaultDecisions, setIncluded } from '$lib/engine/policy/decisions';
import type { CommKey } from '$lib/engine/model/ids';
import type { Communication } from '$lib/engine';
import { counting, demoBackend, PRODUCTPAGE, PROMETHEUS } from './setup';

const SETTINGS = { clusterCidrs: [], aliases: [], explain: true };
const DETAILS =
  'Deployment/bookinfo/productpage-v1|egress|workload:Deployment/bookinfo/details-v1|9080/TCP' as CommKey;

/** The calls made since `from`, each name once, in the order first made. */
const order = (calls: string[], from: number) => [...new Set(calls.slice(from))];

describe('the first choice of a workload or a namespace', () => {
  it("asks the review's rows, its YAML and verification before the scope's lists", async () => {
    const { req, calls } = counting(await demoBackend());
    const ws = new Workspace(req);
    await ws.init();
    await ws.setCluster('kind');
    let from = calls.length;
    await ws.setNamespace('bookinfo');
    const ns = order(calls, from);
    expect(ns[0]).toBe('reviewRows');
    expect(ns).toEqual(expect.arrayContaining(['scopeWorkloads', 'namespaceStatus', 'policyText']));
    // The worker answers in order: a list asked before the verification delays it.
    const before = (a: string, b: string) => expect(ns.indexOf(a)).toBeLessThan(ns.indexOf(b));
    for (const list of ['scopeWorkloads', 'scopeHistogram']) before('policyCheck', list);
    before('policyText', 'policyCheck');
    expect(ws.scope.status).toEqual({ workloads: 6, pending: 6 });
    expect(ws.review.workloads).toHaveLength(6);
    from = calls.length;
    await ws.setWorkload(PRODUCTPAGE);
    const one = order(calls, from);
    expect(one[0]).toBe('reviewRows');
    expect(one.indexOf('policyCheck')).toBeGreaterThan(0);
    expect(one.indexOf('scopeHistogram')).toBeGreaterThan(one.indexOf('policyCheck'));
    expect(ws.review.captured).toHaveLength(6);
    expect(ws.scope.histogram?.points.length).toBeGreaterThan(0);
  });

  it('gets why its IPs are unresolved after the policy is verified, as the query with explain says', async () => {
    const { req: counted, calls } = counting(await demoBackend({ gke: true }));
    // From the alias saved on, the YAML is answered late: the rows' load beside it ends first.
    let late = false;
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const req: typeof counted = (name, ...args) => {
      const out = counted(name, ...args);
      return late && name === 'policyText' ? out.then((a) => wait(30).then(() => a)) : out;
    };
    const ws = new Workspace(req);
    await ws.init();
    await ws.setCluster('gke');
    await ws.setNamespace('istio-system');
    const from = calls.length;
    await ws.setWorkload(PROMETHEUS);
    const q = { ...ws.review.query!, workload: PROMETHEUS };
    const explained = (await api.workloadCommunications({ ...q, explain: true })).filter(
      (c) => c.peer.type === 'ip',
    );
    const why = (rows: readonly Communication[]) =>
      rows.map((c) => (c.peer.type === 'ip' ? c.peer.why : null));
    expect(explained.length).toBeGreaterThan(0);
    expect(why(explained)).not.toContain(undefined);
    // The rows came without the reasons (their query has no explain); the reasons came after.
    expect(q).not.toHaveProperty('explain');
    expect(why(ws.review.communications.filter((c) => c.peer.type === 'ip'))).toEqual(
      explained.map(() => undefined),
    );
    expect(ws.ipTable.rows.length).toBe(explained.length); // the tab's view made before them
    await vi.waitFor(() => expect(why(ws.review.ips)).toEqual(why(explained)));
    expect(why(ws.ipTable.rows)).toEqual(why(explained));
    const made = order(calls, from);
    expect(made.indexOf('reviewReasons')).toBeGreaterThan(made.indexOf('policyCheck'));
    expect(made.indexOf('policyCheck')).toBeGreaterThan(0);
    // Chosen again (its rows held): the reasons kept, not asked again.
    await ws.setWorkload(null);
    const again = calls.length;
    await ws.setWorkload(PROMETHEUS);
    await ws.policy.verified();
    await new Promise((r) => setTimeout(r, 10));
    expect(why(ws.review.ips)).toEqual(why(explained));
    expect(calls.slice(again)).not.toContain('reviewReasons');
    // An alias saved with its IP included (the Alias dialog's Save): new rows, their reasons
    // headed by the alias, asked after the verification of the inclusion (not between its YAML
    // and its verification).
    const saved = calls.length;
    late = true;
    const ip = ws.review.ips[0]!.peer.type === 'ip' ? ws.review.ips[0]!.peer.ip : '';
    expect(
      await ws.aliasAndInclude({ name: 'legacy-gateway', cidr: '10.128.0.0/24' }, ip),
    ).toBeNull();
    await vi.waitFor(() => expect(calls.slice(saved)).toContain('reviewReasons'));
    const asked = calls.slice(saved);
    expect(asked.filter((c) => c === 'saveDecisions')).toHaveLength(1);
    // One YAML, the inclusion's, asked once the alias is stored, beside the rows it renames
    // (asked just before it: the worker answers them first, and the page's work on them is
    // not on the way to the YAML or its verification); one verification.
    expect(asked.filter((c) => c === 'policyText')).toHaveLength(1);
    const at = (name: string) => asked.indexOf(name);
    expect(at('saveClusterSettings')).toBeLessThan(at('reviewRows'));
    expect(at('reviewRows')).toBeLessThan(at('policyText'));
    // The workload's decisions are those the inclusion wrote: not read back from storage.
    expect(asked).not.toContain('loadDecisions');
    expect(asked.filter((c) => c === 'reviewRows')).toHaveLength(1);
    expect(asked.filter((c) => c === 'policyCheck')).toHaveLength(1);
    expect(asked.lastIndexOf('policyCheck')).toBeLessThan(asked.indexOf('reviewReasons'));
    // Written with the alias (its range, not the address) and the IP included; the status
    // settled though the rows' load replaced the decisions while the save was under way.
    expect(ws.policy.view!.yaml).toContain('10.128.0.0/24');
    expect(
      ws.review.included(ws.review.ips.find((c) => c.peer.type === 'ip' && c.peer.ip === ip)!),
    ).toBe(true);
    expect([ws.review.loading, ws.review.saving, ws.policy.pending, ws.policy.verifying]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    await vi.waitFor(() =>
      expect(why(ws.review.ips)[0]).toMatch(
        /^aliased: legacy-gateway \(10\.128\.0\.0\/24\), else /,
      ),
    );
    // One Undo reverses both.
    await ws.undo.undo();
    await ws.policy.verified();
    expect(ws.settings.aliases).toEqual([]);
    expect(
      ws.review.included(ws.review.ips.find((c) => c.peer.type === 'ip' && c.peer.ip === ip)!),
    ).toBe(false);
  });

  it('says when why its IPs are unresolved could not be read, and reads it again when asked', async () => {
    const { req } = counting(await demoBackend({ gke: true }));
    let failures = 0;
    const failing: typeof req = (name, ...args) =>
      name === 'reviewReasons' && failures-- > 0
        ? Promise.reject(new Error('the worker stopped'))
        : req(name, ...args);
    const ws = new Workspace(failing);
    await ws.init();
    await ws.setCluster('gke');
    await ws.setNamespace('istio-system');
    await ws.policy.verified();
    await ws.review.loadReasons(); // the namespace's, asked once it was verified
    failures = 1;
    await ws.setWorkload(PROMETHEUS);
    await ws.policy.verified();
    await vi.waitFor(() => expect(ws.review.reasonsError).toBe('the worker stopped'));
    const why = () => ws.review.ips.map((c) => (c.peer.type === 'ip' ? c.peer.why : null));
    expect(ws.review.ips.length).toBeGreaterThan(0);
    expect(why()).toEqual(ws.review.ips.map(() => undefined));
    await ws.review.loadReasons();
    expect(ws.review.reasonsError).toBeNull();
    expect(why().every((w) => typeof w === 'string' && w.length > 0)).toBe(true);
  });

  it('gets the rows as the worker made them', async () => {
    await demoBackend();
    const workload = { cluster: 'kind', entity: 'Deployment' as const, workload: PRODUCTPAGE };
    const q = { ...workload, ...SETTINGS };
    const answer = await api.reviewRows(q);
    expect(unpackRows(answer.rowsJson!)).toStrictEqual(await api.workloadCommunications(q));
    const ns = { cluster: 'kind', entity: 'all' as const, namespace: 'bookinfo', ...SETTINGS };
    const nsAnswer = await api.reviewRows(ns);
    const review = await api.namespaceReview(ns);
    expect(unpackRows(nsAnswer.rowsJson!)).toStrictEqual(review.rows);
    expect(nsAnswer.workloads).toStrictEqual(review.workloads);
    // Held by the page: no rows again.
    expect((await api.reviewRows(q, answer.version)).rowsJson).toBeUndefined();
  });

  it("writes a workload's policy from its rows' query, whatever the order of the request's fields", async () => {
    await demoBackend();
    const q = {
      cluster: 'kind',
      entity: 'Deployment' as const,
      workload: PRODUCTPAGE,
      ...SETTINGS,
    };
    const rows = await api.workloadCommunications(q);
    // The app's request: the rows' query with the decisions, the workload first.
    const { workload, ...rest } = q;
    const request = { workload, ...rest, decisions: defaultDecisions(PRODUCTPAGE) };
    expect(canonicalJson(request)).not.toBe(JSON.stringify(request));
    const g = await api.reviewPolicy(request);
    expect(g.yaml).toContain('productpage-v1');
    // What generation asks (the request without its decisions, the workload first): the same
    // rows array, so the policy was made from the rows' query, not from a second one.
    expect(await api.workloadCommunications({ workload, ...rest })).toBe(rows);
  });

  it("a namespace's pending count without a query of its own, equal to its review's", async () => {
    await demoBackend();
    const scope = { cluster: 'kind', entity: 'Deployment' as const, namespace: 'bookinfo' };
    const first = await api.namespaceStatus(scope);
    await api.saveDecisions('kind', { ...defaultDecisions(PRODUCTPAGE), reviewed: true });
    const review = await api.namespaceReview({ ...scope, entity: 'all', ...SETTINGS });
    const status = await api.namespaceStatus(scope);
    expect(first).toEqual({ workloads: 6, pending: 6 });
    expect(status).toEqual({
      workloads: review.workloads.length,
      pending: review.decisions.filter((d) => !d.reviewed).length,
    });
    expect(status).toEqual({ workloads: 6, pending: 5 });
  });

  it('verifies a bundle with the decisions stored when it is asked, not those of its YAML', async () => {
    await demoBackend();
    const bundle = { cluster: 'kind', entity: 'all' as const, namespace: 'bookinfo', ...SETTINGS };
    const text = await api.policyText(bundle);
    const again = await api.policyText(bundle);
    expect(again).toEqual(text);
    const before = await api.policyCheck(bundle);
    await api.saveDecisions('kind', setIncluded([DETAILS], false)(defaultDecisions(PRODUCTPAGE)));
    const after = await api.policyCheck(bundle);
    expect((await api.policyText(bundle)).yaml).not.toBe(text.yaml);
    expect(after.verification).not.toEqual(before.verification);
  });
});
