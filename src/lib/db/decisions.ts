/**
 * The user's choices, stored: decisions per workload (`decisions` table, id `cluster|workload`),
 * per-cluster settings (cluster CIDRs, IP aliases), app preferences (labels to ignore) and the
 * last scope the review showed (`settings` table). Runs in the worker. Everything read back
 * passes the engine's `restore*` functions (engine restore/decisions.ts, restore/settings.ts):
 * rows from older versions or an imported session cannot break the app, and what is left out
 * is said (`choiceProblems`).
 */
import {
  clusterSettingsKey,
  decisionId,
  defaultDecisions,
  PREFERENCES_KEY,
  restoreClusterSettings,
  restoreDecisionRecord,
  restoreDecisions,
  restorePreferences,
  restoreScope,
  restoreSettingRecord,
  SCOPE_KEY,
  type ClusterSettings,
  type Decisions,
  type DecisionRecord,
  type Diagnostic,
  type Preferences,
  type SavedScope,
  type WorkloadRef,
} from '$lib/engine';
import type { NetpolishDb } from './schema';

/** The stored decisions of a workload, or the defaults. */
export async function loadDecisions(
  db: NetpolishDb,
  cluster: string,
  w: WorkloadRef,
): Promise<Decisions> {
  const row = await db.decisions.get(decisionId(cluster, w));
  return row ? restoreDecisions(row.value, w) : defaultDecisions(w);
}

/**
 * Stores a workload's decisions (`restored`: they have passed restoreDecisions already). The
 * cluster's decisions as clusterDecisions gives them follow at once, before the write is done:
 * a question asked after this call sees them (saves of one worker are written in call order).
 */
export function saveDecisions(
  db: NetpolishDb,
  cluster: string,
  d: Decisions,
  restored = false,
): Promise<void> {
  const value = restored ? d : restoreDecisions(d, d.workload);
  const id = decisionId(cluster, d.workload);
  const key = storedKey(db, cluster);
  changes++;
  stored.get(key)?.set(id, value);
  return db.decisions.put({ id, cluster, value, updatedAt: Date.now() }).then(
    () => decisionsChannel()?.postMessage(key),
    (e: unknown) => {
      changes++;
      stored.delete(key);
      throw e;
    },
  );
}

/**
 * Each cluster's stored decisions as last read (by database and cluster), kept up to date by
 * this worker's saves and dropped when another tab saves or a session is imported: a namespace's
 * bundle reads them at every decision, and a workload's decisions of 10,000 rows cost more to
 * read back and restore than its policy costs to regenerate. Unchanged decisions stay the same
 * objects, which the engine's memos key by identity.
 */
const stored = new Map<string, Map<string, Decisions>>();
/** Bumped at every change: a read that began before one does not keep what it read. */
let changes = 0;
const storedKey = (db: NetpolishDb, cluster: string) => `${db.name}|${cluster}`;
const CHANNEL = 'netpolish-decisions';
/** The message that every cluster's decisions changed. */
const ALL = '*';
let channel: BroadcastChannel | null | undefined;

/** The channel other tabs announce their saves on (none where BroadcastChannel is missing). */
function decisionsChannel(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  if (typeof BroadcastChannel === 'undefined') return (channel = null);
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e: MessageEvent<string>) => {
    changes++;
    if (e.data === ALL) stored.clear();
    else stored.delete(e.data);
  };
  // Node (unit tests): the channel must not keep the process alive.
  (channel as { unref?: () => void }).unref?.();
  return channel;
}

/** Forgets every kept decision, here and in the other tabs (a session import wrote the table). */
export function forgetStoredDecisions(): void {
  changes++;
  stored.clear();
  decisionsChannel()?.postMessage(ALL);
}

/** The cluster's stored decision rows, restored, and what was left out of them. */
async function decisionRecords(
  db: NetpolishDb,
  cluster: string,
): Promise<{ records: DecisionRecord[]; problems: Diagnostic[] }> {
  const rows = await db.decisions.where('cluster').equals(cluster).toArray();
  const out = rows.map((r) => restoreDecisionRecord(r, 'stored decisions'));
  return {
    records: out.flatMap((r) => r.value ?? []),
    problems: out.flatMap((r) => r.problems),
  };
}

/**
 * Every stored decision of a cluster (namespace-wide generation), in the order of their ids
 * (as the table gives them); not to be changed in place.
 */
export async function clusterDecisions(db: NetpolishDb, cluster: string): Promise<Decisions[]> {
  const key = storedKey(db, cluster);
  decisionsChannel();
  let kept = stored.get(key);
  if (!kept) {
    const before = changes;
    const { records } = await decisionRecords(db, cluster);
    kept = new Map(records.map((r) => [r.id, r.value]));
    if (before === changes) stored.set(key, kept);
  }
  return [...kept].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/**
 * What was left out when the cluster's decisions, its settings, the preferences and the saved
 * scope were read back (the workspace store's `problems`).
 */
export async function choiceProblems(db: NetpolishDb, cluster: string): Promise<Diagnostic[]> {
  const keys = [clusterSettingsKey(cluster), PREFERENCES_KEY, SCOPE_KEY];
  const settings = (await db.settings.bulkGet(keys)).filter((r) => r !== undefined);
  return [
    ...(await decisionRecords(db, cluster)).problems,
    ...settings.flatMap((r) => restoreSettingRecord(r, 'stored settings').problems),
  ];
}

export async function loadClusterSettings(
  db: NetpolishDb,
  cluster: string,
): Promise<ClusterSettings> {
  return restoreClusterSettings((await db.settings.get(clusterSettingsKey(cluster)))?.value);
}

export async function saveClusterSettings(
  db: NetpolishDb,
  cluster: string,
  s: ClusterSettings,
): Promise<ClusterSettings> {
  const value = restoreClusterSettings(s);
  await db.settings.put({ key: clusterSettingsKey(cluster), value });
  return value;
}

export async function loadPreferences(db: NetpolishDb): Promise<Preferences> {
  return restorePreferences((await db.settings.get(PREFERENCES_KEY))?.value);
}

export async function savePreferences(db: NetpolishDb, p: Preferences): Promise<Preferences> {
  const value = restorePreferences(p);
  await db.settings.put({ key: PREFERENCES_KEY, value });
  return value;
}

export async function loadScope(db: NetpolishDb): Promise<SavedScope | null> {
  const v = (await db.settings.get(SCOPE_KEY))?.value;
  return v === undefined ? null : restoreScope(v);
}

export async function saveScope(db: NetpolishDb, s: SavedScope): Promise<void> {
  await db.settings.put({ key: SCOPE_KEY, value: restoreScope(s) });
}
