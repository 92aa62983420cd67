/**
 * How a communication's peer reads in tables, search and sorting: a display name, a kind
 * (Deployment, Node, IP), a namespace, and the Unresolved IPs category (the alias wins over
 * the class). Plain functions shared by the table state and the components.
 */
import type { Communication, Peer } from '$lib/engine/model/communication';

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

/** Everything a search box matches against, lower-cased. */
export function searchText(c: Communication): string {
  const p = c.peer;
  const ip = p.type === 'ip' ? ` ${p.class}` : p.type === 'node' ? ` ${p.ip}` : '';
  return `${peerName(p)} ${peerKind(p)} ${peerNamespace(p)} ${c.port} ${c.protocol}${ip} ${c.via.join(' ')}`.toLowerCase();
}

/** Epoch ms → `2024-05-01 12:03:04` in local time ('—' when unknown). */
export function formatTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The keys of the given rows, as a set (membership tests while rendering). */
export function keySet(rows: readonly Communication[]): ReadonlySet<string> {
  return new Set(rows.map((c) => c.key));
}
