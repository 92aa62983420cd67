/**
 * The cluster view's layout: every group (a namespace, the Kubernetes nodes, the IPs) laid out
 * on its own — hubs in the middle of a sunflower seed, relaxed by a few ForceAtlas2 iterations,
 * scaled so that its area grows with its member count — then the groups packed in rows, biggest
 * first, the node and IP groups last. Collapsing a group never moves another; expanding it puts
 * its members back where they were. Deterministic; pure computation, no DOM.
 */
import { compare } from './order';
import { relax, type Positions } from './relax';

interface GroupInput {
  nodes: { id: string; group?: string }[];
  edges: { source: string; target: string }[];
}

/** Graph units between neighbours inside a group, and between two groups. */
const SPACING = 46;
const GROUP_GAP = 120;
const GOLDEN = Math.PI * (3 - Math.sqrt(5));

export function clustered(input: GroupInput): Positions {
  const members = new Map<string, string[]>();
  for (const n of input.nodes) {
    const g = n.group ?? '';
    members.set(g, [...(members.get(g) ?? []), n.id]);
  }
  const groupOf = new Map(input.nodes.map((n) => [n.id, n.group ?? '']));
  const inner = new Map<string, { source: string; target: string }[]>();
  for (const e of input.edges) {
    const g = groupOf.get(e.source);
    if (g === undefined || g !== groupOf.get(e.target)) continue;
    inner.set(g, [...(inner.get(g) ?? []), e]);
  }
  const local = new Map<string, { pos: Positions; radius: number }>();
  for (const [g, ids] of members) local.set(g, layoutGroup(ids, inner.get(g) ?? []));
  return pack(local);
}

/** One group centred on (0, 0): positions and the radius of the disc that holds them. */
function layoutGroup(
  ids: string[],
  edges: { source: string; target: string }[],
): { pos: Positions; radius: number } {
  const degree = new Map(ids.map((id) => [id, 0]));
  for (const e of edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const order = [...ids].sort(
    (a, b) => (degree.get(b) ?? 0) - (degree.get(a) ?? 0) || compare(a, b),
  );
  const pos: Positions = new Map();
  order.forEach((id, i) => {
    const r = Math.sqrt(i + 0.5);
    pos.set(id, { x: r * Math.cos(i * GOLDEN), y: r * Math.sin(i * GOLDEN) });
  });
  if (ids.length > 3 && edges.length > 0) {
    relax({ nodes: order.map((id) => ({ id })), edges }, pos, 1, ids.length > 1000 ? 40 : 80);
  }
  return fit(pos, SPACING * Math.sqrt(ids.length / Math.PI) + SPACING / 2);
}

/** Centres the positions and scales them into a disc of the given radius. */
function fit(pos: Positions, radius: number): { pos: Positions; radius: number } {
  const pts = [...pos.values()];
  const cx = pts.reduce((s, p) => s + p.x, 0) / Math.max(1, pts.length);
  const cy = pts.reduce((s, p) => s + p.y, 0) / Math.max(1, pts.length);
  const far = Math.max(...pts.map((p) => Math.hypot(p.x - cx, p.y - cy)), 1e-9);
  const k = pts.length <= 1 ? 0 : (radius - SPACING / 2) / far;
  for (const [id, p] of pos) pos.set(id, { x: (p.x - cx) * k, y: (p.y - cy) * k });
  return { pos, radius };
}

/** Groups in rows (shelf packing), biggest first; names that are not namespaces go last. */
function pack(local: Map<string, { pos: Positions; radius: number }>): Positions {
  const special = (g: string) => (g.startsWith('(') ? 1 : 0);
  const groups = [...local.keys()].sort(
    (a, b) =>
      special(a) - special(b) ||
      (local.get(b)?.radius ?? 0) - (local.get(a)?.radius ?? 0) ||
      compare(a, b),
  );
  const area = groups.reduce((s, g) => s + (2 * (local.get(g)?.radius ?? 0) + GROUP_GAP) ** 2, 0);
  const rowWidth = Math.max(
    Math.sqrt(area) * 1.3,
    ...groups.map((g) => 2 * (local.get(g)?.radius ?? 0)),
  );
  const out: Positions = new Map();
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const g of groups) {
    const { pos, radius } = local.get(g) ?? { pos: new Map(), radius: 0 };
    const side = 2 * radius + GROUP_GAP;
    if (x > 0 && x + side > rowWidth) {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    for (const [id, p] of pos) out.set(id, { x: x + side / 2 + p.x, y: y + side / 2 + p.y });
    x += side;
    rowHeight = Math.max(rowHeight, side);
  }
  return out;
}
