/**
 * Label selectors and label maps read from untrusted objects (a dump, a stored inventory): the
 * shape checked, malformed parts counted so that no caller lets them widen what is selected.
 * Matching and the rest of the label vocabulary live in model/labels.ts.
 */
import type { LabelSelector, LabelSelectorRequirement } from '../model/k8s';
import { isValidSelector } from '../model/label-syntax';
import { arr, copyMap, isEmptyMap, own, rec, str, stringMap, type Rec } from './fields';

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

export function cloneLabels(m: Record<string, string> | undefined): Record<string, string> {
  return m === undefined ? (Object.create(null) as Record<string, string>) : copyMap(m);
}
