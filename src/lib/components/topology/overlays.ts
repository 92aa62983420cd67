/**
 * What the canvas draws around sigma: the labels that fit (a collision pass over the screen
 * boxes of the candidate labels, labels.ts, run when the camera stops) and the namespace hulls
 * of the cluster view (a 2D canvas layer under sigma's stage, redrawn after every frame from
 * hulls computed once in graph coordinates). DOM-side only.
 */
import type Sigma from 'sigma';
import type Graph from 'graphology';
import { pickLabels, type LabelBox } from '$lib/topology/labels';
import type { Point } from '$lib/topology/hull';
import type { Palette } from '$lib/topology/palette';
import type { Highlight } from './highlight';

const FONT = '12px sans-serif';
const widths = new Map<string, number>();
let ctx: CanvasRenderingContext2D | null = null;

/** Width in CSS pixels of a label at `px` pixels (a shared canvas; memoised at 12 px). */
export function measureText(text: string, px = 12): number {
  let w = widths.get(text);
  if (w === undefined) {
    ctx ??= document.createElement('canvas').getContext('2d');
    if (!ctx) return text.length * 7 * (px / 12);
    ctx.font = FONT;
    w = ctx.measureText(text).width;
    if (widths.size > 50_000) widths.clear();
    widths.set(text, w);
  }
  return (w * px) / 12;
}

/** The labels to draw now: on screen, not faded, no two overlapping. */
export function fittingLabels(r: Sigma, g: Graph, hl: Highlight): Set<string> {
  const { width, height } = r.getDimensions();
  const boxes: LabelBox[] = [];
  g.forEachNode((id, a) => {
    const label = typeof a.label === 'string' ? a.label : '';
    if (label === '') return;
    if (hl.hoveredNode !== null && !hl.neighbours.has(id)) return;
    if (hl.matches !== null && !hl.matches.has(id) && id !== hl.selectedNode) return;
    const d = r.getNodeDisplayData(id);
    if (!d) return;
    const v = r.framedGraphToViewport(d);
    if (v.x < -300 || v.y < -20 || v.x > width + 20 || v.y > height + 20) return;
    const radius = r.scaleSize(d.size) * (id === hl.selectedNode || id === hl.focusNode ? 1.6 : 1);
    boxes.push({
      id,
      x: v.x + radius + 3,
      y: v.y - 9,
      w: measureText(label) + 8,
      h: 18,
      priority: priority(hl, id, Number(a.zIndex ?? 0), d.size, g.degree(id)),
    });
  });
  return pickLabels(boxes);
}

function priority(hl: Highlight, id: string, z: number, size: number, degree: number): number {
  if (id === hl.selectedNode || id === hl.focusNode || id === hl.hoveredNode) return 1e9;
  const emphasised = hl.matches?.has(id) || (hl.hoveredNode !== null && hl.neighbours.has(id));
  return (emphasised ? 1e7 : 0) + z * 1e6 + size * 1e3 + degree;
}

/**
 * The 2D context of a canvas layer over or under sigma's stage, sized to it (device pixels)
 * and cleared, in CSS pixels; null when the canvas has none.
 */
export function clearedLayer(r: Sigma, canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  const { width, height } = r.getDimensions();
  const ratio = globalThis.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const c = canvas.getContext('2d');
  if (!c) return null;
  c.setTransform(ratio, 0, 0, ratio, 0, 0);
  c.clearRect(0, 0, width, height);
  return c;
}

export interface HullLayer {
  set(hulls: { label: string; points: Point[] }[], palette: Palette): void;
  kill(): void;
}

/** A canvas under the stage that outlines each expanded group after every frame. */
export function hullLayer(r: Sigma): HullLayer {
  const canvas = r.createCanvas('hulls', { beforeLayer: 'stage' });
  let hulls: { label: string; points: Point[] }[] = [];
  let palette: Palette | null = null;
  const draw = () => {
    const c = clearedLayer(r, canvas);
    if (!c || !palette) return;
    for (const h of hulls) drawHull(c, r, h, palette);
  };
  r.on('afterRender', draw);
  return {
    set(next, p) {
      hulls = next;
      palette = p;
      draw();
    },
    kill() {
      r.off('afterRender', draw);
      r.killLayer('hulls');
    },
  };
}

const PAD = 18;

function drawHull(
  c: CanvasRenderingContext2D,
  r: Sigma,
  h: { label: string; points: Point[] },
  p: Palette,
): void {
  const pts = h.points.map(([x, y]) => r.graphToViewport({ x, y }));
  if (pts.length === 0) return;
  c.beginPath();
  pts.forEach((q, i) => (i === 0 ? c.moveTo(q.x, q.y) : c.lineTo(q.x, q.y)));
  c.closePath();
  c.lineJoin = 'round';
  c.lineCap = 'round';
  c.lineWidth = 2 * PAD + 2;
  c.strokeStyle = p.hullBorder;
  c.stroke();
  c.lineWidth = 2 * PAD;
  c.strokeStyle = p.background;
  c.fillStyle = p.background;
  c.stroke();
  c.fill();
  c.strokeStyle = p.hull;
  c.fillStyle = p.hull;
  c.stroke();
  c.fill();
  const top = pts.reduce((a, b) => (b.y < a.y ? b : a));
  c.font = '600 12px sans-serif';
  c.textAlign = 'center';
  c.textBaseline = 'bottom';
  c.fillStyle = p.label;
  c.fillText(h.label, top.x, top.y - PAD - 3);
}
