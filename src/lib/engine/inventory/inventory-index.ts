/**
 * Lookup maps over an Inventory, built once per inventory and never stored: IP → pods, node,
 * Service; name → pod, workload, Service; workload → pods. IPs are keyed in canonical text so
 * that `2001:DB8::1` and `2001:db8:0::1` meet.
 */
import { normalizeIp, parseIpLenient } from '../model/address';
import type {
  Inventory,
  NodeInfo,
  PodInfo,
  ServiceEndpoints,
  ServiceInfo,
  WorkloadInfo,
} from '../model/k8s';
import type { BackingGroup } from './backing';
import type { IdentityMatch } from './identity';
import type { ResolvedEndpoint } from './resolve';
import { workloadKey, type WorkloadKey } from '../model/ids';

export interface InventoryIndex {
  inventory: Inventory;
  /** Pods by their IPs (hostNetwork pods excluded: their IP is the node's). */
  podsByIp: Map<string, PodInfo[]>;
  /** Pods by IP including hostNetwork pods (for listening ports on node IPs). */
  podsByAnyIp: Map<string, PodInfo[]>;
  nodesByIp: Map<string, NodeInfo>;
  nodesByName: Map<string, NodeInfo>;
  /** Services by clusterIP, externalIP and load-balancer IP. */
  servicesByIp: Map<string, ServiceInfo>;
  /** `namespace/name` → Service. */
  servicesByName: Map<string, ServiceInfo>;
  /** `namespace/name` → pods of that name (several when a name was reused). */
  podsByName: Map<string, PodInfo[]>;
  /** namespace → name → pods: the per-flow lookups, without building a key string per flow. */
  podsByNsName: Map<string, Map<string, PodInfo[]>>;
  /** namespace → name → Service (per-flow lookups, as podsByNsName). */
  servicesByNsName: Map<string, Map<string, ServiceInfo>>;
  /** `kind/namespace/name` of the top owner → pods. */
  podsByOwner: Map<WorkloadKey, PodInfo[]>;
  podsByNamespace: Map<string, PodInfo[]>;
  workloads: Map<WorkloadKey, WorkloadInfo>;
  /** `namespace/service` → its Endpoints and EndpointSlices. */
  endpointsByService: Map<string, ServiceEndpoints[]>;
  /** Filled on first use: a Service's backing pods, a pod's selecting Services. */
  memo: {
    backing: Map<ServiceInfo, PodInfo[]>;
    groups: Map<ServiceInfo, BackingGroup[]>;
    podServices: Map<PodInfo, ServiceInfo[]>;
    /** Every port the dump could make a server port (ports.ts `serverPortCandidates`). */
    serverPorts?: Set<number>;
    /** Identity-only endpoints (namespace + labels) already matched. */
    identities: Map<string, IdentityMatch>;
    /** The same by label object (parsers share one object per identity): no key built per flow. */
    identityObjects: WeakMap<object, Map<string, IdentityMatch>>;
    /**
     * namespace → pod name → the resolution of inline metadata naming that pod, where no flow
     * decides it (one pod of the name, not in the host network): resolve.ts `fromMeta`.
     */
    podAnswers: Map<string, Map<string, ResolvedEndpoint>>;
  };
}

function push<T>(map: Map<string, T[]>, key: string, v: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [v]);
  else list.push(v);
}

function inner<T>(map: Map<string, Map<string, T>>, key: string): Map<string, T> {
  let m = map.get(key);
  if (m === undefined) map.set(key, (m = new Map()));
  return m;
}

function indexPods(idx: InventoryIndex, pods: PodInfo[]): void {
  for (const p of pods) {
    for (const ip of p.ips) {
      const key = normalizeIp(ip);
      push(idx.podsByAnyIp, key, p);
      if (!p.hostNetwork) push(idx.podsByIp, key, p);
    }
    push(idx.podsByName, `${p.namespace}/${p.name}`, p);
    push(inner(idx.podsByNsName, p.namespace), p.name, p);
    push(idx.podsByOwner, workloadKey(p.owner.kind, p.namespace, p.owner.name), p);
    push(idx.podsByNamespace, p.namespace, p);
  }
}

function indexServices(idx: InventoryIndex, services: ServiceInfo[]): void {
  for (const s of services) {
    idx.servicesByName.set(`${s.namespace}/${s.name}`, s);
    inner(idx.servicesByNsName, s.namespace).set(s.name, s);
    for (const ip of [...s.clusterIPs, ...s.externalIPs, ...s.loadBalancerIPs]) {
      const key = normalizeIp(ip);
      if (!idx.servicesByIp.has(key)) idx.servicesByIp.set(key, s);
    }
  }
}

/**
 * Indexes already built in this thread, by inventory: the pipeline, the part reader, the
 * workspace and every query of one run ask for the same inventory, which is never changed once
 * built (inventory/build.ts returns a new one for every merge). Still, an index is used again
 * only while the lists it indexed are the same lists of the same lengths.
 */
const built = new WeakMap<Inventory, { idx: InventoryIndex; shape: unknown[] }>();

function shapeOf(inv: Inventory): unknown[] {
  const lists = [inv.pods, inv.services, inv.nodes, inv.workloads, inv.endpoints];
  return [...lists, ...lists.map((l) => l?.length)];
}

/** The lookup maps of an inventory (O(size) the first time, then remembered). */
export function indexInventory(inv: Inventory): InventoryIndex {
  const shape = shapeOf(inv);
  const hit = built.get(inv);
  if (hit && hit.shape.every((x, i) => x === shape[i])) return hit.idx;
  const idx = buildIndex(inv);
  built.set(inv, { idx, shape });
  return idx;
}

function buildIndex(inv: Inventory): InventoryIndex {
  const idx: InventoryIndex = {
    inventory: inv,
    podsByIp: new Map(),
    podsByAnyIp: new Map(),
    nodesByIp: new Map(),
    nodesByName: new Map(),
    servicesByIp: new Map(),
    servicesByName: new Map(),
    podsByName: new Map(),
    podsByNsName: new Map(),
    servicesByNsName: new Map(),
    podsByOwner: new Map(),
    podsByNamespace: new Map(),
    workloads: new Map(),
    endpointsByService: new Map(),
    memo: {
      backing: new Map(),
      groups: new Map(),
      podServices: new Map(),
      identities: new Map(),
      identityObjects: new WeakMap(),
      podAnswers: new Map(),
    },
  };
  indexPods(idx, inv.pods);
  indexServices(idx, inv.services);
  for (const n of inv.nodes) {
    idx.nodesByName.set(n.name, n);
    for (const a of n.addresses) {
      if (parseIpLenient(a.address) === null) continue;
      const key = normalizeIp(a.address);
      if (!idx.nodesByIp.has(key)) idx.nodesByIp.set(key, n);
    }
  }
  for (const w of inv.workloads) idx.workloads.set(workloadKey(w), w);
  for (const e of inv.endpoints ?? [])
    push(idx.endpointsByService, `${e.namespace}/${e.service}`, e);
  return idx;
}
