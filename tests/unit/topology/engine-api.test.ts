import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { api as engine } from '../../../workers/engine-api';
import { api as layouts } from '../../../workers/layout-api';
import { buildTopology } from '$lib/topology/build';
import { defaultDecisions, exclude } from '$lib/engine/policy/decisions';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const file = (name: string) =>
  new File([new Uint8Array(readFileSync(new URL(name, SAMPLES)))], name);
const DEMO = [
  'bookinfo-kind_cluster-dump.json',
  'hubble-otel_basic-sample-400-tcp-flows.json',
  'hubble-otel_basic-sample-400-udp-flows.json',
];
const REVIEWS = { kind: 'Deployment', namespace: 'bookinfo', name: 'reviews-v2' };
const RATINGS_KEY =
  'Deployment/bookinfo/reviews-v2|egress|workload:Deployment/bookinfo/ratings-v1|9080/TCP';

describe('the topology entries of the engine API, on the demo data stored in IndexedDB', () => {
  beforeAll(async () => {
    engine.useDatabase(`topology-api-test-${Date.now()}`);
    for (const [i, f] of DEMO.entries()) {
      expect(await engine.importFile(file(f), { id: `i${i}`, cluster: 'kind' })).toMatchObject({
        status: 'done',
      });
    }
    await engine.saveDecisions('kind', exclude(RATINGS_KEY as never)(defaultDecisions(REVIEWS)));
  });

  it('topologyCommunications: the rows of every workload of the namespace', async () => {
    const rows = await engine.topologyCommunications({ cluster: 'kind', namespace: 'bookinfo' });
    // bookinfo's 6 Deployments: 7 ingress rows + 9 egress rows (as `analyze --namespace bookinfo`;
    // the proxied flows resolve by Cilium identity, no IP peer is left).
    expect(rows).toHaveLength(16);
    expect(rows.filter((c) => c.direction === 'ingress')).toHaveLength(7);
    expect(new Set(rows.map((c) => c.workload.name))).toEqual(
      new Set([
        'details-v1',
        'productpage-v1',
        'ratings-v1',
        'reviews-v1',
        'reviews-v2',
        'reviews-v3',
      ]),
    );
    // Another cluster, or a namespace without traffic: nothing (no error).
    expect(
      await engine.topologyCommunications({ cluster: 'other', namespace: 'bookinfo' }),
    ).toEqual([]);
  });

  it('topologyCommunications: a window after the capture leaves no row', async () => {
    const from = Date.parse('2021-11-10T11:00:00Z');
    const q = { cluster: 'kind', namespace: 'bookinfo', from, to: from + 60_000 };
    expect(await engine.topologyCommunications(q)).toEqual([]);
  });

  it('clusterCommunications: the rows of every namespace at once (the cluster view)', async () => {
    const all = await engine.clusterCommunications({ cluster: 'kind' });
    const namespaces = [...new Set(all.map((c) => c.workload.namespace))].sort();
    expect(namespaces.length).toBeGreaterThan(1);
    expect(namespaces).toContain('bookinfo');
    // The same rows as asking each namespace in turn, no more, no less.
    const each = [];
    for (const namespace of namespaces) {
      each.push(...(await engine.topologyCommunications({ cluster: 'kind', namespace })));
    }
    const keys = (rows: typeof all) => rows.map((c) => c.key).sort();
    expect(keys(all)).toEqual(keys(each));
    expect(all.some((c) => c.workload.kind === 'Service')).toBe(false);
    expect(await engine.clusterCommunications({ cluster: 'other' })).toEqual([]);
    const from = Date.parse('2021-11-10T11:00:00Z');
    expect(
      await engine.clusterCommunications({ cluster: 'kind', from, to: from + 60_000 }),
    ).toEqual([]);
  });

  it('clusterDecisions: every decision stored for the cluster', async () => {
    const stored = await engine.clusterDecisions('kind');
    expect(stored.map((d) => d.workload.name)).toEqual(['reviews-v2']);
    expect(stored[0]?.included).toEqual({ [RATINGS_KEY]: false });
    expect(await engine.clusterDecisions('other')).toEqual([]);
  });

  it('topologyFacts: labels, declared ports and Services of the namespaces asked for', async () => {
    const facts = new Map(await engine.topologyFacts('kind', ['bookinfo']));
    expect(facts.get('workload:Deployment/bookinfo/ratings-v1')).toEqual({
      labels: [
        ['app', 'ratings'],
        ['sidecar.opentelemetry.io/injected', 'bookinfo.otelcol-bookinfo'],
        ['version', 'v1'],
      ],
      ports: ['9080/TCP'],
      services: ['bookinfo/ratings'],
    });
    expect(facts.has('workload:Deployment/kube-system/coredns')).toBe(false);
  });

  it('answers the namespace view (rows of every workload, stored decisions) and the facts', async () => {
    const view = {
      communications: await engine.topologyCommunications({
        cluster: 'kind',
        namespace: 'bookinfo',
      }),
      decisions: (await engine.clusterDecisions('kind')).filter(
        (d) => d.workload.namespace === 'bookinfo',
      ),
    };
    // bookinfo's 6 Deployments: 7 ingress rows + 9 egress rows (as `analyze --namespace bookinfo`).
    expect(view.communications).toHaveLength(16);
    expect(view.decisions.map((d) => d.workload.name)).toEqual(['reviews-v2']);

    const facts = new Map(await engine.topologyFacts('kind', ['bookinfo', 'kube-system']));
    const g = buildTopology({ ...view, selected: null, namespace: 'bookinfo', facts });
    // The 6 Deployments and coredns; one line per pair.
    expect([g.nodes.length, g.edges.length]).toEqual([7, 9]);
    const line = g.edges.find((e) =>
      e.id.endsWith('reviews-v2->workload:Deployment/bookinfo/ratings-v1'),
    );
    // reviews-v2's stored decision excludes its egress row; ratings-v1's ingress row is included.
    expect(line?.rows.map((r) => [r.direction, r.status])).toEqual([
      ['ingress', 'allowed'],
      ['egress', 'excluded'],
    ]);
    expect(line?.color).toBe('#e0201b');
    expect(g.nodes.find((n) => n.label === 'ratings-v1')?.details.services).toEqual([
      'bookinfo/ratings',
    ]);
  });
});

describe('the layout worker API', () => {
  it('lays out in the worker entry the same as in Node', () => {
    const input = {
      mode: 'layered' as const,
      nodes: [
        { id: 'a', focus: true },
        { id: 'b', focus: false },
      ],
      edges: [{ source: 'a', target: 'b' }],
    };
    const out = layouts.layout(input);
    expect([out.ids, out.x, out.y]).toEqual([
      ['a', 'b'],
      [0, 260],
      [0, 0],
    ]);
  });
});
