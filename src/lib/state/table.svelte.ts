/**
 * One review table's view: search text, sort column and direction, and for the Unresolved IPs
 * table the category filter. `rows` is derived from the source rows (the review's), so a new
 * query or decision re-sorts without copying the state. Sort keys are computed once per row.
 */
import type { Communication } from '$lib/engine';
import {
  IP_CATEGORIES,
  ipCategory,
  peerKind,
  peerName,
  peerNamespace,
  peerDnsNames,
  searchText,
  type IpCategory,
} from './peers';

export type SortKey =
  | 'peer'
  | 'kind'
  | 'namespace'
  | 'port'
  | 'protocol'
  | 'flows'
  | 'firstSeen'
  | 'lastSeen'
  | 'direction'
  | 'category'
  | 'why'
  | 'names'
  | 'workload';
export type SortDir = 'ascending' | 'descending';

const NUMERIC: ReadonlySet<SortKey> = new Set(['port', 'flows', 'firstSeen', 'lastSeen']);

function sortValue(c: Communication, key: SortKey): string | number {
  switch (key) {
    case 'peer':
      return peerName(c.peer).toLowerCase();
    case 'kind':
      return peerKind(c.peer);
    case 'namespace':
      return peerNamespace(c.peer);
    case 'port':
      return c.port;
    case 'protocol':
      return c.protocol;
    case 'flows':
      return c.flows;
    case 'firstSeen':
      return c.firstSeen ?? -1;
    case 'lastSeen':
      return c.lastSeen ?? -1;
    case 'direction':
      return c.direction;
    case 'category':
      return ipCategory(c) ?? '';
    case 'why':
      return c.peer.type === 'ip' ? (c.peer.why ?? '') : '';
    case 'names':
      return peerDnsNames(c.peer);
    case 'workload':
      return workloadOrder(c);
  }
}

/** Each row's search text, made once (a search at 10,000 rows runs on every keystroke). */
const texts = new WeakMap<Communication, string>();

function textOf(c: Communication): string {
  let text = texts.get(c);
  if (text === undefined) texts.set(c, (text = searchText(c)));
  return text;
}

/** A namespace's rows group by workload: name, then kind. */
function workloadOrder(c: Communication): string {
  return `${c.workload.name}\u0000${c.workload.kind}`;
}

export class TableView {
  search = $state('');
  sortKey = $state<SortKey>('flows');
  sortDir = $state<SortDir>('descending');
  /** Unresolved IPs: the categories shown (all by default). */
  categories = $state.raw<readonly IpCategory[]>(IP_CATEGORIES);

  rows = $derived.by(() => this.shown(this.source()));
  /** The rows shown of each source array, with the view they were made for. */
  private readonly made = new WeakMap<
    readonly Communication[],
    { view: string; rows: Communication[] }
  >();

  constructor(
    private readonly source: () => Communication[],
    /** Whether the category filter applies (the Unresolved IPs table). */
    readonly byCategory = false,
    /** Whether rows group by workload (a namespace's review): search sees the workload too. */
    private readonly grouped: () => boolean = () => false,
  ) {}

  sortBy(key: SortKey): void {
    if (this.sortKey === key) {
      this.sortDir = this.sortDir === 'ascending' ? 'descending' : 'ascending';
    } else {
      this.sortKey = key;
      this.sortDir = NUMERIC.has(key) ? 'descending' : 'ascending';
    }
  }

  toggleCategory(cat: IpCategory, on: boolean): void {
    const rest = this.categories.filter((c) => c !== cat);
    this.categories = on ? IP_CATEGORIES.filter((c) => c === cat || rest.includes(c)) : rest;
  }

  /**
   * The rows shown: made again only when the source or the view changed — a review chosen again
   * brings back its rows array (held-rows.ts), and with it this table's sorted rows.
   */
  private shown(source: Communication[]): Communication[] {
    const view = JSON.stringify([
      this.search,
      this.sortKey,
      this.sortDir,
      this.byCategory && this.categories,
      this.grouped(),
    ]);
    const hit = this.made.get(source);
    if (hit?.view === view) return hit.rows;
    const rows = this.compute(source);
    this.made.set(source, { view, rows });
    return rows;
  }

  private compute(source: Communication[]): Communication[] {
    const q = this.search.trim().toLowerCase();
    const cats = this.categories;
    const grouped = this.grouped();
    const kept = source.filter((c) => {
      if (this.byCategory) {
        const cat = ipCategory(c);
        if (cat === null || !cats.includes(cat)) return false;
      }
      if (q === '') return true;
      const text = grouped ? `${c.workload.name} ${textOf(c)}` : textOf(c);
      return text.includes(q);
    });
    const key = this.sortKey;
    const sign = this.sortDir === 'ascending' ? 1 : -1;
    const keyed = kept.map((c) => ({
      c,
      g: grouped ? workloadOrder(c) : '',
      v: sortValue(c, key),
    }));
    keyed.sort(
      (x, y) =>
        (x.g < y.g ? -1 : x.g > y.g ? 1 : 0) ||
        (x.v < y.v ? -sign : x.v > y.v ? sign : 0) ||
        (x.c.key < y.c.key ? -1 : 1),
    );
    return keyed.map((k) => k.c);
  }
}
