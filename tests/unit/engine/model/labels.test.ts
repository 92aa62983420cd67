/**
 * The one label vocabulary (model/labels.ts), table-driven over the cases of every caller that
 * used to carry its own matcher: the evaluator (NetworkPolicy and admin-policy selectors), the
 * inventory (Service selectors, identity-only endpoints), the generator (overlap of a generated
 * selector with other pods, the DNS pods). Each row is read by matchesSelector; a plain map row
 * also by mapSelects, and both must agree.
 */
import { describe, expect, it } from 'vitest';
import type { LabelSelector, LabelSelectorRequirement } from '../../../../src/lib/engine/model/k8s';
import {
  canonicalSelector,
  commonStableLabels,
  isEmptySelector,
  mapSelects,
  matchesSelector,
  recordOf,
  selectorWithout,
  withoutKeys,
} from '../../../../src/lib/engine/model/labels';

type Op = LabelSelectorRequirement['operator'];
const expr = (key: string, operator: Op, values?: string[]): LabelSelector => ({
  matchExpressions: [values === undefined ? { key, operator } : { key, operator, values }],
});

const web = { app: 'web', tier: 'front' };
const proto = JSON.parse('{"__proto__": "x", "app": "web"}') as Record<string, string>;

interface Row {
  caller: string;
  case: string;
  selector: LabelSelector | undefined;
  labels: Record<string, string>;
  want: boolean;
}

const ROWS: Row[] = [
  // evaluate: NetworkPolicy podSelector / namespaceSelector, AdminNetworkPolicy subjects
  { caller: 'evaluate', case: '{} selects every pod', selector: {}, labels: web, want: true },
  { caller: 'evaluate', case: '{} selects unlabelled pods', selector: {}, labels: {}, want: true },
  { caller: 'evaluate', case: 'absent selector', selector: undefined, labels: web, want: false },
  {
    caller: 'evaluate',
    case: 'matchLabels AND expressions (one fails)',
    selector: { matchLabels: { app: 'web' }, ...expr('tier', 'In', ['back']) },
    labels: web,
    want: false,
  },
  {
    caller: 'evaluate',
    case: 'matchLabels AND expressions (both hold)',
    selector: { matchLabels: { app: 'web' }, ...expr('tier', 'In', ['back']) },
    labels: { app: 'web', tier: 'back' },
    want: true,
  },
  {
    caller: 'evaluate',
    case: 'In, key absent',
    selector: expr('env', 'In', ['prod']),
    labels: web,
    want: false,
  },
  {
    caller: 'evaluate',
    case: 'NotIn, key absent',
    selector: expr('env', 'NotIn', ['prod']),
    labels: web,
    want: true,
  },
  {
    caller: 'evaluate',
    case: 'NotIn, value listed',
    selector: expr('app', 'NotIn', ['web']),
    labels: web,
    want: false,
  },
  {
    caller: 'evaluate',
    case: 'Exists, key absent',
    selector: expr('env', 'Exists'),
    labels: web,
    want: false,
  },
  {
    caller: 'evaluate',
    case: 'DoesNotExist, key absent',
    selector: expr('env', 'DoesNotExist'),
    labels: web,
    want: true,
  },
  {
    caller: 'evaluate',
    case: 'values are exact strings',
    selector: { matchLabels: { app: 'Web' } },
    labels: web,
    want: false,
  },
  // apiserver: an invalid requirement makes the selector match nothing (the inventory's and the
  // generator's matchers used to answer true for the first two)
  {
    caller: 'apiserver',
    case: 'NotIn without values',
    selector: expr('env', 'NotIn', []),
    labels: web,
    want: false,
  },
  {
    caller: 'apiserver',
    case: 'Exists with values',
    selector: expr('app', 'Exists', ['web']),
    labels: web,
    want: false,
  },
  {
    caller: 'apiserver',
    case: 'In without values',
    selector: expr('app', 'In', []),
    labels: web,
    want: false,
  },
  {
    caller: 'apiserver',
    case: 'DoesNotExist with values',
    selector: expr('env', 'DoesNotExist', ['x']),
    labels: web,
    want: false,
  },
  {
    caller: 'apiserver',
    case: 'unknown operator',
    selector: expr('app', 'Like' as Op, ['web']),
    labels: web,
    want: false,
  },
  // prototype keys are plain keys
  {
    caller: 'hostile',
    case: '__proto__ label',
    selector: JSON.parse('{"matchLabels": {"__proto__": "x"}}') as LabelSelector,
    labels: proto,
    want: true,
  },
  {
    caller: 'hostile',
    case: 'toString is no label',
    selector: expr('toString', 'Exists'),
    labels: web,
    want: false,
  },
  {
    caller: 'hostile',
    case: 'constructor is absent',
    selector: expr('constructor', 'DoesNotExist'),
    labels: {},
    want: true,
  },
  // inventory: a Service's selector picks its backing pods; an identity's labels its workload
  {
    caller: 'service',
    case: 'subset of the pod labels',
    selector: { matchLabels: { app: 'web' } },
    labels: web,
    want: true,
  },
  {
    caller: 'service',
    case: 'a key the pod lacks',
    selector: { matchLabels: { app: 'web', env: 'prod' } },
    labels: web,
    want: false,
  },
  {
    caller: 'identity',
    case: 'all identity labels carried',
    selector: { matchLabels: { app: 'web', tier: 'front' } },
    labels: { ...web, version: 'v1' },
    want: true,
  },
  {
    caller: 'identity',
    case: 'one identity label differs',
    selector: { matchLabels: { app: 'web', tier: 'back' } },
    labels: web,
    want: false,
  },
  // generator: the DNS Service's selector on the DNS pods; a generated selector's overlap
  {
    caller: 'dns',
    case: 'kube-dns pods',
    selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': 'abc' },
    want: true,
  },
  {
    caller: 'generate',
    case: 'generated selector on a pod of another owner',
    selector: canonicalSelector({
      matchLabels: { tier: 'front' },
      ...expr('app', 'In', ['web', 'api']),
    }),
    labels: web,
    want: true,
  },
];

describe('matchesSelector: one matcher for every caller', () => {
  it.each(ROWS)('$caller: $case → $want', (row) => {
    expect(matchesSelector(row.selector, row.labels)).toBe(row.want);
    const onlyLabels = row.selector && !row.selector.matchExpressions;
    if (onlyLabels) expect(mapSelects(row.selector!.matchLabels ?? {}, row.labels)).toBe(row.want);
  });
});

describe('label maps and canonical selectors', () => {
  it('recordOf and withoutKeys never touch a prototype', () => {
    const r = recordOf([['__proto__', 'x']]);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(Object.keys(r)).toEqual(['__proto__']);
    expect(Object.keys(withoutKeys(proto, new Set(['app'])))).toEqual(['__proto__']);
  });

  it('canonical selectors sort keys, expressions and values, and drop duplicates', () => {
    const a = canonicalSelector({
      matchLabels: { b: '2', a: '1' },
      matchExpressions: [
        { key: 'z', operator: 'In', values: ['y', 'x', 'y'] },
        { key: 'c', operator: 'Exists' },
      ],
    });
    expect(JSON.stringify(a)).toBe(
      '{"matchLabels":{"a":"1","b":"2"},"matchExpressions":[{"key":"c","operator":"Exists"},{"key":"z","operator":"In","values":["x","y"]}]}',
    );
    expect(selectorWithout(a, new Set(['z', 'a']))).toEqual({
      matchLabels: { b: '2' },
      matchExpressions: [{ key: 'c', operator: 'Exists' }],
    });
    expect(isEmptySelector(selectorWithout(a, new Set(['a', 'b', 'c', 'z'])))).toBe(true);
  });

  it('common stable labels leave out volatile labels and labels that differ', () => {
    expect(
      commonStableLabels([
        { app: 'web', 'pod-template-hash': 'a', v: '1' },
        { app: 'web', 'pod-template-hash': 'a', v: '2' },
      ]),
    ).toEqual({ app: 'web' });
  });
});
