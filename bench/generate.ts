/**
 * Seeded benchmark data: a Hubble jsonpb capture of N flow events (default 1,000,000) over one
 * hour of a synthetic ~2,000-pod cluster, plus the cluster's kubectl dump.
 *
 *   npx tsx bench/generate.ts [--flows N] [--seed S] [--out bench/data]
 *
 * Writes `<out>/hubble-<N>-s<S>.jsonl` and `<out>/cluster-s<S>.json`; prints their paths as
 * JSON. The same seed gives byte-identical files on every machine.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { buildCluster, type Edge, type SimCluster } from './cluster';
import { clusterDump } from './dump';
import { connectionLines, podPeer, reservedPeer, type Conn, type Peer } from './hubble-lines';
import { exponential, int, mulberry32, pick, type Rng } from './rng';

const START_US = Date.UTC(2024, 4, 6, 10, 0, 0) * 1000;
const HOUR_US = 3_600_000_000;
/** Average events a connection produces (measured on this generator), to spread one hour. */
const EVENTS_PER_CONN = 9;

export interface Generated {
  flows: string;
  dump: string;
  lines: number;
  bytes: number;
}

export function generate(flows: number, seed: number, out: string): Generated {
  mkdirSync(out, { recursive: true });
  const rng = mulberry32(seed);
  const cluster = buildCluster(rng);
  const dump = join(out, `cluster-s${seed}.json`);
  writeFileSync(dump, JSON.stringify(clusterDump(cluster)));
  const path = join(out, `hubble-${flows}-s${seed}.jsonl`);
  const fd = openSync(path, 'w');
  const peers = new Map<unknown, Peer>();
  const pickEdge = weighted(cluster.edges);
  const meanGap = HOUR_US / Math.max(1, flows / EVENTS_PER_CONN);
  let t = START_US;
  let lines = 0;
  let bytes = 0;
  let buf: string[] = [];
  while (lines < flows) {
    t += exponential(rng, meanGap);
    const conn = connection(rng, cluster, pickEdge(rng), t, peers);
    for (const l of connectionLines(conn, rng)) {
      if (lines >= flows) break;
      buf.push(l);
      lines++;
    }
    if (buf.length >= 2000 || lines >= flows) {
      const chunk = buf.join('\n') + '\n';
      bytes += Buffer.byteLength(chunk);
      writeSync(fd, chunk);
      buf = [];
    }
  }
  closeSync(fd);
  return { flows: path, dump, lines, bytes };
}

function weighted(edges: Edge[]): (rng: Rng) => Edge {
  const cumulative: number[] = [];
  let total = 0;
  for (const e of edges) cumulative.push((total += e.weight));
  return (rng) => {
    const x = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return edges[lo]!;
  };
}

function connection(rng: Rng, c: SimCluster, e: Edge, t: number, peers: Map<unknown, Peer>): Conn {
  const cached = (key: unknown, make: () => Peer): Peer => {
    let p = peers.get(key);
    if (!p) peers.set(key, (p = make()));
    return p;
  };
  let client: Peer | undefined;
  let server: Peer;
  if (e.server === 'world') {
    server = cached(e.externalIp, () => reservedPeer(e.externalIp!, 'world', null, rng));
  } else {
    const pod = pick(rng, e.server.pods);
    server = cached(pod, () => podPeer(c, pod, rng));
    // Kubelet probes come from the node of the probed pod.
    if (e.client === 'host')
      client = cached(pod.node, () => reservedPeer(pod.node.ip, 'host', pod.node, rng));
  }
  if (e.client === 'world') {
    const ip = `${int(rng, 20, 220)}.${int(rng, 0, 256)}.${int(rng, 0, 256)}.${int(rng, 1, 255)}`;
    client = reservedPeer(ip, 'world', null, rng);
  } else if (e.client !== 'host') {
    const pod = pick(rng, e.client.pods);
    client = cached(pod, () => podPeer(c, pod, rng));
  }
  const service = e.server === 'world' ? null : (e.server.services[0] ?? null);
  const dropped = e.protocol === 'TCP' && e.server !== 'world' && rng() < 0.02;
  return {
    client: client!,
    server,
    sport: int(rng, 32768, 61000),
    dport: e.port,
    protocol: e.protocol,
    // Hubble names the Service only for ClusterIP frontends (not headless ones).
    service: service?.clusterIP ? service : null,
    start: t,
    dropped,
  };
}

function parseFlag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flows = Number(parseFlag(args, 'flows', '1000000'));
  const seed = Number(parseFlag(args, 'seed', '42'));
  const out = parseFlag(args, 'out', 'bench/data');
  if (!Number.isInteger(flows) || flows <= 0 || !Number.isInteger(seed)) {
    process.stderr.write('usage: generate.ts [--flows N] [--seed S] [--out DIR]\n');
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(generate(flows, seed, out)) + '\n');
}
