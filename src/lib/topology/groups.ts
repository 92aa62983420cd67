/**
 * The cluster view's groups: every namespace is a group, and so are all the Kubernetes nodes
 * and all the IPs. A collapsed group is drawn as one entity standing for its members, with the
 * lines of its members merged per (client, server) pair: the rows behind them are kept, so the
 * merged line is red as soon as one of its rows is, and its flows add up. Pure, no DOM.
 */
import type { Peer } from '$lib/engine';
import { edgeTone, lineWidth, worstStatus } from './status';
import { compare, comparePorts } from './order';
import { emptyDetails } from './facts';
import { TOPOLOGY_COLORS, type TopologyEdge, type TopologyGraph, type TopologyNode } from './types';

/** Group names that can never be namespaces (DNS-1123 labels have no parentheses). */
export const NODES_GROUP = '(nodes)';
export const IPS_GROUP = '(IPs)';

export function groupOfPeer(p: Peer): string {
  if (p.type === 'workload') return p.namespace;
  return p.type === 'node' ? NODES_GROUP : IPS_GROUP;
}

/** Node id of a collapsed group. */
export function groupId(group: string): string {
  return `group:${group}`;
}

export function groupLabel(group: string): string {
  if (group === NODES_GROUP) return 'Kubernetes nodes';
  if (group === IPS_GROUP) return 'IPs';
  return `namespace ${group}`;
}

/** The groups of a picture with their member counts, sorted by name. */
export function groupsOf(g: TopologyGraph): { group: string; members: number }[] {
  const counts = new Map<string, number>();
  for (const n of g.nodes) counts.set(n.group, (counts.get(n.group) ?? 0) + 1);
  return [...counts]
    .sort((x, y) => compare(x[0], y[0]))
    .map(([group, members]) => ({ group, members }));
}

/**
 * The picture with every group in `collapsed` replaced by one entity; lines inside a
 * collapsed group disappear, lines between groups merge. A group holding the selected
 * workload is drawn selected (blue).
 */
export function collapseGroups(g: TopologyGraph, collapsed: ReadonlySet<string>): TopologyGraph {
  if (collapsed.size === 0) return g;
  const owner = new Map<string, string>();
  const groups = new Map<string, TopologyNode>();
  const nodes: TopologyNode[] = [];
  for (const n of g.nodes) {
    if (!collapsed.has(n.group)) {
      nodes.push(n);
      owner.set(n.id, n.id);
      continue;
    }
    const id = groupId(n.group);
    owner.set(n.id, id);
    const grp = groups.get(id) ?? newGroup(n.group);
    grp.members = (grp.members ?? 0) + 1;
    if (n.selected) Object.assign(grp, { selected: true, tone: 'selected' });
    if (n.member) grp.member = true;
    addFlows(grp, n);
    groups.set(id, grp);
  }
  for (const grp of groups.values()) finishGroup(grp);
  return {
    nodes: [...nodes, ...groups.values()].sort((x, y) => compare(x.id, y.id)),
    edges: mergeEdges(g.edges, owner),
  };
}

function newGroup(group: string): TopologyNode {
  return {
    id: groupId(group),
    kind: 'namespace',
    label: groupLabel(group),
    selected: false,
    member: false,
    color: TOPOLOGY_COLORS.entity,
    tone: 'entity',
    size: 10,
    group,
    members: 0,
    details: emptyDetails(),
  };
}

function addFlows(grp: TopologyNode, n: TopologyNode): void {
  const d = grp.details;
  d.flowsIn += n.details.flowsIn;
  d.flowsOut += n.details.flowsOut;
  const first = n.details.firstSeen;
  const last = n.details.lastSeen;
  if (first !== null) d.firstSeen = d.firstSeen === null ? first : Math.min(d.firstSeen, first);
  if (last !== null) d.lastSeen = d.lastSeen === null ? last : Math.max(d.lastSeen, last);
}

/** Bigger groups are bigger discs (log scale), the selected one keeps its blue. */
function finishGroup(grp: TopologyNode): void {
  grp.color = grp.selected ? TOPOLOGY_COLORS.selected : TOPOLOGY_COLORS.entity;
  grp.size = Math.min(24, 10 + 4 * Math.log10(grp.members ?? 1));
}

function mergeEdges(edges: readonly TopologyEdge[], owner: Map<string, string>): TopologyEdge[] {
  const out = new Map<string, TopologyEdge>();
  for (const e of edges) {
    const source = owner.get(e.source) ?? e.source;
    const target = owner.get(e.target) ?? e.target;
    if (source === e.source && target === e.target) {
      out.set(e.id, e);
      continue;
    }
    if (source === target) continue;
    const kind = e.kind;
    const id = kind === 'traffic' ? `${source}->${target}` : `${source}=>${target}`;
    const m = out.get(id);
    out.set(id, m ? mergeInto(m, e) : { ...e, id, source, target, rows: [...e.rows] });
  }
  return [...out.values()].sort((x, y) => compare(x.id, y.id));
}

function mergeInto(m: TopologyEdge, e: TopologyEdge): TopologyEdge {
  const keys = new Set(m.rows.map((r) => r.key));
  const rows = [...m.rows, ...e.rows.filter((r) => !keys.has(r.key))];
  const status = worstStatus(rows);
  const tone = edgeTone(m.kind, status);
  const flows = m.flows + e.flows;
  return {
    ...m,
    rows,
    status,
    tone,
    color: TOPOLOGY_COLORS[tone],
    flows,
    ports: [...new Set([...m.ports, ...e.ports])].sort(comparePorts),
    size: lineWidth(m.kind, flows),
  };
}
