import { describe, expect, it } from 'vitest';
import {
  barWidth,
  flowsInRange,
  rebin,
  widthLabel,
} from '../../../../src/lib/engine/aggregate/timescale';
import { BUCKET_LADDER } from '../../../../src/lib/engine/aggregate/width';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const span = (ms: number) => ({ min: 1_700_000_000_000, max: 1_700_000_000_000 + ms });

describe('barWidth', () => {
  it('never goes below the stored resolution, whatever the span', () => {
    expect(barWidth(null, 100, MIN)).toBe(MIN);
    expect(barWidth(span(0), 100, MIN)).toBe(MIN);
    expect(barWidth(span(6 * S), 100, MIN)).toBe(MIN);
    expect(barWidth(span(6 * S))).toBe(S);
  });

  it('is a whole multiple of the stored resolution, for every width of the ladder', () => {
    for (const floor of BUCKET_LADDER) {
      for (let ms = 1; ms < 1000 * D; ms = Math.ceil(ms * 1.9)) {
        const w = barWidth(span(ms), 100, floor);
        expect(w % floor).toBe(0);
        expect(ms / w).toBeLessThanOrEqual(100);
      }
    }
  });

  it('goes down to seconds when the data holds them', () => {
    expect(barWidth(span(6 * S), 100, S)).toBe(S);
    expect(barWidth(span(5 * MIN), 100, S)).toBe(5 * S);
  });

  it('picks a readable width giving at most a hundred bars, from minutes to weeks', () => {
    expect(barWidth(span(90 * MIN))).toBe(MIN);
    expect(barWidth(span(101 * MIN))).toBe(2 * MIN);
    expect(barWidth(span(8 * H))).toBe(5 * MIN);
    expect(barWidth(span(3 * D))).toBe(H);
    expect(barWidth(span(132 * D))).toBe(2 * D);
    expect(barWidth(span(400 * D))).toBe(7 * D);
  });

  it('past the widest step, whole multiples of it', () => {
    expect(barWidth(span(6000 * D))).toBe(60 * D);
    const w = barWidth(span(10_000 * D));
    expect(w % (30 * D)).toBe(0);
    expect((10_000 * D) / w).toBeLessThanOrEqual(100);
  });

  it('gives at most the asked number of bars for any span', () => {
    for (let ms = 1; ms < 1000 * D; ms = Math.ceil(ms * 1.7)) {
      const w = barWidth(span(ms), 100, MIN);
      expect(ms / w).toBeLessThanOrEqual(100);
      expect(w).toBeGreaterThanOrEqual(MIN);
    }
  });
});

describe('widthLabel', () => {
  it('names the width in the largest whole unit', () => {
    expect(widthLabel(S)).toBe('1 s');
    expect(widthLabel(15 * S)).toBe('15 s');
    expect(widthLabel(MIN)).toBe('1 min');
    expect(widthLabel(30 * MIN)).toBe('30 min');
    expect(widthLabel(3 * H)).toBe('3 h');
    expect(widthLabel(2 * D)).toBe('2 d');
    expect(widthLabel(14 * D)).toBe('2 wk');
    expect(widthLabel(90 * MIN)).toBe('90 min');
  });
});

describe('flowsInRange', () => {
  const points = [
    { t: 0, flows: 1 },
    { t: MIN, flows: 10 },
    { t: 3 * MIN, flows: 100 },
  ];
  it('counts every bar with open bounds', () => {
    expect(flowsInRange(points, MIN, null, null)).toBe(111);
  });
  it('counts the bars a range touches, not the whole capture', () => {
    expect(flowsInRange(points, MIN, MIN, 2 * MIN - 1)).toBe(10);
    expect(flowsInRange(points, MIN, MIN + 30 * S, null)).toBe(110);
    expect(flowsInRange(points, MIN, null, MIN)).toBe(11);
    expect(flowsInRange(points, MIN, 2 * MIN, 3 * MIN - 1)).toBe(0);
  });
});

describe('rebin', () => {
  it('sums sorted fine points into wider bars, keeping every flow', () => {
    const fine = [
      { t: 0, flows: 1 },
      { t: MIN, flows: 2 },
      { t: 5 * MIN, flows: 4 },
      { t: 11 * MIN, flows: 8 },
    ];
    expect(rebin(fine, 5 * MIN)).toEqual([
      { t: 0, flows: 3 },
      { t: 5 * MIN, flows: 4 },
      { t: 10 * MIN, flows: 8 },
    ]);
    expect(rebin(fine, MIN)).toEqual(fine);
  });
});
