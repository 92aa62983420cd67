import { describe, expect, it } from 'vitest';
import { DARK, LIGHT, type Palette } from '$lib/topology/palette';

/** WCAG 2 relative luminance and contrast ratio of two `#rrggbb` colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}
function hue(hex: string): 'red' | 'blue' | 'neutral' {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  if (r! - Math.max(g!, b!) > 80) return 'red';
  if (b! - Math.max(r!, g!) > 50) return 'blue';
  return 'neutral';
}

describe.each([
  ['light', LIGHT],
  ['dark', DARK],
] as [string, Palette][])('the %s palette', (_, p) => {
  it('keeps the contract: allowed lines and entities neutral ink, denied red, selected blue', () => {
    expect(p.allowed).toBe(p.entity);
    expect([hue(p.allowed), hue(p.denied), hue(p.selected), hue(p.serviceLink)]).toEqual([
      'neutral',
      'red',
      'blue',
      'neutral',
    ]);
  });

  it('draws every mark and label with enough contrast on its background', () => {
    for (const c of [p.allowed, p.denied, p.selected, p.label]) {
      expect(contrast(c, p.background)).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast(p.serviceLink, p.background)).toBeGreaterThanOrEqual(3);
    // The ink is the strongest mark: red and blue stay distinguishable from it.
    expect(contrast(p.allowed, p.background)).toBeGreaterThan(contrast(p.denied, p.background));
  });
});

it('the dark canvas is dark and its ink light; the light one the other way round', () => {
  expect(luminance(DARK.background)).toBeLessThan(0.05);
  expect(luminance(DARK.allowed)).toBeGreaterThan(0.8);
  expect(luminance(LIGHT.background)).toBe(1);
  expect(luminance(LIGHT.allowed)).toBe(0);
});
