import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { api } from '../../../workers/engine-api';
import { openDb } from '$lib/db/schema';
import { clusterAggregates, clusterInventory } from '$lib/db/queries';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const file = (name: string, bytes?: Uint8Array) =>
  new File([new Uint8Array(bytes ?? readFileSync(new URL(name, SAMPLES)))], name);

let n = 0;
function freshDb(): string {
  const name = `engine-api-test-${Date.now()}-${n++}`;
  api.useDatabase(name);
  return name;
}

describe('engine API in Node on the bundled real samples', () => {
  it('imports a kubectl dump then Hubble flows and stores inventory and aggregates', async () => {
    const name = freshDb();
    const dump = await api.importFile(file('bookinfo-kind_cluster-dump.json'), {
      id: 'a',
      cluster: 'kind',
    });
    expect(dump).toMatchObject({ status: 'done', kind: 'metadata', format: 'k8s-json' });
    const progress: number[] = [];
    const flows = await api.importFile(
      file('hubble-otel_basic-sample-400-tcp-flows.json'),
      { id: 'b', cluster: 'kind' },
      (p) => progress.push(p.bytesRead),
    );
    expect(flows).toMatchObject({
      status: 'done',
      kind: 'flows',
      format: 'hubble-jsonpb',
      lines: 400,
    });
    expect(flows.communications).toBeGreaterThan(0);
    const db = openDb(name);
    const inventory = await clusterInventory(db, 'kind');
    expect(inventory.pods.map((p) => p.name)).toContain('productpage-v1-6b746f74dc-9rcxx');
    const aggregates = await clusterAggregates(db, 'kind');
    // The import row counts communications; the undetermined pairs are stored beside them.
    const pairs = aggregates.filter((a) => a.undetermined);
    expect(pairs.length).toBeGreaterThan(0);
    expect(aggregates.length - pairs.length).toBe(flows.communications);
    // productpage → details on 9080/TCP is in the capture (is_reply:false SYNs and data).
    expect(
      aggregates.some(
        (a) =>
          a.client.type === 'workload' &&
          a.client.name === 'productpage-v1' &&
          a.server.type === 'workload' &&
          a.server.name === 'details-v1' &&
          a.port === 9080 &&
          a.protocol === 'TCP',
      ),
    ).toBe(true);
    expect(await api.listClusters()).toEqual(['kind']);
  });

  it('reads gzip', async () => {
    freshDb();
    const gz = gzipSync(
      readFileSync(new URL('hubble-otel_basic-sample-400-udp-flows.json', SAMPLES)),
    );
    const row = await api.importFile(file('udp.json.gz', gz), { id: 'g', cluster: 'kind' });
    expect(row).toMatchObject({ status: 'done', format: 'hubble-jsonpb', lines: 400 });
  });

  it('a corrupt file fails with a diagnostic and leaves the earlier import intact', async () => {
    freshDb();
    await api.importFile(file('hubble-otel_basic-sample-400-udp-flows.json'), {
      id: 'ok',
      cluster: 'c',
    });
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    const bad = await api.importFile(file('corrupt.bin', garbage), { id: 'bad', cluster: 'c' });
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/NP-FORMAT-UNKNOWN/);
    const rows = await api.listImports();
    expect(rows.find((r) => r.id === 'ok')?.status).toBe('done');
  });

  it('sniffs metadata apart from flows, gzip included', async () => {
    expect(await api.sniffKind(file('bookinfo-kind_cluster-dump.json'))).toBe('metadata');
    const gz = gzipSync(
      readFileSync(new URL('hubble-otel_basic-sample-400-tcp-flows.json', SAMPLES)),
    );
    expect(await api.sniffKind(new Blob([new Uint8Array(gz)]))).toBe('flows');
  });
});

describe('sniffing binary captures', () => {
  it('tells a pcap apart as flows', async () => {
    const pcap = readFileSync(
      new URL('../../fixtures/formats/pcap/zeek-traces_wikipedia.pcap', import.meta.url),
    );
    expect(await api.sniffKind(new Blob([new Uint8Array(pcap)]))).toBe('flows');
  });
});

describe('flows imported before their cluster dump', () => {
  it('the review finds the workloads they resolve to once the dump arrives', async () => {
    freshDb();
    const dir = new URL('../../fixtures/analyze/conntrack-aks/', import.meta.url);
    const flows = readFileSync(new URL('vijayrod-demo_aks-conntrack-L.txt', dir));
    const dump = readFileSync(new URL('cluster.json', dir));
    await api.importFile(file('conntrack.txt', flows), { id: 'f', cluster: 'aks' });
    await api.importFile(file('cluster.json', dump), { id: 'm', cluster: 'aks' });
    const rows = await api.workloadCommunications({
      cluster: 'aks',
      entity: 'Deployment',
      workload: { kind: 'Deployment', namespace: 'kube-system', name: 'coredns' },
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.direction === 'ingress' && r.port === 53)).toBe(true);
  });
});
