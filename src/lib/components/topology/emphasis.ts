/**
 * What the topology emphasises, as sigma node and edge reducers: the hovered entity's
 * neighbours (in a big picture by colour only, hover.ts), the selected entity or line, the search
 * matches and the labels that fit (labels.ts), read from a `Highlight` the owner mutates before
 * refreshing sigma; and the graphology graph they read. DOM-free (sigma's types only).
 */
import Graph from 'graphology';
import type { NodeDisplayData, EdgeDisplayData } from 'sigma/types';
import { LIGHT, type Palette } from '$lib/topology/palette';

/** What the reducers emphasise; the owner mutates it and calls `renderer.refresh()`. */
export interface Highlight {
  /** The hovered entity, else the one whose details are open: its neighbours stay bright. */
  hoveredNode: string | null;
  selectedNode: string | null;
  selectedEdge: string | null;
  focusNode: string | null;
  /** Neighbours of the emphasised entity (and the entity itself). */
  neighbours: Set<string>;
  /** Search matches (null: no search): everything else fades. */
  matches: ReadonlySet<string> | null;
  /** The labels that fit without overlapping (the only ones drawn). */
  labelled: Set<string>;
  palette: Palette;
  /** A big picture: hover fades the entities' colours only (hover.ts), not the lines. */
  lightHover: boolean;
}

export function emptyHighlight(): Highlight {
  return {
    hoveredNode: null,
    selectedNode: null,
    selectedEdge: null,
    focusNode: null,
    neighbours: new Set(),
    matches: null,
    labelled: new Set(),
    palette: LIGHT,
    lightHover: false,
  };
}

export type TopologyGraphology = Graph;

export function createGraph(): TopologyGraphology {
  return new Graph({ type: 'directed', multi: false, allowSelfLoops: true });
}

export function nodeReducer(
  hl: Highlight,
  key: string,
  data: NodeDisplayData,
): Partial<NodeDisplayData> {
  const labelVisibility: NodeDisplayData['labelVisibility'] = hl.labelled.has(key)
    ? 'visible'
    : 'hidden';
  if (key === hl.focusNode || key === hl.selectedNode) {
    return { ...data, size: data.size * 1.6, labelVisibility, zIndex: 3 };
  }
  const byHover = hl.hoveredNode !== null && !hl.neighbours.has(key);
  const byMatch = hl.matches !== null && !hl.matches.has(key);
  if (byMatch || (byHover && !hl.lightHover)) {
    return { ...data, color: hl.palette.faded, labelVisibility, zIndex: 0 };
  }
  const shown = hl.matches?.has(key)
    ? { ...data, size: data.size * 1.3, labelVisibility, zIndex: 2 }
    : { ...data, labelVisibility };
  // A light hover changes the colour only: size and order stay, so no re-indexation.
  return byHover ? { ...shown, color: hl.palette.faded } : shown;
}

export function edgeReducer(
  hl: Highlight,
  graph: TopologyGraphology,
  key: string,
  data: EdgeDisplayData,
): Partial<EdgeDisplayData> {
  if (key === hl.selectedEdge) return { ...data, size: data.size + 3, zIndex: 3 };
  const [s, t] = [graph.source(key), graph.target(key)];
  const hovered = hl.hoveredNode !== null && !hl.lightHover;
  if (hovered && s !== hl.hoveredNode && t !== hl.hoveredNode) {
    return { ...data, color: hl.palette.faded, zIndex: 0 };
  }
  if (hl.matches !== null && !hl.matches.has(s) && !hl.matches.has(t)) {
    return { ...data, color: hl.palette.faded, zIndex: 0 };
  }
  return data;
}
