/**
 * Incremental generation: what a decision does not change is not computed again. Generation
 * stays a pure function of its input (the same input gives equal objects); these memos only
 * remember, by the identity of the objects a review keeps while the user decides (the
 * inventory, the memoised rows of a scope, the IR of a workload), what was derived from them:
 *
 * - each row's translation into a (peer, port) pair and its warnings, per policy context (the
 *   workload, aliases, ignored labels, included IPs): a toggle translates one row, not all;
 * - the rows of each workload of a scope's rows (a bundle does not filter every row per workload),
 *   and the workloads of those rows (a bundle's workloads and its uncovered ones);
 * - each workload's IR, per its decisions and context: in a namespace bundle a decision
 *   regenerates one workload's policy, the others are the same objects as before;
 * - each IR's documents, validation and YAML in a dialect (render.ts): an unchanged policy of a
 *   bundle is not written, validated or printed again.
 *
 * Memos are keyed weakly by those objects, so they go when the review drops them.
 * tests/unit/engine/policy/incremental.property.test.ts checks that a random sequence of
 * decisions gives, step by step, what a generation from scratch gives.
 */
import type { Communication } from '../model/communication';
import { workloadKey, type WorkloadRef } from '../model/ids';
import type { Inventory } from '../model/k8s';
import { sortedRefs } from '../inventory/top-workloads';
import type { IrPair } from './ir';
import type { PeerContext } from './peers';
import type { PolicyWarning } from './warnings';
import { ScopedMemo, samePlain } from '../model/memo';

/** A row in the policy: its pair (null when it cannot be expressed) and what it warned. */
export interface Translated {
  pair: IrPair | null;
  warnings: Omit<PolicyWarning, 'workload'>[];
}

const translations = new ScopedMemo<Inventory, WeakMap<Communication, Translated>>();

/** Everything a row's translation reads besides the row: the policy context. */
function contextKey(ctx: PeerContext): string {
  return JSON.stringify([
    workloadKey(ctx.workload),
    ctx.aliases,
    ctx.ignoreLabels,
    ctx.decisions.includedIps ?? [],
  ]);
}

/**
 * The rows' translator in this context: each row is translated once — `translate` gets a warn
 * function that collects its warnings, replayed into `ctx.warn` on every use, as a fresh
 * translation would raise them.
 */
export function translator(
  ctx: PeerContext,
): (c: Communication, translate: (warn: PeerContext['warn']) => IrPair | null) => IrPair | null {
  const rows = translations.get(ctx.inventory, contextKey(ctx), () => new WeakMap());
  return (c, translate) => translated(rows, ctx, c, translate);
}

function translated(
  rows: WeakMap<Communication, Translated>,
  ctx: PeerContext,
  c: Communication,
  translate: (warn: PeerContext['warn']) => IrPair | null,
): IrPair | null {
  let t = rows.get(c);
  if (!t) {
    const warnings: Translated['warnings'] = [];
    t = { pair: translate((w) => warnings.push(w)), warnings };
    rows.set(c, t);
  }
  for (const w of t.warnings) ctx.warn(w);
  return t.pair;
}

const grouped = new WeakMap<readonly Communication[], Map<string, Communication[]>>();

/**
 * The latest result per workload and context: `make` runs again only when `source` (the
 * workload's decisions) changed since the last call — the same object is the same decisions
 * (they are never changed in place); another object is compared with it (samePlain: a changed
 * one differs early, where its text would have been made whole).
 */
export class LatestMemo<K extends object, V> {
  private readonly slots = new ScopedMemo<K, { source: unknown; value: V | null }>();

  get(object: K, key: string, source: object, make: () => V): V {
    const slot = this.slots.get(object, key, () => ({ source: null, value: null }));
    if (slot.value === null || !samePlain(slot.source, source)) slot.value = make();
    slot.source = source;
    return slot.value;
  }
}

/** The rows of `w` among `rows`, in their order (grouped once per rows array). */
export function rowsOf(rows: readonly Communication[], w: WorkloadRef): Communication[] {
  let byWorkload = grouped.get(rows);
  if (!byWorkload) {
    byWorkload = new Map();
    for (const c of rows) {
      const k = workloadKey(c.workload);
      const list = byWorkload.get(k);
      if (list) list.push(c);
      else byWorkload.set(k, [c]);
    }
    grouped.set(rows, byWorkload);
  }
  return byWorkload.get(workloadKey(w)) ?? [];
}

const rowWorkloads = new WeakMap<
  readonly Communication[],
  { all?: WorkloadRef[]; determined?: WorkloadRef[] }
>();

/**
 * The distinct workloads of `rows`, sorted (sortedRefs) — with `determined`, of the rows whose
 * initiator is known — found once per rows array. Not to be mutated.
 */
export function workloadsOfRows(
  rows: readonly Communication[],
  determined = false,
): readonly WorkloadRef[] {
  let memo = rowWorkloads.get(rows);
  if (!memo) rowWorkloads.set(rows, (memo = {}));
  if (determined) {
    return (memo.determined ??= sortedRefs(
      rows.filter((c) => !c.undetermined).map((c) => c.workload),
    ));
  }
  return (memo.all ??= sortedRefs(rows.map((c) => c.workload)));
}
