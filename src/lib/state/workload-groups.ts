/**
 * Plain helpers for a namespace's review, where rows and decisions belong to many workloads:
 * decisions by workload id, a selection of rows split by workload, row counts per workload.
 */
import {
  workloadKey,
  type CommKey,
  type Communication,
  type Decisions,
  type WorkloadRef,
} from '$lib/engine';

/** Decisions by `Kind/ns/name` (ids hold slashes: no prototype key can collide). */
export function decisionsById(list: readonly Decisions[]): Readonly<Record<string, Decisions>> {
  return Object.fromEntries(list.map((d) => [workloadKey(d.workload), d]));
}

/** The rows among `keys`, split by their workload. */
export function keysByWorkload(
  rows: readonly Communication[],
  keys: readonly CommKey[],
): { workload: WorkloadRef; keys: CommKey[] }[] {
  const wanted = new Set<string>(keys);
  const out: Record<string, { workload: WorkloadRef; keys: CommKey[] }> = {};
  for (const c of rows) {
    if (!wanted.has(c.key)) continue;
    const id = workloadKey(c.workload);
    (out[id] ??= { workload: c.workload, keys: [] }).keys.push(c.key);
  }
  return Object.values(out);
}

/** Rows in each direction, by workload id. */
export function rowCounts(
  rows: readonly Communication[],
): Record<string, { ingress: number; egress: number }> {
  const out: Record<string, { ingress: number; egress: number }> = {};
  for (const c of rows) (out[workloadKey(c.workload)] ??= { ingress: 0, egress: 0 })[c.direction]++;
  return out;
}
