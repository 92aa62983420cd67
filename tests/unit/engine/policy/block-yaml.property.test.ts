/**
 * Property: blockYaml (policy/block-yaml.ts) prints any plain value exactly as js-yaml does with
 * the policy printer's options — documents of nested mappings and sequences (empty ones too),
 * keys and strings of every kind (plain words, YAML words, numbers as text, CIDRs, quotes,
 * indicators, spaces, newlines, any Unicode), numbers, booleans and null — whether it writes
 * the text itself or leaves it to js-yaml.
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { blockYaml, scalarText } from '../../../../src/lib/engine/policy/block-yaml';

const OPTIONS = { lineWidth: -1, noRefs: true, seqNoIndent: true } as const;

const YAML_WORDS = [
  'y',
  'N',
  'yes',
  'No',
  'on',
  'OFF',
  'true',
  'False',
  'null',
  'NULL',
  '~',
  '.inf',
  '.NaN',
  '1e3',
  '0x1F',
  '0o17',
  '2024-01-01',
  '12:30',
  '<<',
  '=',
  '---',
  '...',
  '',
  ' ',
];

/** Strings as policies hold them, and as anything could be. */
const textArb = fc.oneof(
  fc.constantFrom(...YAML_WORDS),
  fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_./-]{0,30}$/),
  fc.stringMatching(/^[a-z0-9.]{1,12}\/[a-z0-9._-]{1,20}$/),
  fc.stringMatching(/^[0-9A-Fa-f:./-]{1,20}$/),
  fc.ipV4().map((ip) => `${ip}/32`),
  fc.ipV6().map((ip) => `${ip}/128`),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.stringMatching(/^[a-z :#'"\-?,[\]{}&*!|>%@`\n\t\\]{1,10}$/),
  fc.constantFrom('\u0001\u0002part:0', 'a: b', 'a #b', '- x', "it's", 'k8s-app', 'x'.repeat(1100)),
);

const scalarArb = fc.oneof(
  textArb,
  fc.integer(),
  fc.constantFrom(0, -0, 1.5, -2.25, 2 ** 53, 1e21, Number.NaN, Infinity),
  fc.boolean(),
  fc.constant(null),
);

const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(textArb, tie('value'), { maxKeys: 4 }),
  ),
}));

/** Documents shaped as policies: mappings whose values are mappings, lists of them, scalars. */
const docArb = fc.dictionary(textArb, valueArb, { maxKeys: 5 });

describe('block YAML without js-yaml', () => {
  it('is what js-yaml prints, for any document and any value', () => {
    fc.assert(
      fc.property(fc.oneof(docArb, valueArb, fc.array(valueArb, { maxLength: 4 })), (v) => {
        expect(blockYaml(v)).toBe(dump(v, OPTIONS));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what js-yaml refuses (undefined, a function, a symbol), anywhere in a value', () => {
    const refused = fc.constantFrom(undefined, () => 1, Symbol('s'));
    const { value: withRefused } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        { arbitrary: scalarArb, weight: 4 },
        { arbitrary: refused, weight: 1 },
        { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 2 },
        { arbitrary: fc.dictionary(textArb, tie('value'), { maxKeys: 4 }), weight: 2 },
      ),
    }));
    /** The text printed, or the error thrown. */
    const outcome = (print: () => string): string => {
      try {
        return print();
      } catch (e) {
        return `throws ${(e as Error).message}`;
      }
    };
    fc.assert(
      fc.property(withRefused, (v) => {
        expect(outcome(() => blockYaml(v))).toBe(outcome(() => dump(v, OPTIONS)));
      }),
      { numRuns: 2000 },
    );
  });

  it('is what js-yaml prints for a string value, in a mapping and in a sequence', () => {
    fc.assert(
      fc.property(textArb, (s) => {
        const text = scalarText(s);
        if (text.includes('\n')) return;
        expect(`k: ${text}\n`).toBe(dump({ k: s }, OPTIONS));
        expect(`- ${text}\n`).toBe(dump([s], OPTIONS));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes the policies it was made for', () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-deployment', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { app: 'web', 'app.kubernetes.io/name': 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              { podSelector: {} },
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } },
                podSelector: { matchLabels: { app: 'prometheus' } },
              },
              { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
            ],
            ports: [{ port: 8080, protocol: 'TCP' }, { port: 'http' }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '2001:db8::/32' } }], ports: [] }, {}],
      },
    };
    expect(blockYaml(policy)).toBe(dump(policy, OPTIONS));
    expect(blockYaml([[['a']], [{}], [[]]])).toBe(dump([[['a']], [{}], [[]]], OPTIONS));
  });
});
