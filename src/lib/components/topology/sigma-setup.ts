/**
 * Sigma 4 for the topology: one renderer over one graphology graph, shapes by entity kind,
 * arrows from client to server, colours and label colours from the node attributes (so a theme
 * change is a recolour), and the emphasis of hover, the selected entity or line, the search
 * matches and the labels that fit (labels.ts) through node and edge reducers, read from a
 * `Highlight` (highlight.ts) the owner mutates before `renderer.refresh()`. DOM-side only.
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
  sdfRectangle,
  sdfSquare,
  sdfTriangle,
} from 'sigma/rendering';
import type { Highlight } from './highlight';

export type TopologyGraphology = Graph;

export function createGraph(): TopologyGraphology {
  return new Graph({ type: 'directed', multi: false, allowSelfLoops: true });
}

export function createRenderer(
  graph: TopologyGraphology,
  container: HTMLElement,
  hl: Highlight,
): Sigma {
  return new Sigma(graph, container, {
    primitives: {
      nodes: {
        shapes: [
          sdfCircle(),
          sdfSquare(),
          sdfTriangle(),
          sdfDiamond(),
          sdfRectangle({ aspectRatio: 1.6, cornerRadius: 0.3 }),
        ],
        layers: [layerFill()],
      },
      edges: { paths: [pathLine()], extremities: [extremityArrow()], layers: [layerPlain()] },
    },
    styles: {
      nodes: [
        DEFAULT_STYLES.nodes,
        {
          shape: { attribute: 'shape' },
          labelColor: { attribute: 'labelColor' },
          labelSize: 12,
          labelBackgroundColor: { attribute: 'labelBackgroundColor' },
          labelBackgroundPadding: 2,
        },
      ],
      edges: [DEFAULT_STYLES.edges, { head: 'arrow' }],
    },
    settings: {
      // NOTE: TOOLCHAIN.md — sigma 4 sizes default to graph units and would flood the canvas.
      itemSizesReference: 'screen',
      enableEdgeEvents: true,
      renderEdgeLabels: false,
      hideEdgesOnMove: false,
      // Which labels show is decided by the collision pass (labels.ts), not by size.
      labelRenderedSizeThreshold: 0,
      minCameraRatio: 0.01,
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
  const labelVisibility = hl.labelled.has(key) ? 'visible' : 'hidden';
  if (key === hl.focusNode || key === hl.selectedNode) {
    return { ...data, size: data.size * 1.6, labelVisibility, zIndex: 3 };
  }
  const faded =
    (hl.hoveredNode !== null && !hl.neighbours.has(key)) ||
    (hl.matches !== null && !hl.matches.has(key));
  if (faded) return { ...data, color: hl.palette.faded, labelVisibility, zIndex: 0 };
  if (hl.matches?.has(key)) return { ...data, size: data.size * 1.3, labelVisibility, zIndex: 2 };
  return { ...data, labelVisibility };
}

function edgeReducer(
  hl: Highlight,
  graph: TopologyGraphology,
  key: string,
  data: EdgeDisplayData,
): Partial<EdgeDisplayData> {
  if (key === hl.selectedEdge) return { ...data, size: data.size + 3, zIndex: 3 };
  const [s, t] = [graph.source(key), graph.target(key)];
  if (hl.hoveredNode !== null && s !== hl.hoveredNode && t !== hl.hoveredNode) {
    return { ...data, color: hl.palette.faded, zIndex: 0 };
  }
  if (hl.matches !== null && !hl.matches.has(s) && !hl.matches.has(t)) {
    return { ...data, color: hl.palette.faded, zIndex: 0 };
  }
  return data;
}

/**
 * Level of detail while the camera moves: above this many lines they are hidden while moving
 * (sigma's hideEdgesOnMove), above this many entities the labels too, so that panning a
 * 5,000-entity cluster stays fluid even on a software-rendered WebGL.
 */
export const HIDE_LINES_ON_MOVE_ABOVE = 1000;
export const HIDE_LABELS_ON_MOVE_ABOVE = 1500;
/**
 * Above this many lines the pointer picks no line (sigma's enableEdgeEvents off: the lines are not
 * drawn a second time into the picking buffer, about a third of a frame's GPU time in software
 * WebGL; they are picked from the Lines list) and the hover emphasis is drawn over the picture
 * (hover-overlay.ts) instead of by a frame of sigma.
 */
export const PICK_LINES_UP_TO = 2000;
/** Above this many entities they are drawn as plain points while moving (moving-frame.ts). */
export const POINTS_ON_MOVE_ABOVE = 1500;

/** Sigma's settings for a picture of this size (the thresholds above), and what else they ask. */
export function sizeSettings(
  r: Sigma,
  nodes: number,
  edges: number,
): { points: boolean; big: boolean } {
  const big = edges > PICK_LINES_UP_TO;
  r.setSettings({
    hideEdgesOnMove: edges > HIDE_LINES_ON_MOVE_ABOVE,
    hideLabelsOnMove: nodes > HIDE_LABELS_ON_MOVE_ABOVE,
    // A drag that pauses briefly stays a drag: redrawing every line mid-drag costs seconds.
    dragTimeout: edges > HIDE_LINES_ON_MOVE_ABOVE ? 300 : 100,
    // A big picture: lines are picked from the Lines list, hover is drawn over the picture.
    enableEdgeEvents: !big,
  });
  return { points: nodes > POINTS_ON_MOVE_ABOVE, big };
}
