/**
 * Kubernetes label selectors as Calico selector expressions: `app == 'cart'`, `tier in { 'a',
 * 'b' }`, `tier not in { … }` (which, like NotIn, also matches pods without the label),
 * `has(k)`, `!has(k)`, joined by `&&`; the empty selector is `all()`. Label values are quoted
 * with single quotes (a valid label value never holds one).
 */
import type { LabelSelector } from '../../model/k8s';
import { canonicalSelector } from '../../model/labels';

const quote = (v: string) => `'${v}'`;
const set = (values: readonly string[] | undefined) =>
  `{ ${(values ?? []).map(quote).join(', ')} }`;

/** The Calico selector expression that selects what `sel` selects. */
export function calicoSelector(sel: LabelSelector): string {
  const c = canonicalSelector(sel);
  const terms = [
    ...Object.entries(c.matchLabels ?? {}).map(([k, v]) => `${k} == ${quote(v)}`),
    ...(c.matchExpressions ?? []).map((e) => {
      switch (e.operator) {
        case 'In':
          return `${e.key} in ${set(e.values)}`;
        case 'NotIn':
          return `${e.key} not in ${set(e.values)}`;
        case 'Exists':
          return `has(${e.key})`;
        default:
          return `!has(${e.key})`;
      }
    }),
  ];
  return terms.length === 0 ? 'all()' : terms.join(' && ');
}
