/**
 * A synthetic namespace for the topology benchmark and its tests: `members` workloads of one
 * namespace talking to each other and to peers (workloads elsewhere, nodes, IPs), as the
 * engine's communications, so that the picture has exactly the requested node and edge counts.
 * Seeded and deterministic (mulberry32, exported for the benchmark's generator); no real data.
 */
import {
  workloadKey,
  type CommKey,
  type Communication,
  type Peer,
  type WorkloadRef,
} from '$lib/engine';

export interface SyntheticOptions {
  nodes: number;
  edges: number;
  namespace?: string;
  seed?: number;
}

/** A seeded source of numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a tiny seeded PRNG (good enough for test data); the same seed gives the same
 * sequence on every machine. The benchmark's data generator (bench/rng.ts) uses it too.
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function peerAt(i: number, members: number, ns: string): Peer {
  if (i < members) return { type: 'workload', kind: 'Deployment', namespace: ns, name: `svc-${i}` };
  const j = i - members;
  if (j % 10 === 0) return { type: 'node', name: `node-${j}`, ip: `10.0.${j >> 8}.${j & 255}` };
  if (j % 3 === 0) {
    const alias = j % 2 === 0 ? `partner-${j}` : null;
    return { type: 'ip', ip: `203.0.${j >> 8}.${j & 255}`, class: 'external', alias };
  }
  return { type: 'workload', kind: 'Deployment', namespace: `team-${j % 7}`, name: `app-${j}` };
}

/** Communications whose topology has `nodes` nodes and `edges` lines (edges ≥ nodes − 1). */
export function syntheticNamespace(opts: SyntheticOptions): Communication[] {
  const ns = opts.namespace ?? 'shop';
  const rand = mulberry32(opts.seed ?? 42);
  const members = Math.max(2, Math.round(opts.nodes * 0.3));
  const peers = Array.from({ length: opts.nodes }, (_, i) => peerAt(i, members, ns));
  const pairs = new Set<string>();
  const out: Communication[] = [];
  const add = (client: number, server: number) => {
    const id = `${client}>${server}`;
    if (client === server || pairs.has(id) || (client >= members && server >= members)) return;
    if (peers[server]?.type === 'ip' && server >= members && rand() < 0.5) return;
    pairs.add(id);
    out.push(...rowsFor(peers, client, server, members, rand));
  };
  // Every node gets one line first (a connected picture), then random lines up to the count.
  for (let i = 1; i < opts.nodes && pairs.size < opts.edges; i++) {
    const m = Math.floor(rand() * Math.min(i, members));
    const before = pairs.size;
    if (i >= members && rand() < 0.5) add(m, i);
    if (pairs.size === before) add(i, m);
  }
  for (let tries = 0; pairs.size < opts.edges && tries < opts.edges * 50; tries++) {
    // Skewed towards the first members: a few hubs (databases, gateways), as in real namespaces.
    const any = Math.floor(rand() * opts.nodes);
    const m = Math.floor(members * rand() * rand());
    if (tries % 2 === 0) add(any, m);
    else add(m, any);
  }
  return out;
}

function rowsFor(
  peers: Peer[],
  client: number,
  server: number,
  members: number,
  rand: Rng,
): Communication[] {
  const c = peers[client] as Peer;
  const s = peers[server] as Peer;
  const port = [80, 443, 8080, 9090, 5432][Math.floor(rand() * 5)] ?? 80;
  const flows = 1 + Math.floor(rand() * 500);
  const rows: Communication[] = [];
  if (server < members) rows.push(row(ref(s), 'ingress', c, port, flows));
  if (client < members) rows.push(row(ref(c), 'egress', s, port, flows));
  return rows;
}

export function ref(p: Peer): WorkloadRef {
  return p.type === 'workload'
    ? { kind: p.kind, namespace: p.namespace, name: p.name }
    : { kind: 'Pod', namespace: '', name: p.type === 'ip' ? p.ip : p.name };
}

export function row(
  workload: WorkloadRef,
  direction: 'ingress' | 'egress',
  peer: Peer,
  port: number,
  flows: number,
): Communication {
  const peerKey = peer.type === 'ip' ? peer.ip : peer.type === 'node' ? peer.name : peer.name;
  return {
    key: `${workloadKey(workload)}|${direction}|${peer.type}:${peerKey}|${port}/TCP` as CommKey,
    direction,
    workload,
    peer,
    port,
    protocol: 'TCP',
    flows,
    firstSeen: 1_700_000_000_000,
    lastSeen: 1_700_000_000_000 + flows * 1000,
    via: [],
    verdicts: { forwarded: flows },
  };
}
