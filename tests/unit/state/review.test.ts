import { describe, expect, it } from 'vitest';
import { ReviewState } from '$lib/state/review.svelte';
import { exclude } from '$lib/engine/policy/decisions';
import type { CommKey } from '$lib/engine/model/ids';
import { readFileSync } from 'node:fs';
import { demoBackend, GKE_CAPTURE, PRODUCTPAGE, PROMETHEUS } from './setup';
// After the setup (fake IndexedDB first).
import { api, type ReviewRows } from '../../../workers/engine-api';
import { unpackRows } from '../../../workers/packed-rows';
import type { Request } from '$lib/state/backend';

const QUERY = {
  cluster: 'kind',
  entity: 'Deployment' as const,
  namespace: 'bookinfo',
  workload: PRODUCTPAGE,
};
const DETAILS =
  'Deployment/bookinfo/productpage-v1|egress|workload:Deployment/bookinfo/details-v1|9080/TCP' as CommKey;
const RATINGS =
  'Deployment/bookinfo/productpage-v1|ingress|workload:Deployment/bookinfo/ratings-v1|9080/TCP' as CommKey;
const GKE_QUERY = {
  cluster: 'gke',
  entity: 'Deployment' as const,
  namespace: 'istio-system',
  workload: PROMETHEUS,
};
const IP = 'Deployment/istio-system/prometheus|egress|ip:10.128.0.4|9990/TCP' as CommKey;

describe('ReviewState on the demo data', () => {
  it('loads both directions and the default decisions: resolved peers in', async () => {
    let changes = 0;
    const review = new ReviewState(await demoBackend(), async () => void changes++);
    await review.load(QUERY);
    // The proxied flows from 10.244.0.148 carry ratings' Cilium identity: they are ratings-v1's.
    expect(
      review.ingress.map((c) => (c.peer.type === 'workload' ? c.peer.name : c.peer.ip)),
    ).toEqual(['ratings-v1']);
    expect(
      review.egress.map(
        (c) =>
          `${c.peer.type === 'workload' ? c.peer.name : ''} ${c.port}/${c.protocol} ${c.flows}`,
      ),
    ).toEqual([
      'details-v1 9080/TCP 55',
      'reviews-v1 9080/TCP 14',
      'reviews-v2 9080/TCP 27',
      'reviews-v3 9080/TCP 19',
      'coredns 53/UDP 115',
    ]);
    expect(review.ips).toEqual([]);
    expect(review.includedKeys.size).toBe(6);
    expect(review.decisions).toMatchObject({
      workload: PRODUCTPAGE,
      included: {},
      ingressDefault: 'block',
      egressDefault: 'block',
    });
    expect(changes).toBe(1);
  });

  it('an unresolved IP is listed and out by default (GKE capture, no dump)', async () => {
    const review = new ReviewState(await demoBackend({ gke: true }));
    // As the app asks: with why each IP is unresolved.
    await review.load({ ...GKE_QUERY, explain: true });
    expect(review.ips.map((c) => c.key)).toEqual([IP]);
    // No metadata explains it and no cluster range covers it: a private address of class unknown.
    expect(review.ips[0]?.peer).toEqual({
      type: 'ip',
      ip: '10.128.0.4',
      class: 'unknown',
      alias: null,
      why: 'unknown: inside 10.0.0.0/8 (private), outside every pod CIDR and cluster CIDR; no pods in the dump',
    });
    expect(review.includedKeys.size).toBe(2);
    expect(review.includedKeys.has(IP)).toBe(false);
  });

  it('applies producers, saves them, and a fresh state reads them back', async () => {
    const req = await demoBackend();
    let changes = 0;
    const review = new ReviewState(req, async () => void changes++);
    await review.load(QUERY);
    await review.setIncluded([DETAILS], false);
    await review.setIncluded([RATINGS], true);
    await review.setGeneral('ingress', 'namespace');
    await review.setAllowDns(true);
    await review.apply(exclude(RATINGS));
    expect(changes).toBe(6);
    expect(review.included(review.egress[0]!)).toBe(false);
    expect(review.saving).toBe(false);
    const again = new ReviewState(req);
    await again.load(QUERY);
    expect(again.decisions).toEqual({
      workload: PRODUCTPAGE,
      included: { [DETAILS]: false, [RATINGS]: false },
      ingressDefault: 'namespace',
      egressDefault: 'block',
      allowDns: true,
      manualRules: [],
    });
    expect([...again.includedKeys].sort()).toEqual([...review.includedKeys].sort());
  });

  it('a load right after a change reads the saved decision (saves run first)', async () => {
    const req = await demoBackend();
    const review = new ReviewState(req);
    await review.load(QUERY);
    const change = review.setIncluded([DETAILS], false);
    const reload = review.load({ ...QUERY, to: Date.parse('2021-11-10T11:00:00Z') });
    await Promise.all([change, reload]);
    expect(review.decisions?.included[DETAILS]).toBe(false);
  });

  it('a decision taken while a load is reading storage is not undone by that load', async () => {
    const req = await demoBackend();
    // The held read of decisions answers only after the decision below has been taken.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const reading = new Promise<void>((r) => (reached = r));
    let hold = false;
    const slow: Request = (name, ...args) => {
      const answer = req(name, ...args);
      if (!hold || name !== 'loadDecisions') return answer;
      hold = false;
      reached();
      return held.then(() => answer);
    };
    const review = new ReviewState(slow);
    await review.load(QUERY);
    hold = true;
    const reload = review.load(QUERY);
    await reading;
    const change = review.setIncluded([DETAILS], false);
    release();
    await Promise.all([reload, change]);
    expect(review.decisions?.included[DETAILS]).toBe(false);
    expect(review.included(review.egress.find((c) => c.key === DETAILS)!)).toBe(false);
  });

  it('no query clears the rows; decisions cannot change without a workload', async () => {
    const review = new ReviewState(await demoBackend());
    await review.load(QUERY);
    review.select(DETAILS);
    expect(review.selectedKey).toBe(DETAILS);
    await review.load(null);
    expect([review.communications, review.decisions, review.workload()]).toEqual([[], null, null]);
    await review.setIncluded([DETAILS], false);
    expect(review.decisions).toBeNull();
  });

  it('an alias saved patches the rows shown: the rows it does not cover stay the same objects', async () => {
    const req = await demoBackend({ gke: true });
    const answers: ReviewRows[] = [];
    const spy: Request = (name, ...args) => {
      const answer = req(name, ...args);
      if (name === 'reviewRows') void answer.then((a) => answers.push(a as ReviewRows));
      return answer;
    };
    const review = new ReviewState(spy);
    await review.load(GKE_QUERY);
    const before = review.communications;
    const at = before.findIndex((c) => c.key === IP);
    expect(before.length).toBeGreaterThan(2);
    const aliased = { ...GKE_QUERY, aliases: [{ cidr: '10.128.0.0/16', name: 'metadata' }] };
    await review.load(aliased);
    const after = review.communications;
    expect(answers.at(-1)?.rowsJson).toBeUndefined();
    expect(answers.at(-1)?.patch?.changed).toEqual([at]);
    // The rows are those the query sends whole.
    expect(after).toEqual(unpackRows((await api.reviewRows(aliased)).rowsJson!));
    expect(after.map((c, i) => c === before[i])).toEqual(before.map((c) => c.key !== IP));
    expect(review.ips[0]?.peer).toMatchObject({ ip: '10.128.0.4', alias: 'metadata' });
    // Rows of another workload, or after nothing shown, come whole.
    await review.load(null);
    await review.load({ ...aliased, aliases: [] });
    expect(answers.at(-1)?.rowsJson).toBeDefined();
    expect(review.communications).toEqual(JSON.parse(JSON.stringify(before)));
  });

  it('a query asked again gets back the rows the page holds; new data sends new rows', async () => {
    const req = await demoBackend();
    const sent: boolean[] = [];
    const spy: Request = (name, ...args) => {
      const answer = req(name, ...args);
      if (name === 'reviewRows')
        void answer.then((a) => sent.push((a as ReviewRows).rowsJson !== undefined));
      return answer;
    };
    const review = new ReviewState(spy);
    const ns = { cluster: 'kind', entity: 'all' as const, namespace: 'bookinfo' };
    await review.load(QUERY);
    const rows = review.communications;
    const egress = review.egress;
    await review.load(ns);
    const nsRows = review.communications;
    await review.load(null);
    await review.load(QUERY);
    // The same array, so what is kept per rows array (the tables' parts) comes back too.
    expect(review.communications).toBe(rows);
    expect(review.egress).toBe(egress);
    await review.load(ns);
    expect(review.communications).toBe(nsRows);
    expect(review.workloads.length).toBeGreaterThan(1);
    expect(sent).toEqual([true, true, false, false]);
    // A decision taken meanwhile is read with the held rows (decisions are always sent).
    await review.setIncluded([DETAILS], false);
    await review.load(null);
    await review.load(QUERY);
    expect(review.includedKeys.has(DETAILS)).toBe(false);
    // Another import changes the data's version: the rows are sent again.
    await api.importFile(new File([new Uint8Array(readFileSync(GKE_CAPTURE))], 'gke.json'), {
      id: 'more',
      cluster: 'kind',
    });
    await review.load(QUERY);
    expect(sent.at(-1)).toBe(true);
    expect(review.communications).not.toBe(rows);
    expect(review.communications.map((c) => c.key)).toEqual(rows.map((c) => c.key));
  });
});
