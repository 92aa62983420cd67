/**
 * Property: documents in parts (policy/doc-parts.ts) — each element of a large array printed
 * and validated once and remembered, by identity and by content — give exactly what printing
 * and validating each document whole gives:
 *
 * - any JSON document with large arrays (odd strings and keys: newlines, quotes, leading
 *   spaces, YAML indicators), printed one after another with elements shared between them;
 * - NetworkPolicies whose large peer and rule lists mix valid and invalid peers (the errors
 *   fall back to the whole check, in its order);
 * - the policy of a workload with many peers after every step of a random sequence of
 *   decisions (one row, many rows, a general rule, an alias saved or removed, an included IP,
 *   an undo): the YAML and errors rendered incrementally (warm memos, the same objects) equal
 *   a generation from scratch (fresh copies) printed and validated whole, byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Communication } from '../../../../src/lib/engine/model/communication';
import type { NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import { SPLIT } from '../../../../src/lib/engine/policy/doc-parts';
import {
  type Decisions,
  addIncludedIp,
  defaultDecisions,
  setGeneral,
  setIncluded,
} from '../../../../src/lib/engine/policy/decisions';
import { dialectById } from '../../../../src/lib/engine/policy/dialects/index';
import { emitNetworkPolicy } from '../../../../src/lib/engine/policy/dialects/k8s';
import {
  type IpAlias,
  generatePolicyIr,
  latestPolicyIr,
} from '../../../../src/lib/engine/policy/generate';
import { render } from '../../../../src/lib/engine/policy/render';
import { validatePolicy, wholeErrors } from '../../../../src/lib/engine/policy/validate';
import { toYamlWhole, yamlPrinter } from '../../../../src/lib/engine/policy/yaml';
import * as b from './builders';
import type { ArbValue } from './scenario-arb';

const ODD = [
  '',
  ' lead',
  'a\nb',
  'a\n\nb\n',
  '- x',
  'k: v',
  '"q"',
  "'",
  '#c',
  'null',
  'true',
  '1',
  '0x1F',
  '\t',
  'é',
  '\u0001',
  '~',
  '[a]',
  '{b}',
  'a'.repeat(90),
];
const textArb = fc.oneof(fc.constantFrom(...ODD), fc.string({ maxLength: 6 }));
const keyArb = fc.oneof(
  fc.constantFrom('to', 'ports', 'cidr', 'labels', 'x y', 'a', ...ODD),
  fc.string({ maxLength: 4 }),
);

/** A JSON value (no -0: documents never hold one; content keys rely on it). */
const valueArb = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const elementArb = fc.oneof(
  valueArb,
  fc.dictionary(keyArb, fc.oneof(textArb, valueArb), { maxKeys: 4 }),
);

/** Documents with large arrays under keys (also inside small arrays), elements from a pool. */
const docsArb = fc.array(elementArb, { minLength: 1, maxLength: 12 }).chain((pool) => {
  const large = fc
    .array(fc.nat(), { minLength: SPLIT, maxLength: SPLIT + 8 })
    .map((ix) =>
      ix.map((i) => (i % 3 === 0 ? structuredClone(pool[i % pool.length]) : pool[i % pool.length])),
    );
  const doc = fc.record({
    kind: textArb,
    spec: fc.record({
      rules: fc.array(fc.record({ to: large, ports: fc.array(elementArb, { maxLength: 3 }) }), {
        maxLength: 3,
      }),
      [ODD[4]!]: fc.oneof(large, textArb),
      labels: fc.dictionary(keyArb, textArb, { maxKeys: 3 }),
    }),
    list: fc.array(fc.oneof(large, elementArb), { maxLength: 2 }),
    other: elementArb,
  });
  return fc.array(doc, { minLength: 1, maxLength: 4 });
});

describe('documents in parts', () => {
  it('print as the whole document prints, for any document and any sequence of them', () => {
    const order = ['kind', 'spec', 'to', 'ports', 'labels'];
    const maps = new Set(['labels']);
    const inParts = yamlPrinter(order, maps);
    const whole = yamlPrinter(order, maps, false);
    fc.assert(
      fc.property(docsArb, (docs) => {
        for (const doc of docs) expect(inParts([doc])).toBe(whole([doc]));
        expect(inParts(docs)).toBe(whole(docs));
      }),
      { numRuns: 150 },
    );
  });

  const validPeerArb = fc.constantFrom<unknown>(
    { ipBlock: { cidr: '203.0.113.7/32' } },
    { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    { podSelector: { matchLabels: { app: 'web' } } },
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } },
      podSelector: {},
    },
  );
  const invalidPeerArb = fc.constantFrom<unknown>(
    { ipBlock: { cidr: 'not-a-cidr' } },
    { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} },
    {},
    { podSelector: { matchLabels: { 'bad key!': 'v' } } },
    { ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } },
    { extra: 1 },
  );
  /** Mostly valid peers, so that whole policies are often valid and their peers remembered. */
  const peerArb = fc.oneof(
    { arbitrary: validPeerArb, weight: 80 },
    { arbitrary: invalidPeerArb, weight: 1 },
  );
  const ruleArb = fc.record({
    peers: fc.array(fc.tuple(peerArb, fc.boolean()), {
      minLength: SPLIT - 2,
      maxLength: SPLIT + 6,
    }),
    ports: fc.constantFrom<unknown>([{ port: 443, protocol: 'TCP' }], undefined, [{ port: 0 }]),
  });
  const policyArb = fc.record({
    ingress: fc.array(ruleArb, { maxLength: 2 }),
    egress: fc.array(ruleArb, { maxLength: 2 }),
    name: fc.constantFrom('api', 'web', 'Bad_Name'),
  });
  const shared = new Map<string, unknown>();
  /** Peers shared (the same object) or copied, as regenerated policies have them. */
  const peerOf = (p: unknown, fresh: boolean) => {
    const key = JSON.stringify(p);
    if (fresh || !shared.has(key)) shared.set(key, structuredClone(p));
    return shared.get(key);
  };
  const policyOf = (a: ArbValue<typeof policyArb>) => {
    const rules = (rs: ArbValue<typeof ruleArb>[], key: 'from' | 'to') =>
      rs.map((r) => ({
        [key]: r.peers.map(([p, fresh]) => peerOf(p, fresh)),
        ...(r.ports ? { ports: r.ports } : {}),
      }));
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: a.name, namespace: 'shop' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: rules(a.ingress, 'from'),
        egress: rules(a.egress, 'to'),
      },
    };
  };

  it('validate as the whole document validates, valid or not, for any sequence of policies', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 1, maxLength: 6 }), (policies) => {
        for (const a of policies) {
          const doc = policyOf(a);
          const errors = wholeErrors(doc);
          expect(validatePolicy(doc)).toEqual({ valid: errors.length === 0, errors });
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** One workload talking to many addresses on two ports, and a few workload peers. */
function bigScenario(n: number) {
  const api = b.ref('Deployment', 'shop', 'api');
  const web = b.ref('Deployment', 'shop', 'web');
  const inv = b.inventory({
    namespaces: b.namespaces('shop'),
    workloads: [
      b.workload('Deployment', 'shop', 'api', { app: 'api' }),
      b.workload('Deployment', 'shop', 'web', { app: 'web' }),
    ],
    pods: [b.pod(api, 'api-1', { app: 'api' }, { ip: '10.1.0.1' })],
  });
  const rows: Communication[] = [];
  for (let i = 0; i < n; i++) {
    const ip = i % 2 === 0 ? `203.0.113.${i}` : `198.51.100.${i}`;
    rows.push(b.comm(api, 'egress', b.ipPeer(ip), i % 5 === 0 ? 80 : 443));
  }
  rows.push(b.comm(api, 'ingress', b.wPeer(web), 8080));
  return { api, inv, rows };
}

const bigStepArb = fc.oneof(
  fc.record({ type: fc.constant('toggle' as const), row: fc.nat(), value: fc.boolean() }),
  fc.record({
    type: fc.constant('bulk' as const),
    from: fc.nat(),
    count: fc.integer({ min: 1, max: 60 }),
    value: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('general' as const),
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    rule: fc.constantFrom('block' as const, 'namespace' as const, 'all' as const),
  }),
  fc.record({
    type: fc.constant('alias' as const),
    cidr: fc.constantFrom('203.0.113.0/28', '198.51.100.0/24', '203.0.113.8/29'),
    name: fc.constantFrom('partner', 'office'),
  }),
  fc.record({ type: fc.constant('unalias' as const), n: fc.nat() }),
  fc.record({
    type: fc.constant('includedIp' as const),
    ip: fc.constantFrom('203.0.113.2', '198.51.100.0/26'),
  }),
  fc.constant({ type: 'undo' as const }),
);

interface BigState {
  d: Decisions;
  aliases: IpAlias[];
}

function step(
  history: BigState[],
  s: ArbValue<typeof bigStepArb>,
  rows: Communication[],
): BigState {
  const now = history[history.length - 1]!;
  const keys = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => rows[(from + i) % rows.length]!.key);
  switch (s.type) {
    case 'toggle':
      return { ...now, d: setIncluded(keys(s.row, 1), s.value)(now.d) };
    case 'bulk':
      return { ...now, d: setIncluded(keys(s.from, s.count), s.value)(now.d) };
    case 'general':
      return { ...now, d: setGeneral(s.direction, s.rule)(now.d) };
    case 'alias':
      return { ...now, aliases: [...now.aliases.filter((a) => a.cidr !== s.cidr), { ...s }] };
    case 'unalias':
      return {
        ...now,
        aliases: now.aliases.filter((_, i) => i !== s.n % (now.aliases.length || 1)),
      };
    case 'includedIp':
      return { ...now, d: addIncludedIp(s.ip)(now.d) };
    case 'undo':
      return history.length > 1 ? history[history.length - 2]! : now;
  }
}

describe('a large policy, decided incrementally', () => {
  it('equals a generation from scratch printed and validated whole, after every decision', () => {
    const k8s = dialectById('k8s')!;
    fc.assert(
      fc.property(
        fc.integer({ min: 2 * SPLIT, max: 4 * SPLIT }),
        fc.array(bigStepArb, { minLength: 1, maxLength: 10 }),
        (n, steps) => {
          const { api, inv, rows } = bigScenario(n);
          let history: BigState[] = [
            {
              d: setIncluded(
                rows.map((c) => c.key),
                true,
              )(defaultDecisions(api)),
              aliases: [],
            },
          ];
          for (const s of steps) {
            const next = step(history, s, rows);
            history = s.type === 'undo' ? history.slice(0, -1) : [...history, next];
            if (history.length === 0) history = [next];
            const input = (i: typeof inv, r: Communication[]) => ({
              entityType: 'Deployment' as const,
              inventory: i,
              workload: api,
              communications: r,
              decisions: next.d,
              aliases: next.aliases,
            });
            const warm = latestPolicyIr(input(inv, rows));
            const shown = render(k8s, [warm.ir], warm.warnings);
            const cold = generatePolicyIr(input(structuredClone(inv), structuredClone(rows)));
            const policy: NetworkPolicy = structuredClone(emitNetworkPolicy(cold.ir).policy);
            expect(shown.documents).toEqual([policy]);
            expect(shown.yaml).toBe(toYamlWhole([policy]));
            expect(shown.errors).toEqual(
              wholeErrors(policy).map((e) => ({ ...e, path: `${cold.ir.name}: ${e.path}` })),
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
