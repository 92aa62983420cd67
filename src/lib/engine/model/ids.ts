/**
 * Branded string ids used across the engine, the worker boundary and IndexedDB.
 * Plain strings at runtime (they survive postMessage and structured clone); the brand only
 * stops one kind of key being passed where another is expected.
 */
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** `${kind}/${namespace}/${name}` of a top-owner workload, e.g. `Deployment/shop/frontend`. */
export type WorkloadKey = Brand<string, 'WorkloadKey'>;
/** Stable key of one aggregated communication (client, server, port, protocol). */
export type CommKey = Brand<string, 'CommKey'>;
/** Id of one imported file (assigned by the app or the CLI). */
export type ImportId = Brand<string, 'ImportId'>;

export function workloadKey(kind: string, namespace: string, name: string): WorkloadKey {
  return `${kind}/${namespace}/${name}` as WorkloadKey;
}
