/**
 * Hover emphasis: in a small picture a hover re-processes everything (lines fade too); in a big
 * one only the entities whose fade changes, in place, and the reducers then change colours only
 * (never size, order or the lines), which is what lets sigma skip re-indexation.
 */
import { describe, expect, it } from 'vitest';
import type { NodeDisplayData, EdgeDisplayData } from 'sigma/types';
import {
  createGraph,
  edgeReducer,
  emptyHighlight,
  nodeReducer,
} from '../../../src/lib/components/topology/emphasis';
import { hoverChanges, hoverEmphasis } from '../../../src/lib/components/topology/hover';

function picture() {
  const g = createGraph();
  for (const id of ['a', 'b', 'c', 'd', 'e']) g.addNode(id);
  g.addEdgeWithKey('ab', 'a', 'b');
  g.addEdgeWithKey('bc', 'b', 'c');
  g.addEdgeWithKey('de', 'd', 'e');
  return g;
}

function standIn() {
  const calls: unknown[] = [];
  return { calls, refresh: (opts?: unknown) => void calls.push(opts ?? 'full') };
}

const node = { x: 1, y: 2, size: 5, color: '#123456', zIndex: 1 } as NodeDisplayData;
const edge = { size: 2, color: '#654321', zIndex: 1 } as EdgeDisplayData;

describe('hover emphasis', () => {
  it('lists the entities whose fade changes', () => {
    const g = picture();
    expect(hoverChanges(g, null, null)).toEqual([]);
    expect(hoverChanges(g, null, new Set(['a', 'b'])).sort()).toEqual(['c', 'd', 'e']);
    expect(hoverChanges(g, new Set(['a', 'b']), null).sort()).toEqual(['c', 'd', 'e']);
    expect(hoverChanges(g, new Set(['a', 'b']), new Set(['b', 'c'])).sort()).toEqual(['a', 'c']);
  });

  it('re-processes the whole graph in a small picture', () => {
    const g = picture();
    const hl = emptyHighlight();
    const r = standIn();
    hoverEmphasis(r, g, hl, 'a');
    expect(hl.hoveredNode).toBe('a');
    expect([...hl.neighbours].sort()).toEqual(['a', 'b']);
    expect(r.calls).toEqual(['full']);
    expect(edgeReducer(hl, g, 'de', edge).color).toBe(hl.palette.faded);
    expect(nodeReducer(hl, 'd', node)).toMatchObject({ color: hl.palette.faded, zIndex: 0 });
  });

  it('re-processes only the changed entities, in place, in a big picture', () => {
    const g = picture();
    const hl = { ...emptyHighlight(), lightHover: true, selectedNode: 'e' };
    const r = standIn();
    hoverEmphasis(r, g, hl, 'a');
    hoverEmphasis(r, g, hl, 'c');
    hoverEmphasis(r, g, hl, null);
    const partial = (nodes: string[]) => ({ partialGraph: { nodes }, skipIndexation: true });
    expect(r.calls).toEqual([
      partial(['c', 'd', 'e']),
      partial(['a', 'c']),
      partial(['a', 'd', 'e']),
    ]);
    // Left: the selected entity's neighbours are the bright ones again, nothing fades.
    expect([...hl.neighbours].sort()).toEqual(['d', 'e']);
    expect(nodeReducer(hl, 'a', node)).toEqual({ ...node, labelVisibility: 'hidden' });
    hoverEmphasis(r, g, hl, 'a');
    // A faded entity keeps its position, size and order; lines keep their colours.
    expect(nodeReducer(hl, 'd', node)).toEqual({
      ...node,
      color: hl.palette.faded,
      labelVisibility: 'hidden',
    });
    expect(nodeReducer(hl, 'b', node)).toEqual({ ...node, labelVisibility: 'hidden' });
    expect(edgeReducer(hl, g, 'de', edge)).toEqual(edge);
  });

  it('still fades by search, with order, in a big picture', () => {
    const g = picture();
    const hl = { ...emptyHighlight(), lightHover: true, matches: new Set(['a']) };
    hoverEmphasis(standIn(), g, hl, 'a');
    expect(nodeReducer(hl, 'c', node)).toMatchObject({ color: hl.palette.faded, zIndex: 0 });
    expect(nodeReducer(hl, 'a', node)).toMatchObject({ size: 5 * 1.3, zIndex: 2 });
    expect(edgeReducer(hl, g, 'de', edge).color).toBe(hl.palette.faded);
  });
});
