/**
 * Labels and label selectors: the volatile labels controllers stamp on pods (never usable in a
 * policy selector), selector normalisation from untrusted objects, and selector matching with
 * Kubernetes semantics (matchLabels AND every matchExpression).
 */
import type { LabelSelector, LabelSelectorRequirement } from '../model/k8s';
import { isValidSelector } from '../model/label-syntax';
import { arr, copyMap, isEmptyMap, own, rec, str, stringMap, type Rec } from './fields';

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

const VOLATILE = new Set(VOLATILE_LABELS);

export function isVolatileLabel(key: string): boolean {
  return VOLATILE.has(key);
}

/** The labels all maps share with equal values, minus volatile labels. */
export function commonStableLabels(maps: Record<string, string>[]): Record<string, string> {
  const first = maps[0];
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (first === undefined) return out;
  for (const key of Object.keys(first)) {
    if (isVolatileLabel(key)) continue;
    const v = first[key];
    if (maps.every((m) => Object.prototype.hasOwnProperty.call(m, key) && m[key] === v)) {
      out[key] = v as string;
    }
  }
  return out;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function readRequirement(v: unknown): LabelSelectorRequirement | undefined {
  const r = rec(v);
  const key = str(own(r, 'key'));
  const operator = str(own(r, 'operator'));
  if (key === undefined || operator === undefined || !OPERATORS.has(operator)) return undefined;
  const req: LabelSelectorRequirement = {
    key,
    operator: operator as LabelSelectorRequirement['operator'],
  };
  const values = arr(own(r, 'values')).filter((x): x is string => typeof x === 'string');
  if (operator === 'In' || operator === 'NotIn' || values.length > 0) req.values = values;
  return req;
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** Whether the raw selector has parts of the wrong type (a string for matchLabels, …). */
function wrongShape(r: Rec | undefined, v: unknown): boolean {
  if (r === undefined) return present(v);
  const ml = own(r, 'matchLabels');
  const me = own(r, 'matchExpressions');
  if (
    present(ml) &&
    (rec(ml) === undefined || Object.values(ml as Rec).some((x) => typeof x !== 'string'))
  )
    return true;
  if (present(me) && !Array.isArray(me)) return true;
  return arr(me).some((e) => {
    const values = own(rec(e), 'values');
    return present(values) && (!Array.isArray(values) || values.some((x) => typeof x !== 'string'));
  });
}

/**
 * Normalises a metav1.LabelSelector. Returns undefined when the value is not an object;
 * `invalid` counts requirements that were dropped because they were malformed; `malformed`
 * says the apiserver would refuse the selector (wrong types, unknown operators, values where
 * none belong, label syntax): a caller must not let such a selector widen what it selects.
 */
export function readLabelSelector(v: unknown): {
  selector?: LabelSelector;
  invalid: number;
  malformed: boolean;
} {
  const r = rec(v);
  if (r === undefined) return { invalid: 0, malformed: present(v) };
  const selector: LabelSelector = {};
  const ml = stringMap(own(r, 'matchLabels'));
  if (!isEmptyMap(ml)) selector.matchLabels = ml;
  const raw = arr(own(r, 'matchExpressions'));
  const exprs = raw.map(readRequirement).filter((x): x is LabelSelectorRequirement => !!x);
  if (exprs.length > 0) selector.matchExpressions = exprs;
  const invalid = raw.length - exprs.length;
  const malformed = invalid > 0 || wrongShape(r, v) || !isValidSelector(selector);
  return { selector, invalid, malformed };
}

function has(labels: Record<string, string>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

function requirementMatches(
  req: LabelSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const present = has(labels, req.key);
  switch (req.operator) {
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'In':
      return present && (req.values ?? []).includes(labels[req.key] as string);
    case 'NotIn':
      return !present || !(req.values ?? []).includes(labels[req.key] as string);
    default:
      return false;
  }
}

/** Whether a label map satisfies every key=value of `map` (a Service selector, matchLabels). */
export function mapSelects(map: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.keys(map).every((k) => has(labels, k) && labels[k] === map[k]);
}

/** metav1.LabelSelector semantics: an empty selector matches everything. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  if (sel.matchLabels !== undefined && !mapSelects(sel.matchLabels, labels)) return false;
  return (sel.matchExpressions ?? []).every((r) => requirementMatches(r, labels));
}

export function cloneLabels(m: Record<string, string> | undefined): Record<string, string> {
  return m === undefined ? (Object.create(null) as Record<string, string>) : copyMap(m);
}
