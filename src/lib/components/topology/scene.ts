/**
 * From the topology picture to what sigma draws: graphology attributes (positions from the
 * layout, colours from the palette, shapes by entity kind, sizes scaled for big pictures,
 * labels cut short), the positions of collapsed groups (the centre of their members), the
 * namespace hulls, and the export's Scene read back from the drawn graph. DOM-free helpers.
 */
import type Graph from 'graphology';
import type { LayoutInput, LayoutResult } from '$lib/topology/layout';
import type { Palette } from '$lib/topology/palette';
import { truncateLabel } from '$lib/topology/labels';
import { convexHull, type Point } from '$lib/topology/hull';
import { groupId, groupLabel } from '$lib/topology/groups';
import type { Scene, SceneShape } from '$lib/topology/svg';
import type { NodeKind, TopologyEdge, TopologyGraph, TopologyNode } from '$lib/topology/types';

export const SHAPES: Record<NodeKind, SceneShape> = {
  workload: 'circle',
  service: 'square',
  node: 'triangle',
  ip: 'diamond',
  namespace: 'rectangle',
};

export type Positions = Map<string, { x: number; y: number }>;

/**
 * What the layout worker gets: every entity (its focus, its group in the cluster view) and line;
 * in the workload view a Service with only Service links stands in front of its first workload.
 */
export function layoutInput(full: TopologyGraph, mode: LayoutInput['mode']): LayoutInput {
  const front = new Map<string, string>();
  if (mode === 'layered') {
    for (const e of full.edges)
      if (e.kind === 'service' && !front.has(e.source)) front.set(e.source, e.target);
    for (const e of full.edges)
      if (e.kind === 'traffic') [e.source, e.target].forEach((id) => front.delete(id));
  }
  return {
    mode,
    nodes: full.nodes.map((n) => ({
      id: n.id,
      focus: mode === 'layered' ? n.selected : n.member,
      ...(mode === 'cluster' && { group: n.group }),
      ...(front.has(n.id) && { front: front.get(n.id) }),
    })),
    edges: full.edges.map((e) => ({ source: e.source, target: e.target })),
  };
}

/** Positions of every entity of the full picture, and of each group (its members' centre). */
export function positionsOf(full: TopologyGraph, layout: LayoutResult): Positions {
  const pos: Positions = new Map();
  layout.ids.forEach((id, i) => pos.set(id, { x: layout.x[i] ?? 0, y: -(layout.y[i] ?? 0) }));
  const sums = new Map<string, { x: number; y: number; n: number }>();
  for (const n of full.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const s = sums.get(n.group) ?? { x: 0, y: 0, n: 0 };
    sums.set(n.group, { x: s.x + p.x, y: s.y + p.y, n: s.n + 1 });
  }
  for (const [g, s] of sums) pos.set(groupId(g), { x: s.x / s.n, y: s.y / s.n });
  return pos;
}

/** Hulls (graph coordinates) of the groups with at least one entity drawn on their own. */
export function hullsOf(
  shown: TopologyGraph,
  pos: Positions,
): { label: string; points: Point[] }[] {
  const points = new Map<string, Point[]>();
  for (const n of shown.nodes) {
    const p = pos.get(n.id);
    if (!p || n.kind === 'namespace') continue;
    points.set(n.group, [...(points.get(n.group) ?? []), [p.x, p.y]]);
  }
  return [...points].map(([g, pts]) => ({ label: groupLabel(g), points: convexHull(pts) }));
}

/** Smaller marks for bigger pictures, so that thousands of entities stay readable. */
export function scaleFor(g: TopologyGraph): number {
  const n = g.nodes.length;
  return n > 2000 ? 0.4 : n > 300 ? 0.5 : n > 100 ? 0.7 : 1;
}

export interface DrawOptions {
  palette: Palette;
  widthByFlows: boolean;
}

export function nodeAttributes(n: TopologyNode, k: number, o: DrawOptions) {
  const members = n.members !== undefined ? ` · ${n.members}` : '';
  return {
    label: truncateLabel(n.label) + members,
    color: o.palette[n.tone],
    size: Math.max(3, n.size * (n.selected || n.kind === 'namespace' ? Math.max(k, 0.8) : k)),
    shape: SHAPES[n.kind],
    zIndex: n.selected ? 1 : 0,
    labelColor: o.palette.label,
    labelBackgroundColor: o.palette.labelBackground,
  };
}

export function edgeAttributes(e: TopologyEdge, k: number, o: DrawOptions) {
  const width = o.widthByFlows || e.kind === 'service' ? e.size : 2;
  return {
    color: o.palette[e.tone],
    size: Math.max(0.6, width * k),
    zIndex: e.status === 'allowed' ? 0 : 1,
  };
}

/** Graphology's serialized form of the drawn picture. */
export function toSerialized(g: TopologyGraph, pos: Positions, o: DrawOptions) {
  const k = scaleFor(g);
  return {
    options: { type: 'directed' as const, multi: false, allowSelfLoops: true },
    attributes: {},
    nodes: g.nodes.map((n) => ({
      key: n.id,
      attributes: { ...nodeAttributes(n, k, o), ...(pos.get(n.id) ?? { x: 0, y: 0 }) },
    })),
    edges: g.edges.map((e) => ({
      key: e.id,
      source: e.source,
      target: e.target,
      attributes: edgeAttributes(e, k, o),
    })),
  };
}

/** Node ids and (source, target) pairs: when equal, the picture only needs new colours. */
export function structureKey(g: TopologyGraph): string {
  return `${g.nodes.map((n) => n.id).join('\n')}\n#\n${g.edges.map((e) => e.id).join('\n')}`;
}

/** The export's Scene: every entity and line as drawn (all of them, whatever the camera). */
export function sceneOf(
  graph: Graph,
  hulls: Scene['hulls'],
  palette: Palette,
  legend: Scene['legend'],
): Scene {
  const nodes: Scene['nodes'] = [];
  graph.forEachNode((id, a) => {
    nodes.push({
      id,
      x: Number(a.x),
      y: Number(a.y),
      size: Number(a.size),
      color: String(a.color),
      label: String(a.label ?? ''),
      shape: a.shape as SceneShape,
      priority: Number(a.zIndex) * 1000 + Number(a.size) * 10 + graph.degree(id),
    });
  });
  const edges: Scene['edges'] = [];
  graph.forEachEdge((_, a, source, target) =>
    edges.push({ source, target, color: String(a.color), size: Number(a.size) }),
  );
  return { nodes, edges, hulls, palette, legend };
}
