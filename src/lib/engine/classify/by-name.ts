/**
 * IP peers by DNS name (DESIGN.md §5 "Names of IPs"): the Unresolved IPs tab groups the
 * addresses of its rows under each name the capture gave them, and "alias by name" makes one
 * alias named after the FQDN that covers exactly its addresses — one host CIDR (/32, /128) per
 * address, all with the name, since the addresses of a name are rarely one range. The app and
 * the CLI (`--alias-by-name`) call the same functions.
 */
import type { Communication } from '../model/communication';
import { addressValue, hostCidr, parseIpLenient } from '../model/address';
import { cmp } from '../model/text';
import type { Alias } from './aliases';

export interface NameGroup {
  /** The DNS name (lowercase, no trailing dot). */
  name: string;
  /** Its addresses among the rows, in address order (IPv4 first). */
  ips: string[];
}

function compareIps(a: string, b: string): number {
  const [x, y] = [parseIpLenient(a), parseIpLenient(b)];
  if (!x || !y) return cmp(a, b);
  if (x.kind() !== y.kind()) return x.kind() === 'ipv4' ? -1 : 1;
  const [vx, vy] = [addressValue(x), addressValue(y)];
  return vx < vy ? -1 : vx > vy ? 1 : 0;
}

/** Every name the rows' IP peers carry, with its addresses; sorted by name. */
export function groupIpsByName(rows: readonly Communication[]): NameGroup[] {
  const byName = new Map<string, Set<string>>();
  for (const c of rows) {
    if (c.peer.type !== 'ip' || !c.peer.names) continue;
    for (const name of c.peer.names) {
      const set = byName.get(name) ?? new Set<string>();
      set.add(c.peer.ip);
      byName.set(name, set);
    }
  }
  return [...byName]
    .sort(([a], [b]) => cmp(a, b))
    .map(([name, ips]) => ({ name, ips: [...ips].sort(compareIps) }));
}

/** The aliases that name every address of `name` among the rows after it (none: no such name). */
export function aliasesByName(rows: readonly Communication[], name: string): Alias[] {
  const group = groupIpsByName(rows).find((g) => g.name === name);
  return (group?.ips ?? []).flatMap((ip) => {
    const cidr = hostCidr(ip);
    return cidr ? [{ cidr, name }] : [];
  });
}
