/**
 * Branded string ids used across the engine, the worker boundary and IndexedDB, and the one
 * place a workload's key is built (`workloadKey`) or two workloads compared (`sameWorkload`).
 * Plain strings at runtime (they survive postMessage and structured clone); the brand only
 * stops one kind of key being passed where another is expected. Building `kind/ns/name` by
 * hand anywhere else is a lint error (eslint.config.js, netpolish/no-hand-built-workload-key).
 */
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** A top-owner workload (or, where the scope is Services, a Service). */
export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
}

/** `${kind}/${namespace}/${name}` of a top-owner workload, e.g. `Deployment/shop/frontend`. */
export type WorkloadKey = Brand<string, 'WorkloadKey'>;
/** Stable key of one aggregated communication (client, server, port, protocol). */
export type CommKey = Brand<string, 'CommKey'>;
/** Id of one imported file (assigned by the app or the CLI). */
export type ImportId = Brand<string, 'ImportId'>;

/**
 * The key of a workload: `Kind/namespace/name`. Stored (decision ids, session files) and
 * compared everywhere, so its shape never changes.
 */
export function workloadKey(w: WorkloadRef): WorkloadKey;
/** The same key from its parts (hot paths that hold them apart: no object built). */
export function workloadKey(kind: string, namespace: string, name: string): WorkloadKey;
export function workloadKey(
  w: WorkloadRef | string,
  namespace?: string,
  name?: string,
): WorkloadKey {
  return (
    typeof w === 'string' ? `${w}/${namespace}/${name}` : `${w.kind}/${w.namespace}/${w.name}`
  ) as WorkloadKey;
}

/** Whether two references name the same workload (kind, namespace and name). */
export function sameWorkload(a: WorkloadRef, b: WorkloadRef): boolean {
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

/**
 * The key of each workload reference of rows taken in turn. Rows come by workload, but a row's
 * reference may be its own object (the query makes one per row) or one its workload's rows
 * share (the page's rows): the last reference's key serves while the next is that object or
 * names the same workload, so a run of 10,000 rows makes and hashes one key, not 10,000. The
 * same key string is returned for the whole run.
 */
export function workloadKeys(): (w: WorkloadRef) => WorkloadKey {
  let last: WorkloadRef | null = null;
  let lastKey = '' as WorkloadKey;
  return (w) => {
    if (w !== last && (last === null || !sameWorkload(last, w))) {
      lastKey = workloadKey(w.kind, w.namespace, w.name);
    }
    last = w;
    return lastKey;
  };
}

/**
 * `Kind/namespace/name` of any namespaced object that is not a workload (Endpoints,
 * EndpointSlices): the same text as a workload's key, deliberately not a WorkloadKey.
 */
export function objectKey(o: { kind: string; namespace: string; name: string }): string {
  return `${o.kind}/${o.namespace}/${o.name}`;
}

/** A plain copy of the reference (an Endpoint or a WorkloadInfo carries more fields). */
export function workloadRef(w: WorkloadRef): WorkloadRef {
  return { kind: w.kind, namespace: w.namespace, name: w.name };
}
