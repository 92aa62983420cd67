/**
 * Typed builders for small policy scenarios: inventories, workloads, pods, Services and
 * communications, so a test reads like the cluster it describes.
 */
import { viewKey } from '../../../../src/lib/engine/aggregate/keys';
import type {
  Communication,
  Peer,
  WorkloadRef,
} from '../../../../src/lib/engine/model/communication';
import {
  emptyInventory,
  type ContainerPort,
  type Inventory,
  type PodInfo,
  type ServiceInfo,
  type WorkloadInfo,
} from '../../../../src/lib/engine/model/k8s';

export function ref(kind: string, namespace: string, name: string): WorkloadRef {
  return { kind, namespace, name };
}

export function workload(
  kind: string,
  namespace: string,
  name: string,
  templateLabels: Record<string, string>,
  selector: Record<string, string> | null = templateLabels,
): WorkloadInfo {
  const w: WorkloadInfo = { kind, namespace, name, templateLabels };
  if (selector) w.selector = { matchLabels: selector };
  return w;
}

export function pod(
  owner: WorkloadRef,
  name: string,
  labels: Record<string, string>,
  opts: { ip?: string; hostNetwork?: boolean; ports?: ContainerPort[]; chain?: WorkloadRef[] } = {},
): PodInfo {
  return {
    namespace: owner.namespace,
    name,
    ips: opts.ip ? [opts.ip] : [],
    hostNetwork: opts.hostNetwork ?? false,
    labels,
    owner: { kind: owner.kind, name: owner.name },
    ownerChain: (opts.chain ?? [owner]).map((o) => ({ kind: o.kind, name: o.name })),
    containerPorts: opts.ports ?? [],
  };
}

export function service(
  namespace: string,
  name: string,
  selector: Record<string, string> | undefined,
  ports: ServiceInfo['ports'],
  labels?: Record<string, string>,
): ServiceInfo {
  const s: ServiceInfo = {
    namespace,
    name,
    type: 'ClusterIP',
    clusterIPs: [],
    externalIPs: [],
    loadBalancerIPs: [],
    headless: false,
    ports,
  };
  if (selector) s.selector = selector;
  if (labels) s.labels = labels;
  return s;
}

export function inventory(parts: Partial<Omit<Inventory, 'cluster'>>): Inventory {
  return { ...emptyInventory('test'), ...parts };
}

export function namespaces(...names: string[]): Inventory['namespaces'] {
  return names.map((name) => ({ name, labels: { 'kubernetes.io/metadata.name': name } }));
}

export const wPeer = (w: WorkloadRef): Peer => ({ type: 'workload', ...w });
export const ipPeer = (ip: string, alias: string | null = null): Peer => ({
  type: 'ip',
  ip,
  class: 'external',
  alias,
});
export const nodePeer = (name: string, ip: string): Peer => ({ type: 'node', name, ip });

/** One communication of `w`, keyed like the analyze view (workload|direction|peer|port/proto). */
export function comm(
  w: WorkloadRef,
  direction: 'ingress' | 'egress',
  peer: Peer,
  port: number,
  protocol = 'TCP',
): Communication {
  return {
    key: viewKey(w, direction, peer, port, protocol),
    direction,
    workload: w,
    peer,
    port,
    protocol,
    flows: 1,
    firstSeen: null,
    lastSeen: null,
    via: [],
    verdicts: {},
  };
}
