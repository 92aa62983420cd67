/**
 * Plain helpers for a namespace's review, where rows and decisions belong to many workloads:
 * decisions by workload id, a selection of rows split by workload, the rows and row counts per
 * workload.
 */
import {
  isIncluded,
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

/** The rows of each workload, by workload id, in their order. */
export function rowsByWorkload(
  rows: readonly Communication[],
): ReadonlyMap<string, readonly Communication[]> {
  const out = new Map<string, Communication[]>();
  for (const c of rows) {
    const id = workloadKey(c.workload);
    const list = out.get(id);
    if (list) list.push(c);
    else out.set(id, [c]);
  }
  return out;
}

/** Each workload's included keys, by its decisions object and rows (see includedKeySet). */
export type IncludedMemo = WeakMap<Decisions, { rows: readonly Communication[]; keys: string[] }>;

/**
 * The keys of the included rows of every workload. A decision replaces one workload's decisions
 * object: the other workloads' keys come from `memo`, not from their rows again.
 */
export function includedKeySet(
  groups: ReadonlyMap<string, readonly Communication[]>,
  decisionsOf: (w: WorkloadRef) => Decisions,
  memo: IncludedMemo,
): ReadonlySet<string> {
  const keys: string[] = [];
  for (const rows of groups.values()) {
    const d = decisionsOf(rows[0]!.workload);
    let hit = memo.get(d);
    if (hit?.rows !== rows) {
      hit = { rows, keys: rows.filter((c) => isIncluded(d, c)).map((c) => c.key) };
      memo.set(d, hit);
    }
    for (const k of hit.keys) keys.push(k);
  }
  return new Set(keys);
}
