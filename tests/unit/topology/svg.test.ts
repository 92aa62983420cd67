import { describe, expect, it } from 'vitest';
import { escapeXml, sceneToSvg, type Scene } from '$lib/topology/svg';
import { LIGHT } from '$lib/topology/palette';

const measure = (t: string, px: number) => (t.length * px) / 2;

function scene(n: number): Scene {
  return {
    nodes: Array.from({ length: n }, (_, i) => ({
      id: `n${i}`,
      x: (i % 10) * 100,
      y: Math.floor(i / 10) * 100,
      size: 6,
      color: LIGHT.entity,
      label: i === 0 ? '<evil & "name">\u0001' : `node-${i}`,
      shape: (['circle', 'square', 'triangle', 'diamond', 'rectangle'] as const)[i % 5]!,
      priority: i,
    })),
    edges: Array.from({ length: n - 1 }, (_, i) => ({
      source: `n${i}`,
      target: `n${i + 1}`,
      color: i % 2 ? LIGHT.denied : LIGHT.allowed,
      size: 2,
    })),
    hulls: [
      {
        label: 'namespace shop',
        points: [
          [0, 0],
          [900, 0],
          [900, 900],
        ],
      },
    ],
    palette: LIGHT,
    legend: [{ color: LIGHT.denied, text: 'not in the policy', mark: 'line' }],
  };
}

describe('sceneToSvg (the whole-graph export)', () => {
  it('draws every entity and line at the asked size, inside the picture', () => {
    const svg = sceneToSvg(scene(100), 1600, 900, measure);
    expect(
      svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"'),
    ).toBe(true);
    expect(svg.match(/data-entity=/g)).toHaveLength(100);
    expect(svg.match(/<line [^>]*marker-end/g)).toHaveLength(99);
    const xs = [...svg.matchAll(/<circle data-entity="[^"]+" cx="([\d.-]+)" cy="([\d.-]+)"/g)];
    expect(xs.length).toBe(20);
    for (const [, x, y] of xs) {
      expect(Number(x)).toBeGreaterThanOrEqual(0);
      expect(Number(x)).toBeLessThanOrEqual(1600);
      expect(Number(y)).toBeGreaterThanOrEqual(0);
      expect(Number(y)).toBeLessThanOrEqual(900);
    }
    expect(svg).toContain('namespace shop');
    expect(svg).toContain('not in the policy');
  });

  it('escapes names and drops characters XML forbids', () => {
    expect(escapeXml('<evil & "name">\u0001')).toBe('&#60;evil &#38; &#34;name&#34;&#62;');
    const svg = sceneToSvg(scene(3), 800, 600, measure);
    expect([svg.includes('<evil'), svg.includes('\u0001')]).toEqual([false, false]);
  });
});
