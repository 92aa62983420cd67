/**
 * Sigma 4 for the topology: one renderer over one graphology graph, shapes by entity kind,
 * arrows from client to server, the contract colours from the data, and the hover / selection /
 * search emphasis through node and edge reducers (read from a `Highlight` the owner mutates).
 * Also the conversion of a TopologyGraph + layout into graphology attributes. DOM-side only.
 */
import Graph from 'graphology';
import Sigma, { DEFAULT_STYLES } from 'sigma';
import type { NodeDisplayData, EdgeDisplayData } from 'sigma/types';
import type { Settings } from 'sigma/settings';
import {
  extremityArrow,
  layerFill,
  layerPlain,
  pathLine,
  sdfCircle,
  sdfDiamond,
  sdfSquare,
  sdfTriangle,
} from 'sigma/rendering';
import type { LayoutResult } from '$lib/topology/layout';
import { TOPOLOGY_COLORS, type NodeKind, type TopologyGraph } from '$lib/topology/types';

export const SHAPES: Record<NodeKind, string> = {
  workload: 'circle',
  service: 'square',
  node: 'triangle',
  ip: 'diamond',
};

/** What the reducers emphasise; the owner mutates it and calls `renderer.refresh()`. */
export interface Highlight {
  hoveredNode: string | null;
  selectedEdge: string | null;
  focusNode: string | null;
  /** Neighbours of the hovered node (and the node itself). */
  neighbours: Set<string>;
  /** Small pictures show every label; big ones let sigma's label grid thin them out. */
  allLabels: boolean;
}

export function emptyHighlight(): Highlight {
  return {
    hoveredNode: null,
    selectedEdge: null,
    focusNode: null,
    neighbours: new Set(),
    allLabels: true,
  };
}

export type TopologyGraphology = Graph;

export function createGraph(): TopologyGraphology {
  return new Graph({ type: 'directed', multi: false, allowSelfLoops: true });
}

const FADED = '#d4d8dd';

export function createRenderer(
  graph: TopologyGraphology,
  container: HTMLElement,
  hl: Highlight,
): Sigma {
  return new Sigma(graph, container, {
    primitives: {
      nodes: {
        shapes: [sdfCircle(), sdfSquare(), sdfTriangle(), sdfDiamond()],
        layers: [layerFill()],
      },
      edges: { paths: [pathLine()], extremities: [extremityArrow()], layers: [layerPlain()] },
    },
    styles: {
      nodes: [
        DEFAULT_STYLES.nodes,
        {
          shape: { attribute: 'shape' },
          labelColor: '#111111',
          labelSize: 12,
          labelBackgroundColor: 'rgba(255, 255, 255, 0.85)',
          labelBackgroundPadding: 2,
        },
      ],
      edges: [DEFAULT_STYLES.edges, { head: 'arrow' }],
      stage: { background: TOPOLOGY_COLORS.background },
    },
    settings: {
      // NOTE: TOOLCHAIN.md — sigma 4 sizes default to graph units and would flood the canvas.
      itemSizesReference: 'screen',
      enableEdgeEvents: true,
      renderEdgeLabels: false,
      hideEdgesOnMove: false,
      labelRenderedSizeThreshold: 2,
      minCameraRatio: 0.02,
      maxCameraRatio: 8,
      stagePadding: 40,
      // Fit the labels too: a name on the right edge is not cut off.
      autoRescaleContent: 'labels',
    } satisfies Partial<Settings>,
    nodeReducer: (key, data) => nodeReducer(hl, key, data),
    edgeReducer: (key, data) => edgeReducer(hl, graph, key, data),
  });
}

function nodeReducer(hl: Highlight, key: string, data: NodeDisplayData): Partial<NodeDisplayData> {
  if (key === hl.focusNode) {
    return { ...data, size: data.size * 1.6, labelVisibility: 'visible', zIndex: 3 };
  }
  if (hl.hoveredNode !== null && !hl.neighbours.has(key)) {
    return { ...data, color: FADED, labelVisibility: 'hidden', zIndex: 0 };
  }
  if (hl.hoveredNode !== null) return { ...data, labelVisibility: 'visible', zIndex: 2 };
  return hl.allLabels ? { ...data, labelVisibility: 'visible' } : data;
}

function edgeReducer(
  hl: Highlight,
  graph: TopologyGraphology,
  key: string,
  data: EdgeDisplayData,
): Partial<EdgeDisplayData> {
  if (key === hl.selectedEdge) return { ...data, size: data.size + 3, zIndex: 3 };
  if (hl.hoveredNode !== null) {
    const touches = graph.source(key) === hl.hoveredNode || graph.target(key) === hl.hoveredNode;
    if (!touches) return { ...data, color: FADED, zIndex: 0 };
    return { ...data, zIndex: 2 };
  }
  return data;
}

/**
 * Above this many lines, lines are hidden while the camera moves (sigma's hideEdgesOnMove):
 * panning a 2,000-line namespace stays fluid even on a software-rendered WebGL.
 */
export const HIDE_LINES_ON_MOVE_ABOVE = 1000;

/** Up to this many entities every label is drawn. */
export const ALL_LABELS_UP_TO = 60;

/** Smaller marks for bigger pictures, so that 500 entities stay readable. */
export function scaleFor(g: TopologyGraph): number {
  const n = g.nodes.length;
  return n > 300 ? 0.5 : n > 100 ? 0.7 : 1;
}

/** Graphology attributes of the picture: positions from the layout, colours from the data. */
export function toSerialized(g: TopologyGraph, layout: LayoutResult) {
  const at = new Map(layout.ids.map((id, i) => [id, i]));
  const k = scaleFor(g);
  return {
    options: { type: 'directed' as const, multi: false, allowSelfLoops: true },
    attributes: {},
    nodes: g.nodes.map((n) => {
      const i = at.get(n.id) ?? 0;
      const xy = { x: layout.x[i] ?? 0, y: -(layout.y[i] ?? 0) };
      return { key: n.id, attributes: { ...nodeAttributes(n, k), ...xy } };
    }),
    edges: g.edges.map((e) => ({
      key: e.id,
      source: e.source,
      target: e.target,
      attributes: edgeAttributes(e, k),
    })),
  };
}

export function nodeAttributes(n: TopologyGraph['nodes'][number], k: number) {
  return {
    label: n.label,
    color: n.color,
    size: Math.max(3, n.size * (n.selected ? Math.max(k, 0.8) : k)),
    shape: SHAPES[n.kind],
    zIndex: n.selected ? 1 : 0,
  };
}

export function edgeAttributes(e: TopologyGraph['edges'][number], k: number) {
  return {
    color: e.color,
    size: Math.max(0.6, e.size * k),
    zIndex: e.status === 'allowed' ? 0 : 1,
  };
}

/** Node ids and (source, target) pairs: when equal, the picture only needs new colours. */
export function structureKey(g: TopologyGraph): string {
  return `${g.nodes.map((n) => n.id).join('\n')}\n#\n${g.edges.map((e) => e.id).join('\n')}`;
}
