/**
 * Level of detail while the camera moves, past sigma's own settings: its edge frame pass is
 * skipped while the lines are hidden. DOM-side only (it wraps a renderer), but imports sigma's
 * types only, so it runs against a stand-in in unit tests.
 */
import type Sigma from 'sigma';

/** A pass of sigma's that runs once a frame (its `run`), as far as this module needs it. */
interface FramePass {
  run(...args: unknown[]): void;
}

/** True while sigma renders frames of a moving camera (its own test in `render`). */
function moving(r: Sigma): boolean {
  const m = r.getMouseCaptor();
  return (
    r.getCamera().isAnimating() ||
    m.isMoving ||
    m.draggedEvents > 0 ||
    m.currentWheelDirection !== 0
  );
}

/**
 * Skips sigma's edge frame pass while the lines are hidden on a moving camera. Sigma 4.0.4 runs
 * that pass — a vertex-shader search, for every line, of where it leaves the shapes of its two
 * entities — on every frame, hidden lines or not; in software WebGL it weighs on every frame of
 * a 20,000-line picture (the bench's panning p95 about halves without it), and nothing reads its
 * output while the lines and their labels are not drawn. The frame after the move runs it again and draws the lines. The pass is a private field
 * of sigma's (set at construction and again after a lost WebGL context, so the field is wrapped
 * whenever it is set); should a sigma release rename it, this does nothing.
 */
export function skipLinePassWhileHidden(r: Sigma): void {
  const inner = r as unknown as { edgeFramePass?: FramePass };
  if (typeof inner.edgeFramePass?.run !== 'function') return;
  const wrap = (pass: FramePass | undefined): FramePass | undefined => {
    if (!pass || typeof pass.run !== 'function') return pass;
    const run = pass.run.bind(pass);
    pass.run = (...args) => {
      if (r.getSetting('hideEdgesOnMove') && moving(r)) return;
      run(...args);
    };
    return pass;
  };
  let pass = wrap(inner.edgeFramePass);
  Object.defineProperty(inner, 'edgeFramePass', {
    configurable: true,
    get: () => pass,
    set: (next: FramePass | undefined) => (pass = wrap(next)),
  });
}
