import { describe, expect, it } from 'vitest';
import { computeLayout, ranks, type LayoutInput } from '$lib/topology/layout';
import { buildTopology } from '$lib/topology/build';
import { syntheticNamespace } from '$lib/topology/synthetic';
import { factsFromInventory } from '$lib/topology/facts';
import { layoutInput } from '$lib/components/topology/scene';
import { demo, demoRows, PRODUCTPAGE } from './demo';

const PP = 'workload:Deployment/bookinfo/productpage-v1';

async function demoInput(): Promise<LayoutInput> {
  const g = buildTopology({
    communications: await demoRows(PRODUCTPAGE),
    decisions: [],
    selected: PRODUCTPAGE,
  });
  return {
    mode: 'layered',
    nodes: g.nodes.map((n) => ({ id: n.id, focus: n.selected })),
    edges: g.edges.map((e) => ({ source: e.source, target: e.target })),
  };
}

describe('layered layout (the workload view)', () => {
  it('puts clients left of the workload and servers right, the workload at the origin', async () => {
    const input = await demoInput();
    const r = ranks(input);
    expect(Object.fromEntries(r)).toEqual({
      'workload:Deployment/bookinfo/details-v1': 1,
      [PP]: 0,
      'workload:Deployment/bookinfo/ratings-v1': -1,
      'workload:Deployment/bookinfo/reviews-v1': 1,
      'workload:Deployment/bookinfo/reviews-v2': 1,
      'workload:Deployment/bookinfo/reviews-v3': 1,
      'workload:Deployment/kube-system/coredns': 1,
    });
    const out = computeLayout(input);
    const at = (id: string) => {
      const i = out.ids.indexOf(id);
      return { x: out.x[i], y: out.y[i] };
    };
    expect(at(PP)).toEqual({ x: 0, y: 0 });
    expect(at('workload:Deployment/bookinfo/ratings-v1').x).toBeLessThan(0);
    expect(at('workload:Deployment/kube-system/coredns').x).toBeGreaterThan(0);
    // Five servers in one column, evenly spaced and centred on y = 0.
    const ys = out.ids.filter((id) => r.get(id) === 1).map((id) => at(id).y ?? NaN);
    expect([...ys].sort((a, b) => a - b)).toEqual([-88, -44, 0, 44, 88]);
  });

  it('places a peer that is both client and server on the client side, Services in between', () => {
    const input: LayoutInput = {
      mode: 'layered',
      nodes: [
        { id: 'w', focus: true },
        { id: 'both', focus: false },
        { id: 'svc', focus: false },
        { id: 'backend', focus: false },
      ],
      edges: [
        { source: 'both', target: 'w' },
        { source: 'w', target: 'both' },
        { source: 'w', target: 'svc' },
        { source: 'svc', target: 'backend' },
      ],
    };
    expect(Object.fromEntries(ranks(input))).toEqual({ w: 0, both: -1, svc: 1, backend: 2 });
  });

  it('wraps a long column into sub-columns no taller than 24 rows', () => {
    const nodes = [
      { id: 'w', focus: true },
      ...Array.from({ length: 60 }, (_, i) => ({ id: `p${i}`, focus: false })),
    ];
    const edges = nodes.slice(1).map((n) => ({ source: 'w', target: n.id }));
    const out = computeLayout({ mode: 'layered', nodes, edges });
    const columns = new Set(out.x.slice(1));
    expect(columns.size).toBe(3);
    for (const x of columns) expect(out.x.filter((v) => v === x).length).toBe(20);
  });
});

describe('force layout (the namespace view)', () => {
  const comms = syntheticNamespace({ nodes: 500, edges: 2000 });
  const g = buildTopology({
    communications: comms,
    decisions: [],
    selected: null,
    namespace: 'shop',
  });
  const input: LayoutInput = {
    mode: 'force',
    nodes: g.nodes.map((n) => ({ id: n.id, focus: n.member })),
    edges: g.edges.map((e) => ({ source: e.source, target: e.target })),
  };

  it('is deterministic: the same graph always gets the same picture', () => {
    const a = computeLayout(input);
    const b = computeLayout(input);
    expect(a.ids).toHaveLength(500);
    expect(b.x).toEqual(a.x);
    expect(b.y).toEqual(a.y);
  });

  it('spreads the nodes: finite positions, no two entities on the same spot', () => {
    const out = computeLayout(input);
    expect(out.x.every(Number.isFinite) && out.y.every(Number.isFinite)).toBe(true);
    const spots = new Set(out.ids.map((_, i) => `${out.x[i]},${out.y[i]}`));
    expect(spots.size).toBe(500);
  });
});

describe('layered layout with the Services from the inventory', () => {
  it('puts each Service just left of the workload it fronts, the arrow pointing right', async () => {
    const r = await demo();
    const g = buildTopology({
      communications: await demoRows(PRODUCTPAGE),
      decisions: [],
      selected: PRODUCTPAGE,
      facts: factsFromInventory(r.inventory),
      serviceLinks: true,
    });
    const rank = ranks(layoutInput(g, 'layered'));
    expect(rank.get('service:bookinfo/productpage')).toBe(-1);
    expect(rank.get('service:bookinfo/details')).toBe(0);
    expect(rank.get('service:bookinfo/reviews')).toBe(0);
    expect(rank.get('workload:Deployment/bookinfo/details-v1')).toBe(1);
    // Other views keep their layouts' own rules.
    expect(layoutInput(g, 'force').nodes.some((n) => n.front)).toBe(false);
  });
});
