/**
 * Sigma 4 for the topology: one renderer over one graphology graph, shapes by entity kind,
 * arrows from client to server, colours and label colours from the node attributes (so a theme
 * change is a recolour), and the emphasis of hover, the selected entity or line, the search
 * matches and the labels that fit through the node and edge reducers of emphasis.ts, read from
 * a `Highlight` the owner mutates before `renderer.refresh()`. DOM-side only.
 */
import Sigma, { DEFAULT_STYLES } from 'sigma';
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
import { edgeReducer, nodeReducer, type Highlight, type TopologyGraphology } from './emphasis';

export { createGraph, emptyHighlight, type Highlight, type TopologyGraphology } from './emphasis';

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

/**
 * Level of detail while the camera moves: above this many lines they are hidden while moving
 * (sigma's hideEdgesOnMove), above this many entities the labels too, so that panning a
 * 5,000-entity cluster stays fluid even on a software-rendered WebGL.
 */
export const HIDE_LINES_ON_MOVE_ABOVE = 1000;
export const HIDE_LABELS_ON_MOVE_ABOVE = 1500;
/** Above this many entities they are drawn as plain points while moving (moving-frame.ts). */
export const POINTS_ON_MOVE_ABOVE = 1500;
