/**
 * Services ↔ pods: the pods a Service sends traffic to (its selector in its namespace, or its
 * Endpoints/EndpointSlices when it has no selector), the Services that select a workload, and
 * the pods of a workload.
 */
import type { WorkloadRef } from '../model/communication';
import type { Inventory, PodInfo, ServiceInfo, WorkloadInfo } from '../model/k8s';
import { normalizeIp } from '../model/address';
import { indexInventory, type InventoryIndex } from './inventory-index';
import { mapSelects } from '../model/labels';
import { workloadKey } from '../model/ids';

/**
 * NOTE: a Service without a selector (or with an empty one) selects no pods; its Endpoints
 * are managed by someone else (core/v1 ServiceSpec.selector).
 */
export function hasSelector(
  svc: ServiceInfo,
): svc is ServiceInfo & { selector: Record<string, string> } {
  return svc.selector !== undefined && Object.keys(svc.selector).length > 0;
}

function computeBacking(idx: InventoryIndex, svc: ServiceInfo): PodInfo[] {
  const inNs = idx.podsByNamespace.get(svc.namespace) ?? [];
  if (hasSelector(svc)) return inNs.filter((p) => mapSelects(svc.selector, p.labels));
  const out = new Set<PodInfo>();
  for (const e of idx.endpointsByService.get(`${svc.namespace}/${svc.name}`) ?? []) {
    for (const a of e.subsets.flatMap((s) => s.addresses)) {
      const ref = a.targetRef;
      const byRef =
        ref?.kind === 'Pod' ? idx.podsByName.get(`${ref.namespace}/${ref.name}`) : undefined;
      for (const p of byRef ?? idx.podsByAnyIp.get(normalizeIp(a.ip)) ?? []) out.add(p);
    }
  }
  return [...out];
}

/** The pods a Service selects (by selector, else by its endpoints' pod references and IPs). */
export function backingPods(idx: InventoryIndex, svc: ServiceInfo): PodInfo[] {
  let pods = idx.memo.backing.get(svc);
  if (pods === undefined) {
    pods = computeBacking(idx, svc);
    idx.memo.backing.set(svc, pods);
  }
  return pods;
}

/** The backing pods of a Service grouped by top-owner workload, sorted by kind/namespace/name. */
export interface BackingGroup {
  key: string;
  ref: WorkloadRef;
  pods: PodInfo[];
}

export function backingGroups(idx: InventoryIndex, svc: ServiceInfo): BackingGroup[] {
  let groups = idx.memo.groups.get(svc);
  if (groups !== undefined) return groups;
  const byKey = new Map<string, BackingGroup>();
  for (const p of backingPods(idx, svc)) {
    const key = workloadKey(p.owner.kind, p.namespace, p.owner.name);
    const g = byKey.get(key);
    if (g !== undefined) g.pods.push(p);
    else
      byKey.set(key, {
        key,
        ref: { kind: p.owner.kind, namespace: p.namespace, name: p.owner.name },
        pods: [p],
      });
  }
  groups = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  idx.memo.groups.set(svc, groups);
  return groups;
}

/**
 * Top-owner workloads whose pod template a Service's selector matches: the backends of a
 * Service when the dump has the controllers but not their pods.
 */
export function backingWorkloads(idx: InventoryIndex, svc: ServiceInfo): WorkloadInfo[] {
  if (!hasSelector(svc)) return [];
  return idx.inventory.workloads.filter(
    (w) =>
      w.namespace === svc.namespace &&
      w.owner === undefined &&
      w.templateLabels !== undefined &&
      mapSelects(svc.selector, w.templateLabels),
  );
}

/**
 * Whether the pod is one of `w`'s: its top owner is `w`, its owner chain holds `w` (an
 * intermediate controller such as a ReplicaSet), or `w` is the pod itself.
 */
export function isPodOf(p: PodInfo, w: WorkloadRef): boolean {
  if (p.namespace !== w.namespace) return false;
  const is = (o: { kind: string; name: string }) => o.kind === w.kind && o.name === w.name;
  return is(p.owner) || p.ownerChain.some(is) || (w.kind === 'Pod' && p.name === w.name);
}

/**
 * The pods of `w` (isPodOf), from the inventory's index (its pods by top owner first; an
 * inventory is indexed once, then remembered): the one answer the resolution, the selectors and
 * the verification use. The array may be the index's own: never change it.
 */
export function podsOf(from: InventoryIndex | Inventory, w: WorkloadRef): readonly PodInfo[] {
  if (!('podsByOwner' in from)) return podsOf(indexInventory(from), w);
  const top = from.podsByOwner.get(workloadKey(w));
  if (top !== undefined) return top;
  return (from.podsByNamespace.get(w.namespace) ?? []).filter((p) => isPodOf(p, w));
}

/** Every Service that sends traffic to `w`'s pods (headless ones included), sorted by name. */
export function servicesSelecting(idx: InventoryIndex, w: WorkloadRef): ServiceInfo[] {
  const pods = podsOf(idx, w);
  const labelSets = pods.map((p) => p.labels);
  const template = idx.workloads.get(workloadKey(w))?.templateLabels;
  if (template !== undefined) labelSets.push(template);
  const podSet = new Set(pods);
  return idx.inventory.services.filter((s) => {
    if (s.namespace !== w.namespace) return false;
    if (hasSelector(s)) return labelSets.some((l) => mapSelects(s.selector, l));
    return backingPods(idx, s).some((p) => podSet.has(p));
  });
}
