/**
 * The cluster's data (`clusterDataOf`): its namespaces — the inventory's and those of the
 * aggregates' workload endpoints — and the aggregates a question can touch (`candidates`):
 * a workload's, a namespace's (each aggregate once, in the data's order), or all of them. The
 * index by workload and namespace is built when a question first narrows, not with the data.
 */
import { describe, expect, it } from 'vitest';
import { candidates, clusterDataOf } from '$lib/engine/workspace/cluster-data';
import type { CommAggregate, Endpoint } from '$lib/engine/model/communication';
import type { CommKey } from '$lib/engine/model/ids';
import { emptyInventory } from '$lib/engine/model/k8s';

const CLUSTER = 'c';

const w = (namespace: string, name: string): Endpoint => ({
  type: 'workload',
  kind: 'Deployment',
  namespace,
  name,
});
const ip = (address: string): Endpoint => ({ type: 'ip', ip: address });

function agg(n: number, client: Endpoint, server: Endpoint): CommAggregate {
  const t = 1_700_000_000_000 + n * 60_000;
  return {
    key: `k${n}` as CommKey,
    cluster: CLUSTER,
    client,
    server,
    port: 80,
    protocol: 'TCP',
    flows: 1,
    firstSeen: t,
    lastSeen: t + 1,
    buckets: [{ t, flows: 1, first: t, last: t + 1 }],
    bucketMs: 60_000,
    untimedFlows: 0,
    verdicts: { allowed: 1 },
    via: [],
  } as CommAggregate;
}

const AGGREGATES = [
  agg(0, w('shop', 'web'), w('shop', 'api')),
  agg(1, w('shop', 'api'), w('db', 'pg')),
  agg(2, ip('10.0.0.9'), w('edge', 'gw')),
  agg(3, w('db', 'pg'), ip('8.8.8.8')),
  agg(4, w('shop', 'web'), w('shop', 'web')),
  agg(5, w('jobs', 'cron'), ip('1.1.1.1')),
];

function data() {
  const inventory = emptyInventory(CLUSTER);
  inventory.namespaces = [{ name: 'infra', labels: Object.create(null) as Record<string, string> }];
  return clusterDataOf(CLUSTER, 'sig', [{ inventory, aggregates: AGGREGATES, names: [] }]);
}

const keysOf = (list: CommAggregate[]) => list.map((a) => a.key);

describe('the cluster data', () => {
  it("lists the inventory's namespaces and the workload endpoints', sorted", () => {
    expect(data().namespaces).toEqual(['db', 'edge', 'infra', 'jobs', 'shop']);
  });

  it("gives a namespace's aggregates once each, in order, and a workload's", () => {
    const d = data();
    expect(keysOf(candidates(d, { entity: 'Deployment', namespace: 'shop' }))).toEqual([
      'k0',
      'k1',
      'k4',
    ]);
    expect(keysOf(candidates(d, { entity: 'Deployment', namespace: 'db' }))).toEqual(['k1', 'k3']);
    expect(keysOf(candidates(d, { entity: 'Deployment', namespace: 'infra' }))).toEqual([]);
    const web = { kind: 'Deployment', namespace: 'shop', name: 'web' };
    expect(keysOf(candidates(d, { entity: 'Deployment' }, web))).toEqual(['k0', 'k4']);
    const gw = { kind: 'Deployment', namespace: 'edge', name: 'gw' };
    expect(keysOf(candidates(d, { entity: 'Deployment' }, gw))).toEqual(['k2']);
    expect(keysOf(candidates(d, { entity: 'Deployment' }))).toEqual(keysOf(AGGREGATES));
  });

  it('answers a second narrowed question from the same index', () => {
    const d = data();
    const first = candidates(d, { entity: 'Deployment', namespace: 'shop' });
    expect(candidates(d, { entity: 'Deployment', namespace: 'shop' })).toBe(first);
  });
});
