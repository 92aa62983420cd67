/**
 * While the lines are hidden on a moving camera, the edge frame pass is skipped and the entities
 * are drawn without the picking buffer; at rest (or with lines drawn while moving) both run as
 * sigma wrote them; and both stay wrapped when sigma sets its fields again (a restored context).
 */
import { describe, expect, it } from 'vitest';
import type Sigma from 'sigma';
import { lightenMovingFrames } from '../../../src/lib/components/topology/moving-frame';

interface Params {
  pickingFrameBuffer: string | null;
  width: number;
}

function standIn() {
  const state = { hide: true, animating: false, isMoving: false, draggedEvents: 0, wheel: 0 };
  const runs: string[] = [];
  const draws: (string | null)[] = [];
  const pass = (name: string) => ({ run: () => void runs.push(name) });
  const program = (name: string) => ({
    render: (p: Params, offset: number, count: number) =>
      void draws.push(
        `${name} ${p.pickingFrameBuffer ?? 'screen only'} ${p.width} ${offset} ${count}`,
      ),
  });
  const listeners: Record<string, (() => void)[]> = {};
  const r = {
    on: (event: string, f: () => void) => void (listeners[event] ??= []).push(f),
    emit: (event: string) => listeners[event]?.forEach((f) => f()),
    edgeFramePass: pass('first'),
    nodeProgram: program('first'),
    labelRenderer: { renderLabelBackgrounds: program('labels').render },
    getSetting: (k: string) => (k === 'hideEdgesOnMove' ? state.hide : undefined),
    getCamera: () => ({ isAnimating: () => state.animating }),
    getMouseCaptor: () => ({
      isMoving: state.isMoving,
      draggedEvents: state.draggedEvents,
      currentWheelDirection: state.wheel,
    }),
  };
  const rest = () =>
    Object.assign(state, { animating: false, isMoving: false, draggedEvents: 0, wheel: 0 });
  const moves = [
    () => (state.isMoving = true),
    () => (state.draggedEvents = 3),
    () => (state.animating = true),
    () => (state.wheel = -1),
  ];
  return { r, state, runs, draws, pass, program, rest, moves };
}

const params: Params = { pickingFrameBuffer: 'picking', width: 800 };

describe('lightenMovingFrames', () => {
  it('runs the edge frame pass at rest, skips it while the camera moves with the lines hidden', () => {
    const { r, state, runs, pass, rest, moves } = standIn();
    lightenMovingFrames(r as unknown as Sigma);
    r.edgeFramePass.run();
    expect(runs).toEqual(['first']);
    for (const move of moves) {
      rest();
      move();
      r.edgeFramePass.run();
    }
    expect(runs).toEqual(['first']);
    // Lines drawn while moving (a small picture): the pass runs.
    state.hide = false;
    r.edgeFramePass.run();
    expect(runs).toEqual(['first', 'first']);
    // Set again by sigma: wrapped again.
    state.hide = true;
    r.edgeFramePass = pass('second');
    r.edgeFramePass.run();
    rest();
    r.edgeFramePass.run();
    expect(runs).toEqual(['first', 'first', 'second']);
  });

  it('draws the label backgrounds into the picking buffer at rest only', () => {
    const { r, draws, rest, moves } = standIn();
    lightenMovingFrames(r as unknown as Sigma);
    r.labelRenderer.renderLabelBackgrounds(params, 1, 0);
    moves[0]!();
    r.labelRenderer.renderLabelBackgrounds(params, 1, 0);
    rest();
    r.labelRenderer.renderLabelBackgrounds(params, 2, 0);
    expect(draws).toEqual([
      'labels picking 800 1 0',
      'labels screen only 800 1 0',
      'labels picking 800 2 0',
    ]);
  });

  it('draws the entities into the picking buffer at rest only, when the lines hide on moves', () => {
    const { r, state, draws, program, rest, moves } = standIn();
    lightenMovingFrames(r as unknown as Sigma);
    r.nodeProgram.render(params, 0, 10);
    for (const move of moves) {
      rest();
      move();
      r.nodeProgram.render(params, 5, 2);
    }
    expect(draws).toEqual([
      'first picking 800 0 10',
      ...moves.map(() => 'first screen only 800 5 2'),
    ]);
    expect(params.pickingFrameBuffer).toBe('picking');
    // Lines drawn while moving: sigma refreshes nothing after the move, so picking stays.
    state.hide = false;
    r.nodeProgram.render(params, 0, 10);
    expect(draws.at(-1)).toBe('first picking 800 0 10');
    state.hide = true;
    r.nodeProgram = program('second');
    r.nodeProgram.render(params, 0, 1);
    expect(draws.at(-1)).toBe('second screen only 800 0 1');
    rest();
    r.nodeProgram.render(params, 0, 1);
    expect(draws.at(-1)).toBe('second picking 800 0 1');
  });

  it('draws points instead, once a frame, while moving in a big picture; reads them again after a process', () => {
    const { r, state, draws, rest, moves } = standIn();
    const log: string[] = [];
    const points = {
      draw: (p: { frameId?: number }) => void log.push(`points ${p.frameId}`),
      invalidate: () => void log.push('invalidate'),
    };
    const m = lightenMovingFrames(r as unknown as Sigma, points);
    const frame = (frameId: number) => ({ ...params, frameId });
    // Not yet a big picture: sigma's program, screen only.
    state.isMoving = true;
    r.nodeProgram.render(frame(1), 0, 5);
    expect(draws).toEqual(['first screen only 800 0 5']);
    m.setPoints(true);
    for (const move of moves) {
      rest();
      move();
      const f = frame(10 + draws.length + log.length);
      r.nodeProgram.render(f, 0, 5);
      r.nodeProgram.render(f, 5, 3);
    }
    expect(draws).toHaveLength(1);
    expect(log).toEqual(['points 11', 'points 12', 'points 13', 'points 14']);
    // At rest: sigma draws, picking included.
    rest();
    r.nodeProgram.render(frame(20), 0, 5);
    expect(draws.at(-1)).toBe('first picking 800 0 5');
    r.emit('afterProcess');
    expect(log.at(-1)).toBe('invalidate');
    // A small picture again: no points.
    m.setPoints(false);
    state.wheel = 1;
    r.nodeProgram.render(frame(21), 0, 5);
    expect(draws.at(-1)).toBe('first screen only 800 0 5');
    expect(log).toHaveLength(5);
  });

  it('leaves a renderer without the fields alone', () => {
    const r = { getSetting: () => true } as unknown as Sigma;
    expect(() => lightenMovingFrames(r)).not.toThrow();
    const inner = r as unknown as { edgeFramePass?: unknown; nodeProgram?: unknown };
    expect(inner.edgeFramePass).toBeUndefined();
    expect(inner.nodeProgram).toBeUndefined();
  });
});
