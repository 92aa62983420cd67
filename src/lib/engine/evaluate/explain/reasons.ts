/**
 * The reasons behind one connection's verdict, per direction: the policy rules that imply it,
 * grouped by kind (AdminNetworkPolicy, NetworkPolicy, …, or '' for the system default), the
 * highest tier among them, and the direction's result. Immutable values; the way two reasons
 * combine (keep, replace by the stronger tier, or collect both) follows netpol-analyzer's
 * explanations, so that `--explain` prints what it prints.
 */

/** Tiers from weakest to strongest: the default, Baseline, NetworkPolicy, Admin. */
export type Layer = 0 | 1 | 2 | 3;

export type Result = 'none' | 'allow' | 'deny';

/** How reasons combine when a connection is set again. */
export type Collect = 'never' | 'same' | 'always';

interface KindInfo {
  /** The name shown before "list:" when a kind has several reasons. */
  label: string;
  layer: Layer;
}

/** Every kind of reason and its tier. */
export const KINDS = {
  default: { label: '', layer: 0 },
  BaselineAdminNetworkPolicy: { label: 'BaselineAdminNetworkPolicy', layer: 1 },
  ClusterNetworkPolicyBaseline: { label: 'ClusterNetworkPolicy', layer: 1 },
  NetworkPolicy: { label: 'NetworkPolicy', layer: 2 },
  AdminNetworkPolicy: { label: 'AdminNetworkPolicy', layer: 3 },
  ClusterNetworkPolicyAdmin: { label: 'ClusterNetworkPolicy', layer: 3 },
} as const satisfies Record<string, KindInfo>;

export type ReasonKind = keyof typeof KINDS;

export interface DirReasons {
  /** Kind → reasons, each list sorted and without duplicates. */
  readonly byKind: ReadonlyMap<ReasonKind, readonly string[]>;
  readonly layer: Layer;
  readonly result: Result;
  /** Equality key: the result and the reasons (what the text shows). */
  readonly key: string;
}

export interface Reasons {
  readonly ingress: DirReasons;
  readonly egress: DirReasons;
}

function make(
  byKind: Map<ReasonKind, readonly string[]>,
  layer: Layer,
  result: Result,
): DirReasons {
  const kinds = [...byKind.keys()].sort();
  const key = `${result}|${kinds.map((k) => `${k}:${byKind.get(k)!.join('\u0000')}`).join('\u0001')}`;
  return { byKind, layer, result, key };
}

export const NO_DIR_REASONS: DirReasons = make(new Map(), 0, 'none');
export const NO_REASONS: Reasons = { ingress: NO_DIR_REASONS, egress: NO_DIR_REASONS };

function sortedUnique(list: readonly string[]): string[] {
  return [...new Set(list)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One reason of `kind` for one direction (none for an empty text). */
export function reasonFor(kind: ReasonKind, text: string, ingress: boolean): Reasons {
  if (text === '') return NO_REASONS;
  const d = make(new Map([[kind, [text]]]), KINDS[kind].layer, 'none');
  return ingress ? { ingress: d, egress: NO_DIR_REASONS } : { ingress: NO_DIR_REASONS, egress: d };
}

/** Adds a reason (kept sorted, once). */
export function addReason(r: Reasons, kind: ReasonKind, text: string, ingress: boolean): Reasons {
  return combine(r, reasonFor(kind, text, ingress), true, 'always');
}

function unionDir(a: DirReasons, b: DirReasons): DirReasons {
  const byKind = new Map(a.byKind);
  for (const [k, list] of b.byKind)
    byKind.set(k, sortedUnique([...(byKind.get(k) ?? []), ...list]));
  const layer = Math.max(a.layer, b.layer) as Layer;
  return make(byKind, layer, b.result !== 'none' ? b.result : a.result);
}

/**
 * `a` set again by `b`: collected (always, or when the inclusion is the same and `same` is
 * asked), replaced when the inclusion changes, else replaced only by a stronger tier.
 */
function updateDir(a: DirReasons, b: DirReasons, sameInclusion: boolean, c: Collect): DirReasons {
  if (c === 'always' || (c === 'same' && sameInclusion)) return unionDir(a, b);
  if (!sameInclusion) return b;
  return a.byKind.size === 0 || a.layer < b.layer ? b : a;
}

export function combine(a: Reasons, b: Reasons, sameInclusion: boolean, c: Collect): Reasons {
  const ingress = updateDir(a.ingress, b.ingress, sameInclusion, c);
  const egress = updateDir(a.egress, b.egress, sameInclusion, c);
  return ingress === a.ingress && egress === a.egress ? a : { ingress, egress };
}

/** The direction's result (whether the connection is allowed on that side). */
export function withResult(r: Reasons, allowed: boolean, ingress: boolean): Reasons {
  const result: Result = allowed ? 'allow' : 'deny';
  const d = ingress ? r.ingress : r.egress;
  if (d.result === result) return r;
  const next = make(new Map(d.byKind), d.layer, result);
  return ingress ? { ...r, ingress: next } : { ...r, egress: next };
}

/** The reasons without a direction's lone system-default reason. */
export function withoutDefault(r: Reasons, ingress: boolean): Reasons {
  const d = ingress ? r.ingress : r.egress;
  if (!onlyDefault(d)) return r;
  return ingress ? { ...r, ingress: NO_DIR_REASONS } : { ...r, egress: NO_DIR_REASONS };
}

export function reasonsKey(r: Reasons): string {
  return `${r.egress.key}\u0002${r.ingress.key}`;
}

export function onlyDefault(d: DirReasons): boolean {
  return d.byKind.size === 1 && d.layer === 0;
}

/** Both directions hold only the system default. */
export function onlyDefaults(r: Reasons): boolean {
  return onlyDefault(r.ingress) && onlyDefault(r.egress);
}
