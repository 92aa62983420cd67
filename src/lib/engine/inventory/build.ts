/**
 * Kubernetes objects → Inventory for one cluster, and the merge of two inventories. Objects
 * are read by kind (pods.ts, workloads.ts, services.ts, …); the last object with the same
 * kind/namespace/name wins. Owner chains and everything synthesised from pods (top owners
 * without objects, nodes, namespaces) are recomputed from the real objects on every build
 * and merge, so a CronJob arriving in a later file still adopts the Jobs' pods.
 */
import { DIAGNOSTIC_CODES, type Diagnostic } from '../model/diagnostic';
import { emptyInventory, type Inventory, type NamespaceInfo } from '../model/k8s';
import { namespaceInfo, readNamespace, readNode } from './cluster-objects';
import { meta, own, sortedByString, str } from './fields';
import { readNetworkPolicy } from './network-policies';
import { resolveOwners, synthesizeNodes, synthesizeWorkloads, type WorkloadMap } from './owners';
import { objectKey, workloadKey } from '../model/ids';
import { sourceOf, type K8sObject } from './parse';
import { controllerOf, readPod } from './pods';
import { readEndpointSlice, readEndpoints, readService } from './services';
import { isWorkloadKind, readWorkload } from './workloads';
import { adminKey, mergeParts, partsOf, type Parts } from './parts';
import { adminApiVersion, isAdminPolicyKind, readAdminPolicy } from './admin-policies';
import { adminPolicyConflicts } from './admin-checks';
import type { AdminPolicy, AdminPolicyKind } from '../model/admin-policy';

export { VOLATILE_LABELS } from '../model/labels';

/** NetworkPolicy apiVersions of Kubernetes itself (Calico and others reuse the kind name). */
const K8S_NETPOL_API = /^(networking\.k8s\.io|extensions)\//;

function diag(
  o: K8sObject,
  code: string,
  message: string,
  severity: Diagnostic['severity'],
): Diagnostic {
  const src = sourceOf(o);
  return { code, severity, message, file: src?.file ?? '', line: src?.line ?? null };
}

function objectName(o: K8sObject): string {
  return `${o.kind} ${str(own(meta(o), 'name')) ?? '(no name)'}`;
}

function readNetpolInto(parts: Parts, o: K8sObject, out: Diagnostic[]): void {
  if (o.apiVersion !== undefined && !K8S_NETPOL_API.test(o.apiVersion)) {
    const msg = `${objectName(o)} of ${o.apiVersion} is not a Kubernetes NetworkPolicy; ignored`;
    out.push(diag(o, DIAGNOSTIC_CODES.BAD_OBJECT, msg, 'info'));
    return;
  }
  const { policy, problems } = readNetworkPolicy(o);
  for (const p of problems)
    out.push(diag(o, DIAGNOSTIC_CODES.BAD_OBJECT, `${objectName(o)}: ${p}`, 'warning'));
  if (policy !== undefined)
    parts.networkPolicies.set(`${policy.metadata.namespace}/${policy.metadata.name}`, policy);
}

function readAdminInto(parts: Parts, o: K8sObject, kind: AdminPolicyKind, out: Diagnostic[]): void {
  const api = adminApiVersion(kind);
  if (o.apiVersion !== undefined && o.apiVersion !== api) {
    const msg = `${objectName(o)} of ${o.apiVersion} is not a ${api} ${kind}; ignored`;
    out.push(diag(o, DIAGNOSTIC_CODES.BAD_OBJECT, msg, 'info'));
    return;
  }
  const { policy, problems } = readAdminPolicy(o, kind);
  for (const p of problems) {
    const code =
      p.kind === 'ignored' ? DIAGNOSTIC_CODES.ADMIN_NOT_EVALUATED : DIAGNOSTIC_CODES.ADMIN_POLICY;
    out.push(diag(o, code, p.message, p.severity));
  }
  if (policy === undefined) return;
  const src = sourceOf(o);
  if (src) policy.source = { file: src.file, line: src.line };
  const key = adminKey(policy);
  const before = parts.adminPolicies.get(key);
  if (before && !sameAdminPolicy(before, policy)) {
    const msg = `${kind} "${policy.name}" is defined twice with different content; the later one is used`;
    out.push(diag(o, DIAGNOSTIC_CODES.ADMIN_POLICY, msg, 'error'));
  }
  parts.adminPolicies.set(key, policy);
}

function sameAdminPolicy(a: AdminPolicy, b: AdminPolicy): boolean {
  const bare = (p: AdminPolicy): string => JSON.stringify({ ...p, source: undefined });
  return bare(a) === bare(b);
}

/** A controller ownerReference without kind (invalid in the API): what the object does with it. */
function warnKindlessOwner(o: K8sObject, out: Diagnostic[], c = controllerOf(o)): void {
  if (c === undefined || c.kind !== undefined) return;
  const done = o.kind === 'Pod' ? `the pod is grouped under '${c.name}' as a Pod` : 'ignored';
  const msg = `${objectName(o)}: controller ownerReference '${c.name}' has no kind; ${done}`;
  out.push(diag(o, DIAGNOSTIC_CODES.BAD_OBJECT, msg, 'warning'));
}

/** Reads one object into `parts`; false when the object lacked what its kind needs. */
function readInto(parts: Parts, o: K8sObject, out: Diagnostic[]): boolean {
  if (o.kind === 'NetworkPolicy') {
    readNetpolInto(parts, o, out);
    return true;
  }
  if (isAdminPolicyKind(o.kind)) {
    readAdminInto(parts, o, o.kind, out);
    return true;
  }
  if (o.kind === 'Pod') {
    const controller = controllerOf(o);
    warnKindlessOwner(o, out, controller);
    return parts.addPod(readPod(o, controller));
  }
  if (isWorkloadKind(o.kind)) warnKindlessOwner(o, out);
  if (o.kind === 'Service')
    return parts.add(parts.services, readService(o), (s) => `${s.namespace}/${s.name}`);
  if (o.kind === 'Endpoints') return parts.add(parts.endpoints, readEndpoints(o), objectKey);
  if (o.kind === 'EndpointSlice') {
    return parts.add(parts.endpoints, readEndpointSlice(o), objectKey);
  }
  if (o.kind === 'Node') return parts.add(parts.nodes, readNode(o), (n) => n.name);
  if (o.kind === 'Namespace') return parts.add(parts.namespaces, readNamespace(o), (n) => n.name);
  if (isWorkloadKind(o.kind)) {
    return parts.add(parts.workloads, readWorkload(o, o.kind), (w) => workloadKey(w));
  }
  return true;
}

function synthesizeNamespaces(inv: Inventory, known: Map<string, NamespaceInfo>): NamespaceInfo[] {
  const names = new Set<string>();
  for (const x of [...inv.pods, ...inv.workloads, ...inv.services, ...(inv.endpoints ?? [])])
    names.add(x.namespace);
  for (const np of inv.networkPolicies) names.add(np.metadata.namespace ?? 'default');
  const out: NamespaceInfo[] = [];
  for (const name of names) {
    if (known.has(name)) continue;
    out.push({
      ...namespaceInfo(name, Object.create(null) as Record<string, string>),
      synthesized: true,
    });
  }
  return out;
}

/**
 * Inventories `finalize` returned (in this thread): merged into an empty one they come back as
 * they are, since finalizing a finalized inventory's real objects again gives it unchanged.
 */
const finalized = new WeakSet<Inventory>();

/** Parts of real objects → a complete, sorted Inventory (owners resolved, synthesis done). */
function finalize(cluster: string, parts: Parts): Inventory {
  const known: WorkloadMap = parts.workloads;
  const pods = resolveOwners(parts.podList(), known);
  const inv = emptyInventory(cluster);
  inv.pods = sortedByString(pods, (p) => `${p.namespace}/${p.name}/${p.uid ?? ''}`);
  inv.workloads = sortedByString([...known.values(), ...synthesizeWorkloads(pods, known)], (w) =>
    workloadKey(w),
  );
  inv.services = sortedByString([...parts.services.values()], (s) => `${s.namespace}/${s.name}`);
  const endpoints = [...parts.endpoints.values()];
  if (endpoints.length > 0)
    inv.endpoints = sortedByString(
      endpoints,
      (e) => `${e.namespace}/${e.service}/${e.kind}/${e.name}`,
    );
  const nodes = [...parts.nodes.values()];
  inv.nodes = sortedByString(
    [...nodes, ...synthesizeNodes(pods, new Set(parts.nodes.keys()))],
    (n) => n.name,
  );
  inv.networkPolicies = sortedByString(
    [...parts.networkPolicies.values()],
    (p) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`,
  );
  const namespaces = [...parts.namespaces.values(), ...synthesizeNamespaces(inv, parts.namespaces)];
  inv.namespaces = sortedByString(namespaces, (n) => n.name);
  const admin = [...parts.adminPolicies.values()];
  if (admin.length > 0) inv.adminPolicies = sortedByString(admin, adminKey);
  finalized.add(inv);
  return inv;
}

/** Builds the inventory of one cluster from parsed objects (objects of unknown kinds are ignored). */
export function buildInventory(
  objects: K8sObject[],
  cluster: string,
): { inventory: Inventory; diagnostics: Diagnostic[] } {
  const parts = partsOf();
  const diagnostics: Diagnostic[] = [];
  for (const o of objects) {
    if (!readInto(parts, o, diagnostics)) {
      const msg = `${objectName(o)} lacks metadata.name (or, for an EndpointSlice, its Service label); skipped`;
      diagnostics.push(diag(o, DIAGNOSTIC_CODES.BAD_OBJECT, msg, 'warning'));
    }
  }
  const inventory = finalize(cluster, parts);
  for (const c of adminPolicyConflicts(inventory.adminPolicies ?? [])) {
    const src = c.policy.source;
    diagnostics.push({
      code: DIAGNOSTIC_CODES.ADMIN_POLICY,
      severity: c.severity,
      message: c.message,
      file: src?.file ?? '',
      line: src?.line ?? null,
    });
  }
  return { inventory, diagnostics };
}

/**
 * Merges two inventories of one cluster: objects are deduplicated by kind/namespace/name with
 * `b` winning; pods with the same name but different uids are both kept (a recreated
 * StatefulSet pod keeps its name, not its IP). Synthesised entries are recomputed.
 */
export function mergeInventories(a: Inventory, b: Inventory): Inventory {
  // A cluster's one dump (the CLI's run, an app with one import) is not built a second time.
  if (a.cluster === b.cluster && holdsNothing(a) && finalized.has(b)) return b;
  return finalize(a.cluster, mergeParts(a, b));
}

function holdsNothing(inv: Inventory): boolean {
  const { pods, workloads, services, nodes, namespaces, networkPolicies } = inv;
  const lists: unknown[][] = [pods, workloads, services, nodes, namespaces, networkPolicies];
  return [...lists, inv.endpoints ?? [], inv.adminPolicies ?? []].every((l) => l.length === 0);
}
