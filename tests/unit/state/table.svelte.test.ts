import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { TableView } from '$lib/state/table.svelte';
import type { Communication, Peer } from '$lib/engine/model/communication';
import type { CommKey } from '$lib/engine/model/ids';

const W = { kind: 'Deployment', namespace: 'shop', name: 'frontend' };

function row(peer: Peer, port: number, flows: number, firstSeen: number | null): Communication {
  const id = peer.type === 'ip' ? peer.ip : peer.name;
  return {
    key: `k|${id}|${port}` as CommKey,
    direction: peer.type === 'ip' ? 'ingress' : 'egress',
    workload: W,
    peer,
    port,
    protocol: 'TCP',
    flows,
    firstSeen,
    lastSeen: firstSeen,
    via: [],
    verdicts: {},
  };
}

const ROWS: Communication[] = [
  row({ type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'cart' }, 7070, 40, 3),
  row({ type: 'workload', kind: 'StatefulSet', namespace: 'data', name: 'redis' }, 6379, 900, 1),
  row({ type: 'node', name: 'node-a', ip: '192.168.1.10' }, 10250, 5, null),
  row({ type: 'ip', ip: '203.0.113.7', class: 'external', alias: null }, 443, 12, 2),
  row({ type: 'ip', ip: '10.9.0.4', class: 'unknown', alias: 'legacy-db' }, 5432, 3, 4),
  row({ type: 'ip', ip: '10.1.2.3', class: 'internal', alias: null }, 8080, 8, 5),
];

const peers = (t: TableView) => t.rows.map((c) => (c.peer.type === 'ip' ? c.peer.ip : c.peer.name));

describe('TableView', () => {
  it('sorts by flows, most first, by default; a header click flips, another column sorts ascending', () => {
    const t = new TableView(() => ROWS);
    expect(peers(t)).toEqual(['redis', 'cart', '203.0.113.7', '10.1.2.3', 'node-a', '10.9.0.4']);
    t.sortBy('flows');
    expect(peers(t)[0]).toBe('10.9.0.4');
    t.sortBy('peer');
    expect([t.sortKey, t.sortDir]).toEqual(['peer', 'ascending']);
    // An aliased IP reads as "legacy-db (10.9.0.4)".
    expect(peers(t)).toEqual(['10.1.2.3', '203.0.113.7', 'cart', '10.9.0.4', 'node-a', 'redis']);
    t.sortBy('firstSeen');
    expect([t.sortDir, peers(t).at(-1)]).toEqual(['descending', 'node-a']);
    t.sortBy('port');
    expect(peers(t)[0]).toBe('node-a');
  });

  it('searches peer names, kinds, namespaces, ports and aliases, case-insensitively', () => {
    const t = new TableView(() => ROWS);
    t.search = 'DATA';
    expect(peers(t)).toEqual(['redis']);
    t.search = 'statefulset';
    expect(peers(t)).toEqual(['redis']);
    t.search = '443';
    expect(peers(t)).toEqual(['203.0.113.7']);
    t.search = 'legacy';
    expect(peers(t)).toEqual(['10.9.0.4']);
    t.search = 'nothing-like-this';
    expect(t.rows).toEqual([]);
  });

  it('the IP table filters by category (an alias wins over the class), in any combination', () => {
    const t = new TableView(() => ROWS, true);
    expect(peers(t)).toEqual(['203.0.113.7', '10.1.2.3', '10.9.0.4']);
    t.toggleCategory('aliased', false);
    expect(peers(t)).toEqual(['203.0.113.7', '10.1.2.3']);
    t.toggleCategory('external', false);
    t.toggleCategory('internal', false);
    expect(t.rows).toEqual([]);
    t.toggleCategory('unknown', false);
    t.toggleCategory('aliased', true);
    expect(t.categories).toEqual(['aliased']);
    expect(peers(t)).toEqual(['10.9.0.4']);
    t.toggleCategory('internal', true);
    expect(t.categories).toEqual(['internal', 'aliased']);
  });

  it('follows its source', () => {
    let source = ROWS.slice(0, 2);
    const holder = $state({ rows: source });
    const t = new TableView(() => holder.rows);
    expect(peers(t)).toEqual(['redis', 'cart']);
    source = ROWS.slice(2, 3);
    holder.rows = source;
    flushSync();
    expect(peers(t)).toEqual(['node-a']);
  });

  it('a source array seen again brings back its shown rows, made again for another view', () => {
    const [a, b] = [ROWS.slice(0, 3), ROWS.slice(3)];
    let source = $state.raw(a);
    const t = new TableView(() => source);
    const first = t.rows;
    source = b;
    flushSync();
    expect(peers(t)).toEqual(['203.0.113.7', '10.1.2.3', '10.9.0.4']);
    source = a;
    flushSync();
    expect(t.rows).toBe(first);
    t.sortBy('peer');
    expect(t.rows).not.toBe(first);
    expect(peers(t)).toEqual(['cart', 'node-a', 'redis']);
  });
});
