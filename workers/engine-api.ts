/**
 * The engine API the worker exposes (and unit tests call directly in Node). Each entry is a
 * one-line delegation into the engine's workspace (every question of the review, bound to
 * IndexedDB through src/lib/db/store.ts), src/lib/db (imports, stored choices, sessions) or
 * src/lib/topology (the topology's questions).
 * `EngineApi` is the one type the client module wraps.
 */
import { openDb, type NetpolishDb } from '$lib/db/schema';
import {
  cancelImport,
  recoverInterrupted,
  resolveDuplicate,
  runImport,
  runImports,
  type ImportOptions,
  type ImportSource,
} from '$lib/db/ingest';
import { listClusters, listImports } from '$lib/db/queries';
import { bringBackImport, purgeSetAside, setAsideImport } from '$lib/db/import-removal';
import { sniffKind } from '$lib/db/sniff';
import * as choices from '$lib/db/decisions';
import { dexieStore } from '$lib/db/store';
import { exportSession, importSession } from '$lib/db/session';
import * as topology from '$lib/topology/queries';
import { heldDecisions, heldRequest, type SentDecisions, type SentRequest } from './held-decisions';
import { deniedAnswer, type DeniedAnswer } from './held-denied';
import { packRows, packedRows } from './packed-rows';
import { warmRows } from './warm-rows';
import { stopWarming, warmInclusionSoon } from './warm-inclusion';
import {
  createWorkspace,
  setNewest,
  type BundleRequest,
  type ClusterSettings,
  type Communication,
  type Decisions,
  type NamespaceQuery,
  type PolicyCheck,
  type PolicyRequest,
  type Preferences,
  type SavedScope,
  type ScopeQuery,
  type WorkloadQuery,
  type WorkloadRef,
  type Workspace,
  warmValidation,
} from '$lib/engine';

export type { ImportOptions, ImportProgress } from '$lib/db/ingest';
export type { ParseWorkers } from '$lib/db/ingest-parts';

let db: NetpolishDb | null = null;
let ready: Promise<unknown> | null = null;
/** The engine's workspace over this database (the same functions the CLI asks in memory). */
let workspace: Workspace | null = null;

/** A page starts: imports left by closed tabs are settled, imports removed earlier purged. */
function use(d: NetpolishDb): void {
  db = d;
  ready = Promise.all([recoverInterrupted(d), purgeSetAside(d)]);
  workspace = createWorkspace(dexieStore(d));
}

/** The database, opened now (its writes queue until it is open). */
function database(): NetpolishDb {
  if (!db) use(openDb());
  return db!;
}

async function opened(): Promise<NetpolishDb> {
  database();
  await ready;
  return db!;
}

async function ws(): Promise<Workspace> {
  await opened();
  return workspace!;
}

/** How long after the page's first workload list the validator is compiled (warmValidation). */
export const WARM_AFTER_MS = 250;
let warming = false;
/** The rows of the last workload list packed a moment after it is answered (warm-rows.ts). */
let rowsWarming: ReturnType<typeof setTimeout> | undefined;

/**
 * Compiles the policy validator while the page waits for the user's first choice: once, a
 * moment after the page's first workload list is answered (the page asks its histogram right
 * after it), so that the first choice's YAML does not pay for it.
 */
function warmSoon(): void {
  if (warming) return;
  warming = true;
  setTimeout(warmValidation, WARM_AFTER_MS);
}

/**
 * reviewRows' answer: a namespace's review also has its workloads and their decisions. The rows
 * come as JSON text (`rowsJson`, packed: packed-rows.ts): the page's JSON.parse of 10,000 rows
 * costs a fraction of what reading them out of a structured clone does on the main thread
 * (their objects are plain data, JSON holds them whole).
 */
export interface ReviewRows {
  version: string;
  /** The rows as `packRows` writes them (`unpackRows` reads them). */
  rowsJson?: string;
  /**
   * Instead of `rowsJson`, the rows as a patch of the rows of version `base` (which the page
   * said it holds): the same number of rows, those at `changed` (ascending) replaced by the rows
   * of `changedJson` (packed too), every other row equal to the base's.
   */
  patch?: { base: string; changed: number[]; changedJson: string };
  workloads?: WorkloadRef[];
  decisions?: Decisions[];
}

/**
 * A review's rows for the page, which keeps the rows of its last queries: `held` is the version
 * of the rows it has for this query (the cluster data's signature and the query — the rows of a
 * query change only with the imports), and when it matches the answer comes without them, so a
 * workload or namespace chosen again costs no copy of its rows between the threads.
 */
type ReviewQuery = WorkloadQuery | (NamespaceQuery & { workload?: undefined });

/** The version of a review query's rows: the cluster data's signature and the query. */
const versionOf = async (w: Workspace, q: ReviewQuery) =>
  `${(await w.clusterData(q.cluster)).signature}|${JSON.stringify(q)}`;

/** The rows arrays last sent, by version: what a page's `base` names (bounded, oldest out). */
const sentRows = new Map<string, readonly Communication[]>();
const SENT_ROWS = 8;

/** At most this share of the rows may differ from the base's for a patch to be sent. */
const PATCHED_SHARE = 0.5;

/**
 * The rows as the page is sent them: none (`held` is their version), a patch of the rows of
 * version `base` the page holds, or all of them as JSON. An alias saved changes the query, so
 * the page holds no rows for it — but aliases are applied to the same rows in memory
 * (aggregate/aliased.ts), so only the rows the alias covers are new objects: the other rows,
 * the same objects as in the rows of the query before, are not made into JSON, copied between
 * the threads and parsed on the page again.
 */
function rowsAnswer(
  version: string,
  rows: readonly Communication[],
  held: string | undefined,
  base: string | undefined,
): Pick<ReviewRows, 'rowsJson' | 'patch'> {
  const before = base === undefined || base === version ? undefined : sentRows.get(base);
  setNewest(sentRows, version, rows, SENT_ROWS);
  if (version === held) return {};
  if (base !== undefined && before?.length === rows.length) {
    const changed: number[] = [];
    const limit = rows.length * PATCHED_SHARE;
    for (let i = 0; i < rows.length && changed.length <= limit; i++)
      if (rows[i] !== before[i]) changed.push(i);
    if (changed.length <= limit)
      return { patch: { base, changed, changedJson: packRows(changed.map((i) => rows[i]!)) } };
  }
  return { rowsJson: packedRows(rows) };
}

async function reviewRows(q: ReviewQuery, held?: string, base?: string): Promise<ReviewRows> {
  stopWarming();
  const w = await ws();
  const version = await versionOf(w, q);
  if (!q.workload) {
    const { rows, workloads, decisions } = await w.namespaceReview(q);
    const answer = rowsAnswer(version, rows, held, base);
    return { version, decisions, ...answer, ...(version === held ? {} : { workloads }) };
  }
  return { version, ...rowsAnswer(version, await w.workloadCommunications(q), held, base) };
}

/**
 * Why each IP peer of a review's rows is unresolved, in the rows' order (null for the others),
 * with the version of the rows they are for: the page asks them after the rows and the policy.
 */
async function reviewReasons(
  q: ReviewQuery,
): Promise<{ version: string; reasons: (string | null)[] }> {
  const w = await ws();
  return { version: await versionOf(w, q), reasons: await w.ipReasons(q) };
}

type Sent = SentRequest<PolicyRequest> | SentRequest<BundleRequest>;

/**
 * policyCheck's answer: the verification without its denied keys, which come as `denied` — a
 * change of the keys the page holds when few changed (held-denied.ts).
 */
export type CheckAnswer = Omit<PolicyCheck, 'verification'> & {
  verification: Omit<PolicyCheck['verification'], 'deniedKeys'>;
  denied: DeniedAnswer;
};

/** The verification of `r`'s policy for a page holding the denied keys of version `held`. */
async function checkAnswer(w: Workspace, r: PolicyRequest | BundleRequest, held?: string) {
  const { verification, ...rest } = await w.policyCheck(r);
  const { deniedKeys, ...counts } = verification;
  const answer: CheckAnswer = {
    ...rest,
    verification: counts,
    denied: deniedAnswer(deniedKeys, held),
  };
  return answer;
}

/** Runs `ask` with the request's decisions resolved now, before anything is awaited. */
async function withHeld<T>(
  r: Sent,
  ask: (w: Workspace, held: PolicyRequest | BundleRequest) => Promise<T>,
): Promise<T> {
  stopWarming();
  const held = heldRequest(r);
  return ask(await ws(), held);
}

export const api = {
  /** Uses another database (unit tests). */
  useDatabase: (name: string) => use(openDb(name)),
  importFile: async (
    file: ImportSource,
    opts: ImportOptions,
    onProgress?: Parameters<typeof runImport>[3],
  ) => runImport(await opened(), file, opts, onProgress),
  /** The flow files of one drop: read at once by the parse workers lent, committed in order. */
  importFiles: async (
    files: ImportSource[],
    opts: Parameters<typeof runImports>[2],
    onProgress?: Parameters<typeof runImports>[3],
  ) => runImports(await opened(), files, opts, onProgress),
  cancelImport: (id: string) => cancelImport(id),
  /** Skip or Replace for an import whose content equals an earlier one. */
  resolveDuplicate: async (id: string, choice: 'skip' | 'replace') =>
    resolveDuplicate(await opened(), id, choice),
  sniffKind: (file: Blob) => sniffKind(file),
  listImports: async () => listImports(await opened()),
  listClusters: async () => listClusters(await opened()),
  /** Remove sets the import aside; Undo brings it back (null, or why it cannot). */
  removeImport: async (id: string) => setAsideImport(await opened(), id),
  bringBackImport: async (id: string) => bringBackImport(await opened(), id),
  // Review: scope, communications and the generated policy, answered by the engine's workspace.
  scopeOptions: async (cluster: string) => (await ws()).scopeOptions(cluster),
  scopeWorkloads: async (q: ScopeQuery) => {
    const w = await ws();
    const list = await w.scopeWorkloads(q);
    warmSoon();
    clearTimeout(rowsWarming);
    // Best effort: rows not packed now are packed when they are chosen, as before.
    rowsWarming = setTimeout(() => void warmRows(w, q, list).catch(() => {}), WARM_AFTER_MS);
    return list;
  },
  scopeHistogram: async (q: ScopeQuery & { workload?: WorkloadRef }) =>
    (await ws()).scopeHistogram(q),
  workloadCommunications: async (q: WorkloadQuery) => (await ws()).workloadCommunications(q),
  namespaceReview: async (q: NamespaceQuery) => (await ws()).namespaceReview(q),
  /**
   * The rows of a workload's or namespace's review: none when the page holds them (`held`), a
   * patch of the rows of version `base` when few differ from those.
   */
  reviewRows,
  reviewReasons,
  namespaceStatus: async (q: NamespaceQuery) => (await ws()).namespaceStatus(q),
  reviewPolicy: async (r: PolicyRequest) => (await ws()).reviewPolicy(r),
  // Requests whose decisions may be sent by number (held-decisions.ts): resolved on arrival.
  /** The policy's YAML and validation first; its verification (policyCheck) after. */
  policyText: (r: Sent) => withHeld(r, (w, held) => w.policyText(held)),
  /** With the version of the denied keys the page holds: only what changed comes back. */
  policyCheck: (r: Sent, heldDenied?: string) =>
    withHeld(r, async (w, held) => {
      const answer = await checkAnswer(w, held, heldDenied);
      warmInclusionSoon(w, held, WARM_AFTER_MS);
      return answer;
    }),
  /** Why the review's policy denies these rows (those not explained with the policy). */
  explainRows: (r: Sent, keys: string[]) => withHeld(r, (w, held) => w.explainRows(held, keys)),
  namespacePolicy: async (r: BundleRequest) => (await ws()).namespacePolicy(r),
  // The user's choices: decisions per workload, cluster settings, preferences, last scope.
  loadDecisions: async (cluster: string, w: WorkloadRef) =>
    choices.loadDecisions(await opened(), cluster, w),
  /** Saved in the order asked: what is asked after a save sees it (db/decisions.ts). */
  saveDecisions: async (cluster: string, d: SentDecisions) => {
    stopWarming();
    const value = heldDecisions(d);
    await choices.saveDecisions(database(), cluster, value, d !== value);
  },
  loadClusterSettings: async (cluster: string) =>
    choices.loadClusterSettings(await opened(), cluster),
  saveClusterSettings: async (cluster: string, s: ClusterSettings) =>
    choices.saveClusterSettings(await opened(), cluster, s),
  loadPreferences: async () => choices.loadPreferences(await opened()),
  savePreferences: async (p: Preferences) => choices.savePreferences(await opened(), p),
  loadScope: async () => choices.loadScope(await opened()),
  saveScope: async (s: SavedScope) => choices.saveScope(await opened(), s),
  // Topology: the namespace and cluster views' rows, every stored decision, the hover cards' inventory facts.
  topologyCommunications: async (q: topology.NamespaceQuery) =>
    topology.topologyCommunications(await ws(), q),
  clusterCommunications: async (q: topology.ClusterQuery) =>
    topology.clusterCommunications(await ws(), q),
  clusterDecisions: async (cluster: string) => choices.clusterDecisions(await opened(), cluster),
  topologyFacts: async (cluster: string, namespaces: string[]) =>
    topology.topologyFacts(await ws(), cluster, namespaces),
  // A whole session as one file.
  exportSession: async () => exportSession(await opened()),
  /** Without `apply`: only what the file would change (the preview). */
  importSession: async (file: Blob, opts: { apply?: boolean; fileWins?: boolean }) =>
    importSession(await opened(), file, opts),
};

export type EngineApi = typeof api;
