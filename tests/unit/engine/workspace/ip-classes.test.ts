/**
 * IP classes made with the cluster's data (`ClusterData.ipClasses`): every IP endpoint is
 * classified once when the data is made, and the workspace's queries read those classes instead
 * of classifying each address again — the same rows as a query that classifies them, and not
 * read when the question has cluster CIDRs of its own (the classes are those without any).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { queryCommunications } from '$lib/engine/aggregate/query';
import { classifyContext, classifyIp } from '$lib/engine/classify/index';
import { readImport } from '$lib/engine/workspace/import';
import { memoryStore } from '$lib/engine/workspace/memory';
import { createWorkspace } from '$lib/engine/workspace/workspace';
import type { WorkloadRef } from '$lib/engine/model/ids';
import type { Communication } from '$lib/engine/model/communication';

const SAMPLES = new URL('../../../../static/samples/', import.meta.url);
const CLUSTER = 'kind';
const productpage: WorkloadRef = {
  kind: 'Deployment',
  namespace: 'bookinfo',
  name: 'productpage-v1',
};
/** Public, benchmarking, pod CIDR (no pod), private, and a range only a cluster CIDR makes internal. */
const ADDRESSES = ['8.8.8.8', '198.18.0.1', '10.244.1.200', '192.168.5.5', '10.50.0.7'];

/** productpage-v1's first flow of the bundled capture, sent to each address (TCP 443). */
function capture(): string {
  const first = readFileSync(
    new URL('hubble-otel_basic-sample-400-tcp-flows.json', SAMPLES),
    'utf8',
  ).split('\n')[0]!;
  return ADDRESSES.map((ip, i) => {
    const f = JSON.parse(first);
    f.flow.IP.destination = ip;
    f.flow.l4 = { TCP: { source_port: 40000 + i, destination_port: 443, flags: { SYN: true } } };
    f.flow.destination = { identity: 2, labels: ['reserved:world'] };
    f.flow.is_reply = false;
    return JSON.stringify(f);
  }).join('\n');
}

async function workspace() {
  const store = memoryStore();
  const files: [string, string][] = [
    ['dump.json', readFileSync(new URL('bookinfo-kind_cluster-dump.json', SAMPLES), 'utf8')],
    ['flows.json', capture()],
  ];
  for (const [name, body] of files) {
    const read = await readImport(store, new Blob([body]).stream(), name, { cluster: CLUSTER });
    store.addShard(CLUSTER, read.shard);
  }
  return createWorkspace(store);
}

const classes = (rows: Communication[]) =>
  Object.fromEntries(
    rows.flatMap((r) => (r.peer.type === 'ip' ? [[r.peer.ip, r.peer.class]] : [])),
  );

describe('IP classes made with the cluster data', () => {
  it('are classifyIp of every IP endpoint, and the workload rows are those of a query that classifies', async () => {
    const ws = await workspace();
    const data = await ws.clusterData(CLUSTER);
    const ctx = classifyContext(data.inventory, [], []);
    expect([...data.ipClasses.keys()].sort()).toEqual([...ADDRESSES].sort());
    for (const [ip, c] of data.ipClasses) expect(c).toBe(classifyIp(ctx, ip));
    const rows = await ws.workloadCommunications({
      cluster: CLUSTER,
      entity: 'Deployment',
      namespace: 'bookinfo',
      workload: productpage,
    });
    const classified = queryCommunications({
      aggregates: data.aggregates,
      inventory: data.inventory,
      entity: 'Deployment',
      namespace: 'bookinfo',
      workload: productpage,
      names: data.names,
      undetermined: true,
      resolved: true,
    });
    expect(rows).toEqual(classified);
    expect(classes(rows)).toEqual({
      '8.8.8.8': 'external',
      '198.18.0.1': 'unknown',
      '10.244.1.200': 'internal',
      '192.168.5.5': 'unknown',
      '10.50.0.7': 'unknown',
    });
  });

  it('are what a query reads when it has no cluster CIDR, and not otherwise', async () => {
    const ws = await workspace();
    const data = await ws.clusterData(CLUSTER);
    const input = {
      aggregates: data.aggregates,
      inventory: data.inventory,
      entity: 'Deployment' as const,
      workload: productpage,
      resolved: true,
    };
    // A class the cluster data would never give: the query took it from the map.
    const given = new Map([['8.8.8.8', 'internal' as const]]);
    expect(classes(queryCommunications({ ...input, ipClasses: given }))['8.8.8.8']).toBe(
      'internal',
    );
    const q = { cluster: CLUSTER, entity: 'Deployment' as const, workload: productpage };
    const withCidr = await ws.workloadCommunications({ ...q, clusterCidrs: ['10.50.0.0/16'] });
    expect(classes(withCidr)['10.50.0.7']).toBe('internal');
    expect(classes(await ws.workloadCommunications(q))['10.50.0.7']).toBe('unknown');
  });
});
