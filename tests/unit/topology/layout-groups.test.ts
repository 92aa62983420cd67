import { describe, expect, it } from 'vitest';
import { computeLayout, type LayoutInput } from '$lib/topology/layout';
import { buildTopology } from '$lib/topology/build';
import { syntheticCluster } from '$lib/topology/synthetic-cluster';

describe('syntheticCluster (the cluster benchmark picture)', () => {
  it('gives exactly the entities and lines asked for, over many namespaces, the same every time', () => {
    const a = syntheticCluster({ nodes: 500, edges: 2000 });
    const g = buildTopology({ communications: a, decisions: [], selected: null });
    expect([g.nodes.length, g.edges.length]).toEqual([500, 2000]);
    expect(syntheticCluster({ nodes: 500, edges: 2000 })).toEqual(a);
    expect(new Set(g.nodes.map((n) => n.group)).size).toBe(27);
    expect(new Set(g.nodes.map((n) => n.kind))).toEqual(new Set(['workload', 'node', 'ip']));
    const touched = new Set(g.edges.flatMap((e) => [e.source, e.target]));
    expect(touched.size).toBe(500);
  });
});

describe('cluster layout (each group its own region)', () => {
  const g = buildTopology({
    communications: syntheticCluster({ nodes: 600, edges: 1800, namespaces: 12 }),
    decisions: [],
    selected: null,
  });
  const input: LayoutInput = {
    mode: 'cluster',
    nodes: g.nodes.map((n) => ({ id: n.id, focus: n.member, group: n.group })),
    edges: g.edges.map((e) => ({ source: e.source, target: e.target })),
  };

  it('gives every group a region that no other group enters', () => {
    const out = computeLayout(input);
    expect(out.x.every(Number.isFinite) && out.y.every(Number.isFinite)).toBe(true);
    const boxes = new Map<string, { x0: number; x1: number; y0: number; y1: number }>();
    g.nodes.forEach((n) => {
      const i = out.ids.indexOf(n.id);
      const [x, y] = [out.x[i]!, out.y[i]!];
      const b = boxes.get(n.group) ?? { x0: x, x1: x, y0: y, y1: y };
      boxes.set(n.group, {
        x0: Math.min(b.x0, x),
        x1: Math.max(b.x1, x),
        y0: Math.min(b.y0, y),
        y1: Math.max(b.y1, y),
      });
    });
    expect(boxes.size).toBe(14);
    const list = [...boxes.values()];
    for (const [i, a] of list.entries()) {
      for (const b of list.slice(i + 1)) {
        const apart = a.x1 < b.x0 || b.x1 < a.x0 || a.y1 < b.y0 || b.y1 < a.y0;
        expect(apart).toBe(true);
      }
    }
    const spots = new Set(out.ids.map((_, i) => `${out.x[i]},${out.y[i]}`));
    expect(spots.size).toBe(600);
  });

  it('is deterministic', () => {
    const a = computeLayout(input);
    expect(computeLayout(input)).toEqual({ ...a, ms: expect.any(Number) });
  });
});
