/**
 * The settings table: per-cluster settings (cluster CIDRs, IP aliases), the app's preferences
 * (labels to ignore) and the last scope the review showed, and their restorers. Whatever is
 * read back comes out in today's shape; entries that cannot be used are left out and counted.
 */
import { canonicalCidr, toCidr } from '../model/address';
import type { WorkloadRef } from '../model/ids';
import { ENTITY_TYPES, type EntityType } from '../model/k8s';
import { workloadOf } from './decisions';
import { isRec, leftOut, str, strings, unusable, type Restored } from './problems';

/** An IP range with a user-given name (the shape of classify's `Alias`). */
export interface AliasSetting {
  cidr: string;
  name: string;
}

export interface ClusterSettings {
  clusterCidrs: string[];
  aliases: AliasSetting[];
}

export interface Preferences {
  /** Label keys never written into a generated selector. */
  ignoreLabels: string[];
}

/** What the review showed last, so a reload comes back to it. */
export interface SavedScope {
  cluster: string | null;
  namespace: string | null;
  entity: EntityType;
  workload: WorkloadRef | null;
  from: number | null;
  to: number | null;
}

/** One stored setting: `cluster:<name>`, `preferences` or `ui.scope`. */
export interface SettingRecord {
  key: string;
  value: unknown;
}

export const PREFERENCES_KEY = 'preferences';
export const SCOPE_KEY = 'ui.scope';
export const clusterSettingsKey = (cluster: string) => `cluster:${cluster}`;

type Counted<T> = { value: T; dropped: number };

function clusterSettingsOf(v: unknown): Counted<ClusterSettings> {
  if (!isRec(v)) return { value: { clusterCidrs: [], aliases: [] }, dropped: 0 };
  const listed = strings(v.clusterCidrs);
  const clusterCidrs = [...new Set(listed.flatMap((c) => canonicalCidr(c) ?? []))];
  const raw = Array.isArray(v.aliases) ? v.aliases : [];
  const aliases = raw.flatMap((a): AliasSetting[] => {
    const cidr = isRec(a) ? toCidr(str(a.cidr) ?? '') : null;
    const name = isRec(a) ? str(a.name)?.trim() : '';
    return cidr && name ? [{ cidr, name }] : [];
  });
  const cidrsIn = Array.isArray(v.clusterCidrs) ? v.clusterCidrs.length : 0;
  const badCidrs = cidrsIn - listed.filter((c) => canonicalCidr(c) !== null).length;
  return { value: { clusterCidrs, aliases }, dropped: badCidrs + raw.length - aliases.length };
}

function preferencesOf(v: unknown): Counted<Preferences> {
  const listed = isRec(v) && Array.isArray(v.ignoreLabels) ? v.ignoreLabels.length : 0;
  const keys = (isRec(v) ? strings(v.ignoreLabels).map((s) => s.trim()) : []).filter(
    (s) => s.length > 0,
  );
  return { value: { ignoreLabels: [...new Set(keys)] }, dropped: listed - keys.length };
}

export const restoreClusterSettings = (v: unknown) => clusterSettingsOf(v).value;
export const restorePreferences = (v: unknown) => preferencesOf(v).value;

export function restoreScope(v: unknown): SavedScope {
  const o = isRec(v) ? v : {};
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  const entity = ENTITY_TYPES.includes(o.entity as EntityType)
    ? (o.entity as EntityType)
    : 'Deployment';
  return {
    cluster: str(o.cluster),
    namespace: str(o.namespace),
    entity,
    workload: workloadOf(o.workload),
    from: num(o.from),
    to: num(o.to),
  };
}

/**
 * A stored setting read back: its value restored by its key; null (with a problem) for a row
 * without a known key. Entries of a cluster's settings or of the preferences that cannot be
 * used (a CIDR that is none, an alias without a name) are left out and said.
 */
export function restoreSettingRecord(v: unknown, source: string): Restored<SettingRecord | null> {
  const key = isRec(v) ? str(v.key) : null;
  const value = isRec(v) ? v.value : undefined;
  const counted: Counted<unknown> | null =
    key === null
      ? null
      : key.startsWith('cluster:')
        ? clusterSettingsOf(value)
        : key === PREFERENCES_KEY
          ? preferencesOf(value)
          : key === SCOPE_KEY
            ? { value: restoreScope(value), dropped: 0 }
            : null;
  if (key === null || counted === null) return unusable(source, 'stored setting');
  return {
    value: { key, value: counted.value },
    problems: leftOut(
      source,
      counted.dropped,
      `malformed entry of the setting ${key}`,
      `malformed entries of the setting ${key}`,
    ),
    dropped: counted.dropped,
  };
}
