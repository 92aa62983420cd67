import { describe, expect, it } from 'vitest';
import { buildTopology } from '$lib/topology/build';
import { factsFromInventory } from '$lib/topology/facts';
import { applyFilters, SHOW_ALL } from '$lib/topology/filters';
import { defaultDecisions, include } from '$lib/engine/policy/decisions';
import type { TopologyGraph } from '$lib/topology/types';
import { demo, demoRows, deployment, gkeRows, PRODUCTPAGE, PROMETHEUS, row } from './demo';

const ids = (g: TopologyGraph) => g.nodes.map((n) => n.id);

async function productpage() {
  const rows = await demoRows(PRODUCTPAGE);
  const facts = factsFromInventory((await demo()).inventory);
  return buildTopology({
    communications: rows,
    decisions: [],
    selected: PRODUCTPAGE,
    facts,
    serviceLinks: true,
  });
}

/** prometheus of the GKE capture, whose peer 10.128.0.4 no metadata explains. */
async function prometheus(aliased = false, included = false) {
  const aliases = aliased ? [{ name: 'metrics-probe', cidr: '10.128.0.4/32' }] : [];
  const rows = await gkeRows(aliases);
  const probe = rows.find((r) => r.peer.type === 'ip')!;
  const d = included ? include(probe.key)(defaultDecisions(PROMETHEUS)) : null;
  return buildTopology({ communications: rows, decisions: d ? [d] : [], selected: PROMETHEUS });
}

describe('topology filters on the demo data', () => {
  it('shows everything by default (the very same picture)', async () => {
    const g = await productpage();
    expect(applyFilters(g, SHOW_ALL)).toBe(g);
  });

  it('hides DNS: the coredns line, coredns and its kube-dns Service go', async () => {
    const g = await productpage();
    const f = applyFilters(g, { ...SHOW_ALL, dns: false });
    expect(ids(g).filter((id) => !ids(f).includes(id))).toEqual([
      'service:kube-system/kube-dns',
      'workload:Deployment/kube-system/coredns',
    ]);
    expect(f.edges.some((e) => e.ports.includes('53/UDP'))).toBe(false);
    expect(f.edges).toHaveLength(g.edges.length - 2);
  });

  it('hides unresolved IPs until the IP is aliased and included', async () => {
    const hide = { ...SHOW_ALL, unresolved: false };
    expect(ids(await prometheus())).toContain('ip:10.128.0.4');
    expect(ids(applyFilters(await prometheus(), hide))).not.toContain('ip:10.128.0.4');
    // Aliased: resolved by its name, it stays whether included or not.
    expect(ids(applyFilters(await prometheus(true), hide))).toContain('ip:10.128.0.4');
    expect(ids(applyFilters(await prometheus(true, true), hide))).toContain('ip:10.128.0.4');
  });
});

describe('topology filters on hand-made pictures', () => {
  const web = { kind: 'Deployment', namespace: 'shop', name: 'web' };
  const rows = [
    row(web, 'egress', { type: 'ip', ip: '8.8.8.8', class: 'external', alias: 'google' }, 443),
    row(web, 'egress', { type: 'ip', ip: '10.3.3.3', class: 'unknown', alias: null }, 8443),
    row(web, 'ingress', { type: 'node', name: 'kind-worker', ip: '172.19.0.2' }, 8080),
    row(web, 'egress', deployment('kube-system', 'coredns'), 53),
    row(web, 'egress', deployment('db', 'pg'), 5432),
    row(web, 'egress', deployment('db', 'pg'), 53),
  ];
  const g = buildTopology({ communications: rows, decisions: [], selected: web });

  it('hides nodes, external IPs (aliased ones too) and unresolved IPs one by one', () => {
    expect(ids(applyFilters(g, { ...SHOW_ALL, nodes: false }))).not.toContain(
      'node:kind-worker@172.19.0.2',
    );
    const noExternal = ids(applyFilters(g, { ...SHOW_ALL, external: false }));
    expect(noExternal).not.toContain('ip:8.8.8.8');
    expect(noExternal).toContain('ip:10.3.3.3');
    const noUnresolved = ids(applyFilters(g, { ...SHOW_ALL, unresolved: false }));
    expect(noUnresolved).toContain('ip:8.8.8.8');
    expect(noUnresolved).not.toContain('ip:10.3.3.3');
  });

  it('keeps a line that carries more than DNS, without its DNS rows', () => {
    const f = applyFilters(g, { ...SHOW_ALL, dns: false });
    const pg = f.edges.find((e) => e.target === 'workload:Deployment/db/pg')!;
    expect([pg.ports, pg.rows.length, pg.flows]).toEqual([['5432/TCP'], 1, 10]);
    expect(ids(f)).not.toContain('workload:Deployment/kube-system/coredns');
    // The selected workload stays even when every one of its lines is hidden.
    const none = applyFilters(g, { dns: false, nodes: false, external: false, unresolved: false });
    expect(ids(none)).toEqual(['workload:Deployment/db/pg', 'workload:Deployment/shop/web']);
  });
});
