import { describe, expect, it } from 'vitest';
import { buildTopology } from '$lib/topology/build';
import { factsFromInventory } from '$lib/topology/facts';
import { TOPOLOGY_COLORS, type TopologyGraph } from '$lib/topology/types';
import {
  defaultDecisions,
  exclude,
  include,
  setGeneral,
  type Decisions,
} from '$lib/engine/policy/decisions';
import type { Communication } from '$lib/engine/model/communication';
import { demo, demoRows, deployment, gkeRows, PRODUCTPAGE, PROMETHEUS, row } from './demo';

const PP = 'workload:Deployment/bookinfo/productpage-v1';
const PROM = 'workload:Deployment/istio-system/prometheus';
const PROBE_IP = 'ip:10.128.0.4';

function edge(g: TopologyGraph, id: string) {
  const e = g.edges.find((x) => x.id === id);
  if (!e) throw new Error(`no edge ${id} in ${g.edges.map((x) => x.id).join(', ')}`);
  return e;
}

function node(g: TopologyGraph, id: string) {
  const n = g.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}

const keyOf = (rows: Communication[], peer: string) => {
  const c = rows.find(
    (r) =>
      (r.peer.type === 'ip' ? r.peer.ip : r.peer.type === 'workload' ? r.peer.name : '') === peer,
  );
  if (!c) throw new Error(`no row for ${peer}`);
  return c.key;
};

describe('buildTopology on the demo data (bookinfo productpage-v1, through the engine)', () => {
  it('draws the workload, its 6 peers and one line per peer, in the contract colours', async () => {
    const rows = await demoRows(PRODUCTPAGE);
    const g = buildTopology({ communications: rows, decisions: [], selected: PRODUCTPAGE });
    expect(g.nodes.map((n) => [n.id, n.label, n.color])).toEqual([
      ['workload:Deployment/bookinfo/details-v1', 'details-v1', TOPOLOGY_COLORS.entity],
      [PP, 'productpage-v1', TOPOLOGY_COLORS.selected],
      ['workload:Deployment/bookinfo/ratings-v1', 'ratings-v1', TOPOLOGY_COLORS.entity],
      ['workload:Deployment/bookinfo/reviews-v1', 'reviews-v1', TOPOLOGY_COLORS.entity],
      ['workload:Deployment/bookinfo/reviews-v2', 'reviews-v2', TOPOLOGY_COLORS.entity],
      ['workload:Deployment/bookinfo/reviews-v3', 'reviews-v3', TOPOLOGY_COLORS.entity],
      ['workload:Deployment/kube-system/coredns', 'kube-system/coredns', TOPOLOGY_COLORS.entity],
    ]);
    expect(g.edges.map((e) => [e.id, e.status, e.color, e.flows, e.ports])).toEqual([
      [`${PP}->workload:Deployment/bookinfo/details-v1`, 'allowed', '#000000', 55, ['9080/TCP']],
      [`${PP}->workload:Deployment/bookinfo/reviews-v1`, 'allowed', '#000000', 14, ['9080/TCP']],
      [`${PP}->workload:Deployment/bookinfo/reviews-v2`, 'allowed', '#000000', 27, ['9080/TCP']],
      [`${PP}->workload:Deployment/bookinfo/reviews-v3`, 'allowed', '#000000', 19, ['9080/TCP']],
      [`${PP}->workload:Deployment/kube-system/coredns`, 'allowed', '#000000', 115, ['53/UDP']],
      [`workload:Deployment/bookinfo/ratings-v1->${PP}`, 'allowed', '#000000', 55, ['9080/TCP']],
    ]);
  });

  it('gives the hover card the owner, listening ports, Services, labels and flow counts', async () => {
    const r = await demo();
    const rows = await demoRows(PRODUCTPAGE);
    const facts = factsFromInventory(r.inventory);
    const g = buildTopology({ communications: rows, decisions: [], selected: PRODUCTPAGE, facts });
    expect(node(g, PP).details).toEqual({
      workload: PRODUCTPAGE,
      labels: [
        ['app', 'productpage'],
        ['sidecar.opentelemetry.io/injected', 'bookinfo.otelcol-bookinfo'],
        ['version', 'v1'],
      ],
      ports: ['9080/TCP'],
      services: ['bookinfo/productpage'],
      // 55 from ratings-v1 (its proxied flows, seen at productpage, count once with them);
      // 55 + 14 + 27 + 19 + 115 out.
      flowsIn: 55,
      flowsOut: 230,
      firstSeen: Date.parse('2021-11-10T10:40:56.465Z'),
      lastSeen: Date.parse('2021-11-10T10:41:01.733Z'),
    });
    const dns = node(g, 'workload:Deployment/kube-system/coredns').details;
    expect([dns.ports, dns.services, dns.labels]).toEqual([
      ['53/TCP', '53/UDP', '9153/TCP'],
      ['kube-system/kube-dns'],
      [['k8s-app', 'kube-dns']],
    ]);
  });

  it('colours an excluded workload row red, and black again under "Allow all"', async () => {
    const rows = await demoRows(PRODUCTPAGE);
    const excluded = exclude(keyOf(rows, 'details-v1'))(defaultDecisions(PRODUCTPAGE));
    const id = `${PP}->workload:Deployment/bookinfo/details-v1`;
    const red = buildTopology({
      communications: rows,
      decisions: [excluded],
      selected: PRODUCTPAGE,
    });
    expect(edge(red, id)).toMatchObject({ status: 'excluded', color: TOPOLOGY_COLORS.denied });
    const all = setGeneral('egress', 'all')(excluded);
    const black = buildTopology({ communications: rows, decisions: [all], selected: PRODUCTPAGE });
    expect(edge(black, id)).toMatchObject({ status: 'allowed', color: TOPOLOGY_COLORS.allowed });
    expect(edge(black, id).rows[0]).toMatchObject({ included: false, byGeneralRule: true });
    // "Allow all inside namespace" does not cover kube-system/coredns.
    const ns = setGeneral(
      'egress',
      'namespace',
    )(exclude(keyOf(rows, 'coredns'))(defaultDecisions(PRODUCTPAGE)));
    const g = buildTopology({ communications: rows, decisions: [ns], selected: PRODUCTPAGE });
    expect(edge(g, `${PP}->workload:Deployment/kube-system/coredns`).status).toBe('excluded');
  });
});

describe('buildTopology on an unresolved IP (prometheus in the GKE capture, through the engine)', () => {
  it('draws the IP red (not resolved) with its class on the hover card', async () => {
    const rows = await gkeRows();
    const g = buildTopology({ communications: rows, decisions: [], selected: PROMETHEUS });
    expect(node(g, PROBE_IP)).toMatchObject({
      label: '10.128.0.4 (unknown)',
      color: TOPOLOGY_COLORS.entity,
    });
    expect(edge(g, `${PROM}->${PROBE_IP}`)).toMatchObject({
      status: 'unresolved',
      color: TOPOLOGY_COLORS.denied,
      flows: 1,
      ports: ['9990/TCP'],
    });
    expect(node(g, PROBE_IP).details).toMatchObject({
      ip: '10.128.0.4',
      ipClass: 'unknown',
      alias: null,
    });
  });

  it('turns the unresolved IP black once it is aliased and included', async () => {
    const aliased = await gkeRows([{ name: 'metrics-probe', cidr: '10.128.0.4/32' }]);
    const d0 = defaultDecisions(PROMETHEUS);
    const before = buildTopology({
      communications: aliased,
      decisions: [d0],
      selected: PROMETHEUS,
    });
    // Aliased but still excluded (the default for IP peers): red, now for "not in the policy".
    expect(edge(before, `${PROM}->${PROBE_IP}`)).toMatchObject({
      status: 'excluded',
      color: TOPOLOGY_COLORS.denied,
    });
    expect(node(before, PROBE_IP).label).toBe('metrics-probe (10.128.0.4)');
    const d1 = include(keyOf(aliased, '10.128.0.4'))(d0);
    const after = buildTopology({
      communications: aliased,
      decisions: [d1],
      selected: PROMETHEUS,
    });
    expect(edge(after, `${PROM}->${PROBE_IP}`)).toMatchObject({
      status: 'allowed',
      color: '#000000',
    });
  });

  it('keeps an included IP without alias red (not resolved)', async () => {
    const rows = await gkeRows();
    const d = include(keyOf(rows, '10.128.0.4'))(defaultDecisions(PROMETHEUS));
    const g = buildTopology({ communications: rows, decisions: [d], selected: PROMETHEUS });
    const e = edge(g, `${PROM}->${PROBE_IP}`);
    expect([e.status, e.color, e.rows[0]?.included, e.rows[0]?.resolved]).toEqual([
      'unresolved',
      TOPOLOGY_COLORS.denied,
      true,
      false,
    ]);
  });
});

describe('buildTopology on hand-made scenarios', () => {
  const web = { kind: 'Deployment', namespace: 'shop', name: 'web' };
  const api = { kind: 'Deployment', namespace: 'shop', name: 'api' };

  it('routes a flow through the Service it was addressed to, with a grey Service link', () => {
    const rows = [
      row(web, 'egress', deployment('shop', 'api'), 8080, { via: ['shop/api'], flows: 7 }),
    ];
    const g = buildTopology({ communications: rows, decisions: [], selected: web });
    expect(g.nodes.map((n) => [n.id, n.kind, n.label])).toEqual([
      ['service:shop/api', 'service', 'svc api'],
      ['workload:Deployment/shop/api', 'workload', 'api'],
      ['workload:Deployment/shop/web', 'workload', 'web'],
    ]);
    expect(g.edges.map((e) => [e.id, e.kind, e.color, e.flows])).toEqual([
      ['service:shop/api=>workload:Deployment/shop/api', 'service', TOPOLOGY_COLORS.serviceLink, 7],
      ['workload:Deployment/shop/web->service:shop/api', 'traffic', TOPOLOGY_COLORS.allowed, 7],
    ]);
    expect(g.nodes[1]?.details).toMatchObject({
      services: ['shop/api'],
      ports: ['8080/TCP'],
      flowsIn: 7,
    });
  });

  it('merges both sides of a pair in the namespace view: one line, flows once, worst colour', () => {
    const rows = [
      row(api, 'ingress', deployment('shop', 'web'), 8080, { flows: 40 }),
      row(web, 'egress', deployment('shop', 'api'), 8080, { flows: 40 }),
    ];
    const webDecisions: Decisions = exclude(rows[1]!.key)(defaultDecisions(web));
    const g = buildTopology({
      communications: rows,
      decisions: [webDecisions],
      selected: null,
      namespace: 'shop',
    });
    expect(g.edges).toHaveLength(1);
    const e = g.edges[0]!;
    expect([e.id, e.flows, e.rows.map((r) => r.status), e.color]).toEqual([
      'workload:Deployment/shop/web->workload:Deployment/shop/api',
      40,
      ['allowed', 'excluded'],
      TOPOLOGY_COLORS.denied,
    ]);
    expect(g.nodes.every((n) => n.member && n.color === TOPOLOGY_COLORS.entity)).toBe(true);
  });

  it('labels peers with their namespace outside the home namespace, and nodes by name', () => {
    const rows = [
      row(web, 'egress', deployment('db', 'postgres'), 5432),
      row(web, 'ingress', { type: 'node', name: 'kind-worker', ip: '172.19.0.2' }, 8080),
      row(web, 'egress', { type: 'ip', ip: '8.8.8.8', class: 'external', alias: null }, 53),
    ];
    const g = buildTopology({ communications: rows, decisions: [], selected: web });
    expect(g.nodes.map((n) => [n.id, n.label, n.kind])).toEqual([
      ['ip:8.8.8.8', '8.8.8.8 (external)', 'ip'],
      ['node:kind-worker@172.19.0.2', 'node kind-worker', 'node'],
      ['workload:Deployment/db/postgres', 'db/postgres', 'workload'],
      ['workload:Deployment/shop/web', 'web', 'workload'],
    ]);
    expect(g.edges.map((e) => [e.id, e.status])).toEqual([
      ['node:kind-worker@172.19.0.2->workload:Deployment/shop/web', 'allowed'],
      ['workload:Deployment/shop/web->ip:8.8.8.8', 'unresolved'],
      ['workload:Deployment/shop/web->workload:Deployment/db/postgres', 'allowed'],
    ]);
  });

  it('copies keys from input as plain own properties (a __proto__ key stays data)', () => {
    const verdicts = JSON.parse('{"__proto__": 3}') as Record<string, number>;
    const rows = [row(web, 'egress', deployment('shop', 'api'), 80, { verdicts })];
    const g = buildTopology({ communications: rows, decisions: [], selected: web });
    const copied = g.edges[0]?.rows[0]?.verdicts ?? {};
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copied, '__proto__')?.value).toBe(3);
  });
});

describe('buildTopology with the Services from the inventory (the workload view)', () => {
  it('draws each server workload’s Services with a grey link, not the clients’ ones', async () => {
    const r = await demo();
    const facts = factsFromInventory(r.inventory);
    const rows = await demoRows(PRODUCTPAGE);
    const g = buildTopology({
      communications: rows,
      decisions: [],
      selected: PRODUCTPAGE,
      facts,
      serviceLinks: true,
    });
    const links = g.edges.filter((e) => e.kind === 'service');
    expect(links.map((e) => e.id)).toEqual([
      'service:bookinfo/details=>workload:Deployment/bookinfo/details-v1',
      `service:bookinfo/productpage=>${PP}`,
      'service:bookinfo/reviews=>workload:Deployment/bookinfo/reviews-v1',
      'service:bookinfo/reviews=>workload:Deployment/bookinfo/reviews-v2',
      'service:bookinfo/reviews=>workload:Deployment/bookinfo/reviews-v3',
      'service:kube-system/kube-dns=>workload:Deployment/kube-system/coredns',
    ]);
    expect(links.every((e) => e.tone === 'serviceLink' && e.rows.length === 0)).toBe(true);
    // ratings-v1 is only a client here: its Service stays out of the picture.
    expect(g.nodes.some((n) => n.id === 'service:bookinfo/ratings')).toBe(false);
    expect(node(g, 'service:bookinfo/reviews')).toMatchObject({
      kind: 'service',
      label: 'svc reviews',
      group: 'bookinfo',
    });
    expect(node(g, 'service:bookinfo/reviews').details.ports).toEqual(['9080/TCP']);
    // The traffic lines are the same as without the Services.
    const plain = buildTopology({ communications: rows, decisions: [], selected: PRODUCTPAGE });
    expect(g.edges.filter((e) => e.kind === 'traffic')).toEqual(plain.edges);
  });
});
