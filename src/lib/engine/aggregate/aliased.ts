/**
 * Aliases applied to rows queried without them. An alias only names an IP peer (`alias`) and
 * heads its reason (`why`, when explained): the rows, their keys, order, classes and names are
 * the same with or without it. So the workspace queries a scope once without aliases and
 * applies each list of aliases to those rows in memory — a row no alias covers is the same
 * object, so what is remembered per row (its translation into a policy peer, its verdict
 * under the dump's policies) stays when an alias is saved, and only the covered rows change.
 * `withAliases(query(input without aliases), input)` equals `query(input)`
 * (tests/unit/engine/aggregate/aliased.property.test.ts).
 */
import type { Communication } from '../model/communication';
import type { Inventory } from '../model/k8s';
import { classifyContext } from '../classify/classify';
import { aliasFor, type Alias } from '../classify/aliases';
import { ipExplainer } from '../classify/explain';

export interface AliasInput {
  inventory: Inventory;
  clusterCidrs?: string[];
  aliases?: Alias[];
  /** The rows were queried with `explain`: their reasons name the alias too. */
  explain?: boolean;
}

/** The aliased copy last made of each row (reused while its alias and reason stay). */
const variants = new WeakMap<Communication, Communication>();

/**
 * `rows` (queried without aliases) with `input.aliases` applied: the same array when there
 * are none; otherwise a new array in which only the rows an alias covers are new objects (the
 * same ones again while their alias and reason do not change).
 */
export function withAliases(rows: Communication[], input: AliasInput): Communication[] {
  const aliases = input.aliases ?? [];
  if (aliases.length === 0) return rows;
  const cidrs = input.clusterCidrs ?? [];
  const ctx = classifyContext(input.inventory, cidrs, aliases);
  const explainer = input.explain ? ipExplainer(input.inventory, ctx, cidrs) : null;
  return rows.map((row) => {
    const peer = row.peer;
    if (peer.type !== 'ip') return row;
    const alias = aliasFor(ctx, peer.ip);
    if (alias === null) return row;
    const why = explainer?.explain(peer.ip, row.firstSeen, row.lastSeen);
    const last = variants.get(row);
    if (last && last.peer.type === 'ip' && last.peer.alias === alias.name && last.peer.why === why)
      return last;
    const made: Communication = {
      ...row,
      peer: { ...peer, alias: alias.name, ...(why === undefined ? {} : { why }) },
    };
    variants.set(row, made);
    return made;
  });
}
