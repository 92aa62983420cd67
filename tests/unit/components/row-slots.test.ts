import { describe, expect, it } from 'vitest';
import { RowSlots } from '../../../src/lib/components/review/row-slots';

/** The keys of one window [start, end], asked index by index as a keyed each does. */
const pass = async (slots: RowSlots, start: number, end: number) => {
  const keys = [];
  for (let i = start; i <= end; i++) keys.push(slots.key(i));
  await Promise.resolve(); // the pass ends at the next microtask
  return keys;
};

describe('RowSlots', () => {
  it('keeps the slots of the rows that stay and gives distinct keys in a window', async () => {
    const slots = new RowSlots(8);
    const first = await pass(slots, 0, 19);
    expect(new Set(first).size).toBe(20);
    const next = await pass(slots, 3, 22);
    expect(next.slice(0, 17)).toEqual(first.slice(3));
    expect(new Set(next).size).toBe(20);
  });

  it('lends the slots of a window far away to the rows of a jump', async () => {
    const slots = new RowSlots(8);
    const first = await pass(slots, 0, 19);
    const jump = await pass(slots, 5_000, 5_019);
    expect(new Set(jump)).toEqual(new Set(first));
  });

  it('gives an index the same key when asked again, and never one key to two indexes', async () => {
    const slots = new RowSlots(2);
    await pass(slots, 0, 9);
    const keys = [...Array(30).keys()].flatMap((i) => [slots.key(100 + i), slots.key(100 + i)]);
    for (let i = 0; i < 60; i += 2) expect(keys[i + 1]).toBe(keys[i]);
    expect(new Set(keys).size).toBe(30);
    // Two windows overlapping in one pass: still one key per index.
    const more = [...Array(40).keys()].map((i) => slots.key(90 + i));
    expect(new Set(more).size).toBe(40);
    expect(more.slice(10)).toEqual(keys.filter((_, i) => i % 2 === 0));
  });
});

describe('RowSlots.window', () => {
  /** A pass over the window [start, end], named first as the table names it. */
  const shown = (slots: RowSlots, start: number, end: number) => {
    slots.window([...Array(end - start + 1).keys()].map((i) => ({ index: start + i })));
    return pass(slots, start, end);
  };

  it('lends the slots of rows that left the window however short the scroll, down or up', async () => {
    const slots = new RowSlots(64);
    const first = await shown(slots, 100, 119);
    // 25 rows a frame (a filtered table): fewer than `near`, all of them outside the window.
    for (const start of [125, 150, 175, 150, 125, 100]) {
      const keys = await shown(slots, start, start + 19);
      expect(new Set(keys)).toEqual(new Set(first)); // no new slot: no row built anew
    }
    // The rows that stay keep theirs.
    const a = await shown(slots, 200, 219);
    const b = await shown(slots, 205, 224);
    expect(b.slice(0, 15)).toEqual(a.slice(5));
  });
});

describe('RowSlots.hold', () => {
  it('never lends the slot of the held row, even when it is asked after the window', async () => {
    const slots = new RowSlots(8);
    const first = await pass(slots, 0, 19);
    slots.hold(3);
    // The window far away, then the held row (a kept row below the window is asked last).
    const jump = await pass(slots, 5_000, 5_019);
    const held = slots.key(3);
    await Promise.resolve();
    expect(held).toBe(first[3]);
    expect(jump).not.toContain(held);
    expect(new Set([...jump, held]).size).toBe(21);
    // Released, its slot is lent again.
    slots.hold(null);
    const back = await pass(slots, 9_000, 9_019);
    expect(back).toContain(held);
  });
});
