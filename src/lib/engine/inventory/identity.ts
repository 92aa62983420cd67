/**
 * Identity-only endpoints (DESIGN.md §5): Cilium reports proxied traffic with the sender's
 * security identity — its namespace and pod labels — but no pod name and the proxy's address.
 * The endpoint is the one workload of that namespace whose pods carry every one of those labels
 * (Cilium's own labels already dropped by the parser). Several or none: it stays an IP, and
 * the reason names the candidates.
 */
import type { Identity, WorkloadRef } from '../model/communication';
import { workloadKey, type WorkloadKey } from '../model/ids';
import { mapSelects, recordOf } from '../model/labels';
import { cmp } from '../model/text';
import type { InventoryIndex } from './inventory-index';

export type IdentityMatch = { workload: WorkloadRef } | { reason: string; identity: Identity };

/** `k=v,k2=v2`, keys sorted: the labels as keys and reasons show them. */
export function describeLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => cmp(a, b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The workload of `namespace` whose pods carry all `labels`, or why there is not exactly one. */
export function matchIdentity(
  idx: InventoryIndex,
  namespace: string,
  labels: Record<string, string>,
): IdentityMatch {
  let byNs = idx.memo.identityObjects.get(labels);
  if (byNs === undefined) idx.memo.identityObjects.set(labels, (byNs = new Map()));
  const seen = byNs.get(namespace);
  if (seen) return seen;
  const memo = idx.memo.identities;
  const key = `${namespace}\u0000${describeLabels(labels)}`;
  const hit = memo.get(key);
  if (hit) {
    byNs.set(namespace, hit);
    return hit;
  }
  const owners = new Map<WorkloadKey, WorkloadRef>();
  for (const pod of idx.podsByNamespace.get(namespace) ?? []) {
    if (pod.hostNetwork || !mapSelects(labels, pod.labels)) continue;
    const ref = { kind: pod.owner.kind, namespace, name: pod.owner.name };
    owners.set(workloadKey(ref), ref);
  }
  const found = [...owners.values()];
  const who = `identity {${describeLabels(labels)}} in namespace ${namespace}`;
  const result: IdentityMatch =
    found.length === 1
      ? { workload: found[0]! }
      : {
          identity: identityOf(namespace, labels),
          reason:
            found.length === 0
              ? `${who}: no pod of the dump carries these labels`
              : `${who}: matches ${found
                  .map((w) => `${w.kind} ${w.name}`)
                  .sort()
                  .join(', ')}`,
        };
  memo.set(key, result);
  byNs.set(namespace, result);
  return result;
}

/** A plain, key-sorted copy of an identity (stored in aggregates; prototype-free input). */
export function identityOf(namespace: string, labels: Record<string, string>): Identity {
  const keys = Object.keys(labels).sort(cmp);
  return { namespace, labels: recordOf(keys.map((k): [string, string] => [k, labels[k]!])) };
}
