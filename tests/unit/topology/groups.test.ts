import { describe, expect, it } from 'vitest';
import { buildTopology } from '$lib/topology/build';
import { collapseGroups, groupsOf, IPS_GROUP, NODES_GROUP } from '$lib/topology/groups';
import { syntheticCluster } from '$lib/topology/synthetic-cluster';
import { defaultDecisions, exclude } from '$lib/engine/policy/decisions';
import { TOPOLOGY_COLORS, type TopologyGraph } from '$lib/topology/types';
import { deployment, row } from './demo';

const web = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const api = { kind: 'Deployment', namespace: 'shop', name: 'api' };
const db = { kind: 'StatefulSet', namespace: 'data', name: 'db' };

/** shop/web → shop/api → data/db, shop/web → data/db, an IP → shop/web. */
function cluster(): TopologyGraph {
  const rows = [
    row(web, 'egress', deployment('shop', 'api'), 8080, { flows: 5 }),
    row(api, 'ingress', deployment('shop', 'web'), 8080, { flows: 5 }),
    row(api, 'egress', { type: 'workload', ...db }, 5432, { flows: 7 }),
    row(db, 'ingress', { type: 'workload', ...api }, 5432, { flows: 7 }),
    row(web, 'egress', { type: 'workload', ...db }, 5432, { flows: 3 }),
    row(db, 'ingress', { type: 'workload', ...web }, 5432, { flows: 3 }),
    row(web, 'ingress', { type: 'ip', ip: '10.9.9.9', class: 'unknown', alias: null }, 80),
  ];
  const d = exclude(rows[4]!.key)(defaultDecisions(web));
  return buildTopology({ communications: rows, decisions: [d], selected: api });
}

describe('groups of the cluster view', () => {
  it('puts workloads in their namespace, nodes and IPs in groups of their own', () => {
    const g = cluster();
    expect(groupsOf(g)).toEqual([
      { group: IPS_GROUP, members: 1 },
      { group: 'data', members: 1 },
      { group: 'shop', members: 2 },
    ]);
    expect(NODES_GROUP).toBe('(nodes)');
  });

  it('collapses a namespace to one entity with merged lines: flows add up, one red row reddens', () => {
    const g = collapseGroups(cluster(), new Set(['shop']));
    expect(g.nodes.map((n) => [n.id, n.kind, n.label, n.members ?? null, n.tone])).toEqual([
      ['group:shop', 'namespace', 'namespace shop', 2, 'selected'],
      ['ip:10.9.9.9', 'ip', '10.9.9.9 (unknown)', null, 'entity'],
      ['workload:StatefulSet/data/db', 'workload', 'data/db', null, 'entity'],
    ]);
    // web → api vanished (inside the group); web → db and api → db merged into one line.
    expect(g.edges.map((e) => [e.id, e.flows, e.status, e.color, e.rows.length])).toEqual([
      ['group:shop->workload:StatefulSet/data/db', 10, 'excluded', TOPOLOGY_COLORS.denied, 4],
      ['ip:10.9.9.9->group:shop', 10, 'unresolved', TOPOLOGY_COLORS.denied, 1],
    ]);
    const grp = g.nodes[0]!;
    expect([grp.details.flowsOut, grp.details.flowsIn]).toEqual([15, 15]);
  });

  it('collapses every group of a synthetic cluster to one entity each, and expands back', () => {
    const full = buildTopology({
      communications: syntheticCluster({ nodes: 300, edges: 900, namespaces: 8 }),
      decisions: [],
      selected: null,
    });
    const groups = groupsOf(full);
    const all = collapseGroups(full, new Set(groups.map((x) => x.group)));
    expect(all.nodes).toHaveLength(groups.length);
    expect(all.nodes.reduce((s, n) => s + (n.members ?? 0), 0)).toBe(300);
    expect(all.edges.every((e) => e.source !== e.target)).toBe(true);
    // Merged lines keep every traffic flow that crosses groups.
    const crossing = full.edges.filter((e) => {
      const gs = new Map(full.nodes.map((n) => [n.id, n.group]));
      return gs.get(e.source) !== gs.get(e.target);
    });
    const sum = (es: TopologyGraph['edges']) => es.reduce((s, e) => s + e.flows, 0);
    expect(sum(all.edges)).toBe(sum(crossing));
    expect(collapseGroups(full, new Set())).toBe(full);
  });
});
