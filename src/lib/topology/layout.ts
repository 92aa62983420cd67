/**
 * Deterministic layouts of the topology (run in layout.worker.ts, off the main thread):
 * - `layered`: the focus (selected workload) in the middle column, clients to the left by hops,
 *   servers to the right, each column ordered by neighbour barycentres (the reference tool's
 *   left-to-right reading);
 * - `force`: the namespace view, the layered picture relaxed by a fixed number of ForceAtlas2
 *   iterations (no randomness: the same graph always gets the same picture);
 * - `cluster`: the cluster view, each group laid out on its own and the groups packed in rows
 *   (layout-groups.ts).
 * Plain data in and out; no DOM.
 */
import { compare } from './order';
import { relax } from './relax';
import { clustered } from './layout-groups';

export interface LayoutNode {
  id: string;
  /** Ranked first (column 0): the selected workload, or the namespace's workloads. */
  focus: boolean;
  /** The cluster view's group (namespace, nodes, IPs): each group gets its own region. */
  group?: string;
  /** Layered: a Service drawn in front of this workload, in the column just left of it. */
  front?: string;
}

export interface LayoutInput {
  nodes: LayoutNode[];
  edges: { source: string; target: string }[];
  mode: 'layered' | 'force' | 'cluster';
}

/** Positions in graph units, in the order of `LayoutInput.nodes`. */
export interface LayoutResult {
  ids: string[];
  x: number[];
  y: number[];
  ms: number;
}

const COLUMN_GAP = 260;
const ROW_GAP = 44;
/** Longer columns wrap into side-by-side sub-columns so that no column gets taller than this. */
const MAX_COLUMN = 24;
const SWEEPS = 4;
const SUB_GAP = 170;

export function computeLayout(input: LayoutInput): LayoutResult {
  const t0 = Date.now();
  const pos = input.mode === 'cluster' ? clustered(input) : layered(input);
  if (input.mode === 'force' && input.nodes.length > 2) relax(input, pos);
  const ids = input.nodes.map((n) => n.id);
  return {
    ids,
    x: ids.map((id) => round(pos.get(id)?.x ?? 0)),
    y: ids.map((id) => round(pos.get(id)?.y ?? 0)),
    ms: Date.now() - t0,
  };
}

interface Adjacency {
  out: Map<string, string[]>;
  in: Map<string, string[]>;
}

function adjacency(input: LayoutInput): Adjacency {
  const out = new Map<string, string[]>();
  const inn = new Map<string, string[]>();
  for (const n of input.nodes) {
    out.set(n.id, []);
    inn.set(n.id, []);
  }
  for (const e of input.edges) {
    if (e.source === e.target) continue;
    out.get(e.source)?.push(e.target);
    inn.get(e.target)?.push(e.source);
  }
  return { out, in: inn };
}

/** Hops from the focus along `next` (breadth first). */
function hops(start: string[], next: Map<string, string[]>): Map<string, number> {
  const dist = new Map(start.map((id) => [id, 0]));
  let frontier = start;
  for (let d = 1; frontier.length > 0; d++) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const n of next.get(id) ?? []) {
        if (dist.has(n)) continue;
        dist.set(n, d);
        following.push(n);
      }
    }
    frontier = following;
  }
  return dist;
}

/** Column of each node: servers right (+hops), clients left (−hops), ties to the left. */
export function ranks(input: LayoutInput): Map<string, number> {
  const adj = adjacency(input);
  const focus = input.nodes.filter((n) => n.focus).map((n) => n.id);
  const start = focus.length > 0 ? focus : input.nodes.slice(0, 1).map((n) => n.id);
  const fwd = hops(start, adj.out);
  const back = hops(start, adj.in);
  const both = new Map<string, string[]>();
  for (const n of input.nodes)
    both.set(n.id, [...(adj.out.get(n.id) ?? []), ...(adj.in.get(n.id) ?? [])]);
  const any = hops(start, both);
  const rank = new Map<string, number>();
  for (const n of input.nodes) {
    const f = fwd.get(n.id);
    const b = back.get(n.id);
    if (f !== undefined && (b === undefined || f < b || f === 0)) rank.set(n.id, f);
    else if (b !== undefined) rank.set(n.id, -b);
    else rank.set(n.id, any.get(n.id) ?? 1);
  }
  for (const n of input.nodes) if (n.front) rank.set(n.id, (rank.get(n.front) ?? 0) - 1);
  return rank;
}

function layered(input: LayoutInput): Map<string, { x: number; y: number }> {
  const rank = ranks(input);
  const columns = new Map<number, string[]>();
  for (const n of input.nodes) {
    const r = rank.get(n.id) ?? 0;
    columns.set(r, [...(columns.get(r) ?? []), n.id]);
  }
  for (const col of columns.values()) col.sort(compare);
  order(columns, adjacency(input));
  const centres = columnCentres(columns);
  const pos = new Map<string, { x: number; y: number }>();
  for (const [r, col] of columns) place(col, centres.get(r) ?? 0, pos);
  return pos;
}

/** Barycentre sweeps: each node moves towards the mean row of its neighbours. */
function order(columns: Map<number, string[]>, adj: Adjacency): void {
  const row = new Map<string, number>();
  const index = (col: string[]) =>
    col.forEach((id, i) => row.set(id, i / Math.max(1, col.length - 1)));
  for (const col of columns.values()) index(col);
  const keys = [...columns.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  for (let s = 0; s < SWEEPS; s++) {
    for (const k of keys) {
      const col = columns.get(k) ?? [];
      const bary = new Map(col.map((id) => [id, barycentre(id, adj, row)]));
      col.sort((a, b) => (bary.get(a) ?? 0) - (bary.get(b) ?? 0) || compare(a, b));
      index(col);
    }
  }
}

function barycentre(id: string, adj: Adjacency, row: Map<string, number>): number {
  const ns = [...(adj.out.get(id) ?? []), ...(adj.in.get(id) ?? [])];
  if (ns.length === 0) return row.get(id) ?? 0;
  return ns.reduce((s, n) => s + (row.get(n) ?? 0), 0) / ns.length;
}

function wraps(col: string[]): number {
  return Math.max(1, Math.ceil(col.length / MAX_COLUMN));
}

/** x of each column's centre, left to right by rank, the focus column (rank 0) at x = 0. */
function columnCentres(columns: Map<number, string[]>): Map<number, number> {
  const centres = new Map<number, number>();
  let cursor = 0;
  for (const r of [...columns.keys()].sort((a, b) => a - b)) {
    const width = (wraps(columns.get(r) ?? []) - 1) * SUB_GAP;
    centres.set(r, cursor + width / 2);
    cursor += width + COLUMN_GAP;
  }
  const shift = centres.get(0) ?? 0;
  for (const [r, x] of centres) centres.set(r, x - shift);
  return centres;
}

/** A column centred on (centre, 0), wrapped into sub-columns of at most MAX_COLUMN rows. */
function place(col: string[], centre: number, pos: Map<string, { x: number; y: number }>): void {
  const w = wraps(col);
  const perColumn = Math.ceil(col.length / w);
  col.forEach((id, i) => {
    const sub = Math.floor(i / perColumn);
    const inSub = i - sub * perColumn;
    const height = Math.min(perColumn, col.length - sub * perColumn);
    const x = centre + (sub - (w - 1) / 2) * SUB_GAP;
    pos.set(id, { x, y: (inSub - (height - 1) / 2) * ROW_GAP });
  });
}

function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 10) / 10 : 0;
}
