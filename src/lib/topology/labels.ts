/**
 * Labels that never overlap: each candidate label is a box on the screen, and a greedy pass in
 * priority order keeps a label only when its box meets no box already kept (a uniform grid makes
 * the test cheap for thousands of labels). The canvas runs it after every camera move, the SVG
 * export at its own size. Long names are cut with an ellipsis (the full name stays in the
 * details panel's title). Pure, no DOM.
 */

export interface LabelBox {
  id: string;
  /** Top-left corner and size, in screen pixels. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Higher first: the selected entity, search matches, the hovered one's neighbours, hubs. */
  priority: number;
}

/** What the canvas writes next to an entity, at most this many characters. */
export const MAX_LABEL = 48;

export function truncateLabel(label: string, max = MAX_LABEL): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

const CELL = 64;

/** The labels to draw: no two of the returned boxes overlap. */
export function pickLabels(boxes: readonly LabelBox[]): Set<string> {
  const order = [...boxes].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1));
  const grid = new Map<string, LabelBox[]>();
  const kept = new Set<string>();
  for (const b of order) {
    const cells = cellsOf(b);
    if (cells.some((c) => grid.get(c)?.some((o) => overlaps(o, b)))) continue;
    kept.add(b.id);
    for (const c of cells) {
      const list = grid.get(c);
      if (list) list.push(b);
      else grid.set(c, [b]);
    }
  }
  return kept;
}

export function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function cellsOf(b: LabelBox): string[] {
  const out: string[] = [];
  const [x0, x1] = [Math.floor(b.x / CELL), Math.floor((b.x + b.w) / CELL)];
  const [y0, y1] = [Math.floor(b.y / CELL), Math.floor((b.y + b.h) / CELL)];
  for (let i = x0; i <= x1; i++) for (let j = y0; j <= y1; j++) out.push(`${i},${j}`);
  return out;
}
