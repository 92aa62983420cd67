/**
 * Names a user typed (a namespace, a workload name) checked against what the dump and the
 * traffic know (DESIGN.md §5 "Unknown names in arguments"): an unknown name gets its near
 * matches, a name that several kinds share without an entity type gets the candidates.
 * Plain results, never exceptions: the CLI turns them into exit code 1, the app into messages.
 */
import { distance } from 'fastest-levenshtein';
import type { CommAggregate, Endpoint, WorkloadRef } from '../model/communication';
import type { EntityType, Inventory } from '../model/k8s';
import { backingGroups, backingWorkloads } from './backing';
import { indexInventory } from './inventory-index';
import { sortedRefs, topWorkloads } from './top-workloads';

/** Up to `limit` known names closest to `typed`: containing it first, then by edit distance. */
export function nearMatches(typed: string, known: Iterable<string>, limit = 5): string[] {
  const t = typed.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(known)) {
    const n = name.toLowerCase();
    const d = distance(t, n);
    const contains = n.includes(t) || t.includes(n);
    if (contains || d <= Math.max(2, Math.floor(t.length / 3))) {
      scored.push({ name, score: contains ? d - 100 : d });
    }
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limit)
    .map((s) => s.name);
}

function workloadOf(e: Endpoint): WorkloadRef[] {
  return e.type === 'workload' ? [{ kind: e.kind, namespace: e.namespace, name: e.name }] : [];
}

/** Workloads seen in traffic (either end of an aggregate). */
export function trafficWorkloads(aggregates: CommAggregate[]): WorkloadRef[] {
  return sortedRefs(aggregates.flatMap((a) => [...workloadOf(a.client), ...workloadOf(a.server)]));
}

/** Every namespace the dump or the traffic names, sorted. */
export function knownNamespaces(inv: Inventory, aggregates: CommAggregate[]): string[] {
  const names = new Set<string>(inv.namespaces.map((n) => n.name));
  for (const p of inv.pods) names.add(p.namespace);
  for (const w of inv.workloads) names.add(w.namespace);
  for (const s of inv.services) names.add(s.namespace);
  for (const w of trafficWorkloads(aggregates)) names.add(w.namespace);
  return [...names].sort();
}

/** Workloads (top-level, from the dump and the traffic) and Services of a namespace. */
export function namedInNamespace(
  inv: Inventory,
  aggregates: CommAggregate[],
  namespace: string,
): WorkloadRef[] {
  return sortedRefs([
    ...topWorkloads(inv, namespace),
    ...trafficWorkloads(aggregates).filter((w) => w.namespace === namespace),
    ...inv.services
      .filter((s) => s.namespace === namespace)
      .map((s) => ({ kind: 'Service', namespace, name: s.name })),
  ]);
}

export type NameCheck =
  | { ok: true; workload: WorkloadRef }
  | { ok: false; problem: 'unknown-namespace' | 'unknown-name'; near: string[] }
  | { ok: false; problem: 'ambiguous'; candidates: WorkloadRef[] };

/** Whether the namespace is known; the near matches when it is not. */
export function checkNamespace(
  inv: Inventory,
  aggregates: CommAggregate[],
  namespace: string,
): NameCheck | null {
  const known = knownNamespaces(inv, aggregates);
  if (known.includes(namespace)) return null;
  return { ok: false, problem: 'unknown-namespace', near: nearMatches(namespace, known) };
}

/**
 * The workload `name` of `namespace`, of `entity` when given. Without an entity the name must
 * point at one workload: a name shared by several kinds, or a Service's name (the Service or
 * the workloads it selects?), is ambiguous and lists the candidates.
 */
export function findByName(
  inv: Inventory,
  aggregates: CommAggregate[],
  namespace: string,
  name: string,
  entity: EntityType | 'all',
): NameCheck {
  const all = namedInNamespace(inv, aggregates, namespace);
  const ofEntity = all.filter((w) => entity === 'all' || w.kind === entity);
  const hits = ofEntity.filter((w) => w.name === name);
  if (hits.length === 0) {
    return {
      ok: false,
      problem: 'unknown-name',
      near: nearMatches(
        name,
        ofEntity.map((w) => w.name),
      ),
    };
  }
  if (entity !== 'all') return { ok: true, workload: hits[0]! };
  const candidates = sortedRefs(
    hits.flatMap((w) => (w.kind === 'Service' ? [w, ...selected(inv, w)] : [w])),
  );
  return candidates.length === 1
    ? { ok: true, workload: candidates[0]! }
    : { ok: false, problem: 'ambiguous', candidates };
}

/** The workloads a Service selects (their pods, else their pod templates). */
function selected(inv: Inventory, svc: WorkloadRef): WorkloadRef[] {
  const s = inv.services.find((x) => x.namespace === svc.namespace && x.name === svc.name);
  if (!s) return [];
  const idx = indexInventory(inv);
  const byPods = backingGroups(idx, s).map((g) => g.ref);
  return byPods.length > 0
    ? byPods
    : backingWorkloads(idx, s).map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name }));
}
