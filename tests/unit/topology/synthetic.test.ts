import { describe, expect, it } from 'vitest';
import { buildTopology } from '$lib/topology/build';
import { syntheticNamespace } from '$lib/topology/synthetic';

describe('syntheticNamespace (the benchmark picture)', () => {
  it('gives exactly 500 entities and 2,000 lines, the same every time', () => {
    const a = syntheticNamespace({ nodes: 500, edges: 2000 });
    const g = buildTopology({
      communications: a,
      decisions: [],
      selected: null,
      namespace: 'shop',
    });
    expect([g.nodes.length, g.edges.length]).toEqual([500, 2000]);
    expect(syntheticNamespace({ nodes: 500, edges: 2000 })).toEqual(a);
    // 150 member workloads of the namespace; the others are peers (workloads, nodes, IPs).
    expect(g.nodes.filter((n) => n.member).length).toBe(150);
    expect(new Set(g.nodes.map((n) => n.kind))).toEqual(new Set(['workload', 'node', 'ip']));
    expect(g.edges.some((e) => e.status === 'unresolved')).toBe(true);
  });

  it('connects every entity (no isolated node)', () => {
    const g = buildTopology({
      communications: syntheticNamespace({ nodes: 120, edges: 300, seed: 7 }),
      decisions: [],
      selected: null,
    });
    const touched = new Set(g.edges.flatMap((e) => [e.source, e.target]));
    expect([g.nodes.length, g.edges.length, touched.size]).toEqual([120, 300, 120]);
  });
});
