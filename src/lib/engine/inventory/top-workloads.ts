/**
 * The top-level workloads of a cluster or a namespace: every pod's top owner (a bare pod is
 * its own) and every controller object that no other object owns, Jobs under a CronJob
 * counting as the CronJob (DESIGN.md §1.2, §5 "Namespace bundle"). Pure; sorted by
 * namespace, name, kind so callers (scope lists, bundles, CLI checks) agree on the order.
 */
import type { WorkloadRef } from '../model/communication';
import type { Inventory } from '../model/k8s';
import { workloadKey } from '../model/ids';
import { isWorkloadKind } from './workloads';

function compareRefs(x: WorkloadRef, y: WorkloadRef): number {
  const a = [x.namespace, x.name, x.kind];
  const b = [y.namespace, y.name, y.kind];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

/** Unique refs, sorted by namespace, name, kind. */
export function sortedRefs(refs: Iterable<WorkloadRef>): WorkloadRef[] {
  const byKey = new Map<string, WorkloadRef>();
  for (const w of refs) {
    const k = workloadKey(w);
    if (!byKey.has(k)) byKey.set(k, { kind: w.kind, namespace: w.namespace, name: w.name });
  }
  return [...byKey.values()].sort(compareRefs);
}

/** Top-level workloads known from the dump (with or without traffic), optionally of one namespace. */
export function topWorkloads(inv: Inventory, namespace?: string): WorkloadRef[] {
  const underCronJob = new Set<string>();
  const out: WorkloadRef[] = [];
  for (const p of inv.pods) {
    if (p.owner.kind === 'CronJob') {
      for (const o of p.ownerChain)
        if (o.kind === 'Job') underCronJob.add(`${p.namespace}/${o.name}`);
    }
    out.push({ kind: p.owner.kind, namespace: p.namespace, name: p.owner.name });
  }
  for (const w of inv.workloads) {
    if (!isWorkloadKind(w.kind) || w.owner) continue;
    if (w.kind === 'Job' && underCronJob.has(`${w.namespace}/${w.name}`)) continue;
    out.push({ kind: w.kind, namespace: w.namespace, name: w.name });
  }
  return sortedRefs(namespace === undefined ? out : out.filter((w) => w.namespace === namespace));
}
