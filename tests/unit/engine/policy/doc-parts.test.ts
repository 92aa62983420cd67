/**
 * PartMemo (policy/doc-parts.ts), the per-element memo of documents in parts: by identity, then
 * by content within a tag, bounded; and yaml.ts's indentation of a remembered item's text.
 */
import { describe, expect, it } from 'vitest';
import { PartMemo } from '../../../../src/lib/engine/policy/doc-parts';
import { indented } from '../../../../src/lib/engine/policy/yaml';

describe('PartMemo', () => {
  it('finds an element by its content within its tag, never under another tag', () => {
    const memo = new PartMemo<string>();
    memo.set('a', { cidr: '10.0.0.1/32' }, 'one');
    memo.set('b', { cidr: '10.0.0.2/32' }, 'two');
    expect(memo.peek('a', { cidr: '10.0.0.1/32' })).toBe('one');
    expect(memo.peek('b', { cidr: '10.0.0.1/32' })).toBeUndefined();
    expect(memo.peek('a', { cidr: '10.0.0.2/32' })).toBeUndefined();
    // Strings, numbers and other JSON values are elements too.
    memo.set('p', 1, 'number');
    expect(memo.peek('p', '1')).toBeUndefined();
    expect(memo.peek('p', 1)).toBe('number');
    expect(memo.get('p', null, () => 'null')).toBe('null');
    expect(memo.get('p', null, () => 'again')).toBe('null');
  });

  it('keeps at most `limit` elements by content over all tags, then starts over', () => {
    const memo = new PartMemo<number>(3);
    memo.set('a', 'x', 1);
    memo.set('b', 'x', 2);
    memo.set('a', 'x', 3); // the same element again: still two remembered
    memo.set('c', 'x', 4);
    expect([memo.peek('a', 'x'), memo.peek('b', 'x'), memo.peek('c', 'x')]).toEqual([3, 2, 4]);
    memo.set('d', 'x', 5); // a fourth: the content side is cleared first
    expect([memo.peek('a', 'x'), memo.peek('b', 'x'), memo.peek('d', 'x')]).toEqual([
      undefined,
      undefined,
      5,
    ]);
    // An object remembered by identity stays found after the content side is cleared.
    const held = { k: 1 };
    const small = new PartMemo<number>(1);
    small.set('t', held, 7);
    small.set('t', 'other', 8);
    expect(small.peek('t', { k: 1 })).toBeUndefined();
    expect(small.peek('t', held)).toBe(7);
  });
});

describe('indented', () => {
  /** Line by line, as js-yaml places an item under a key: empty lines stay empty. */
  const byLine = (text: string, indent: string) =>
    text
      .split('\n')
      .map((l) => (l === '' ? l : indent + l))
      .join('\n');

  it('indents every line but the empty ones, whatever the lines', () => {
    const texts = [
      '- ipBlock:\n    cidr: 10.0.0.1/32',
      '- 10.0.0.1/32',
      '',
      '- |\n  a\n\n  b',
      '- |-\n  a\n',
      '\n- x',
      '- x\n\n',
      '- a\n  b\n  c',
    ];
    for (const text of texts) {
      for (const indent of ['', ' ', '    ']) {
        expect(indented(text, indent)).toBe(byLine(text, indent));
      }
    }
  });
});
