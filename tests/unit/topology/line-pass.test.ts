/**
 * The edge frame pass is skipped only while the lines are hidden on a moving camera, and stays
 * wrapped when sigma sets the field again (a restored WebGL context).
 */
import { describe, expect, it } from 'vitest';
import type Sigma from 'sigma';
import { skipLinePassWhileHidden } from '../../../src/lib/components/topology/line-pass';

function standIn() {
  const state = { hide: true, animating: false, isMoving: false, draggedEvents: 0, wheel: 0 };
  const runs: string[] = [];
  const pass = (name: string) => ({ run: () => void runs.push(name) });
  const r = {
    edgeFramePass: pass('first'),
    getSetting: (k: string) => (k === 'hideEdgesOnMove' ? state.hide : undefined),
    getCamera: () => ({ isAnimating: () => state.animating }),
    getMouseCaptor: () => ({
      isMoving: state.isMoving,
      draggedEvents: state.draggedEvents,
      currentWheelDirection: state.wheel,
    }),
  };
  return { r, state, runs, pass };
}

describe('skipLinePassWhileHidden', () => {
  it('runs the pass at rest, skips it while the camera moves with the lines hidden', () => {
    const { r, state, runs, pass } = standIn();
    skipLinePassWhileHidden(r as unknown as Sigma);
    r.edgeFramePass.run();
    expect(runs).toEqual(['first']);
    for (const move of [
      () => (state.isMoving = true),
      () => (state.draggedEvents = 3),
      () => (state.animating = true),
      () => (state.wheel = -1),
    ]) {
      Object.assign(state, { animating: false, isMoving: false, draggedEvents: 0, wheel: 0 });
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
    Object.assign(state, { wheel: 0 });
    r.edgeFramePass.run();
    expect(runs).toEqual(['first', 'first', 'second']);
  });

  it('leaves a renderer without the field alone', () => {
    const r = { getSetting: () => true } as unknown as Sigma;
    expect(() => skipLinePassWhileHidden(r)).not.toThrow();
    expect((r as unknown as { edgeFramePass?: unknown }).edgeFramePass).toBeUndefined();
  });
});
