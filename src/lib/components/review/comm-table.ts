/**
 * The columns of the review tables (CommTable.svelte) and the text of each cell.
 */
import type { Communication } from '$lib/engine';
import {
  formatTime,
  ipCategory,
  peerDnsNames,
  peerKind,
  peerName,
  peerNamespace,
} from '$lib/state/peers';
import type { SortKey } from '$lib/state/table.svelte';

export type Column = { key: SortKey; label: string };
/** What a row of either table ends with: the port and the activity. */
const TRAFFIC: Column[] = [
  { key: 'port', label: 'Port' },
  { key: 'protocol', label: 'Protocol' },
  { key: 'flows', label: 'Flows' },
  { key: 'firstSeen', label: 'First seen' },
  { key: 'lastSeen', label: 'Last seen' },
];
export const COLUMNS: Record<'direction' | 'ips', Column[]> = {
  direction: [
    { key: 'peer', label: 'Peer' },
    { key: 'kind', label: 'Kind' },
    { key: 'namespace', label: 'Namespace' },
    ...TRAFFIC,
  ],
  ips: [
    { key: 'peer', label: 'IP' },
    { key: 'names', label: 'DNS names' },
    { key: 'category', label: 'Class' },
    { key: 'why', label: 'Why unresolved' },
    { key: 'direction', label: 'Direction' },
    ...TRAFFIC,
  ],
};

export function cell(c: Communication, key: SortKey): string {
  switch (key) {
    case 'peer':
      return peerName(c.peer);
    case 'kind':
      return peerKind(c.peer) + (c.peer.type === 'ip' ? ` · ${ipCategory(c)}` : '');
    case 'namespace':
      return peerNamespace(c.peer) || '—';
    case 'port':
      return c.endPort === undefined ? String(c.port) : `${c.port}–${c.endPort}`;
    case 'protocol':
      return c.protocol;
    case 'flows':
      return c.flows.toLocaleString();
    case 'firstSeen':
      return formatTime(c.firstSeen);
    case 'lastSeen':
      return formatTime(c.lastSeen);
    case 'direction':
      return c.direction === 'ingress' ? 'from (ingress)' : 'to (egress)';
    case 'category':
      return ipCategory(c) ?? '';
    case 'why':
      return c.peer.type === 'ip' ? (c.peer.why ?? '') : '';
    case 'names':
      return peerDnsNames(c.peer) || '—';
    case 'workload':
      return `${c.workload.name} (${c.workload.kind})`;
  }
}

/** The cell's text; an IP reported with an identity says why it names no one workload. */
export function titleOf(c: Communication, key: SortKey, text = cell(c, key)): string {
  return key === 'peer' && c.peer.type === 'ip' && c.peer.reason
    ? `${text} — ${c.peer.reason}`
    : text;
}
