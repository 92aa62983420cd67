/**
 * A sort by whole-number ranks with no comparator called: each rank is packed with its item's
 * index into one number, and a Float64Array's own numeric sort orders them. Used where a
 * comparator would run as interpreted code once the CLI has stopped V8's optimizing compiler:
 * the query's rows (aggregate/query.ts `sortRows`) and the explainer's known addresses
 * (classify/explain.ts).
 */

/**
 * `items` in ascending order of `ranks` (whole numbers ≥ 0, one per item), items of equal rank
 * in their order — the order a stable sort by rank gives. Each item is keyed `rank × n + index`,
 * so the caller keeps every rank × n below 2^53 − n (above 2^53 − 1 numbers are not exact).
 */
export function byPackedRanks<T>(items: readonly T[], ranks: ArrayLike<number>): T[] {
  const n = items.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = ranks[i]! * n + i;
  keys.sort();
  const out = new Array<T>(n);
  for (let k = 0; k < n; k++) out[k] = items[keys[k]! % n]!;
  return out;
}
