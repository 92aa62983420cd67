/**
 * A synthetic cluster for the topology benchmark and its tests: `nodes` entities — workloads
 * spread over `namespaces` namespaces of uneven sizes, a few Kubernetes nodes, external and
 * unknown IPs — and exactly `edges` lines, most inside a namespace, some across, some to the
 * nodes and IPs; every workload is seen from its own side (the cluster view's rows). Seeded and
 * deterministic; no real data.
 */
import type { Communication, Peer } from '$lib/engine';
import { mulberry32, ref, row, type Rng } from './synthetic';

export interface SyntheticClusterOptions {
  nodes: number;
  edges: number;
  namespaces?: number;
  seed?: number;
}

interface Cluster {
  peers: Peer[];
  /** Indexes of the workloads of each namespace, and the namespace of each workload. */
  byNamespace: number[][];
  nsOf: number[];
  workloads: number;
}

function makeCluster(n: number, namespaces: number, rand: Rng): Cluster {
  const workloads = Math.max(2, Math.round(n * 0.88));
  const nodes = Math.max(1, Math.round(n * 0.02));
  const weights = Array.from({ length: namespaces }, (_, i) => 1 / (i + 1) ** 0.8);
  const total = weights.reduce((s, w) => s + w, 0);
  const byNamespace: number[][] = weights.map(() => []);
  const peers: Peer[] = [];
  const nsOf: number[] = [];
  for (let i = 0; i < workloads; i++) {
    // Uneven namespaces (a few big ones, many small), each with at least one workload.
    let ns = i < namespaces ? i : 0;
    if (i >= namespaces) {
      let r = rand() * total;
      while (ns < namespaces - 1 && r > (weights[ns] ?? 0)) r -= weights[ns++] ?? 0;
    }
    byNamespace[ns]?.push(i);
    nsOf.push(ns);
    peers.push({ type: 'workload', kind: 'Deployment', namespace: `ns-${ns}`, name: `app-${i}` });
  }
  for (let j = 0; j < nodes; j++)
    peers.push({ type: 'node', name: `node-${j}`, ip: `10.1.0.${j}` });
  for (let j = 0; peers.length < n; j++) {
    const external = j % 3 !== 0;
    const ip = external ? `198.51.${j >> 8}.${j & 255}` : `10.99.${j >> 8}.${j & 255}`;
    peers.push({ type: 'ip', ip, class: external ? 'external' : 'unknown', alias: null });
  }
  return { peers, byNamespace, nsOf, workloads };
}

/** Communications whose cluster-view topology has `nodes` entities and `edges` lines. */
export function syntheticCluster(opts: SyntheticClusterOptions): Communication[] {
  const rand = mulberry32(opts.seed ?? 42);
  const c = makeCluster(opts.nodes, Math.max(1, opts.namespaces ?? 25), rand);
  const pairs = new Set<string>();
  const out: Communication[] = [];
  const add = (client: number, server: number) => {
    const id = `${client}>${server}`;
    if (client === server || pairs.has(id)) return;
    if (client >= c.workloads && server >= c.workloads) return;
    pairs.add(id);
    const port = [80, 443, 8080, 9090, 5432, 53][Math.floor(rand() * 6)] ?? 80;
    const flows = 1 + Math.floor(rand() * 500);
    const [cp, sp] = [c.peers[client] as Peer, c.peers[server] as Peer];
    if (server < c.workloads) out.push(row(ref(sp), 'ingress', cp, port, flows));
    if (client < c.workloads) out.push(row(ref(cp), 'egress', sp, port, flows));
  };
  const inNamespace = (i: number) => {
    const ns = c.byNamespace[c.nsOf[i] ?? 0] ?? [];
    return ns[Math.floor(rand() * ns.length)] ?? 0;
  };
  const anyWorkload = () => Math.floor(rand() * c.workloads);
  // Every entity gets a line first (no isolated entity), then random lines up to the count.
  for (let i = 0; i < opts.nodes && pairs.size < opts.edges; i++) {
    const before = pairs.size;
    for (let t = 0; t < 4 && pairs.size === before; t++) {
      const w = i < c.workloads && rand() < 0.8 ? inNamespace(i) : anyWorkload();
      if (rand() < 0.5) add(i, w);
      else add(w, i);
    }
  }
  for (let tries = 0; pairs.size < opts.edges && tries < opts.edges * 50; tries++) {
    const a = anyWorkload();
    const r = rand();
    const b = r < 0.7 ? inNamespace(a) : r < 0.9 ? anyWorkload() : Math.floor(rand() * opts.nodes);
    if (rand() < 0.5) add(a, b);
    else add(b, a);
  }
  return out;
}
