/**
 * Level of detail while the camera moves, past sigma's own settings (hideEdgesOnMove): while the
 * lines are hidden on a moving camera, sigma's per-line frame pass is skipped and the entities
 * are drawn to the screen only, not into the picking buffer — or, in a big picture, as plain
 * points. DOM-side only (it wraps a renderer), but imports sigma's types only, so it runs
 * against a stand-in in unit tests.
 */
import type Sigma from 'sigma';
import type { FrameParams, PointLayer } from './moving-points';

type Method = (...args: unknown[]) => unknown;

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

/** A frame of a moving camera with the lines hidden: the frames these cuts apply to. */
function light(r: Sigma): boolean {
  return Boolean(r.getSetting('hideEdgesOnMove')) && moving(r);
}

/**
 * Replaces `method` of sigma's private object `field` by `replace(original)`, now and whenever
 * sigma sets the field again (at construction and after a lost WebGL context). Does nothing if
 * a sigma release renames the field or the method.
 */
function wrapPrivate(r: Sigma, field: string, method: string, replace: (m: Method) => Method) {
  const inner = r as unknown as Record<string, Record<string, unknown> | undefined>;
  if (typeof inner[field]?.[method] !== 'function') return;
  const wrap = (obj: Record<string, unknown> | undefined) => {
    if (obj && typeof obj[method] === 'function') {
      obj[method] = replace((obj[method] as Method).bind(obj));
    }
    return obj;
  };
  let current = wrap(inner[field]);
  Object.defineProperty(inner, field, {
    configurable: true,
    get: () => current,
    set: (next: Record<string, unknown> | undefined) => (current = wrap(next)),
  });
}

/** Whether the entities are drawn as points while the camera moves (a big picture). */
export interface MovingFrames {
  setPoints(on: boolean): void;
}

/**
 * Lightens the frames of a moving camera when the lines are hidden (bench/README.md has the
 * per-pass GPU figures). Sigma 4.0.4 still does two things on those frames that nothing uses:
 *  - its edge frame pass, a vertex-shader search, for every line, of where it leaves the shapes
 *    of its two entities: nothing reads it while the lines and their labels are not drawn;
 *  - the second draw of the entities and of their label backgrounds, into the picking buffer
 *    that finds what the pointer is over: nothing is entered or clicked while the camera is
 *    dragged, animated or wheeled.
 * And with `setPoints(true)` (a big picture) the entities are drawn as plain points (`points`,
 * moving-points.ts) instead of sigma's shapes, the largest cost left in software WebGL.
 * The frame after the move (sigma refreshes once the camera stops, because lines are hidden
 * while moving) draws as sigma does, so the picture and the picking at rest are unchanged.
 */
export function lightenMovingFrames(r: Sigma, points: PointLayer | null = null): MovingFrames {
  let usePoints = false;
  let drawnFrame: unknown = null;
  wrapPrivate(r, 'edgeFramePass', 'run', (run) => (...args) => {
    if (!light(r)) run(...args);
  });
  // Sigma's render parameters without the picking buffer (its programs then draw to the screen).
  const screenOnly =
    (render: Method): Method =>
    (params, ...rest) =>
      light(r) && typeof params === 'object' && params !== null
        ? render({ ...params, pickingFrameBuffer: null }, ...rest)
        : render(params, ...rest);
  wrapPrivate(r, 'nodeProgram', 'render', (render) => (params, ...rest) => {
    if (!light(r) || !usePoints || !points) return screenOnly(render)(params, ...rest);
    // Sigma draws the entities by depth, several calls a frame: the points go in the first.
    const frame = (params as { frameId?: unknown }).frameId;
    if (frame === undefined || frame !== drawnFrame) points.draw(params as FrameParams);
    drawnFrame = frame;
  });
  wrapPrivate(r, 'labelRenderer', 'renderLabelBackgrounds', screenOnly);
  if (points) r.on('afterProcess', () => points.invalidate());
  return { setPoints: (on) => void (usePoints = on) };
}
