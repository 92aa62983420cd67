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
  if (e.type !== 'workload') return [];
  const ref: WorkloadRef = { kind: e.kind, namespace: e.namespace, name: e.name };
  const candidates =
    scope.entity === 'Service'
      ? servicesFor(scope, ref)
      : scope.entity === 'all' || scope.entity === e.kind
        ? [ref]
        : [];
  // Every workload is in a scope without a namespace or workload: no filtered copy per endpoint.
  if (scope.namespace === undefined && !scope.workload) return candidates;
  return candidates.filter((w) => inScope(scope, w));
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
