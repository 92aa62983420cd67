/**
 * Kubernetes name and label syntax (k8s.io/apimachinery validation): the one place that says
 * whether a text is a DNS-1123 label or subdomain, a label key (qualified name) or a label
 * value. The generator leaves out labels that fail (with a warning), the evaluator lets a
 * selector with one match nothing, the validator reports them.
 */
import type { LabelSelector } from './k8s';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** Qualified name: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63 of [-A-Za-z0-9_.]. */
export function isLabelKey(k: string): boolean {
  const slash = k.lastIndexOf('/');
  const name = slash < 0 ? k : k.slice(slash + 1);
  if (slash >= 0 && !isDns1123Subdomain(k.slice(0, slash))) return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}

/** Empty, or ≤ 63 of [-A-Za-z0-9_.] starting and ending alphanumeric. */
export function isLabelValue(v: string): boolean {
  return v === '' || (v.length <= 63 && LABEL_NAME.test(v));
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Whether a selector is one the apiserver accepts (label syntax, operators, values present
 * exactly for In/NotIn). `undefined`/absent parts are fine; wrong types are not.
 */
export function isValidSelector(sel: LabelSelector): boolean {
  if (typeof sel !== 'object' || sel === null || Array.isArray(sel)) return false;
  const labels: unknown = sel.matchLabels ?? {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return false;
  for (const [k, v] of Object.entries(labels as Record<string, unknown>))
    if (!isLabelKey(k) || typeof v !== 'string' || !isLabelValue(v)) return false;
  const exprs: unknown = sel.matchExpressions ?? [];
  if (!Array.isArray(exprs)) return false;
  return exprs.every((e: unknown) => {
    if (typeof e !== 'object' || e === null) return false;
    const { key, operator, values } = e as { key?: unknown; operator?: unknown; values?: unknown };
    if (typeof key !== 'string' || !isLabelKey(key)) return false;
    if (typeof operator !== 'string' || !OPERATORS.has(operator)) return false;
    const vs: unknown = values ?? [];
    if (!Array.isArray(vs) || !vs.every((v) => typeof v === 'string' && isLabelValue(v)))
      return false;
    const needsValues = operator === 'In' || operator === 'NotIn';
    return needsValues ? vs.length > 0 : vs.length === 0;
  });
}

/** `key=value` of a label for a message: quoted, shortened, control characters visible. */
function describe(key: string, value?: string): string {
  const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
  return value === undefined ? show(key) : `${show(key)}=${show(value)}`;
}

/**
 * The selector without the terms the apiserver would reject, and those terms described
 * (`"bad key!"="v"`): a label from a dump that Kubernetes itself could not have set is left
 * out with a warning instead of failing the whole policy.
 */
export function splitInvalidTerms(sel: LabelSelector): {
  selector: LabelSelector;
  invalid: string[];
} {
  const invalid: string[] = [];
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (isLabelKey(k) && typeof v === 'string' && isLabelValue(v))
      Object.defineProperty(labels, k, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else invalid.push(describe(k, String(v)));
  }
  const exprs = (sel.matchExpressions ?? []).filter((e) => {
    const ok = isValidSelector({ matchExpressions: [e] });
    if (!ok) invalid.push(describe(String(e.key)));
    return ok;
  });
  const selector: LabelSelector = {};
  if (Object.keys(labels).length > 0) selector.matchLabels = labels;
  if (exprs.length > 0) selector.matchExpressions = exprs;
  return { selector, invalid };
}
