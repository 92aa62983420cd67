/**
 * The first choice of a workload or namespace on the demo data: the review's rows, its policy's
 * YAML and verification are asked of the worker before the scope's lists (which the worker would
 * otherwise answer first, or between the YAML and its verification), the rows come to
 * the page as the worker made them, and what the policy's requests ask again is answered from
 * what the rows' query made (the rows' query rebuilt by spreads; a bundle's YAML then its
 * verification) — never stale: a decision saved in between is in the verification.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { api } from '../../../workers/engine-api';
import { Workspace } from '$lib/state/workspace.svelte';
import { canonicalJson } from '$lib/engine/model/memo';
import { defaultDecisions, setIncluded } from '$lib/engine/policy/decisions';
import type { CommKey } from '$lib/engine/model/ids';
import { counting, demoBackend, PRODUCTPAGE } from './setup';

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

  it('gets the rows as the worker made them', async () => {
    await demoBackend();
    const workload = { cluster: 'kind', entity: 'Deployment' as const, workload: PRODUCTPAGE };
    const q = { ...workload, ...SETTINGS };
    const answer = await api.reviewRows(q);
    expect(JSON.parse(answer.rowsJson!)).toStrictEqual(await api.workloadCommunications(q));
    const ns = { cluster: 'kind', entity: 'all' as const, namespace: 'bookinfo', ...SETTINGS };
    const nsAnswer = await api.reviewRows(ns);
    const review = await api.namespaceReview(ns);
    expect(JSON.parse(nsAnswer.rowsJson!)).toStrictEqual(review.rows);
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
