/**
 * Plain helpers for a namespace's review, where rows and decisions belong to many workloads:
 * decisions by workload id, a selection of rows split by workload, the rows and row counts per
 * workload — and the parts of the rows every review's tables read.
 */
import {
  isIncluded,
  workloadKey,
  workloadKeys,
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
  const idOf = workloadKeys();
  for (const c of rows) {
    if (!wanted.has(c.key)) continue;
    const id = idOf(c.workload);
    (out[id] ??= { workload: c.workload, keys: [] }).keys.push(c.key);
  }
  return Object.values(out);
}

/** Rows in each direction, by workload id (once per rows array). */
export const rowCounts = perRows((rows) => {
  const out: Record<string, { ingress: number; egress: number }> = {};
  const idOf = workloadKeys();
  let id: string | null = null;
  let counts = { ingress: 0, egress: 0 };
  for (const c of rows) {
    const next = idOf(c.workload);
    if (next !== id) counts = out[(id = next)] ??= { ingress: 0, egress: 0 };
    counts[c.direction]++;
  }
  return out;
});

/** The review's rows as its tables read them: by kind and direction, and by workload id. */
export interface RowParts {
  /** The captured connections (undetermined rows apart). */
  captured: Communication[];
  ingress: Communication[];
  egress: Communication[];
  /** IP peers of both directions. */
  ips: Communication[];
  /** Undetermined rows (initiator unknown), by direction. */
  unknownIngress: Communication[];
  unknownEgress: Communication[];
  /** The rows of each workload, in their order. */
  byWorkload: ReadonlyMap<string, readonly Communication[]>;
}

/** The parts of a rows array in one pass, made once per array. */
export const rowParts = perRows((rows): RowParts => {
  const parts: RowParts = {
    captured: [],
    ingress: [],
    egress: [],
    ips: [],
    unknownIngress: [],
    unknownEgress: [],
    byWorkload: new Map(),
  };
  const groups = parts.byWorkload as Map<string, Communication[]>;
  const idOf = workloadKeys();
  let id: string | null = null;
  let group: Communication[] = [];
  for (const c of rows) {
    const next = idOf(c.workload);
    if (next !== id) {
      id = next;
      const known = groups.get(id);
      if (known) group = known;
      else groups.set(id, (group = []));
    }
    group.push(c);
    if (c.undetermined) {
      (c.direction === 'ingress' ? parts.unknownIngress : parts.unknownEgress).push(c);
      continue;
    }
    parts.captured.push(c);
    (c.direction === 'ingress' ? parts.ingress : parts.egress).push(c);
    if (c.peer.type === 'ip') parts.ips.push(c);
  }
  return parts;
});

/**
 * `fn` remembered per rows array: the review's rows are never changed in place (a new query
 * gives a new array, rows held for a query chosen again the same one).
 */
function perRows<T>(fn: (rows: readonly Communication[]) => T) {
  const memo = new WeakMap<readonly Communication[], T>();
  return (rows: readonly Communication[]): T => {
    let hit = memo.get(rows);
    if (hit === undefined) memo.set(rows, (hit = fn(rows)));
    return hit;
  };
}

/** ipsWithReasons' answers, per reasons array (one per rows array). */
const explained = new WeakMap<readonly (string | null)[], Communication[]>();

/**
 * The IP peers of `rows` (rowParts' `ips`) with why each is unresolved: `why` is aligned with
 * `rows` (the worker's `reviewReasons`). Made once per reasons array, so the Unresolved IPs
 * table's sorted view and cell texts stay while the rows do.
 */
export function ipsWithReasons(
  rows: readonly Communication[],
  why: readonly (string | null)[],
): Communication[] {
  let hit = explained.get(why);
  if (hit === undefined) {
    const byRow = new Map<Communication, string>();
    rows.forEach((c, i) => {
      const w = why[i];
      if (typeof w === 'string') byRow.set(c, w);
    });
    hit = rowParts(rows).ips.map((c) => {
      const w = byRow.get(c);
      return w === undefined || c.peer.type !== 'ip' ? c : { ...c, peer: { ...c.peer, why: w } };
    });
    explained.set(why, hit);
  }
  return hit;
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
