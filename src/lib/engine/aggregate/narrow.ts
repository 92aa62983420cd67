/**
 * A query's rows narrowed to a narrower scope. Rows of every kind of workload (`entity: 'all'`)
 * of a namespace, undetermined pairs included, hold the rows of any narrower query with the
 * same window and IP settings: a query selects a workload endpoint when it is of the entity
 * type, in the namespace and (if one is asked) the workload (aggregate/scope.ts), and each
 * row is made from the aggregates that select it alone, met in the cluster's order in either
 * query. So the narrower query's rows are those rows taken in part, the same objects in the
 * same order (a property test holds it to the query asked directly). Not for Services: their
 * rows are a Service's, not a workload's.
 */
import type { Communication } from '../model/communication';
import { sameWorkload, workloadKey, type WorkloadRef } from '../model/ids';
import type { EntityType } from '../model/k8s';

/** The rows of the workloads of one kind (all of them for `all`). */
export function ofKind(rows: Communication[], entity: EntityType | 'all'): Communication[] {
  return entity === 'all' ? rows : rows.filter((r) => r.workload.kind === entity);
}

/** Each rows array's workloads' rows, by workload key (`ofWorkload`). */
const parts = new WeakMap<readonly Communication[], Map<string, Communication[]>>();

/**
 * The rows of one workload, as a query of `entity` with that workload asks them: the same array
 * for the same rows and workload, so what is kept per rows array (the worker's packed text of
 * them) is found again.
 */
export function ofWorkload(
  rows: readonly Communication[],
  entity: EntityType | 'all',
  workload: WorkloadRef,
): Communication[] {
  if (entity !== 'all' && entity !== workload.kind) return [];
  let byKey = parts.get(rows);
  if (byKey === undefined) parts.set(rows, (byKey = new Map()));
  const key = workloadKey(workload);
  let found = byKey.get(key);
  if (found === undefined)
    byKey.set(key, (found = rows.filter((r) => sameWorkload(r.workload, workload))));
  return found;
}
