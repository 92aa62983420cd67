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

export async function saveDecisions(db: NetpolishDb, cluster: string, d: Decisions): Promise<void> {
  const value = restoreDecisions(d, d.workload);
  await db.decisions.put({
    id: decisionId(cluster, d.workload),
    cluster,
    value,
    updatedAt: Date.now(),
  });
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

/** Every stored decision of a cluster (namespace-wide generation). */
export async function clusterDecisions(db: NetpolishDb, cluster: string): Promise<Decisions[]> {
  return (await decisionRecords(db, cluster)).records.map((r) => r.value);
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
