/**
 * The workload list of the UI's scope bar: for one entity type, every workload (or Service)
 * the inventory knows plus every one seen in traffic, with its ingress/egress row counts and
 * flows in the time window. Jobs owned by a CronJob are not listed: they roll up to it.
 */
import type { WorkloadRef } from '../model/communication';
import type { Inventory } from '../model/k8s';
import { compareStrings } from './keys';
import { queryCommunications, type QueryInput } from './query';

export interface WorkloadSummary {
  workload: WorkloadRef;
  /** Rows (peer, port, protocol) in each direction. */
  ingress: number;
  egress: number;
  flows: number;
}

const TOP_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'CronJob', 'Job']);

/** Workloads of the entity type in scope, sorted by namespace and name (then kind). */
export function listWorkloads(input: Omit<QueryInput, 'workload'>): WorkloadSummary[] {
  const byKey = new Map<string, WorkloadSummary>();
  const touch = (w: WorkloadRef): WorkloadSummary => {
    const key = `${w.kind}/${w.namespace}/${w.name}`;
    let s = byKey.get(key);
    if (!s) {
      s = {
        workload: { kind: w.kind, namespace: w.namespace, name: w.name },
        ingress: 0,
        egress: 0,
        flows: 0,
      };
      byKey.set(key, s);
    }
    return s;
  };
  for (const w of inventoryWorkloads(input.inventory, input.entity)) {
    if (input.namespace === undefined || w.namespace === input.namespace) touch(w);
  }
  for (const c of queryCommunications(input)) {
    const s = touch(c.workload);
    s[c.direction] += 1;
    s.flows += c.flows;
  }
  return [...byKey.values()].sort(
    (x, y) =>
      compareStrings(x.workload.namespace, y.workload.namespace) ||
      compareStrings(x.workload.name, y.workload.name) ||
      compareStrings(x.workload.kind, y.workload.kind),
  );
}

/** Workloads of an entity type known from the dump, with or without traffic. */
function inventoryWorkloads(inv: Inventory, entity: QueryInput['entity']): WorkloadRef[] {
  if (entity === 'Service') {
    return inv.services.map((s) => ({ kind: 'Service', namespace: s.namespace, name: s.name }));
  }
  const cronJobChildren = new Set<string>();
  const out: WorkloadRef[] = [];
  for (const p of inv.pods) {
    if (p.owner.kind === 'CronJob') {
      for (const o of p.ownerChain)
        if (o.kind === 'Job') cronJobChildren.add(`${p.namespace}/${o.name}`);
    }
    out.push({ kind: p.owner.kind, namespace: p.namespace, name: p.owner.name });
  }
  for (const w of inv.workloads) {
    if (!TOP_KINDS.has(w.kind) || w.owner) continue;
    if (w.kind === 'Job' && cronJobChildren.has(`${w.namespace}/${w.name}`)) continue;
    out.push({ kind: w.kind, namespace: w.namespace, name: w.name });
  }
  return out.filter((w) => entity === 'all' || w.kind === entity);
}
