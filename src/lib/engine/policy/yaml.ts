/**
 * Policy documents → YAML: one document each, separated by `---`, keys in the conventional
 * order (for NetworkPolicies: apiVersion, kind, metadata, spec; podSelector, policyTypes,
 * ingress, egress; …; the other dialects bring theirs) and label maps sorted, whatever order the
 * objects were built in. No anchors, no line folding: deterministic.
 */
import type { NetworkPolicy } from '../model/k8s';
import { recordOf } from '../model/labels';
import { cmp } from '../model/text';
import { blockYaml, scalarText } from './block-yaml';
import { PartMemo, isLarge } from './doc-parts';

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
 * named in `dataMaps` sorted by key: what every dialect's `toYaml` is made of. The elements of
 * large arrays (doc-parts.ts: a rule's 10,000 peers) are printed once each and remembered, and
 * put in place as js-yaml writes them; `inParts: false` prints every document whole (what the
 * property tests compare with).
 */
export function yamlPrinter(
  keyOrder: readonly string[],
  dataMaps: ReadonlySet<string>,
  inParts = true,
): (docs: readonly unknown[]) => string {
  const rank = (key: string) => {
    const i = keyOrder.indexOf(key);
    return i < 0 ? keyOrder.length : i;
  };
  /**
   * `value` with its keys in order. With `parts`, each large array that is a key's value (not
   * inside a data map) is replaced by a mark and kept in `parts`, to be printed per element.
   */
  const ordered = (value: unknown, dataMap: boolean, parts?: unknown[][]): unknown => {
    if (Array.isArray(value)) return value.map((v) => ordered(v, false, parts));
    if (value === null || typeof value !== 'object') return value;
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined);
    keys.sort(dataMap ? cmp : (a, b) => rank(a) - rank(b) || cmp(a, b));
    return recordOf(
      keys.map((k): [string, unknown] => {
        const v = o[k];
        if (parts && isLarge(v)) return [k, `${MARK}${parts.push(v) - 1}`];
        const inner = !dataMap && dataMaps.has(k);
        return [k, ordered(v, inner, inner ? undefined : parts)];
      }),
    );
  };
  const printed = new PartMemo<string>();
  /** One element of a large array, as the one item of a sequence at column 0 (no newline). */
  const item = (e: unknown) =>
    printed.get('', e, () => blockYaml([ordered(e, false)]).slice(0, -1));
  /**
   * Prints the elements not remembered yet in one call and remembers each one's text: a
   * sequence's items are printed as each alone would be, and js-yaml's setup per call was most
   * of an element's cost (a policy's first 10,000 ipBlocks). Left to `item` if the items cannot
   * be told apart.
   */
  const prime = (parts: unknown[][]) => {
    const fresh: unknown[] = [];
    for (const e of parts.flat()) {
      if (printed.peek('', e) !== undefined) continue;
      const quick = quickItem(e);
      if (quick === null) fresh.push(e);
      else printed.set('', e, quick);
    }
    if (fresh.length < 2) return;
    const items = sequenceItems(blockYaml(fresh.map((e) => ordered(e, false))));
    if (items.length === fresh.length) fresh.forEach((e, i) => printed.set('', e, items[i]!));
  };
  const print = (doc: unknown): string => {
    if (!inParts) return blockYaml(ordered(doc, false));
    const parts: unknown[][] = [];
    const text = blockYaml(ordered(doc, false, parts), markText);
    if (parts.length === 0) return text;
    prime(parts);
    return joinParts(text, parts, item);
  };
  return (docs) => docs.map(print).join('---\n');
}

/** Stands for a large array in a document's skeleton; a string no document holds. */
const MARK = '\u0001\u0002part:';
/** A key's line whose value is the mark (js-yaml writes it double-quoted, escaped). */
const MARKED = /^((?: |- )*)(.+): "\\x01\\x02part:(\d+)"$/;
/** js-yaml's text of a mark, as MARKED reads it. */
const markText = (s: string) =>
  s.startsWith(MARK) && /^\d+$/.test(s.slice(MARK.length))
    ? `"\\x01\\x02part:${s.slice(MARK.length)}"`
    : undefined;

/**
 * The item text js-yaml prints for the elements a large policy holds thousands of — an address
 * (Cilium's and Calico's lists) or an ipBlock with only its CIDR (Kubernetes) — without
 * printing them: a one-line string is written the same way wherever it stands in block style.
 * Null for anything else. tests/unit/engine/policy/yaml-items.property.test.ts holds it to
 * js-yaml.
 */
export function quickItem(e: unknown): string | null {
  if (typeof e === 'string') {
    const text = scalarText(e);
    return text.includes('\n') ? null : `- ${text}`;
  }
  const block = onlyKey(e, 'ipBlock');
  const cidr = block === undefined ? undefined : onlyKey(block, 'cidr');
  if (typeof cidr !== 'string') return null;
  const text = scalarText(cidr);
  return text.includes('\n') ? null : `- ipBlock:\n    cidr: ${text}`;
}

/** The value of `key` when it is the object's one key, else undefined. */
function onlyKey(v: unknown, key: string): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === key ? (v as Record<string, unknown>)[key] : undefined;
}

/**
 * The items of a block sequence printed at column 0: each starts with a line `- …` (or `-`);
 * the lines of its content are indented, so no other line starts there.
 */
function sequenceItems(text: string): string[] {
  const items: string[][] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    const last = items.at(-1);
    if (line === '-' || line.startsWith('- ')) items.push([line]);
    else if (last) last.push(line);
    else return [];
  }
  return items.map((lines) => lines.join('\n'));
}

/**
 * The skeleton's YAML with each marked key followed by its array's items, each indented to the
 * key's column (a sequence under a key is not indented: `seqNoIndent`), as js-yaml writes them
 * in place. Empty lines (inside a block scalar) stay empty, as js-yaml leaves them.
 */
function joinParts(text: string, parts: unknown[][], item: (e: unknown) => string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = MARKED.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const indent = ' '.repeat(m[1]!.length);
    out.push(line.slice(0, line.lastIndexOf(': "')) + ':');
    for (const e of parts[Number(m[3])]!) out.push(indented(item(e), indent));
  }
  return out.join('\n');
}

/**
 * An item's text with each line indented by `indent`, empty lines left empty: in one
 * replacement when no line is empty (an ipBlock's two lines), not line by line.
 */
export function indented(text: string, indent: string): string {
  if (indent === '') return text;
  if (text === '' || text.startsWith('\n') || text.endsWith('\n') || text.includes('\n\n')) {
    return text
      .split('\n')
      .map((l) => (l === '' ? l : indent + l))
      .join('\n');
  }
  return indent + text.replaceAll('\n', `\n${indent}`);
}

const printK8s = yamlPrinter(KEY_ORDER, DATA_MAPS);
const printK8sWhole = yamlPrinter(KEY_ORDER, DATA_MAPS, false);

/** Multi-document YAML of the policies, ready for `kubectl apply -f`. */
export function toYaml(policies: readonly NetworkPolicy[]): string {
  return printK8s(policies);
}

/** toYaml without parts: every document printed whole, nothing remembered. */
export function toYamlWhole(policies: readonly NetworkPolicy[]): string {
  return printK8sWhole(policies);
}
