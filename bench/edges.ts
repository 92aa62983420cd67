/**
 * Who talks to whom in the synthetic cluster, with weights: every workload to kube-dns,
 * kubelet probes to every server, 1–4 servers per workload (mostly in its own namespace),
 * some calls to the internet, Prometheus scraping every DaemonSet, and internet clients
 * through the ingress controller to the shop's frontends.
 */
import { type Rng, int, pick } from './rng';
import type { Edge, SimCluster, SimWorkload } from './cluster';

const EXTERNAL =
  '140.82.112.3 52.94.236.248 151.101.1.69 104.16.132.229 34.117.59.81 185.199.108.153'.split(' ');

export function buildEdges(rng: Rng, c: SimCluster): Edge[] {
  const servers = c.workloads.filter((w) => w.port > 0 && w.kind !== 'DaemonSet' && w !== c.dns);
  const prometheus = c.workloads.find((w) => w.name === 'prometheus')!;
  const ingress = c.workloads.find((w) => w.name === 'ingress-nginx-controller')!;
  const edges: Edge[] = [];
  for (const w of c.workloads) {
    if (w.kind === 'DaemonSet') {
      edges.push({ client: prometheus, server: w, port: w.port, protocol: 'TCP', weight: 2 });
    } else if (w !== c.dns) {
      edges.push(...workloadEdges(rng, c, w, servers));
    }
  }
  edges.push({ client: 'world', server: ingress, port: 443, protocol: 'TCP', weight: 60 });
  for (const s of servers.filter((x) => x.namespace === 'shop' || x.name.startsWith('frontend'))) {
    edges.push({ client: ingress, server: s, port: s.port, protocol: 'TCP', weight: 8 });
  }
  return edges;
}

function workloadEdges(rng: Rng, c: SimCluster, w: SimWorkload, servers: SimWorkload[]): Edge[] {
  const edges: Edge[] = [{ client: w, server: c.dns, port: 53, protocol: 'UDP', weight: 6 }];
  if (w.port > 0)
    edges.push({ client: 'host', server: w, port: w.port, protocol: 'TCP', weight: 1 });
  const sameNs = servers.filter((s) => s.namespace === w.namespace && s !== w);
  for (let k = int(rng, 1, 5); k > 0; k--) {
    const s = rng() < 0.75 && sameNs.length > 0 ? pick(rng, sameNs) : pick(rng, servers);
    if (s === w) continue;
    edges.push({
      client: w,
      server: s,
      port: s.port,
      protocol: s.protocol,
      weight: int(rng, 2, 12),
    });
  }
  if (rng() < 0.3) {
    const externalIp = pick(rng, EXTERNAL);
    edges.push({ client: w, server: 'world', externalIp, port: 443, protocol: 'TCP', weight: 2 });
  }
  return edges;
}
