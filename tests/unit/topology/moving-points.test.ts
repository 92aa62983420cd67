/** The colours of sigma's display data as the point shader's 0–1 RGBA. */
import { describe, expect, it } from 'vitest';
import { parseColour } from '../../../src/lib/components/topology/moving-points';
import { DARK, LIGHT } from '../../../src/lib/topology/palette';

describe('parseColour', () => {
  it('reads #rrggbb and #rrggbbaa', () => {
    expect(parseColour('#000000')).toEqual([0, 0, 0, 1]);
    expect(parseColour('#e0201b')).toEqual([224 / 255, 32 / 255, 27 / 255, 1]);
    expect(parseColour('#ffffff80')).toEqual([1, 1, 1, 128 / 255]);
  });

  it('reads every colour of both palettes', () => {
    for (const palette of [LIGHT, DARK])
      for (const colour of Object.values(palette).filter((v) => typeof v === 'string'))
        if (colour.startsWith('#')) expect(parseColour(colour)).toHaveLength(4);
  });
});
