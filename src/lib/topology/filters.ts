/**
 * What the topology hides on request: DNS traffic (port 53), Kubernetes nodes, external IPs and
 * unresolved IPs. A hidden entity takes its lines along; a peer left with no traffic line goes
 * too (the namespace's own workloads and the selected one always stay), and so does a Service
 * left with no line. Pure, no DOM; the layout is computed before filtering, so toggling a filter
 * never moves what stays.
 */
import type { EdgeRow, TopologyEdge, TopologyGraph, TopologyNode } from './types';
import { edgeTone, flowsOf, lineWidth, worstStatus } from './status';
import { TOPOLOGY_COLORS } from './types';

export interface TopologyFilters {
  dns: boolean;
  nodes: boolean;
  external: boolean;
  unresolved: boolean;
}

export const SHOW_ALL: TopologyFilters = {
  dns: true,
  nodes: true,
  external: true,
  unresolved: true,
};

const DNS_PORT = 53;

export function applyFilters(g: TopologyGraph, f: TopologyFilters): TopologyGraph {
  if (f.dns && f.nodes && f.external && f.unresolved) return g;
  const unresolved = unresolvedIps(g);
  const hidden = (n: TopologyNode) =>
    (!f.nodes && n.kind === 'node') ||
    (!f.external && n.kind === 'ip' && n.details.ipClass === 'external') ||
    (!f.unresolved && unresolved.has(n.id));
  const gone = new Set(g.nodes.filter(hidden).map((n) => n.id));
  const edges: TopologyEdge[] = [];
  for (const e of g.edges) {
    if (gone.has(e.source) || gone.has(e.target)) continue;
    const kept = f.dns ? e : withoutDns(e);
    if (kept) edges.push(kept);
  }
  return prune(g, gone, edges);
}

/** IP entities with no alias none of whose rows the user resolved (red for that reason). */
function unresolvedIps(g: TopologyGraph): Set<string> {
  const ips = new Set(g.nodes.filter((n) => n.kind === 'ip' && !n.details.alias).map((n) => n.id));
  for (const e of g.edges) {
    if (!e.rows.some((r) => r.resolved)) continue;
    ips.delete(e.source);
    ips.delete(e.target);
  }
  return ips;
}

function withoutDns(e: TopologyEdge): TopologyEdge | null {
  if (e.rows.length === 0) return e;
  const rows = e.rows.filter((r: EdgeRow) => r.port !== DNS_PORT);
  if (rows.length === e.rows.length) return e;
  if (rows.length === 0) return null;
  const status = worstStatus(rows);
  const tone = edgeTone(e.kind, status);
  const flows = flowsOf(rows);
  const ports = e.ports.filter((p) => parseInt(p, 10) !== DNS_PORT);
  const size = lineWidth(e.kind, flows);
  return { ...e, rows, status, tone, color: TOPOLOGY_COLORS[tone], flows, ports, size };
}

/**
 * Drops the hidden entities, then peers that had traffic lines and have none left, then
 * Service links to dropped entities and Services left with no line.
 */
function prune(g: TopologyGraph, gone: Set<string>, edges: TopologyEdge[]): TopologyGraph {
  const hadTraffic = touching(g.edges.filter((e) => e.kind === 'traffic'));
  const hasTraffic = touching(edges.filter((e) => e.kind === 'traffic'));
  const keep = (n: TopologyNode) =>
    !gone.has(n.id) &&
    (n.selected ||
      n.member ||
      n.kind === 'service' ||
      !hadTraffic.has(n.id) ||
      hasTraffic.has(n.id));
  const alive = new Set(g.nodes.filter(keep).map((n) => n.id));
  const links = edges.filter((e) => alive.has(e.source) && alive.has(e.target));
  const linked = touching(links);
  const nodes = g.nodes.filter(
    (n) => alive.has(n.id) && (n.kind !== 'service' || linked.has(n.id) || n.selected),
  );
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: links.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

function touching(edges: readonly TopologyEdge[]): Set<string> {
  const out = new Set<string>();
  for (const e of edges) {
    out.add(e.source);
    out.add(e.target);
  }
  return out;
}
