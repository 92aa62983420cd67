/**
 * One scenario through the workspace's two bindings: the engine in memory (the CLI's) and the
 * app's worker over IndexedDB (fake-indexeddb, the real Dexie code and the worker API). The
 * bookinfo demo — its dump, then its TCP and UDP captures — is imported into both, a workload
 * and a namespace are scoped, decisions are taken, the policy and the namespace bundle are
 * generated and verified: every answer must be the same on both paths.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api } from '../../../../workers/engine-api';
import { readImport } from '$lib/engine/workspace/import';
import { memoryStore } from '$lib/engine/workspace/memory';
import { createWorkspace } from '$lib/engine/workspace/workspace';
import type { ScopeQuery } from '$lib/engine/workspace/types';
import {
  defaultDecisions,
  setGeneral,
  setIncluded,
  setReviewed,
} from '$lib/engine/policy/decisions';
import type { WorkloadRef } from '$lib/engine/model/ids';

const SAMPLES = new URL('../../../../static/samples/', import.meta.url);
const FILES = [
  'bookinfo-kind_cluster-dump.json',
  'hubble-otel_basic-sample-400-tcp-flows.json',
  'hubble-otel_basic-sample-400-udp-flows.json',
];
const CLUSTER = 'kind';
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));

/** The same questions asked of a binding; the answers, in order. */
async function scenario(ws: {
  scopeOptions: typeof api.scopeOptions;
  scopeWorkloads: typeof api.scopeWorkloads;
  scopeHistogram: typeof api.scopeHistogram;
  workloadCommunications: typeof api.workloadCommunications;
  namespaceReview: typeof api.namespaceReview;
  namespaceStatus: typeof api.namespaceStatus;
  reviewPolicy: typeof api.reviewPolicy;
  namespacePolicy: typeof api.namespacePolicy;
  explainRows: ReturnType<typeof createWorkspace>['explainRows'];
  save: (d: ReturnType<typeof defaultDecisions>) => Promise<void>;
}) {
  const scope: ScopeQuery = { cluster: CLUSTER, entity: 'Deployment', namespace: 'bookinfo' };
  const options = await ws.scopeOptions(CLUSTER);
  const workloads = await ws.scopeWorkloads(scope);
  const productpage: WorkloadRef = {
    kind: 'Deployment',
    namespace: 'bookinfo',
    name: 'productpage-v1',
  };
  const rows = await ws.workloadCommunications({ ...scope, workload: productpage });
  const histogram = await ws.scopeHistogram({ ...scope, workload: productpage });
  // Decisions: one egress row left out, ingress from the namespace, the workload reviewed.
  const out = rows.find((r) => r.direction === 'egress')!;
  const decisions = setReviewed(true)(
    setGeneral(
      'ingress',
      'namespace',
    )(setIncluded([out.key], false)(defaultDecisions(productpage))),
  );
  await ws.save(decisions);
  const request = { ...scope, workload: productpage, decisions };
  const policy = await ws.reviewPolicy(request);
  const why = await ws.explainRows(
    request,
    rows.map((r) => r.key),
  );
  const ns = { ...scope, entity: 'all' as const, namespace: 'bookinfo' };
  const review = await ws.namespaceReview(ns);
  const status = await ws.namespaceStatus(ns);
  const bundle = await ws.namespacePolicy(ns);
  const wide = await ws.reviewPolicy({ ...request, namespaceWide: true });
  return { options, workloads, rows, histogram, policy, why, review, status, bundle, wide };
}

describe('workspace: the memory and the IndexedDB bindings answer alike', () => {
  it('the bookinfo demo: import, scope a workload and a namespace, decide, generate, verify', async () => {
    // IndexedDB (fake-indexeddb) through the worker's API.
    api.useDatabase(`workspace-bindings-${Date.now()}`);
    for (const [i, name] of FILES.entries())
      expect(
        await api.importFile(new File([bytes(name)], name), { id: `f${i}`, cluster: CLUSTER }),
      ).toMatchObject({ status: 'done' });
    const viaDexie = await scenario({
      ...api,
      save: (d) => api.saveDecisions(CLUSTER, d),
    });

    // Memory: the same files read by the same engine function, kept as shards.
    const store = memoryStore();
    for (const name of FILES) {
      const read = await readImport(store, new Blob([bytes(name)]).stream(), name, {
        cluster: CLUSTER,
      });
      store.addShard(CLUSTER, read.shard);
    }
    const ws = createWorkspace(store);
    const viaMemory = await scenario({
      ...ws,
      save: async (d) => store.saveDecisions(CLUSTER, d),
    });

    // The scenario is not empty: traffic, a decision that shows, a bundle that covers.
    expect(viaMemory.workloads.length).toBeGreaterThan(3);
    expect(viaMemory.rows.length).toBeGreaterThan(2);
    expect(viaMemory.policy.errors).toEqual([]);
    expect(viaMemory.policy.yaml).toContain('productpage-v1');
    expect(viaMemory.policy.verification.denied).toBeGreaterThan(0);
    expect(viaMemory.bundle.documents).toBeGreaterThan(3);
    expect(viaMemory.status.pending).toBe(viaMemory.status.workloads - 1);
    expect(viaMemory.wide.yaml).toBe(viaMemory.bundle.yaml);
    expect(viaMemory).toEqual(viaDexie);
  });
});
