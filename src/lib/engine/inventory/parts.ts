/**
 * The real (not synthesised) objects of an inventory under construction, deduplicated by
 * kind/namespace/name with the later object winning. Pods are keyed by namespace/name and
 * kept apart only when both copies carry different uids (the same name reused by a new pod).
 */
import type { AdminPolicy } from '../model/admin-policy';
import type {
  Inventory,
  NamespaceInfo,
  NetworkPolicy,
  NodeInfo,
  PodInfo,
  ServiceEndpoints,
  ServiceInfo,
  WorkloadInfo,
} from '../model/k8s';
import { objectKey, workloadKey, type WorkloadKey } from '../model/ids';

export interface Parts {
  pods: Map<string, PodInfo[]>;
  workloads: Map<WorkloadKey, WorkloadInfo>;
  services: Map<string, ServiceInfo>;
  endpoints: Map<string, ServiceEndpoints>;
  nodes: Map<string, NodeInfo>;
  namespaces: Map<string, NamespaceInfo>;
  networkPolicies: Map<string, NetworkPolicy>;
  /** Admin policies by `kind/name` (cluster-scoped). */
  adminPolicies: Map<string, AdminPolicy>;
  /** Sets `map[key(v)] = v`; false when `v` is undefined (an unreadable object). */
  add<T>(map: Map<string, T>, v: T | undefined, key: (v: T) => string): boolean;
  addPod(p: PodInfo | undefined): boolean;
  podList(): PodInfo[];
}

function addPod(pods: Map<string, PodInfo[]>, p: PodInfo): void {
  const key = `${p.namespace}/${p.name}`;
  const same = pods.get(key);
  if (same === undefined) return void pods.set(key, [p]);
  const kept =
    p.uid === undefined ? [] : same.filter((q) => q.uid !== undefined && q.uid !== p.uid);
  pods.set(key, [...kept, p]);
}

/** Every pod kept, in the order their keys were first added. */
function podList(pods: Map<string, PodInfo[]>): PodInfo[] {
  const out: PodInfo[] = [];
  for (const same of pods.values()) for (const p of same) out.push(p);
  return out;
}

export function partsOf(): Parts {
  const parts: Parts = {
    pods: new Map(),
    workloads: new Map(),
    services: new Map(),
    endpoints: new Map(),
    nodes: new Map(),
    namespaces: new Map(),
    networkPolicies: new Map(),
    adminPolicies: new Map(),
    add(map, v, key) {
      if (v === undefined) return false;
      map.set(key(v), v);
      return true;
    },
    addPod(p) {
      if (p === undefined) return false;
      addPod(parts.pods, p);
      return true;
    },
    podList: () => podList(parts.pods),
  };
  return parts;
}

function addReal(parts: Parts, inv: Inventory): void {
  for (const p of inv.pods) parts.addPod(p);
  for (const w of inv.workloads) {
    if (w.synthesized !== true) parts.workloads.set(workloadKey(w), w);
  }
  for (const s of inv.services) parts.services.set(`${s.namespace}/${s.name}`, s);
  for (const e of inv.endpoints ?? []) parts.endpoints.set(objectKey(e), e);
  for (const n of inv.nodes) if (n.synthesized !== true) parts.nodes.set(n.name, n);
  for (const n of inv.namespaces) if (n.synthesized !== true) parts.namespaces.set(n.name, n);
  for (const np of inv.networkPolicies) {
    parts.networkPolicies.set(`${np.metadata.namespace ?? 'default'}/${np.metadata.name}`, np);
  }
  for (const ap of inv.adminPolicies ?? []) parts.adminPolicies.set(adminKey(ap), ap);
}

export function adminKey(p: AdminPolicy): string {
  return `${p.kind}/${p.name}`;
}

/** The real objects of `a` then `b` (b wins on equal keys). */
export function mergeParts(a: Inventory, b: Inventory): Parts {
  const parts = partsOf();
  addReal(parts, a);
  addReal(parts, b);
  return parts;
}
