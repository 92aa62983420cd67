/**
 * ForceAtlas2 relaxation of a seeded picture: a fixed number of iterations from the given
 * positions, so the same graph always gets the same picture (no randomness). Shared by the
 * namespace and cluster layouts; pure computation, no DOM.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';

export interface RelaxInput {
  nodes: readonly { id: string }[];
  edges: readonly { source: string; target: string }[];
}

export type Positions = Map<string, { x: number; y: number }>;

/** ForceAtlas2, a fixed number of iterations from the seed (deterministic); `scale` × its units. */
export function relax(input: RelaxInput, pos: Positions, scale = 12, iterations?: number): void {
  const g = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  for (const n of input.nodes) g.addNode(n.id, { ...(pos.get(n.id) ?? { x: 0, y: 0 }), size: 1 });
  for (const e of input.edges) {
    if (e.source !== e.target && g.hasNode(e.source) && g.hasNode(e.target)) {
      g.mergeEdge(e.source, e.target);
    }
  }
  const n = g.order;
  const settings = {
    ...forceAtlas2.inferSettings(g),
    barnesHutOptimize: n > 200,
    linLogMode: false,
    scalingRatio: 10,
    gravity: 1,
  };
  const result = forceAtlas2(g, { iterations: iterations ?? (n > 1000 ? 100 : 200), settings });
  for (const [id, p] of Object.entries(result)) pos.set(id, { x: p.x * scale, y: p.y * scale });
}
