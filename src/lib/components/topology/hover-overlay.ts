/**
 * The hover emphasis of a big picture, drawn on a 2D canvas over sigma's stage instead of by a
 * sigma refresh: a veil in the background colour fades everything, then the hovered entity, its
 * lines and neighbours and their labels are drawn again on top. A hover change then costs a few
 * milliseconds instead of a whole frame of sigma (every line drawn again: about a second in
 * software WebGL at 20,000 lines, bench/README.md). Sigma's own hover state still changes
 * (its picking and events are untouched) but no longer asks for a frame of its own: it is
 * applied with the next frame drawn for another reason. DOM-side only.
 */
import type Sigma from 'sigma';
import type Graph from 'graphology';
import type { Highlight } from './highlight';
import { clearedLayer, fittingLabels } from './overlays';

/** How much of the background the veil lays over the picture (today's faded grey, about). */
const VEIL = 0.8;
const FONT = '12px sans-serif';

export interface HoverOverlay {
  /** On: hover changes are drawn here and sigma's hover state asks for no frame. */
  setActive(on: boolean): void;
  readonly active: boolean;
  /** The hovered entity (null: none); drawn once per task, however many changes it got. */
  show(id: string | null): void;
  kill(): void;
}

type Point = { x: number; y: number };

/**
 * Coalesces hover changes: `apply` takes every change as it comes, `frame` runs once after the
 * task that made them (a move from one entity to the next is a leave and an enter in one task).
 */
export function onePerTask(
  apply: (id: string | null) => void,
  frame: () => void,
): (id: string | null) => void {
  let queued = false;
  return (id) => {
    apply(id);
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      frame();
    });
  };
}

/** The labels that fit (overlays.ts), replaceable in unit tests (they measure text in the DOM). */
type LabelPass = (r: Sigma, g: Graph, hl: Highlight) => Set<string>;

export function hoverOverlay(
  r: Sigma,
  g: Graph,
  hl: Highlight,
  labelsOf: LabelPass = fittingLabels,
): HoverOverlay {
  const canvas = r.createCanvas('emphasis', {
    afterLayer: 'stage',
    style: { pointerEvents: 'none' },
  });
  let active = false;
  let hovered: string | null = null;
  quietHoverState(r, () => active);

  const draw = () => {
    const c = clearedLayer(r, canvas);
    if (!c || !active || hovered === null || !g.hasNode(hovered)) return;
    const { width, height } = r.getDimensions();
    const p = hl.palette;
    c.globalAlpha = VEIL;
    c.fillStyle = p.background;
    c.fillRect(0, 0, width, height);
    c.globalAlpha = 1;
    const neighbours = new Set([hovered, ...g.neighbors(hovered)]);
    const at = (id: string) => {
      const d = r.getNodeDisplayData(id);
      return d
        ? { ...r.framedGraphToViewport(d), size: r.scaleSize(d.size), color: d.color }
        : null;
    };
    g.forEachEdge(hovered, (edge, _a, s, t) => {
      const [from, to, d] = [at(s), at(t), r.getEdgeDisplayData(edge)];
      if (from && to && d && d.visibility !== 'hidden')
        drawLine(c, from, to, to.size, r.scaleSize(d.size), d.color);
    });
    const order = [...neighbours].filter((id) => id !== hovered).concat(hovered);
    for (const id of order) {
      const d = at(id);
      if (d) drawShape(c, d, d.size, String(g.getNodeAttribute(id, 'shape')), d.color);
    }
    const labels = labelsOf(r, g, { ...hl, hoveredNode: hovered, neighbours });
    c.font = FONT;
    c.textBaseline = 'middle';
    for (const id of labels) {
      const d = at(id);
      const text = String(g.getNodeAttribute(id, 'label') ?? '');
      if (!d || text === '') continue;
      const x = d.x + d.size + 3;
      c.fillStyle = p.labelBackground;
      c.fillRect(x, d.y - 9, c.measureText(text).width + 4, 18);
      c.fillStyle = p.label;
      c.fillText(text, x + 2, d.y);
    }
  };
  r.on('afterRender', draw);
  const show = onePerTask((id) => void (hovered = id), draw);

  return {
    get active() {
      return active;
    },
    setActive(on) {
      active = on;
      hovered = null;
      draw();
    },
    show,
    kill() {
      r.off('afterRender', draw);
      r.killLayer('emphasis');
    },
  };
}

/**
 * Sigma 4.0.4 schedules a whole frame whenever a hover state changes (the hovered entity goes
 * to its top layer and gets a backdrop). While `quiet()` that change is only noted: the next
 * frame drawn for another reason applies it. A change of the graph's state (a zoom that ends:
 * the frame at rest with its lines) still gets its frame. Does nothing if a release renames
 * what it relies on.
 */
function quietHoverState(r: Sigma, quiet: () => boolean): void {
  const inner = r as unknown as {
    scheduleStateRefresh?: () => void;
    needToRefreshState: boolean;
    stateManager?: { graphStateChanged?: boolean };
  };
  const schedule = inner.scheduleStateRefresh;
  if (typeof schedule !== 'function' || typeof inner.stateManager?.graphStateChanged !== 'boolean')
    return;
  inner.scheduleStateRefresh = () => {
    if (quiet() && !inner.stateManager?.graphStateChanged) inner.needToRefreshState = true;
    else schedule.call(r);
  };
}

function drawLine(
  c: CanvasRenderingContext2D,
  from: Point,
  to: Point,
  targetSize: number,
  width: number,
  color: string,
): void {
  const [dx, dy] = [to.x - from.x, to.y - from.y];
  const length = Math.hypot(dx, dy);
  if (length < 1) return;
  const [ux, uy] = [dx / length, dy / length];
  const head = Math.max(6, width * 3);
  const tip = { x: to.x - ux * targetSize, y: to.y - uy * targetSize };
  const base = { x: tip.x - ux * head, y: tip.y - uy * head };
  c.strokeStyle = color;
  c.fillStyle = color;
  c.lineWidth = Math.max(1, width);
  c.beginPath();
  c.moveTo(from.x, from.y);
  c.lineTo(base.x, base.y);
  c.stroke();
  c.beginPath();
  c.moveTo(tip.x, tip.y);
  c.lineTo(base.x - uy * head * 0.5, base.y + ux * head * 0.5);
  c.lineTo(base.x + uy * head * 0.5, base.y - ux * head * 0.5);
  c.closePath();
  c.fill();
}

/** Sigma's entity shapes (sigma-setup.ts), in 2D: `size` is the radius in pixels. */
function drawShape(
  c: CanvasRenderingContext2D,
  at: Point,
  size: number,
  shape: string,
  color: string,
): void {
  const { x, y } = at;
  c.fillStyle = color;
  c.beginPath();
  if (shape === 'square') c.rect(x - size * 0.8, y - size * 0.8, size * 1.6, size * 1.6);
  else if (shape === 'triangle') {
    c.moveTo(x, y - size);
    c.lineTo(x + size * 0.87, y + size * 0.5);
    c.lineTo(x - size * 0.87, y + size * 0.5);
  } else if (shape === 'diamond') {
    c.moveTo(x, y - size);
    c.lineTo(x + size, y);
    c.lineTo(x, y + size);
    c.lineTo(x - size, y);
  } else if (shape === 'rectangle')
    c.roundRect(x - size, y - size / 1.6, size * 2, size / 0.8, size * 0.3);
  else c.arc(x, y, size, 0, 2 * Math.PI);
  c.closePath();
  c.fill();
}
