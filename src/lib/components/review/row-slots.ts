/**
 * Keys for the rows of a virtualized list that recycle elements: each rendered index gets a
 * slot, a row that stays in view keeps its slot, and a row that comes in takes the slot of a row
 * far from it (which has left the view) — so the keyed each reuses that row's elements and only
 * updates their content, instead of dropping a whole window of rows and building a new one on
 * every frame of a fast scroll.
 *
 * The list asks for the keys of its window in one synchronous pass (index by index, each index
 * maybe more than once: the same index always gets the same key); a slot is never handed to
 * two indexes in one pass, so the keys of a window are always distinct, whatever the window's
 * size. Passes end at the next microtask. A held row (the one with keyboard focus, kept rendered
 * out of view) keeps its slot: its elements are never lent to another row.
 *
 * A list that names its window first (`window`, the items it is about to key) has the slot of
 * every row outside it lent, however short the scroll: without it a row `near` the index asked
 * may still be in view and is not taken from — so a table scrolled by fewer rows than that per
 * frame (a filtered one, a slow wheel) built every row that came in anew.
 */
export class RowSlots {
  /** The index each slot was last given to. */
  private readonly owner: number[] = [];
  private readonly slotOf = new Map<number, number>();
  /** Slots handed out in the current pass. */
  private readonly taken = new Set<number>();
  private inPass = false;
  private held: number | null = null;
  /** The indexes of the window being keyed, if the list named it. */
  private shown: ReadonlySet<number> | null = null;

  /** @param near a row this close to the index asked for may still be in view: not taken from. */
  constructor(private readonly near = 64) {}

  /** Keep the slot of `index` (null: none) out of lending until held otherwise. */
  hold(index: number | null): void {
    this.held = index;
  }

  /** Names the window about to be keyed (the list's items, returned as they are). */
  window = <T extends { index: number }>(items: readonly T[]): readonly T[] => {
    this.shown = new Set(items.map((i) => i.index));
    return items;
  };

  key = (index: number): number => {
    if (!this.inPass) {
      this.inPass = true;
      queueMicrotask(() => {
        this.taken.clear();
        this.inPass = false;
      });
    }
    // The same index keeps its key (a keyed each asks twice per pass): a slot has one owner.
    const slot = this.slotOf.get(index) ?? this.free(index);
    this.taken.add(slot);
    return slot;
  };

  /**
   * A slot for `index`: one not taken in this pass, not held, whose row is out of the window
   * (or, the window unnamed, far from `index`), else a new one.
   */
  private free(index: number): number {
    const shown = this.shown;
    const out = shown
      ? (o: number) => !shown.has(o)
      : (o: number) => Math.abs(o - index) > this.near;
    let slot = this.owner.findIndex((o, s) => !this.taken.has(s) && o !== this.held && out(o));
    if (slot < 0) slot = this.owner.length;
    else this.slotOf.delete(this.owner[slot]!);
    this.owner[slot] = index;
    this.slotOf.set(index, slot);
    return slot;
  }
}
