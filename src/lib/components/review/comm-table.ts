/**
 * The columns of the review tables (CommTable.svelte) and the text of each cell.
 */
import { shortLabel, titleText, type Communication } from '$lib/engine';
import { clock } from '$lib/state/clock.svelte';
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

/** The locale's number format, made once: `toLocaleString` makes one on every call. */
const COUNT = new Intl.NumberFormat();

function cell(c: Communication, key: SortKey): string {
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
      return COUNT.format(c.flows);
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
function titleOf(c: Communication, key: SortKey, text = cell(c, key)): string {
  return key === 'peer' && c.peer.type === 'ip' && c.peer.reason
    ? `${text} — ${c.peer.reason}`
    : text;
}

/** A cell as shown: its text (shortened) and its title (the whole text, and why for an IP). */
export interface CellText {
  label: string;
  title: string;
}

/** By columns, then time zone: each row's cells, made the first time the row is shown. */
const shown = new WeakMap<readonly Column[], Map<string, WeakMap<Communication, CellText[]>>>();

/**
 * The cells of row `c` under `columns`, made once per row (and time zone): a table scrolled
 * shows the same rows again and again, and a row's text does not change (a renamed peer is a
 * new row object). Reading the zone makes a template that shows them follow it.
 */
export function cellTexts(c: Communication, columns: readonly Column[]): readonly CellText[] {
  const zone = clock.zone;
  let byZone = shown.get(columns);
  if (!byZone) shown.set(columns, (byZone = new Map()));
  let rows = byZone.get(zone);
  if (!rows) byZone.set(zone, (rows = new WeakMap()));
  let cells = rows.get(c);
  if (!cells) {
    cells = columns.map(({ key }) => {
      const text = cell(c, key);
      return { label: shortLabel(text), title: titleText(titleOf(c, key, text)) };
    });
    rows.set(c, cells);
  }
  return cells;
}
