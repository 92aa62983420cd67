/**
 * Names of included IPs in the written policy (DESIGN.md §5 "Names of IPs"): the IR carries the
 * DNS names the capture gave a single address; a dialect without a name match keeps the address
 * rule and writes the names beside it, in an annotation, so a reviewer sees what the /32 was.
 * Shared by the dialects that annotate (k8s on the policy; Calico on the rule).
 */
import { cmp } from '../model/text';
import type { IrDirection } from './ir';
import { cidrSortKey } from './rules';

/**
 * The annotation that names addresses: on a Calico rule its names (`a.example,b.example`); on
 * a NetworkPolicy one line per address, `<cidr> <name>,<name>…`.
 */
export const NAMES_ANNOTATION = 'netpolish.io/dns-names';

/** Every named address of the directions, its names united over the pairs that allow it. */
export function namesByCidr(...dirs: IrDirection[]): Map<string, string[]> {
  const byCidr = new Map<string, Set<string>>();
  for (const dir of dirs) {
    if (dir === 'all') continue;
    for (const { peer } of dir) {
      if (peer.type !== 'cidr' || !peer.names?.length) continue;
      const set = byCidr.get(peer.cidr) ?? new Set<string>();
      for (const n of peer.names) set.add(n);
      byCidr.set(peer.cidr, set);
    }
  }
  return new Map([...byCidr].map(([cidr, set]) => [cidr, [...set].sort(cmp)]));
}

/** The annotation's value, addresses in order; null when no address is named. */
export function ipNamesText(byCidr: Map<string, string[]>): string | null {
  if (byCidr.size === 0) return null;
  return [...byCidr]
    .sort(([a], [b]) => cmp(cidrSortKey(a), cidrSortKey(b)))
    .map(([cidr, names]) => `${cidr} ${names.join(',')}`)
    .join('\n');
}
