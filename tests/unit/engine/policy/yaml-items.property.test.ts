/**
 * Property: the item texts yaml.ts writes without js-yaml (quickItem: an address, an ipBlock
 * with only its CIDR — the elements a large policy holds thousands of) are exactly what js-yaml
 * prints for them as the item of a sequence, for any string; anything else is left to js-yaml.
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { quickItem } from '../../../../src/lib/engine/policy/yaml';

const OPTIONS = { lineWidth: -1, noRefs: true, seqNoIndent: true } as const;
const printed = (e: unknown) => dump([e], OPTIONS).slice(0, -1);

/** Strings as addresses come, and as anything could be (quotes, YAML words, newlines). */
const textArb = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    'yes',
    'null',
    '~',
    '1e3',
    '0x1F',
    '- x',
    'a: b',
    '#c',
    "it's",
    ' a',
    'a\nb',
    '',
    '---',
    '...',
  ),
  fc.stringMatching(/^[0-9A-Fa-f:.]+\/\d+$/),
  fc.stringMatching(/^[0-9A-Fa-f:./-]+$/),
  fc.ipV4().map((ip) => `${ip}/32`),
  fc.ipV6().map((ip) => `${ip}/128`),
);

describe('item texts written without js-yaml', () => {
  it('are what js-yaml prints, for an address and an ipBlock of any string', () => {
    fc.assert(
      fc.property(textArb, (s) => {
        for (const e of [s, { ipBlock: { cidr: s } }]) {
          const quick = quickItem(e);
          if (quick !== null) expect(quick).toBe(printed(e));
        }
        // An address always has its quick form.
        if (/^[0-9a-f.:/]+$/i.test(s)) expect(quickItem({ ipBlock: { cidr: s } })).not.toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('leave other shapes to js-yaml', () => {
    for (const e of [
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
      { ipBlock: { cidr: 8 } },
      { podSelector: {} },
      { ipBlock: { cidr: 'a' }, other: 1 },
      ['x'],
      7,
      null,
    ])
      expect(quickItem(e)).toBeNull();
  });
});
