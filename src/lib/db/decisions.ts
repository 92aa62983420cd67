/**
 * The user's choices, stored: decisions per workload (`decisions` table, id `cluster|workload`),
 * per-cluster settings (cluster CIDRs, IP aliases), app preferences (labels to ignore) and the
 * last scope the review showed (`settings` table). Runs in the worker. Everything read back
 * passes a `restore*` function: rows from older versions or an imported session cannot break
 * the app, and keys that come from data are kept as own properties only (`__proto__` included).
 */
import {
  canonicalCidr,
  defaultDecisions,
  ENTITY_TYPES,
  recordOf,
  toCidr,
  workloadKey,
  type Decisions,
  type EntityType,
  type GeneralRule,
  type ManualRule,
  type WorkloadRef,
} from '$lib/engine';
import type { NetpolishDb } from './schema';

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

export const PREFERENCES_KEY = 'preferences';
export const SCOPE_KEY = 'ui.scope';
const clusterKey = (cluster: string) => `cluster:${cluster}`;
export const decisionId = (cluster: string, w: WorkloadRef) => `${cluster}|${workloadKey(w)}`;

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

/** Every stored decision of a cluster (namespace-wide generation). */
export async function clusterDecisions(db: NetpolishDb, cluster: string): Promise<Decisions[]> {
  const rows = await db.decisions.where('cluster').equals(cluster).toArray();
  return rows.flatMap((r) => {
    const w = workloadOf((r.value as { workload?: unknown } | null)?.workload);
    return w ? [restoreDecisions(r.value, w)] : [];
  });
}

export async function loadClusterSettings(
  db: NetpolishDb,
  cluster: string,
): Promise<ClusterSettings> {
  return restoreClusterSettings((await db.settings.get(clusterKey(cluster)))?.value);
}

export async function saveClusterSettings(
  db: NetpolishDb,
  cluster: string,
  s: ClusterSettings,
): Promise<ClusterSettings> {
  const value = restoreClusterSettings(s);
  await db.settings.put({ key: clusterKey(cluster), value });
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

// ---- restore: anything → the current shape ----

const GENERAL: readonly GeneralRule[] = ['block', 'namespace', 'all'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

export function workloadOf(v: unknown): WorkloadRef | null {
  if (!isObject(v)) return null;
  const [kind, namespace, name] = [str(v.kind), str(v.namespace), str(v.name)];
  return kind && namespace !== null && name ? { kind, namespace, name } : null;
}

function manualRule(v: unknown): ManualRule | null {
  if (!isObject(v) || (v.direction !== 'ingress' && v.direction !== 'egress')) return null;
  const cidr = str(v.cidr);
  const protocol = str(v.protocol) ?? 'TCP';
  if (!cidr) return null;
  const port = typeof v.port === 'number' && Number.isInteger(v.port) ? v.port : undefined;
  return port === undefined
    ? { direction: v.direction, cidr, protocol }
    : { direction: v.direction, cidr, port, protocol };
}

/** Normalises stored decisions; the workload is the row's own, whatever the value says. */
export function restoreDecisions(v: unknown, w: WorkloadRef): Decisions {
  const base = defaultDecisions(w);
  if (!isObject(v)) return base;
  const included = isObject(v.included)
    ? recordOf(
        Object.entries(v.included).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'),
      )
    : {};
  const rule = (x: unknown): GeneralRule =>
    GENERAL.includes(x as GeneralRule) ? (x as GeneralRule) : 'block';
  const out: Decisions = {
    ...base,
    included,
    ingressDefault: rule(v.ingressDefault),
    egressDefault: rule(v.egressDefault),
    allowDns: v.allowDns === true,
    manualRules: Array.isArray(v.manualRules)
      ? v.manualRules.flatMap((r) => manualRule(r) ?? [])
      : [],
  };
  const ips = strings(v.includedIps).filter((s) => toCidr(s) !== null);
  if (ips.length > 0) out.includedIps = ips;
  if (v.reviewed === true) out.reviewed = true;
  return out;
}

export function restoreClusterSettings(v: unknown): ClusterSettings {
  if (!isObject(v)) return { clusterCidrs: [], aliases: [] };
  const clusterCidrs = [...new Set(strings(v.clusterCidrs).flatMap((c) => canonicalCidr(c) ?? []))];
  const aliases = Array.isArray(v.aliases)
    ? v.aliases.flatMap((a): AliasSetting[] => {
        const cidr = isObject(a) ? toCidr(str(a.cidr) ?? '') : null;
        const name = isObject(a) ? str(a.name)?.trim() : '';
        return cidr && name ? [{ cidr, name }] : [];
      })
    : [];
  return { clusterCidrs, aliases };
}

export function restorePreferences(v: unknown): Preferences {
  const keys = isObject(v) ? strings(v.ignoreLabels).map((s) => s.trim()) : [];
  return { ignoreLabels: [...new Set(keys.filter((s) => s.length > 0))] };
}

export function restoreScope(v: unknown): SavedScope {
  const o = isObject(v) ? v : {};
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
