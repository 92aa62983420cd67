import { afterEach, describe, expect, it, vi } from 'vitest';
import { detect } from '../../../../src/lib/engine/formats/detect';
import { isAntreaLine } from '../../../../src/lib/engine/formats/antrea';

/** A one-line `kubectl get -o json` List of `n` pods (as dumps written without indentation). */
function oneLineDump(n: number): string {
  const items = Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'shop', labels: { app: 'web' } },
    spec: { nodeName: 'node-a', containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] },
    status: { podIP: `10.0.${i >> 8}.${i & 255}`, phase: 'Running' },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: {}, items });
}

afterEach(() => vi.restoreAllMocks());

describe('detect: a one-line JSON dump', () => {
  it('is recognised from its head without splitting or parsing the whole cut line', () => {
    const head = oneLineDump(4000).slice(0, 256 * 1024);
    const split = vi.spyOn(String.prototype, 'split');
    const parse = vi.spyOn(JSON, 'parse');
    expect(detect(head)).toEqual({ format: 'k8s-json', kind: 'metadata', layout: 'documents' });
    const long = (calls: unknown[][], at: (c: unknown[]) => unknown) =>
      calls.filter((c) => {
        const s = at(c);
        return typeof s === 'string' && s.length > 10_000;
      }).length;
    // The line format tests (Antrea's splits at every comma) and the first line's parse.
    expect(long(split.mock.contexts as unknown as unknown[][], (c) => String(c))).toBe(0);
    expect(long(parse.mock.calls, (c) => c[0])).toBe(0);
  });

  it('is still parsed whole when it fits in the head, whatever whitespace follows it', () => {
    const whole = oneLineDump(3);
    for (const text of [whole, whole + '\n', whole + '\r\n', whole + ' \t\n'])
      expect(detect(text)).toEqual({ format: 'k8s-json', kind: 'metadata', layout: 'lines' });
  });
});

describe('isAntreaLine', () => {
  it('tells the same lines apart with its test of the first two fields', () => {
    const cols = (first: string, second: string) =>
      [first, second, '10.10.0.79', '10.10.0.80', '44956', '8080', 'TCP']
        .concat(Array.from({ length: 24 }, (_, i) => `f${i}`))
        .join(',');
    expect(isAntreaLine(cols('1637706401', '1637706973'))).toBe(true);
    expect(isAntreaLine(cols('163770640', '16377069731'))).toBe(true);
    for (const [a, b] of [
      ['16377064', '1637706973'],
      ['1637706401', '163770697312'],
      [' 1637706401', '1637706973'],
      ['1637706401', 'x'],
    ])
      expect(isAntreaLine(cols(a as string, b as string))).toBe(false);
  });
});
