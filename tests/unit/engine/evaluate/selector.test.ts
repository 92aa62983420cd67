import { describe, expect, it } from 'vitest';
import { matchesSelector } from '../../../../src/lib/engine/evaluate/index';

describe('matchesSelector', () => {
  const labels = { app: 'web', tier: 'front' };

  it('an empty selector matches everything, an absent one nothing', () => {
    expect(matchesSelector({}, labels)).toBe(true);
    expect(matchesSelector({}, {})).toBe(true);
    expect(matchesSelector(undefined, labels)).toBe(false);
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['back'] }],
    };
    expect(matchesSelector(sel, labels)).toBe(false);
    expect(matchesSelector(sel, { app: 'web', tier: 'back' })).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'web', env: 'prod' } }, labels)).toBe(false);
  });

  it('In and Exists need the key; NotIn and DoesNotExist match an absent key', () => {
    const on = (operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values?: string[]) =>
      matchesSelector({ matchExpressions: [{ key: 'env', operator, values }] }, labels);
    expect(on('In', ['prod'])).toBe(false);
    expect(on('NotIn', ['prod'])).toBe(true);
    expect(on('Exists')).toBe(false);
    expect(on('DoesNotExist')).toBe(true);
    expect(
      matchesSelector(
        { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
        labels,
      ),
    ).toBe(false);
  });

  it('an invalid requirement (values missing or extra, unknown operator) matches nothing', () => {
    expect(
      matchesSelector(
        { matchExpressions: [{ key: 'env', operator: 'NotIn', values: [] }] },
        labels,
      ),
    ).toBe(false);
    expect(
      matchesSelector(
        { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] },
        labels,
      ),
    ).toBe(false);
    const bogus = { key: 'app', operator: 'Like' } as unknown as { key: string; operator: 'In' };
    expect(matchesSelector({ matchExpressions: [bogus] }, labels)).toBe(false);
  });

  it('compares values as exact strings and never reads the prototype chain', () => {
    expect(matchesSelector({ matchLabels: { app: 'Web' } }, labels)).toBe(false);
    const tricky = JSON.parse('{"__proto__": "x", "app": "web"}') as Record<string, string>;
    expect(matchesSelector(JSON.parse('{"matchLabels": {"__proto__": "x"}}'), tricky)).toBe(true);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'toString', operator: 'Exists' }] }, labels),
    ).toBe(false);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'constructor', operator: 'DoesNotExist' }] }, {}),
    ).toBe(true);
  });
});
