/**
 * `metav1.LabelSelector` matching (SEMANTICS.md §6). Labels come from input, so keys are read
 * with `Object.hasOwn` only: a `__proto__` or `constructor` label never reaches the prototype.
 */
import type { LabelSelector, LabelSelectorRequirement } from '../model/k8s';

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

/**
 * Whether `sel` selects an object with `labels`. `{}` matches everything; an absent (null)
 * selector matches nothing; matchLabels and matchExpressions are ANDed.
 */
export function matchesSelector(
  sel: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!sel) return false;
  for (const [key, want] of Object.entries(sel.matchLabels ?? {})) {
    if (labelOf(labels, key) !== String(want)) return false;
  }
  return (sel.matchExpressions ?? []).every((req) => requirementMatches(req, labels));
}
