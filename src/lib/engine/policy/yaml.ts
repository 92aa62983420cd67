/**
 * NetworkPolicies → YAML: one document each, separated by `---`, keys in the conventional order
 * (apiVersion, kind, metadata, spec; podSelector, policyTypes, ingress, egress; …) and label maps
 * sorted, whatever order the objects were built in. No anchors, no line folding: deterministic.
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

function rank(key: string): number {
  const i = KEY_ORDER.indexOf(key);
  return i < 0 ? KEY_ORDER.length : i;
}

function ordered(value: unknown, dataMap: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, false));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).filter(
    (k) => (value as Record<string, unknown>)[k] !== undefined,
  );
  keys.sort(dataMap ? cmp : (a, b) => rank(a) - rank(b) || cmp(a, b));
  return recordOf(
    keys.map((k): [string, unknown] => [
      k,
      ordered((value as Record<string, unknown>)[k], !dataMap && DATA_MAPS.has(k)),
    ]),
  );
}

/** Multi-document YAML of the policies, ready for `kubectl apply -f`. */
export function toYaml(policies: readonly NetworkPolicy[]): string {
  return policies
    .map((p) => dump(ordered(p, false), { lineWidth: -1, noRefs: true, seqNoIndent: true }))
    .join('---\n');
}
