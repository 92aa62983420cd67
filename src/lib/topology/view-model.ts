/**
 * Small pure helpers of the Topology tab's state (components/topology/view-state.svelte.ts):
 * lookups by id, the search's matches (a collapsed group matches through its members) and the
 * sets of collapsed groups. Plain data in, new immutable values out; no DOM, no runes.
 */
import { groupId } from './groups';
import type { EntityFacts } from './facts';
import type { TopologyGraph } from './types';

export const NO_GROUPS: ReadonlySet<string> = new Set();
export const NO_FACTS: ReadonlyMap<string, EntityFacts> = new Map();

export function indexById<T extends { id: string }>(list: readonly T[]): ReadonlyMap<string, T> {
  return new Map(list.map((x) => [x.id, x]));
}

/**
 * The drawn entities matching the query (label or id, case-insensitive); an entity hidden in a
 * collapsed group makes the group match. Null for an empty query.
 */
export function searchMatches(
  full: TopologyGraph,
  shown: TopologyGraph,
  query: string,
): ReadonlySet<string> | null {
  const q = query.trim().toLowerCase();
  if (q === '') return null;
  const drawn = new Set(shown.nodes.map((n) => n.id));
  const hit = (label: string, id: string) =>
    label.toLowerCase().includes(q) || id.toLowerCase().includes(q);
  const out = new Set<string>();
  for (const n of full.nodes) {
    if (hit(n.label, n.id)) out.add(drawn.has(n.id) ? n.id : groupId(n.group));
  }
  for (const n of shown.nodes) if (n.kind === 'namespace' && hit(n.label, n.id)) out.add(n.id);
  return new Set([...out].filter((id) => drawn.has(id)));
}

/** The set with `item` in it or not. */
export function toggled(
  set: ReadonlySet<string>,
  item: string,
  present: boolean,
): ReadonlySet<string> {
  const next = new Set(set);
  if (present) next.add(item);
  else next.delete(item);
  return next;
}

/** Every group of the picture but `except`. */
export function groupSet(
  groups: readonly { group: string }[],
  except?: string | null,
): ReadonlySet<string> {
  return new Set(groups.map((g) => g.group).filter((g) => g !== except));
}
