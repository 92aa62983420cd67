/**
 * A window over rows of one fixed height, for Svelte 5: TanStack's virtualizer told the height and
 * never asked to measure a row — no ResizeObserver per row, no row rendered hidden until measured,
 * no window that grows and shrinks back as sizes come in. Only the scroll position (and the
 * viewport's size) moves the window. `items` are the rows to render, each with its index and
 * offset (px) in the list; `total` is the list's height. The window's rows are contiguous: shown one
 * under the other from `top`, they need no position each.
 *
 * One row may be kept rendered out of view (`keep`: the row with keyboard focus), so its elements
 * stay in the document while the user scrolls away from it.
 *
 * `steady`: the window always has as many rows as the largest the view can show (with the
 * overscan), so a keyed list of its rows never drops the elements of one row and builds them
 * again on the next frame — a view straddling rows shows one row more than a view aligned to
 * them, and a scroll goes from one to the other on many frames.
 */
import {
  Virtualizer,
  defaultRangeExtractor,
  elementScroll,
  observeElementOffset,
  observeElementRect,
  type Range,
  type VirtualItem,
} from '@tanstack/virtual-core';

/**
 * The window's indexes (with its overscan), at least `length` of them while the rows last (the
 * rows after the window added, else those before), and `keep` out of it, in index order.
 */
export function windowIndexes(range: Range, keep: number | null, length = 0): number[] {
  let indexes = defaultRangeExtractor(range);
  if (indexes.length > 0 && indexes.length < length) {
    const n = Math.min(length, range.count);
    const start = Math.max(0, Math.min(indexes[0]!, range.count - n));
    indexes = Array.from({ length: n }, (_, i) => start + i);
  }
  if (keep === null || keep < 0 || keep >= range.count) return indexes;
  if (indexes.length === 0 || keep < indexes[0]!) return [keep, ...indexes];
  if (keep > indexes.at(-1)!) return [...indexes, keep];
  return indexes;
}

export class FixedRows {
  /** Bumped when the virtualizer says its window (or its scrolling state) changed. */
  #changed = $state(0);
  #el: HTMLElement | null = null;
  #count = -1;
  #keep: number | null = null;
  readonly #length: () => number;
  readonly #v: Virtualizer<HTMLElement, HTMLElement>;

  /**
   * @param size each row's height (px)
   * @param overscan rows rendered beyond the view on each side
   * @param rows the rows' count and the row kept rendered (read in a reactive context)
   * @param height the viewport's height (px) until it is observed
   * @param steady a window of the same number of rows at every scroll position
   */
  constructor(
    size: number,
    overscan: number,
    private readonly rows: () => { count: number; keep: number | null },
    height = 0,
    steady = false,
  ) {
    // The view's height: observed, else the one told until it is.
    const view = () => this.#v.scrollRect?.height ?? height;
    this.#length = steady ? () => Math.ceil(view() / size) + 1 + 2 * overscan : () => 0;
    this.#v = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.#el,
      estimateSize: () => size,
      overscan,
      initialRect: { width: 0, height },
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      // Not `scrollend`: Chromium fires it after every programmatic scroll, so a scroll by
      // frames would read the offset (a forced layout of the new rows) and notify twice a frame.
      useScrollendEvent: false,
      onChange: () => void this.#changed++,
    });
  }

  /** The rows to render, in index order. */
  readonly items: VirtualItem[] = $derived.by(() => {
    void this.#changed;
    const { count, keep } = this.rows();
    if (count !== this.#count || keep !== this.#keep) {
      this.#count = count;
      this.#keep = keep;
      // A new extractor when the kept row changes: the virtualizer keeps its indexes until then.
      this.#v.setOptions({
        ...this.#v.options,
        count,
        rangeExtractor: (range) => windowIndexes(range, keep, this.#length()),
      });
    }
    return this.#v.getVirtualItems();
  });

  /**
   * The kept row when it is apart from the window (not next to it), else null: the window's rows
   * follow one another from `top`, the kept row is placed at its own offset.
   */
  readonly apart: number | null = $derived.by(() => {
    const items = this.items;
    if (items.length > 1 && items[1]!.index !== items[0]!.index + 1) return items[0]!.index;
    const n = items.length;
    if (n > 1 && items[n - 1]!.index !== items[n - 2]!.index + 1) return items[n - 1]!.index;
    return null;
  });

  /** The offset (px) of the window's first row. */
  readonly top: number = $derived.by(() => {
    const first = this.items.find((i) => i.index !== this.apart);
    return first?.start ?? 0;
  });

  /** The list's height (px). */
  readonly total: number = $derived.by(() => {
    void this.items;
    return this.#v.getTotalSize();
  });

  /** An attachment for the scrolling element. */
  readonly attach = (el: HTMLElement): (() => void) => {
    this.#el = el;
    const unmount = this.#v._didMount();
    this.#v._willUpdate();
    return () => {
      unmount();
      this.#el = null;
    };
  };

  /** Scrolls row `index` into view: to the middle, or the least distance that shows it whole. */
  scrollTo(index: number, align: 'center' | 'auto'): void {
    this.#v.scrollToIndex(index, { align });
  }
}
