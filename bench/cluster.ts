/**
 * A seeded synthetic cluster for the benchmark: 24 nodes, 20 namespaces, 300 workloads
 * (Deployments, DaemonSets, StatefulSets, CronJobs with their Jobs), ~2,000 pods, Services
 * (named targetPorts, headless Services for StatefulSets, kube-dns), and the traffic edges
 * between them (bench/edges.ts). bench/dump.ts renders it as a kubectl List.
 */
import { type Rng, int, pick, suffix } from './rng';
import { addWorkload, type Allocator } from './pods';
import { buildEdges } from './edges';

export interface SimNode {
  name: string;
  ip: string;
  podCidr: string;
  index: number;
}

export interface SimService {
  name: string;
  namespace: string;
  clusterIP: string | null;
  port: number;
  targetPort: number | string;
  protocol: 'TCP' | 'UDP';
}

export interface SimWorkload {
  kind: 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'CronJob';
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** The port the pods listen on (0 = no server). */
  port: number;
  portName: string;
  protocol: 'TCP' | 'UDP';
  services: SimService[];
  pods: SimPod[];
  /** CronJob: its Jobs' names. */
  jobs: string[];
  hash: string;
}

export interface SimPod {
  name: string;
  namespace: string;
  ip: string;
  node: SimNode;
  labels: Record<string, string>;
  workload: SimWorkload;
  identity: number;
  /** The direct owner, as the pod's ownerReferences name it. */
  owner: { kind: string; name: string };
}

export interface Edge {
  /** 'host' = kubelet probes from the node of the server pod. */
  client: SimWorkload | 'world' | 'host';
  server: SimWorkload | 'world';
  /** For world servers: the external address. */
  externalIp?: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  weight: number;
}

export interface SimCluster {
  name: string;
  nodes: SimNode[];
  namespaces: string[];
  workloads: SimWorkload[];
  pods: SimPod[];
  edges: Edge[];
  dns: SimWorkload;
}

const APP_NAMESPACES = (
  'shop payments catalog checkout search users auth orders inventory shipping notifications ' +
  'analytics reporting billing media'
).split(' ');
const PLATFORM_NAMESPACES = [
  'kube-system',
  'monitoring',
  'ingress-nginx',
  'logging',
  'cert-manager',
];
const WORDS = (
  'frontend api cart gateway catalog search auth users orders payments shipping email recommend ' +
  'ads currency worker indexer notifier pricing profile session reviews ratings quotes images'
).split(' ');
const STORE_PORT: Record<string, number> = {
  postgres: 5432,
  redis: 6379,
  kafka: 9092,
  mongo: 27017,
  elastic: 9200,
  rabbitmq: 5672,
  etcd: 2379,
  minio: 9000,
};
const STORES = Object.keys(STORE_PORT);
const AGENTS = (
  'node-exporter fluent-bit csi-node promtail kured falco datadog-agent nvidia-dcgm ' +
  'local-volume otel-agent cadvisor spire-agent vector node-problem-detector kube-bench ' +
  'trivy-node velero-restic cni-metrics'
).split(' ');
const WORKLOADS = 300;

export const DNS_IP = '10.96.0.10';

interface WorkloadSpec {
  kind: SimWorkload['kind'];
  namespace: string;
  name: string;
  port?: number;
  portName?: string;
  protocol?: 'TCP' | 'UDP';
  labels?: Record<string, string>;
}

function workload(rng: Rng, s: WorkloadSpec): SimWorkload {
  return {
    kind: s.kind,
    namespace: s.namespace,
    name: s.name,
    labels: s.labels ?? { app: s.name, team: s.namespace },
    port: s.port ?? 0,
    portName: s.portName ?? '',
    protocol: s.protocol ?? 'TCP',
    services: [],
    pods: [],
    jobs: [],
    hash: suffix(rng, 10),
  };
}

export function buildCluster(rng: Rng): SimCluster {
  const nodes = Array.from({ length: 24 }, (_, i) => ({
    name: `gke-bench-pool-${Math.floor(i / 8)}-6114bb84-${String(i).padStart(4, '0')}`,
    ip: `10.0.${Math.floor(i / 8)}.${10 + i}`,
    podCidr: `10.244.${i}.0/24`,
    index: i,
  }));
  const c: SimCluster = {
    name: 'bench',
    nodes,
    namespaces: [...PLATFORM_NAMESPACES, ...APP_NAMESPACES],
    workloads: [],
    pods: [],
    edges: [],
    dns: workload(rng, { kind: 'Deployment', namespace: 'kube-system', name: 'coredns' }),
  };
  const alloc: Allocator = { nextPodIp: nodes.map(() => 2), nextSvc: 11, identity: 20000 };
  const add = (s: WorkloadSpec, replicas: number) =>
    addWorkload(rng, c, alloc, workload(rng, s), replicas);
  platform(c, add);
  apps(rng, c, add);
  c.edges = buildEdges(rng, c);
  return c;
}

type Add = (s: WorkloadSpec, replicas: number) => SimWorkload;

function platform(c: SimCluster, add: Add): void {
  const dns = { port: 53, portName: 'dns', protocol: 'UDP' as const };
  c.dns = add(
    {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'coredns',
      ...dns,
      labels: { 'k8s-app': 'kube-dns' },
    },
    2,
  );
  // CoreDNS is served by kube-dns (not a Service named after the Deployment).
  c.dns.services = [];
  c.dns.services.push({
    name: 'kube-dns',
    namespace: 'kube-system',
    clusterIP: DNS_IP,
    port: 53,
    targetPort: 'dns',
    protocol: 'UDP',
  });
  AGENTS.forEach((name, i) => {
    const namespace = ['monitoring', 'logging', 'kube-system'][i % 3]!;
    add(
      { kind: 'DaemonSet', namespace, name, port: 9100 + i, portName: 'metrics' },
      c.nodes.length,
    );
  });
  add(
    {
      kind: 'Deployment',
      namespace: 'monitoring',
      name: 'prometheus',
      port: 9090,
      portName: 'web',
    },
    2,
  );
  add(
    {
      kind: 'Deployment',
      namespace: 'ingress-nginx',
      name: 'ingress-nginx-controller',
      port: 443,
      portName: 'https',
    },
    3,
  );
  add(
    {
      kind: 'Deployment',
      namespace: 'cert-manager',
      name: 'cert-manager',
      port: 9402,
      portName: 'http-metrics',
    },
    1,
  );
}

/** App namespaces in turn: a StatefulSet every 5th slot (up to 40), a CronJob every 5th (up to 42). */
function apps(rng: Rng, c: SimCluster, add: Add): void {
  let stores = 0;
  let crons = 0;
  for (let i = 0; c.workloads.length < WORKLOADS; i++) {
    const namespace = APP_NAMESPACES[i % APP_NAMESPACES.length]!;
    const round = Math.floor(i / APP_NAMESPACES.length);
    if (stores < 40 && i % 5 === 2) {
      const s = STORES[(stores++ + round) % STORES.length]!;
      add(
        {
          kind: 'StatefulSet',
          namespace,
          name: `${s}-${round}`,
          port: STORE_PORT[s],
          portName: `tcp-${s}`,
        },
        3,
      );
    } else if (crons < 42 && i % 5 === 4) {
      crons++;
      const name = `${pick(rng, ['report', 'cleanup', 'sync', 'backup'])}-${round}-${i}`;
      add({ kind: 'CronJob', namespace, name }, 3);
    } else {
      const port = pick(rng, [8080, 8080, 3000, 9080, 5000]);
      const name = `${WORDS[(i + round) % WORDS.length]}-${round}`;
      add({ kind: 'Deployment', namespace, name, port, portName: 'http' }, int(rng, 2, 11));
    }
  }
}
