/**
 * Pods, names and Services of one synthetic workload: node placement, pod IPs from each node's
 * pod CIDR, Kubernetes-style generated names and labels, and a Service per server workload
 * (ClusterIP with a named targetPort; headless for StatefulSets).
 */
import { type Rng, pick, suffix } from './rng';
import type { SimCluster, SimPod, SimWorkload } from './cluster';

/** Counters shared by every workload of the cluster. */
export interface Allocator {
  nextPodIp: number[];
  nextSvc: number;
  identity: number;
}

export function addWorkload(
  rng: Rng,
  c: SimCluster,
  alloc: Allocator,
  w: SimWorkload,
  replicas: number,
): SimWorkload {
  c.workloads.push(w);
  const identity = alloc.identity++;
  if (w.kind === 'CronJob') {
    w.jobs = Array.from({ length: replicas }, (_, i) => `${w.name}-${28_900_000 + i * 60}`);
  }
  for (let i = 0; i < replicas; i++) {
    const node = w.kind === 'DaemonSet' ? c.nodes[i]! : pick(rng, c.nodes);
    const ip = `10.244.${node.index}.${alloc.nextPodIp[node.index]!++}`;
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
  if (w.port > 0 && w.kind !== 'DaemonSet') addService(alloc, w);
  return w;
}

function addService(alloc: Allocator, w: SimWorkload): void {
  const headless = w.kind === 'StatefulSet';
  const n = alloc.nextSvc++;
  w.services.push({
    name: w.name,
    namespace: w.namespace,
    clusterIP: headless ? null : `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`,
    port: headless || w.port === 443 ? w.port : 80,
    targetPort: headless ? w.port : w.portName,
    protocol: w.protocol,
  });
}

function podName(rng: Rng, w: SimWorkload, i: number): [string, { kind: string; name: string }] {
  if (w.kind === 'Deployment') {
    const rs = `${w.name}-${w.hash}`;
    return [`${rs}-${suffix(rng, 5)}`, { kind: 'ReplicaSet', name: rs }];
  }
  if (w.kind === 'StatefulSet') return [`${w.name}-${i}`, { kind: 'StatefulSet', name: w.name }];
  if (w.kind === 'DaemonSet') {
    return [`${w.name}-${suffix(rng, 5)}`, { kind: 'DaemonSet', name: w.name }];
  }
  const job = w.jobs[i]!;
  return [`${job}-${suffix(rng, 5)}`, { kind: 'Job', name: job }];
}

function podExtraLabels(w: SimWorkload, name: string): Record<string, string> {
  if (w.kind === 'Deployment') return { 'pod-template-hash': w.hash };
  if (w.kind === 'StatefulSet') {
    return {
      'controller-revision-hash': `${w.name}-${w.hash}`,
      'statefulset.kubernetes.io/pod-name': name,
    };
  }
  if (w.kind === 'DaemonSet') {
    return { 'controller-revision-hash': w.hash.slice(0, 8), 'pod-template-generation': '1' };
  }
  return { 'job-name': name.slice(0, name.lastIndexOf('-')) };
}
