/**
 * The engine API the worker exposes (and unit tests call directly in Node). Each entry is a
 * one-line delegation into src/lib/db (storage), src/lib/topology (the topology's questions) or
 * src/lib/engine (pure computation).
 * `EngineApi` is the one type the client module wraps.
 */
import { openDb, type NetpolishDb } from '$lib/db/schema';
import {
  cancelImport,
  recoverInterrupted,
  resolveDuplicate,
  runImport,
  type ImportOptions,
  type ImportSource,
} from '$lib/db/ingest';
import { listClusters, listImports, removeImport } from '$lib/db/queries';
import { sniffKind } from '$lib/db/sniff';
import * as choices from '$lib/db/decisions';
import * as review from '$lib/db/scope-queries';
import * as nsReview from '$lib/db/namespace-review';
import {
  explainRows,
  namespacePolicy,
  reviewPolicy,
  type BundleRequest,
  type PolicyRequest,
} from '$lib/db/review-policy';
import { exportSession, importSession } from '$lib/db/session';
import * as topology from '$lib/topology/queries';
import type { Decisions } from '$lib/engine/policy/decisions';
import type { WorkloadRef } from '$lib/engine/model/communication';

export type { ImportOptions, ImportProgress } from '$lib/db/ingest';

let db: NetpolishDb | null = null;
let ready: Promise<unknown> | null = null;

function database(): NetpolishDb {
  if (!db) {
    db = openDb();
    ready = recoverInterrupted(db);
  }
  return db;
}

async function opened(): Promise<NetpolishDb> {
  const d = database();
  await ready;
  return d;
}

export const api = {
  /** Uses another database (unit tests). */
  useDatabase: (name: string) => {
    db = openDb(name);
    ready = recoverInterrupted(db);
  },
  importFile: async (
    file: ImportSource,
    opts: ImportOptions,
    onProgress?: Parameters<typeof runImport>[3],
  ) => runImport(await opened(), file, opts, onProgress),
  cancelImport: (id: string) => cancelImport(id),
  /** Skip or Replace for an import whose content equals an earlier one. */
  resolveDuplicate: async (id: string, choice: 'skip' | 'replace') =>
    resolveDuplicate(await opened(), id, choice),
  sniffKind: (file: Blob) => sniffKind(file),
  listImports: async () => listImports(await opened()),
  listClusters: async () => listClusters(await opened()),
  removeImport: async (id: string) => removeImport(await opened(), id),
  // Review: scope, communications and the generated policy, answered from the aggregates.
  scopeOptions: async (cluster: string) => review.scopeOptions(await opened(), cluster),
  scopeWorkloads: async (q: review.ScopeQuery) => review.scopeWorkloads(await opened(), q),
  scopeHistogram: async (q: review.ScopeQuery & { workload?: WorkloadRef }) =>
    review.scopeHistogram(await opened(), q),
  workloadCommunications: async (q: review.WorkloadQuery) =>
    review.workloadCommunications(await opened(), q),
  namespaceReview: async (q: nsReview.NamespaceQuery) =>
    nsReview.namespaceReview(await opened(), q),
  namespaceStatus: async (q: nsReview.NamespaceQuery) =>
    nsReview.namespaceStatus(await opened(), q),
  reviewPolicy: async (r: PolicyRequest) => reviewPolicy(await opened(), r),
  /** Why the review's policy denies these rows (those not explained with the policy). */
  explainRows: async (r: PolicyRequest | BundleRequest, keys: string[]) =>
    explainRows(await opened(), r, keys),
  namespacePolicy: async (r: BundleRequest) => namespacePolicy(await opened(), r),
  // The user's choices: decisions per workload, cluster settings, preferences, last scope.
  loadDecisions: async (cluster: string, w: WorkloadRef) =>
    choices.loadDecisions(await opened(), cluster, w),
  saveDecisions: async (cluster: string, d: Decisions) =>
    choices.saveDecisions(await opened(), cluster, d),
  loadClusterSettings: async (cluster: string) =>
    choices.loadClusterSettings(await opened(), cluster),
  saveClusterSettings: async (cluster: string, s: choices.ClusterSettings) =>
    choices.saveClusterSettings(await opened(), cluster, s),
  loadPreferences: async () => choices.loadPreferences(await opened()),
  savePreferences: async (p: choices.Preferences) => choices.savePreferences(await opened(), p),
  loadScope: async () => choices.loadScope(await opened()),
  saveScope: async (s: choices.SavedScope) => choices.saveScope(await opened(), s),
  // Topology: the namespace and cluster views' rows, every stored decision, the hover cards' inventory facts.
  topologyCommunications: async (q: topology.NamespaceQuery) =>
    topology.topologyCommunications(await opened(), q),
  clusterCommunications: async (q: topology.ClusterQuery) =>
    topology.clusterCommunications(await opened(), q),
  clusterDecisions: async (cluster: string) => choices.clusterDecisions(await opened(), cluster),
  topologyFacts: async (cluster: string, namespaces: string[]) =>
    topology.topologyFacts(await opened(), cluster, namespaces),
  // A whole session as one file.
  exportSession: async () => exportSession(await opened()),
  /** Without `apply`: only what the file would change (the preview). */
  importSession: async (file: Blob, opts: { apply?: boolean; fileWins?: boolean }) =>
    importSession(await opened(), file, opts),
};

export type EngineApi = typeof api;
