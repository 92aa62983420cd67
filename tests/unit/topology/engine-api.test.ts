import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api as engine } from '../../../workers/engine-api';
import { api as topology } from '$lib/topology/worker-api';
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

describe('topology worker API on the demo data stored in IndexedDB', () => {
  it('answers the namespace view (rows of every workload, stored decisions) and the facts', async () => {
    const name = `topology-api-test-${Date.now()}`;
    engine.useDatabase(name);
    topology.useDatabase(name);
    for (const [i, f] of DEMO.entries()) {
      expect(await engine.importFile(file(f), { id: `i${i}`, cluster: 'kind' })).toMatchObject({
        status: 'done',
      });
    }
    const reviews = { kind: 'Deployment', namespace: 'bookinfo', name: 'reviews-v2' };
    const ratingsKey =
      'Deployment/bookinfo/reviews-v2|egress|workload:Deployment/bookinfo/ratings-v1|9080/TCP';
    await engine.saveDecisions('kind', exclude(ratingsKey as never)(defaultDecisions(reviews)));

    const view = await topology.namespaceView({ cluster: 'kind', namespace: 'bookinfo' });
    // bookinfo's 6 Deployments: 8 ingress rows + 11 egress rows (as `analyze --namespace bookinfo`).
    expect(view.communications).toHaveLength(19);
    expect(view.decisions.map((d) => d.workload.name)).toEqual(['reviews-v2']);

    const facts = new Map(await topology.facts('kind', ['bookinfo', 'kube-system']));
    const g = buildTopology({ ...view, selected: null, namespace: 'bookinfo', facts });
    expect([g.nodes.length, g.edges.length]).toEqual([9, 13]);
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

  it('lays out in the worker entry the same as in Node', () => {
    const input = {
      mode: 'layered' as const,
      nodes: [
        { id: 'a', focus: true },
        { id: 'b', focus: false },
      ],
      edges: [{ source: 'a', target: 'b' }],
    };
    const out = topology.layout(input);
    expect([out.ids, out.x, out.y]).toEqual([
      ['a', 'b'],
      [0, 260],
      [0, 0],
    ]);
  });
});
