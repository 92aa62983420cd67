import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { overlaps, pickLabels, truncateLabel, type LabelBox } from '$lib/topology/labels';
import { convexHull } from '$lib/topology/hull';

describe('pickLabels (labels that never overlap)', () => {
  it('keeps the higher priority of two overlapping labels and every label that fits', () => {
    const boxes: LabelBox[] = [
      { id: 'a', x: 0, y: 0, w: 100, h: 18, priority: 1 },
      { id: 'b', x: 50, y: 10, w: 100, h: 18, priority: 5 },
      { id: 'c', x: 0, y: 40, w: 100, h: 18, priority: 0 },
    ];
    expect([...pickLabels(boxes)].sort()).toEqual(['b', 'c']);
  });

  it('never returns two overlapping boxes, and keeps a box only when it meets no kept one', () => {
    const box = fc.record({
      x: fc.integer({ min: -50, max: 1000 }),
      y: fc.integer({ min: -50, max: 800 }),
      w: fc.integer({ min: 1, max: 300 }),
      h: fc.integer({ min: 1, max: 30 }),
      priority: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(box, { maxLength: 300 }), (raw) => {
        const boxes = raw.map((b, i) => ({ ...b, id: `n${i}` }));
        const kept = boxes.filter((b) => pickLabels(boxes).has(b.id));
        for (const [i, a] of kept.entries()) {
          for (const b of kept.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
        }
        // Maximal: every dropped label meets a kept one.
        for (const b of boxes.filter((x) => !kept.includes(x))) {
          expect(kept.some((k) => overlaps(k, b))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('cuts long names with an ellipsis (a 100,000-character name stays drawable)', () => {
    expect(truncateLabel('short')).toBe('short');
    const cut = truncateLabel('x'.repeat(100_000));
    expect([cut.length, cut.endsWith('…')]).toEqual([48, true]);
  });
});

describe('convexHull', () => {
  it('keeps the corners only, counter-clockwise', () => {
    const square: [number, number][] = [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [1, 1],
      [1, 0],
    ];
    expect(convexHull(square)).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
    expect(convexHull([[3, 4]])).toEqual([[3, 4]]);
  });
});
