/**
 * Scope: which side of an aggregate belongs to the selected entity type, namespace and
 * workload. A workload↔workload communication inside the scope is seen from both sides
 * (ingress of the server, egress of the client). For `Service`, every Service whose selector
 * matches the workload's pods takes the communication, headless ones included (DESIGN.md
 * "--entity service"); peers stay workloads.
 */
import type { CommAggregate, Endpoint, WorkloadRef } from '../model/communication';
import { sameWorkload, workloadKey, type WorkloadKey } from '../model/ids';
import type { EntityType } from '../model/k8s';
import { servicesSelecting, type InventoryIndex } from '../inventory/index';

export interface Scope {
  entity: EntityType | 'all';
  namespace?: string;
  workload?: WorkloadRef;
  index: InventoryIndex;
  /** Services selecting a workload, memoised by workload key. */
  servicesOf: Map<WorkloadKey, WorkloadRef[]>;
}

export interface Selection {
  workload: WorkloadRef;
  direction: 'ingress' | 'egress';
  peer: Endpoint;
}

export function makeScope(
  index: InventoryIndex,
  entity: EntityType | 'all',
  namespace?: string,
  workload?: WorkloadRef,
): Scope {
  return { entity, namespace, workload, index, servicesOf: new Map() };
}

/** Every (selected workload, direction, peer) the aggregate contributes to the scope. */
export function selectionsOf(scope: Scope, a: CommAggregate): Selection[] {
  const out: Selection[] = [];
  for (const w of selectedAs(scope, a.server)) {
    out.push({ workload: w, direction: 'ingress', peer: a.client });
  }
  for (const w of selectedAs(scope, a.client)) {
    out.push({ workload: w, direction: 'egress', peer: a.server });
  }
  return out;
}

/** The selected workloads (or Services) an endpoint stands for: zero, one, or several Services. */
function selectedAs(scope: Scope, e: Endpoint): WorkloadRef[] {
  const out: WorkloadRef[] = [];
  selectedInto(scope, e, out);
  return out;
}

/**
 * selectedAs's workloads pushed onto `out`, in its order: the query's loop reuses one list for
 * every aggregate (it runs after the flows in code the optimizing compiler no longer compiles,
 * where the lists and selections made per aggregate were half of what the loop allocated).
 */
export function selectedInto(scope: Scope, e: Endpoint, out: WorkloadRef[]): void {
  if (e.type !== 'workload') return;
  // Every workload is in a scope without a namespace or workload: nothing to filter.
  const all = scope.namespace === undefined && !scope.workload;
  if (scope.entity === 'Service') {
    const found = servicesFor(scope, { kind: e.kind, namespace: e.namespace, name: e.name });
    for (let i = 0; i < found.length; i++) {
      const w = found[i]!;
      if (all || inScope(scope, w)) out.push(w);
    }
  } else if (scope.entity === 'all' || scope.entity === e.kind) {
    const ref: WorkloadRef = { kind: e.kind, namespace: e.namespace, name: e.name };
    if (all || inScope(scope, ref)) out.push(ref);
  }
}

function inScope(scope: Scope, w: WorkloadRef): boolean {
  if (scope.namespace !== undefined && w.namespace !== scope.namespace) return false;
  const s = scope.workload;
  return !s || sameWorkload(s, w);
}

function servicesFor(scope: Scope, ref: WorkloadRef): WorkloadRef[] {
  const key = workloadKey(ref);
  let found = scope.servicesOf.get(key);
  if (!found) {
    found = servicesSelecting(scope.index, ref).map((s) => ({
      kind: 'Service',
      namespace: s.namespace,
      name: s.name,
    }));
    scope.servicesOf.set(key, found);
  }
  return found;
}
