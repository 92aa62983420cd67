/**
 * The rows a first choice would send, packed while the page waits (workers/warm-rows.ts): after
 * a workload list, the rows the page's review query then gets — a workload's, a namespace's —
 * are the very arrays packed before, so their text is not made again; at most a bounded number
 * of rows is packed; and the packed text is the rows' (packRows).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImport } from '$lib/engine/workspace/import';
import { memoryStore } from '$lib/engine/workspace/memory';
import { createWorkspace } from '$lib/engine/workspace/workspace';
import type { ScopeQuery } from '$lib/engine';
import { packRows, packedRows, rowsPacked } from '../../../workers/packed-rows';
import { warmRows } from '../../../workers/warm-rows';
import { WARM_AFTER_MS, api } from '../../../workers/engine-api';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const CLUSTER = 'kind';

async function workspace() {
  const s = memoryStore();
  for (const name of [
    'bookinfo-kind_cluster-dump.json',
    'hubble-otel_basic-sample-400-tcp-flows.json',
  ]) {
    const body = readFileSync(new URL(name, SAMPLES), 'utf8');
    const r = await readImport(s, new Blob([body]).stream(), name, { cluster: CLUSTER });
    s.addShard(CLUSTER, r.shard);
  }
  return createWorkspace(s);
}

/** What the page asks on a choice: its scope, the workload, the cluster's IP settings. */
const settings = { clusterCidrs: [], aliases: [] };

describe('rows packed before the first choice', () => {
  it("a namespace's list: its review and each listed workload's rows", async () => {
    const w = await workspace();
    const q: ScopeQuery = { cluster: CLUSTER, entity: 'Deployment', namespace: 'bookinfo' };
    const list = await w.scopeWorkloads(q);
    await warmRows(w, q, list);
    const listed = list.filter((s) => s.ingress + s.egress > 0);
    expect(listed.length).toBeGreaterThan(1);
    for (const { workload } of listed) {
      const rows = await w.workloadCommunications({ ...q, workload, ...settings });
      expect(rows.length).toBeGreaterThan(0);
      expect(rowsPacked(rows)).toBe(true);
      expect(packedRows(rows)).toBe(packRows(rows));
    }
    const review = await w.namespaceReview({ ...q, namespace: 'bookinfo', ...settings });
    expect(rowsPacked(review.rows)).toBe(true);
  });

  it("the cluster's list: each namespace's review", async () => {
    const w = await workspace();
    const q: ScopeQuery = { cluster: CLUSTER, entity: 'Deployment' };
    await warmRows(w, q, await w.scopeWorkloads(q));
    for (const namespace of ['bookinfo', 'kube-system']) {
      const review = await w.namespaceReview({ ...q, namespace, ...settings });
      expect(review.rows.length).toBeGreaterThan(0);
      expect(rowsPacked(review.rows)).toBe(true);
    }
  });

  it('no more rows than the limit', async () => {
    const w = await workspace();
    const q: ScopeQuery = { cluster: CLUSTER, entity: 'Deployment', namespace: 'bookinfo' };
    await warmRows(w, q, await w.scopeWorkloads(q), 0);
    const review = await w.namespaceReview({ ...q, namespace: 'bookinfo', ...settings });
    expect(rowsPacked(review.rows)).toBe(false);
  });

  it('by the worker, a moment after it answers a workload list', async () => {
    api.useDatabase(`warm-rows-${Date.now()}`);
    for (const name of [
      'bookinfo-kind_cluster-dump.json',
      'hubble-otel_basic-sample-400-tcp-flows.json',
    ]) {
      const bytes = new Uint8Array(readFileSync(new URL(name, SAMPLES)));
      await api.importFile(new File([bytes], name), { id: name, cluster: CLUSTER });
    }
    const q: ScopeQuery = { cluster: CLUSTER, entity: 'Deployment', namespace: 'bookinfo' };
    const { workload } = (await api.scopeWorkloads(q)).find((s) => s.egress > 0)!;
    await new Promise((r) => setTimeout(r, WARM_AFTER_MS + 200));
    const rows = await api.workloadCommunications({ ...q, workload, ...settings });
    expect(rowsPacked(rows)).toBe(true);
  });
});
