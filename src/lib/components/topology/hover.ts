/**
 * Hover emphasis in a big picture, without reprocessing every line. In sigma 4.0.4 a full
 * `refresh()` runs the reducers over every entity and line and rebuilds every program buffer;
 * above `LIGHT_HOVER_ABOVE` lines a hover change instead fades the other entities only (the
 * lines keep their colours) and re-processes just the entities whose look changes, in place
 * (`skipIndexation`: a hover fade there changes colours only, never position, size or order).
 * Sigma still draws one whole frame per hover change (its own hover state asks for it).
 */
import type { Highlight, TopologyGraphology } from './emphasis';

/** Above this many lines, hovering fades the entities only (bench/README.md has the figures). */
export const LIGHT_HOVER_ABOVE = 1000;

/**
 * The entities whose hover fade changes when the bright neighbourhood goes from `before` to
 * `after` (null: no entity hovered, nothing faded by hover).
 */
export function hoverChanges(
  graph: TopologyGraphology,
  before: ReadonlySet<string> | null,
  after: ReadonlySet<string> | null,
): string[] {
  if (before === null && after === null) return [];
  const faded = (set: ReadonlySet<string> | null, id: string) => set !== null && !set.has(id);
  if (before !== null && after !== null) {
    const out = [...before].filter((id) => !after.has(id) && graph.hasNode(id));
    for (const id of after) if (!before.has(id) && graph.hasNode(id)) out.push(id);
    return out;
  }
  const out: string[] = [];
  graph.forEachNode((id) => {
    if (faded(before, id) !== faded(after, id)) out.push(id);
  });
  return out;
}

/** An entity and its neighbours (none for null or an entity not drawn). */
export function neighbourhood(graph: TopologyGraphology, id: string | null): Set<string> {
  return id !== null && graph.hasNode(id) ? new Set([id, ...graph.neighbors(id)]) : new Set();
}

/**
 * Hovers `node` (null: leaves): its neighbours, else the selected entity's, stay bright; then
 * redraws — the whole graph re-processed in a small picture, the changed entities only in a big
 * one.
 */
export function hoverEmphasis(
  r: { refresh(opts?: { partialGraph: { nodes: string[] }; skipIndexation: boolean }): unknown },
  graph: TopologyGraphology,
  hl: Highlight,
  node: string | null,
): void {
  const before = hl.hoveredNode !== null ? hl.neighbours : null;
  hl.hoveredNode = node;
  hl.neighbours = neighbourhood(graph, node ?? hl.selectedNode);
  if (!hl.lightHover) {
    r.refresh();
    return;
  }
  const nodes = hoverChanges(graph, before, node !== null ? hl.neighbours : null);
  r.refresh({ partialGraph: { nodes }, skipIndexation: true });
}
