/**
 * The workload list of the UI's scope bar: for one entity type, every workload (or Service)
 * the inventory knows plus every one seen in traffic, with its ingress/egress row counts and
 * flows in the time window. Jobs owned by a CronJob are not listed: they roll up to it.
 */
import { workloadKey, workloadRef, type WorkloadKey, type WorkloadRef } from '../model/ids';
import type { Communication } from '../model/communication';
import type { Inventory } from '../model/k8s';
import { topWorkloads } from '../inventory/top-workloads';
import { compareStrings } from './keys';
import { queryCommunications, type QueryInput } from './query';

export interface WorkloadSummary {
  workload: WorkloadRef;
  /** Rows (peer, port, protocol) in each direction. */
  ingress: number;
  egress: number;
  flows: number;
}

/**
 * Workloads of the entity type in scope, sorted by namespace and name (then kind). `rows`: the
 * input's rows when they are known already, or rows of every kind with the undetermined pairs
 * (aggregate/narrow.ts; only the counted rows of the entity type count).
 */
export function listWorkloads(
  input: Omit<QueryInput, 'workload'>,
  rows: readonly Communication[] = queryCommunications(input),
): WorkloadSummary[] {
  const byKey = new Map<WorkloadKey, WorkloadSummary>();
  const touch = (w: WorkloadRef): WorkloadSummary => {
    const key = workloadKey(w);
    let s = byKey.get(key);
    if (!s) {
      s = {
        workload: workloadRef(w),
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
  for (const c of rows) {
    if (c.undetermined || (input.entity !== 'all' && c.workload.kind !== input.entity)) continue;
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
  return topWorkloads(inv).filter((w) => entity === 'all' || w.kind === entity);
}
