/**
 * The whole picture as an SVG document, at any size, whatever the camera shows: every entity,
 * line, namespace hull and the labels that fit without overlapping (labels.ts), with the legend
 * in a corner so that the file explains itself. The PNG export draws this SVG onto a canvas of
 * the chosen size. Positions are graph coordinates (y up); text is escaped. Pure, no DOM: the
 * caller measures text (a canvas in the browser, an estimate in tests).
 */
import type { Palette } from './palette';
import { pickLabels, type LabelBox } from './labels';
import type { Point } from './hull';

export type SceneShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'rectangle';

export interface SceneNode {
  id: string;
  x: number;
  y: number;
  /** Radius in screen pixels at 1:1. */
  size: number;
  color: string;
  label: string;
  shape: SceneShape;
  priority: number;
}

export interface SceneEdge {
  source: string;
  target: string;
  color: string;
  size: number;
}

export interface Scene {
  nodes: SceneNode[];
  edges: SceneEdge[];
  hulls: { label: string; points: Point[] }[];
  palette: Palette;
  /** Colour and text of each legend entry; `line` entries are drawn as a stroke. */
  legend: { color: string; text: string; mark: 'line' | 'dot' }[];
}

export type Measure = (text: string, px: number) => number;

const PAD = 40;
const FONT = 12;
const LEGEND_ROW = 18;

export function sceneToSvg(scene: Scene, width: number, height: number, measure: Measure): string {
  const legendH = scene.legend.length * LEGEND_ROW + 16;
  const s = Math.min(4, Math.max(1, Math.min(width, height) / 900));
  const fit = fitter(scene, width, height - legendH * s);
  const pos = new Map(scene.nodes.map((n) => [n.id, fit(n.x, n.y)]));
  const p = scene.palette;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="${p.background}"/>`,
    `<defs>${arrowMarkers(scene.edges)}</defs>`,
  ];
  for (const h of scene.hulls) out.push(hullSvg(h, fit, p, s));
  const sizes = new Map(scene.nodes.map((n) => [n.id, n.size]));
  for (const e of scene.edges) out.push(edgeSvg(e, pos, sizes, s));
  for (const n of scene.nodes) out.push(nodeSvg(n, pos.get(n.id) ?? [0, 0], s));
  out.push(labelsSvg(scene, pos, s, measure));
  out.push(legendSvg(scene, height, s));
  out.push('</svg>');
  return out.join('\n');
}

/** Graph coordinates → SVG pixels: the picture's bounding box fitted inside the padding. */
function fitter(scene: Scene, width: number, height: number): (x: number, y: number) => Point {
  const xs = [
    ...scene.nodes.map((n) => n.x),
    ...scene.hulls.flatMap((h) => h.points.map((q) => q[0])),
  ];
  const ys = [
    ...scene.nodes.map((n) => n.y),
    ...scene.hulls.flatMap((h) => h.points.map((q) => q[1])),
  ];
  const [x0, x1] = [Math.min(...xs, 0), Math.max(...xs, 0)];
  const [y0, y1] = [Math.min(...ys, 0), Math.max(...ys, 0)];
  const k = Math.min(
    (width - 2 * PAD) / Math.max(1, x1 - x0),
    (height - 2 * PAD) / Math.max(1, y1 - y0),
  );
  const dx = (width - (x1 - x0) * k) / 2;
  const dy = (height - (y1 - y0) * k) / 2;
  return (x, y) => [round(dx + (x - x0) * k), round(dy + (y1 - y) * k)];
}

function arrowMarkers(edges: SceneEdge[]): string {
  return [...new Set(edges.map((e) => e.color))]
    .map(
      (c) =>
        `<marker id="${markerId(c)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${c}"/></marker>`,
    )
    .join('');
}

function markerId(color: string): string {
  return `arrow-${color.replace(/[^a-z0-9]/gi, '')}`;
}

function hullSvg(
  h: Scene['hulls'][number],
  fit: (x: number, y: number) => Point,
  p: Palette,
  s: number,
): string {
  const pts = h.points.map(([x, y]) => fit(x, y));
  if (pts.length === 0) return '';
  const d = pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x},${y}`).join('') + 'Z';
  const top = pts.reduce((a, b) => (b[1] < a[1] ? b : a));
  const pad = 18 * s;
  return [
    `<path d="${d}" fill="${p.hull}" stroke="${p.hullBorder}" stroke-width="${2 * pad}" stroke-linejoin="round" stroke-opacity="0.18"/>`,
    `<text x="${top[0]}" y="${round(top[1] - pad - 4 * s)}" font-size="${FONT * s}" fill="${p.label}" text-anchor="middle">${escapeXml(h.label)}</text>`,
  ].join('');
}

function edgeSvg(
  e: SceneEdge,
  pos: Map<string, Point>,
  sizes: Map<string, number>,
  s: number,
): string {
  const a = pos.get(e.source);
  const b = pos.get(e.target);
  if (!a || !b) return '';
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  const back = ((sizes.get(e.target) ?? 0) + 1) * s;
  const end: Point = [
    round(b[0] - ((b[0] - a[0]) * back) / len),
    round(b[1] - ((b[1] - a[1]) * back) / len),
  ];
  return `<line x1="${a[0]}" y1="${a[1]}" x2="${end[0]}" y2="${end[1]}" stroke="${e.color}" stroke-width="${round(e.size * s)}" marker-end="url(#${markerId(e.color)})"/>`;
}

function nodeSvg(n: SceneNode, [x, y]: Point, s: number): string {
  const r = round(n.size * s);
  const id = `data-entity="${escapeXml(n.id)}"`;
  switch (n.shape) {
    case 'square':
      return `<rect ${id} x="${round(x - r)}" y="${round(y - r)}" width="${2 * r}" height="${2 * r}" fill="${n.color}"/>`;
    case 'rectangle':
      return `<rect ${id} x="${round(x - r)}" y="${round(y - r / 1.6)}" width="${2 * r}" height="${round((2 * r) / 1.6)}" rx="${round(0.3 * r)}" fill="${n.color}"/>`;
    case 'triangle':
      return `<path ${id} d="M${x},${round(y - r)}L${round(x + r)},${round(y + r)}L${round(x - r)},${round(y + r)}Z" fill="${n.color}"/>`;
    case 'diamond':
      return `<path ${id} d="M${x},${round(y - r)}L${round(x + r)},${y}L${x},${round(y + r)}L${round(x - r)},${y}Z" fill="${n.color}"/>`;
    default:
      return `<circle ${id} cx="${x}" cy="${y}" r="${r}" fill="${n.color}"/>`;
  }
}

/** The labels that fit without overlapping, right of their entity, over a light box. */
function labelsSvg(scene: Scene, pos: Map<string, Point>, s: number, measure: Measure): string {
  const px = FONT * s;
  const boxes: LabelBox[] = scene.nodes
    .filter((n) => n.label !== '')
    .map((n) => {
      const [x, y] = pos.get(n.id) ?? [0, 0];
      const w = measure(n.label, px) + 6 * s;
      return {
        id: n.id,
        x: x + (n.size + 4) * s,
        y: y - px / 2 - 3 * s,
        w,
        h: px + 6 * s,
        priority: n.priority,
      };
    });
  const kept = pickLabels(boxes);
  const p = scene.palette;
  const byId = new Map(scene.nodes.map((n) => [n.id, n]));
  return boxes
    .filter((b) => kept.has(b.id))
    .map(
      (b) =>
        `<g><rect x="${round(b.x)}" y="${round(b.y)}" width="${round(b.w)}" height="${round(b.h)}" fill="${p.labelBackground}"/><text x="${round(b.x + 3 * s)}" y="${round(b.y + b.h / 2)}" dominant-baseline="central" font-size="${px}" fill="${p.label}">${escapeXml(byId.get(b.id)?.label ?? '')}</text></g>`,
    )
    .join('\n');
}

function legendSvg(scene: Scene, height: number, s: number): string {
  const p = scene.palette;
  const rows = scene.legend.length;
  const top = height - (rows * LEGEND_ROW + 16) * s;
  const parts = [
    `<g font-size="${FONT * s}"><rect x="${8 * s}" y="${round(top)}" width="${300 * s}" height="${(rows * LEGEND_ROW + 10) * s}" fill="${p.labelBackground}" stroke="${p.hullBorder}"/>`,
  ];
  scene.legend.forEach((l, i) => {
    const y = round(top + (i * LEGEND_ROW + 14) * s);
    parts.push(
      l.mark === 'line'
        ? `<line x1="${16 * s}" y1="${y}" x2="${40 * s}" y2="${y}" stroke="${l.color}" stroke-width="${3 * s}"/>`
        : `<circle cx="${28 * s}" cy="${y}" r="${5 * s}" fill="${l.color}"/>`,
      `<text x="${48 * s}" y="${y}" dominant-baseline="central" fill="${p.label}">${escapeXml(l.text)}</text>`,
    );
  });
  parts.push('</g>');
  return parts.join('');
}

/** Text as XML character data: markup escaped, characters XML 1.0 forbids dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- the point is to drop control characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
  );
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
