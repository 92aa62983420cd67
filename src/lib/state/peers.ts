/**
 * How a communication's peer reads in tables, search and sorting: a display name, a kind
 * (Deployment, Node, IP), a namespace, and the Unresolved IPs category (the alias wins over
 * the class). Plain functions shared by the table state and the components.
 */
import type { Communication, Peer } from '$lib/engine';

export type IpCategory = 'internal' | 'external' | 'aliased' | 'unknown';
export const IP_CATEGORIES: readonly IpCategory[] = ['internal', 'external', 'aliased', 'unknown'];

export function peerName(p: Peer): string {
  if (p.type === 'workload') return p.name;
  if (p.type === 'node') return p.name;
  return p.alias ? `${p.alias} (${p.ip})` : p.ip;
}

export function peerKind(p: Peer): string {
  if (p.type === 'workload') return p.kind;
  if (p.type === 'node') return 'Node';
  return 'IP';
}

export function peerNamespace(p: Peer): string {
  return p.type === 'workload' ? p.namespace : '';
}

export function ipCategory(c: Communication): IpCategory | null {
  if (c.peer.type !== 'ip') return null;
  return c.peer.alias ? 'aliased' : c.peer.class;
}

/** The DNS names the captures gave an IP peer, as a cell reads them ('' when none). */
export function peerDnsNames(p: Peer): string {
  return p.type === 'ip' && p.names ? p.names.join(', ') : '';
}

/** Everything a search box matches against, lower-cased. */
export function searchText(c: Communication): string {
  const p = c.peer;
  const ip =
    p.type === 'ip'
      ? ` ${p.class} ${p.names?.join(' ') ?? ''}`
      : p.type === 'node'
        ? ` ${p.ip}`
        : '';
  return `${peerName(p)} ${peerKind(p)} ${peerNamespace(p)} ${c.port} ${c.protocol}${ip} ${c.via.join(' ')}`.toLowerCase();
}

/** Times read in the zone the user chose (local or UTC). */
export { formatTime } from './clock.svelte';

/** The keys of the given rows, as a set (membership tests while rendering). */
export function keySet(rows: readonly Communication[]): ReadonlySet<string> {
  return new Set(rows.map((c) => c.key));
}
