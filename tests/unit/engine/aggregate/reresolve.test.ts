import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { addFlow, createAggregation, finish } from '$lib/engine/aggregate/aggregate';
import { activityHistogram, queryCommunications } from '$lib/engine/aggregate/query';
import { reresolveAggregates } from '$lib/engine/aggregate/reresolve';
import { parseFlowText } from '$lib/engine/formats';
import { buildInventory, indexInventory, parseMetadataText } from '$lib/engine/inventory';
import { emptyInventory } from '$lib/engine/model/k8s';
import { memoryStore } from '$lib/engine/workspace/memory';
import { createWorkspace } from '$lib/engine/workspace/workspace';

// The AKS conntrack fixture: pod → kube-dns ClusterIP 10.0.0.10, DNAT'd to CoreDNS pods.
const DIR = new URL('../../../fixtures/analyze/conntrack-aks/', import.meta.url);
const flowsText = readFileSync(new URL('vijayrod-demo_aks-conntrack-L.txt', DIR), 'utf8');
const dumpText = readFileSync(new URL('cluster.json', DIR), 'utf8');

function aggregateWith(inventory = emptyInventory('aks')) {
  const agg = createAggregation('aks');
  const idx = indexInventory(inventory);
  for (const r of parseFlowText(flowsText, 'conntrack.txt').records) addFlow(agg, idx, r);
  return finish(agg);
}

const inventory = buildInventory(
  parseMetadataText(dumpText, 'cluster.json').objects,
  'aks',
).inventory;

describe('late resolution: flows imported before their metadata', () => {
  it('gives the same communications as importing the metadata first', () => {
    const early = aggregateWith(inventory);
    const late = aggregateWith();
    expect(late.every((a) => a.client.type === 'ip' && a.server.type === 'ip')).toBe(true);
    const q = { inventory, entity: 'all' as const };
    // The pre-DNAT ClusterIP is not kept in an aggregate, so the Service a flow went through
    // (`via`) is only known when the dump was there at import time; all else is equal.
    const noVia = (rows: ReturnType<typeof queryCommunications>) =>
      rows.map((r) => ({ ...r, via: [] }));
    const lateRows = queryCommunications({ ...q, aggregates: late });
    expect(noVia(lateRows)).toEqual(noVia(queryCommunications({ ...q, aggregates: early })));
    expect(lateRows.map((r) => r.workload.name)).toContain('coredns');
    expect(activityHistogram(late, { inventory, entity: 'Deployment' })).toEqual(
      activityHistogram(early, { inventory, entity: 'Deployment' }),
    );
  });

  it('returns the same array when nothing new resolves', () => {
    const late = aggregateWith();
    expect(reresolveAggregates(late, indexInventory(emptyInventory('aks')))).toBe(late);
  });

  it('changes nothing the second time (the workspace resolves once, when its data is made)', () => {
    const idx = indexInventory(inventory);
    const once = reresolveAggregates(aggregateWith(), idx);
    // The DNAT'd ClusterIP's flows merged into CoreDNS's: a second pass over them is a no-op.
    expect(once.length).toBeLessThan(aggregateWith().length);
    expect(reresolveAggregates(once, idx)).toBe(once);
  });

  it('the workspace answers flows imported before their dump as the query resolving them', async () => {
    const store = memoryStore();
    store.addShard('aks', { inventory: null, aggregates: aggregateWith(), names: [] });
    store.addShard('aks', { inventory, aggregates: [], names: [] });
    const ws = createWorkspace(store);
    const q = { cluster: 'aks', entity: 'all' as const };
    const direct = queryCommunications({
      inventory,
      entity: 'all',
      aggregates: aggregateWith(),
      undetermined: true,
    });
    expect(await ws.scopeCommunications(q)).toEqual(direct);
    expect(direct.map((r) => r.workload.name)).toContain('coredns');
  });
});
