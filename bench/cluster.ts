/**
 * A seeded synthetic cluster for the benchmark: ~24 nodes, 20 namespaces, 300 workloads
 * (Deployments, DaemonSets, StatefulSets, CronJobs with their Jobs), ~2,000 pods, Services
 * (named targetPorts, headless Services for StatefulSets, kube-dns), and the traffic edges
 * between them. `clusterDump` renders it as one `kubectl get … -o json` List.
 */
import { type Rng, pick, int, suffix } from './rng';

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
  /** Owner chain as kubectl shows it (direct owner). */
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

const APP_NAMESPACES = [
  'shop',
  'payments',
  'catalog',
  'checkout',
  'search',
  'users',
  'auth',
  'orders',
  'inventory',
  'shipping',
  'notifications',
  'analytics',
  'reporting',
  'billing',
  'media',
];
const PLATFORM_NAMESPACES = [
  'kube-system',
  'monitoring',
  'ingress-nginx',
  'logging',
  'cert-manager',
];
const WORDS = [
  'frontend',
  'api',
  'cart',
  'gateway',
  'catalog',
  'search',
  'auth',
  'users',
  'orders',
  'payments',
  'shipping',
  'email',
  'recommend',
  'ads',
  'currency',
  'worker',
  'indexer',
  'notifier',
  'pricing',
  'profile',
  'session',
  'reviews',
  'ratings',
  'quotes',
  'images',
];
const STORES = ['postgres', 'redis', 'kafka', 'mongo', 'elastic', 'rabbitmq', 'etcd', 'minio'];
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
const AGENTS = [
  'node-exporter',
  'fluent-bit',
  'csi-node',
  'promtail',
  'kured',
  'falco',
  'datadog-agent',
  'nvidia-dcgm',
  'local-volume',
  'otel-agent',
  'cadvisor',
  'spire-agent',
  'vector',
  'node-problem-detector',
  'kube-bench',
  'trivy-node',
  'velero-restic',
  'cni-metrics',
];
const EXTERNAL = [
  '140.82.112.3',
  '52.94.236.248',
  '151.101.1.69',
  '104.16.132.229',
  '34.117.59.81',
  '185.199.108.153',
];

export const DNS_IP = '10.96.0.10';

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
    dns: undefined as unknown as SimWorkload,
  };
  const state = {
    nextPodIp: new Array<number>(nodes.length).fill(2),
    nextSvc: 11,
    identity: 20000,
  };
  const add = (w: SimWorkload, replicas: number) => addWorkload(rng, c, state, w, replicas);
  c.dns = add(
    workload(rng, 'Deployment', 'kube-system', 'coredns', 53, 'dns', 'UDP', {
      'k8s-app': 'kube-dns',
    }),
    2,
  );
  c.dns.services.push({
    name: 'kube-dns',
    namespace: 'kube-system',
    clusterIP: DNS_IP,
    port: 53,
    targetPort: 'dns',
    protocol: 'UDP',
  });
  AGENTS.forEach((a, i) =>
    add(
      workload(
        rng,
        'DaemonSet',
        i % 3 === 0 ? 'monitoring' : i % 3 === 1 ? 'logging' : 'kube-system',
        a,
        9100 + i,
        'metrics',
        'TCP',
      ),
      nodes.length,
    ),
  );
  add(workload(rng, 'Deployment', 'monitoring', 'prometheus', 9090, 'web', 'TCP'), 2);
  add(
    workload(rng, 'Deployment', 'ingress-nginx', 'ingress-nginx-controller', 443, 'https', 'TCP'),
    3,
  );
  add(workload(rng, 'Deployment', 'cert-manager', 'cert-manager', 9402, 'http-metrics', 'TCP'), 1);
  let stores = 0;
  let crons = 0;
  for (let i = 0; c.workloads.length < 300; i++) {
    const ns = APP_NAMESPACES[i % APP_NAMESPACES.length]!;
    const round = Math.floor(i / APP_NAMESPACES.length);
    if (stores < 40 && i % 5 === 2) {
      const s = STORES[(stores++ + round) % STORES.length]!;
      add(workload(rng, 'StatefulSet', ns, `${s}-${round}`, STORE_PORT[s]!, 'tcp-' + s, 'TCP'), 3);
    } else if (crons < 42 && i % 5 === 4) {
      crons++;
      add(
        workload(
          rng,
          'CronJob',
          ns,
          `${pick(rng, ['report', 'cleanup', 'sync', 'backup'])}-${round}-${i}`,
          0,
          '',
          'TCP',
        ),
        3,
      );
    } else {
      add(
        workload(
          rng,
          'Deployment',
          ns,
          `${WORDS[(i + round) % WORDS.length]}-${round}`,
          pick(rng, [8080, 8080, 3000, 9080, 5000]),
          'http',
          'TCP',
        ),
        int(rng, 2, 11),
      );
    }
  }
  c.edges = buildEdges(rng, c);
  return c;
}

function workload(
  rng: Rng,
  kind: SimWorkload['kind'],
  namespace: string,
  name: string,
  port: number,
  portName: string,
  protocol: 'TCP' | 'UDP',
  labels?: Record<string, string>,
): SimWorkload {
  const l = labels ?? { app: name, team: namespace };
  return {
    kind,
    namespace,
    name,
    labels: l,
    port,
    portName,
    protocol,
    services: [],
    pods: [],
    jobs: [],
    hash: suffix(rng, 10),
  };
}

function addWorkload(
  rng: Rng,
  c: SimCluster,
  state: { nextPodIp: number[]; nextSvc: number; identity: number },
  w: SimWorkload,
  replicas: number,
): SimWorkload {
  c.workloads.push(w);
  const identity = state.identity++;
  if (w.kind === 'CronJob') {
    w.jobs = Array.from({ length: replicas }, (_, i) => `${w.name}-${28_900_000 + i * 60}`);
  }
  for (let i = 0; i < replicas; i++) {
    const node = w.kind === 'DaemonSet' ? c.nodes[i]! : pick(rng, c.nodes);
    const octet = state.nextPodIp[node.index]!++;
    const ip = `10.244.${node.index}.${octet}`;
    const [name, owner] = podName(rng, w, i);
    const labels = { ...w.labels, ...podExtraLabels(w, name) };
    const pod: SimPod = {
      name,
      namespace: w.namespace,
      ip,
      node,
      labels,
      workload: w,
      identity,
      owner,
    };
    w.pods.push(pod);
    c.pods.push(pod);
  }
  if (w.port > 0 && w.kind !== 'DaemonSet' && w.services.length === 0 && w.name !== 'coredns') {
    const headless = w.kind === 'StatefulSet';
    const clusterIP = headless
      ? null
      : `10.96.${Math.floor(state.nextSvc / 250)}.${(state.nextSvc++ % 250) + 1}`;
    w.services.push({
      name: w.name,
      namespace: w.namespace,
      clusterIP,
      port: headless ? w.port : w.port === 443 ? 443 : 80,
      targetPort: headless ? w.port : w.portName,
      protocol: w.protocol,
    });
  }
  return w;
}

function podName(rng: Rng, w: SimWorkload, i: number): [string, { kind: string; name: string }] {
  if (w.kind === 'Deployment') {
    return [
      `${w.name}-${w.hash}-${suffix(rng, 5)}`,
      { kind: 'ReplicaSet', name: `${w.name}-${w.hash}` },
    ];
  }
  if (w.kind === 'StatefulSet') return [`${w.name}-${i}`, { kind: 'StatefulSet', name: w.name }];
  if (w.kind === 'DaemonSet')
    return [`${w.name}-${suffix(rng, 5)}`, { kind: 'DaemonSet', name: w.name }];
  const job = w.jobs[i]!;
  return [`${job}-${suffix(rng, 5)}`, { kind: 'Job', name: job }];
}

function podExtraLabels(w: SimWorkload, name: string): Record<string, string> {
  if (w.kind === 'Deployment') return { 'pod-template-hash': w.hash };
  if (w.kind === 'StatefulSet')
    return {
      'controller-revision-hash': `${w.name}-${w.hash}`,
      'statefulset.kubernetes.io/pod-name': name,
    };
  if (w.kind === 'DaemonSet')
    return { 'controller-revision-hash': w.hash.slice(0, 8), 'pod-template-generation': '1' };
  return { 'job-name': name.slice(0, name.lastIndexOf('-')) };
}

function buildEdges(rng: Rng, c: SimCluster): Edge[] {
  const edges: Edge[] = [];
  const servers = c.workloads.filter((w) => w.port > 0 && w.kind !== 'DaemonSet' && w !== c.dns);
  const prometheus = c.workloads.find((w) => w.name === 'prometheus')!;
  const ingress = c.workloads.find((w) => w.name === 'ingress-nginx-controller')!;
  for (const w of c.workloads) {
    if (w.kind === 'DaemonSet') {
      edges.push({ client: prometheus, server: w, port: w.port, protocol: 'TCP', weight: 2 });
      continue;
    }
    if (w !== c.dns) edges.push({ client: w, server: c.dns, port: 53, protocol: 'UDP', weight: 6 });
    if (w.port > 0 && w !== c.dns)
      edges.push({ client: 'host', server: w, port: w.port, protocol: 'TCP', weight: 1 });
    const sameNs = servers.filter((s) => s.namespace === w.namespace && s !== w);
    for (let k = int(rng, 1, 5); k > 0; k--) {
      const s = rng() < 0.75 && sameNs.length > 0 ? pick(rng, sameNs) : pick(rng, servers);
      if (s !== w)
        edges.push({
          client: w,
          server: s,
          port: s.port,
          protocol: s.protocol,
          weight: int(rng, 2, 12),
        });
    }
    if (rng() < 0.3)
      edges.push({
        client: w,
        server: 'world',
        externalIp: pick(rng, EXTERNAL),
        port: 443,
        protocol: 'TCP',
        weight: 2,
      });
  }
  edges.push({ client: 'world', server: ingress, port: 443, protocol: 'TCP', weight: 60 });
  for (const s of servers.filter((x) => x.namespace === 'shop' || x.name.startsWith('frontend'))) {
    edges.push({ client: ingress, server: s, port: s.port, protocol: 'TCP', weight: 8 });
  }
  return edges;
}
