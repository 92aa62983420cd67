/**
 * Policy documents → YAML: one document each, separated by `---`, keys in the conventional
 * order (for NetworkPolicies: apiVersion, kind, metadata, spec; podSelector, policyTypes,
 * ingress, egress; …; the other dialects bring theirs) and label maps sorted, whatever order the
 * objects were built in. No anchors, no line folding: deterministic.
 */
import { dump } from 'js-yaml';
import type { NetworkPolicy } from '../model/k8s';
import { recordOf } from '../model/labels';
import { cmp } from '../model/text';

const KEY_ORDER = [
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'name',
  'namespace',
  'labels',
  'annotations',
  'namespaceSelector',
  'podSelector',
  'policyTypes',
  'ingress',
  'egress',
  'from',
  'to',
  'ports',
  'ipBlock',
  'cidr',
  'except',
  'port',
  'endPort',
  'protocol',
  'matchLabels',
  'matchExpressions',
  'key',
  'operator',
  'values',
];

/** Maps whose keys are data (label keys), printed sorted. */
const DATA_MAPS = new Set(['labels', 'annotations', 'matchLabels']);

/**
 * A printer of multi-document YAML with keys in `keyOrder` (others after, sorted) and the maps
 * named in `dataMaps` sorted by key: what every dialect's `toYaml` is made of.
 */
export function yamlPrinter(
  keyOrder: readonly string[],
  dataMaps: ReadonlySet<string>,
): (docs: readonly unknown[]) => string {
  const rank = (key: string) => {
    const i = keyOrder.indexOf(key);
    return i < 0 ? keyOrder.length : i;
  };
  const ordered = (value: unknown, dataMap: boolean): unknown => {
    if (Array.isArray(value)) return value.map((v) => ordered(v, false));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value).filter(
      (k) => (value as Record<string, unknown>)[k] !== undefined,
    );
    keys.sort(dataMap ? cmp : (a, b) => rank(a) - rank(b) || cmp(a, b));
    return recordOf(
      keys.map((k): [string, unknown] => [
        k,
        ordered((value as Record<string, unknown>)[k], !dataMap && dataMaps.has(k)),
      ]),
    );
  };
  return (docs) =>
    docs
      .map((p) => dump(ordered(p, false), { lineWidth: -1, noRefs: true, seqNoIndent: true }))
      .join('---\n');
}

const printK8s = yamlPrinter(KEY_ORDER, DATA_MAPS);

/** Multi-document YAML of the policies, ready for `kubectl apply -f`. */
export function toYaml(policies: readonly NetworkPolicy[]): string {
  return printK8s(policies);
}
