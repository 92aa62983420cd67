/**
 * Label and selector helpers for the policy generator: the labels that must never appear in a
 * generated selector (volatile, per-pod or per-Job labels), selector matching against label
 * maps, and a canonical form (sorted keys) so equal selectors compare and print the same.
 * Label maps come from input: every lookup is own-property only (`__proto__` is just a key).
 */
import { VOLATILE_LABELS } from '../inventory/build';
import type { LabelSelector, LabelSelectorRequirement } from '../model/k8s';

/**
 * Labels controllers stamp per pod, per revision or per Job run (pod-template-hash,
 * controller-revision-hash, controller-uid, job-name, …): never in a generated selector.
 * One list for the engine, owned by the inventory; re-exported here for policy users.
 */
export { VOLATILE_LABELS };

/** Labels naming one Job: stable for a Job itself, volatile across the Jobs of a CronJob. */
export const JOB_NAME_LABELS: readonly string[] = ['job-name', 'batch.kubernetes.io/job-name'];

export function own<T>(map: Record<string, T> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** A copy of `labels` without the given keys, keys sorted; null-prototype safe. */
export function withoutKeys(
  labels: Record<string, string> | undefined,
  drop: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels ?? {}).sort()) {
    if (drop.has(key)) continue;
    const value = own(labels, key);
    if (typeof value === 'string') Object.defineProperty(out, key, dataProp(value));
  }
  return out;
}

function dataProp(value: unknown): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

/** Builds a plain record from entries without ever touching a prototype setter. */
export function recordOf<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, dataProp(v));
  return out;
}

function requirementMatches(r: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value as string);
    case 'NotIn':
      return !has || !values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** Kubernetes label-selector semantics: matchLabels AND matchExpressions; `{}` matches all. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const key of Object.keys(sel.matchLabels ?? {})) {
    if (own(labels, key) !== own(sel.matchLabels, key)) return false;
  }
  return (sel.matchExpressions ?? []).every((r) => requirementMatches(r, labels));
}

/** True when the selector has no terms (it selects every pod of its scope). */
export function isEmptySelector(sel: LabelSelector): boolean {
  return (
    Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0
  );
}

/** Canonical copy: matchLabels sorted, expressions sorted by key/operator with sorted values. */
export function canonicalSelector(sel: LabelSelector): LabelSelector {
  const out: LabelSelector = {};
  const labels = withoutKeys(sel.matchLabels, new Set());
  if (Object.keys(labels).length > 0) out.matchLabels = labels;
  const exprs = (sel.matchExpressions ?? []).map(canonicalRequirement);
  exprs.sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
  if (exprs.length > 0) out.matchExpressions = exprs;
  return out;
}

function canonicalRequirement(r: LabelSelectorRequirement): LabelSelectorRequirement {
  const out: LabelSelectorRequirement = { key: r.key, operator: r.operator };
  if (r.values && r.values.length > 0) out.values = [...new Set(r.values)].sort();
  return out;
}

/** Drops the given label keys from a selector (matchLabels and matchExpressions). */
export function selectorWithout(sel: LabelSelector, drop: ReadonlySet<string>): LabelSelector {
  return canonicalSelector({
    matchLabels: withoutKeys(sel.matchLabels, drop),
    matchExpressions: (sel.matchExpressions ?? []).filter((r) => !drop.has(r.key)),
  });
}

/** Plain code-unit comparison: stable across locales and runtimes. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
