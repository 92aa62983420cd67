/**
 * The hover emphasis of a big picture: drawn once per task however many hover changes it got,
 * the veil and the hovered entity's lines and neighbours on top, cleared on leave, drawn again
 * after every sigma frame; sigma's own hover state asks for no frame while it is on. And the
 * coalescing of hover changes that small pictures use too.
 */
import { describe, expect, it } from 'vitest';
import Graph from 'graphology';
import type Sigma from 'sigma';
import { hoverOverlay, onePerTask } from '../../../src/lib/components/topology/hover-overlay';
import { emptyHighlight } from '../../../src/lib/components/topology/highlight';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A 2D context that records what is drawn, by kind. */
function recorder() {
  const calls: string[] = [];
  const ctx = new Proxy(
    { calls, measureText: (t: string) => ({ width: t.length * 7 }) },
    {
      get: (target, key) =>
        key in target
          ? target[key as keyof typeof target]
          : (...args: unknown[]) => {
              if (['clearRect', 'fillRect', 'fillText', 'stroke', 'arc'].includes(String(key)))
                calls.push(`${String(key)} ${args.filter((a) => typeof a === 'string').join('')}`);
            },
      set: () => true,
    },
  );
  return { calls, canvas: { width: 0, height: 0, getContext: () => ctx } };
}

function standIn() {
  const g = new Graph();
  const at: Record<string, { x: number; y: number }> = {
    a: { x: 10, y: 10 },
    b: { x: 100, y: 10 },
    c: { x: 10, y: 100 },
    d: { x: 200, y: 200 },
  };
  for (const [id, p] of Object.entries(at))
    g.addNode(id, { ...p, size: 4, color: '#111111', shape: 'circle', label: `name ${id}` });
  g.addEdge('a', 'b', { size: 1, color: '#111111' });
  g.addEdge('c', 'a', { size: 1, color: '#d7263d' });
  g.addEdge('c', 'd', { size: 1, color: '#111111' });
  const { calls, canvas } = recorder();
  const listeners: Record<string, (() => void)[]> = {};
  const scheduled: string[] = [];
  const r = {
    needToRefreshState: false,
    stateManager: { graphStateChanged: false },
    scheduleStateRefresh: () => void scheduled.push('state frame'),
    createCanvas: () => canvas,
    killLayer: () => undefined,
    on: (e: string, f: () => void) => void (listeners[e] ??= []).push(f),
    off: () => undefined,
    emit: (e: string) => listeners[e]?.forEach((f) => f()),
    getDimensions: () => ({ width: 300, height: 300 }),
    getNodeDisplayData: (id: string) => g.getNodeAttributes(id),
    getEdgeDisplayData: (id: string) => g.getEdgeAttributes(id),
    framedGraphToViewport: (p: { x: number; y: number }) => ({ x: p.x, y: p.y }),
    scaleSize: (s: number) => s,
  };
  const hl = emptyHighlight();
  const labelled: string[][] = [];
  const overlay = hoverOverlay(r as unknown as Sigma, g, hl, (_r, _g, h) => {
    labelled.push([...h.neighbours].sort());
    return new Set(h.neighbours);
  });
  return { r, calls, scheduled, overlay, labelled };
}

describe('onePerTask', () => {
  it('applies every change and runs the frame once after the task that made them', async () => {
    const applied: (string | null)[] = [];
    let frames = 0;
    const hover = onePerTask(
      (id) => void applied.push(id),
      () => void frames++,
    );
    hover(null);
    hover('b');
    expect(frames).toBe(0);
    await tick();
    expect(applied).toEqual([null, 'b']);
    expect(frames).toBe(1);
    hover(null);
    await tick();
    expect(frames).toBe(2);
  });
});

describe('hoverOverlay', () => {
  it('draws nothing and leaves sigma alone while it is off', async () => {
    const { r, calls, scheduled, overlay } = standIn();
    r.scheduleStateRefresh();
    expect(scheduled).toEqual(['state frame']);
    overlay.show('a');
    await tick();
    expect(calls.filter((c) => c !== 'clearRect ')).toEqual([]);
  });

  it('draws the veil, the lines, neighbours and labels of the last entity hovered in a task', async () => {
    const { r, calls, scheduled, overlay, labelled } = standIn();
    overlay.setActive(true);
    calls.length = 0;
    overlay.show('d');
    overlay.show(null);
    overlay.show('a');
    await tick();
    // One drawing, of a (its lines to b and from c; d is no neighbour).
    expect(calls.filter((c) => c === 'clearRect ')).toHaveLength(1);
    expect(labelled).toEqual([['a', 'b', 'c']]);
    // The veil, two lines, three entities, then each label on its background.
    expect(calls.slice(0, 7)).toEqual([
      'clearRect ',
      'fillRect ',
      'stroke ',
      'stroke ',
      'arc ',
      'arc ',
      'arc ',
    ]);
    expect(calls.slice(7).filter((c) => c === 'fillRect ')).toHaveLength(3);
    expect(calls.filter((c) => c.startsWith('fillText')).sort()).toEqual([
      'fillText name a',
      'fillText name b',
      'fillText name c',
    ]);
    // Sigma's hover state is noted, not drawn: the next frame applies it.
    r.scheduleStateRefresh();
    expect(scheduled).toEqual([]);
    expect(r.needToRefreshState).toBe(true);
    // A change of the graph's state (a zoom that ends) gets its frame.
    r.stateManager.graphStateChanged = true;
    r.scheduleStateRefresh();
    expect(scheduled).toEqual(['state frame']);
    // After a frame of sigma (a camera move) it is drawn again; on leave it is cleared.
    calls.length = 0;
    r.emit('afterRender');
    expect(calls.filter((c) => c.startsWith('fillText'))).toHaveLength(3);
    calls.length = 0;
    overlay.show(null);
    await tick();
    expect(calls).toEqual(['clearRect ']);
  });
});
