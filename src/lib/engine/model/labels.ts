/**
 * The engine's one vocabulary for Kubernetes labels and label selectors: the labels controllers
 * stamp per revision, pod or Job run (never in a generated selector), label maps built without
 * touching a prototype, the one selector matcher (apiserver semantics: an invalid requirement
 * or an absent selector matches nothing) and a canonical selector form so equal selectors
 * compare and print the same. Label maps come from input: every lookup is own-property only
 * (`__proto__` is just a key). Plain functions over plain data; no imports beyond the model.
 */
import type { LabelSelector, LabelSelectorRequirement } from './k8s';
import { cmp } from './text';

/**
 * Labels set by controllers per revision, per pod or per Job run. They change on every
 * rollout or run, so selectors built from them would stop matching.
 */
export const VOLATILE_LABELS: readonly string[] = [
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/job-completion-index',
];

/** The label Kubernetes (1.21+) sets on every Namespace: its name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Labels naming one Job: stable for a Job itself, volatile across the Jobs of a CronJob. */
export const JOB_NAME_LABELS: readonly string[] = ['job-name', 'batch.kubernetes.io/job-name'];

const VOLATILE = new Set(VOLATILE_LABELS);

export function isVolatileLabel(key: string): boolean {
  return VOLATILE.has(key);
}

/** `map[key]` when `key` is the map's own property (never the prototype's). */
export function own<T>(map: Record<string, T> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

function dataProp(value: unknown): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

/**
 * Builds a plain record from entries without ever touching a prototype setter: fromEntries
 * defines own data properties (a key such as `__proto__` stays a key), and much faster than a
 * defineProperty per entry — stored decisions of 10,000 rows are read this way.
 */
export function recordOf<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries(entries) as Record<string, T>;
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

/** The labels all maps share with equal values, minus volatile labels. */
export function commonStableLabels(maps: Record<string, string>[]): Record<string, string> {
  const first = maps[0];
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (first === undefined) return out;
  for (const key of Object.keys(first)) {
    if (isVolatileLabel(key)) continue;
    const v = first[key];
    if (maps.every((m) => own(m, key) === v)) out[key] = v as string;
  }
  return out;
}

function labelOf(labels: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? String(labels[key]) : undefined;
}

function requirementMatches(
  req: LabelSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const values = req.values ?? [];
  const value = labelOf(labels, req.key);
  switch (req.operator) {
    // NOTE: In/NotIn need non-empty values, Exists/DoesNotExist need none (apimachinery
    // ValidateLabelSelector); an invalid requirement makes the selector match nothing.
    case 'In':
      return values.length > 0 && value !== undefined && values.includes(value);
    case 'NotIn':
      // NOTE: NotIn also matches when the key is absent (SEMANTICS.md §6).
      return values.length > 0 && (value === undefined || !values.includes(value));
    case 'Exists':
      return values.length === 0 && value !== undefined;
    case 'DoesNotExist':
      return values.length === 0 && value === undefined;
    default:
      return false;
  }
}

/** Whether a label map carries every key=value of `map` (a Service's selector, matchLabels). */
export function mapSelects(map: Record<string, string>, labels: Record<string, string>): boolean {
  for (const key of Object.keys(map)) {
    if (labelOf(labels, key) !== String(map[key])) return false;
  }
  return true;
}

/**
 * Whether `sel` selects an object with `labels` (metav1.LabelSelector): `{}` matches
 * everything, an absent selector nothing; matchLabels and every matchExpression are ANDed.
 */
export function matchesSelector(
  sel: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!sel) return false;
  if (sel.matchLabels !== undefined && !mapSelects(sel.matchLabels, labels)) return false;
  return (sel.matchExpressions ?? []).every((req) => requirementMatches(req, labels));
}

/** True when the selector has no terms (it selects every pod of its scope). */
export function isEmptySelector(sel: LabelSelector): boolean {
  return (
    Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0
  );
}

function canonicalRequirement(r: LabelSelectorRequirement): LabelSelectorRequirement {
  const out: LabelSelectorRequirement = { key: r.key, operator: r.operator };
  if (r.values && r.values.length > 0) out.values = [...new Set(r.values)].sort();
  return out;
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

/** Drops the given label keys from a selector (matchLabels and matchExpressions). */
export function selectorWithout(sel: LabelSelector, drop: ReadonlySet<string>): LabelSelector {
  return canonicalSelector({
    matchLabels: withoutKeys(sel.matchLabels, drop),
    matchExpressions: (sel.matchExpressions ?? []).filter((r) => !drop.has(r.key)),
  });
}
