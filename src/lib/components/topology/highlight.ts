/**
 * What the topology's reducers emphasise (sigma-setup.ts) and its overlays read: apart from
 * sigma, which cannot load without WebGL, so that unit tests can build one.
 */
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
  };
}
