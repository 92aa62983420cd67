/**
 * Names of IPs kept beside the aggregates (DESIGN.md §5 "Names of IPs"): every (address, name)
 * with the intervals it was valid in. Adding and merging are unions of intervals, so files,
 * shards and sessions combine in any order; a query names an IP peer by the answers valid
 * while the communication was active (± NAME_SKEW_MS).
 */
import { NAME_SKEW_MS, normalizeName, ttlMs, type DnsAnswer, type IpName } from '../model/names';
import { normalizeIp, parseIpLenient } from '../model/address';
import { isValidTime } from '../model/time';
import { compareStrings } from './keys';

/** Names being gathered: `ip \0 name` → its entry. */
export type NameIndex = Map<string, IpName>;

export function createNameIndex(): NameIndex {
  return new Map();
}

/** Adds [from, to] to sorted disjoint spans, joining those that touch (within the skew). */
function addSpan(spans: [number, number][], from: number, to: number): void {
  const last = spans[spans.length - 1];
  // Answers mostly arrive in time order: extend or append the last span.
  if (last === undefined || from > last[1] + NAME_SKEW_MS) {
    spans.push([from, to]);
    if (last === undefined || from >= last[0]) return;
  } else if (from >= last[0]) {
    if (to > last[1]) last[1] = to;
    return;
  } else spans.push([from, to]);
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const top = merged[merged.length - 1];
    if (top && s[0] <= top[1] + NAME_SKEW_MS) top[1] = Math.max(top[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  spans.splice(0, spans.length, ...merged);
}

function entryOf(idx: NameIndex, cluster: string, ip: string, name: string): IpName {
  const key = `${ip}\u0000${name}`;
  let e = idx.get(key);
  if (!e) idx.set(key, (e = { cluster, ip, name, spans: [] }));
  return e;
}

/** Adds answers seen at `time` (null: untimed) until `end` (a flow's end; default `time`). */
export function addAnswers(
  idx: NameIndex,
  cluster: string,
  answers: readonly DnsAnswer[],
  time: number | null,
  end?: number,
): void {
  for (const a of answers) {
    const name = normalizeName(a.name);
    if (name === null || a.ip.length > 64 || parseIpLenient(a.ip) === null) continue;
    const e = entryOf(idx, cluster, normalizeIp(a.ip), name);
    if (time === null || !Number.isFinite(time)) e.untimed = true;
    else addSpan(e.spans, time, Math.max(end ?? time, time + ttlMs(a.ttl)));
  }
}

function compareNames(a: IpName, b: IpName): number {
  return (
    compareStrings(a.cluster, b.cluster) ||
    compareStrings(a.ip, b.ip) ||
    compareStrings(a.name, b.name)
  );
}

/** The gathered names as plain data, sorted by cluster, address and name. */
export function finishNames(idx: NameIndex): IpName[] {
  return [...idx.values()].map(copyName).sort(compareNames);
}

function copyName(n: IpName): IpName {
  const out: IpName = { ...n, spans: n.spans.map(([a, b]): [number, number] => [a, b]) };
  if (!n.untimed) delete out.untimed;
  return out;
}

/** Merges lists of names: one entry per (cluster, address, name), spans united. */
export function mergeNames(...lists: IpName[][]): IpName[] {
  const byKey = new Map<string, IpName>();
  for (const list of lists) {
    for (const n of list) {
      const key = `${n.cluster}\u0000${n.ip}\u0000${n.name}`;
      const prev = byKey.get(key);
      if (!prev) {
        byKey.set(key, copyName(n));
        continue;
      }
      for (const [a, b] of n.spans) addSpan(prev.spans, a, b);
      if (n.untimed) prev.untimed = true;
    }
  }
  return [...byKey.values()].sort(compareNames);
}

/** Names of one address: a lookup built once per query. */
export type NameLookup = (ip: string, first: number | null, last: number | null) => string[];

/**
 * The names of an address while a communication was active: answers whose validity overlaps
 * [first − skew, last + skew]; an untimed communication takes every name the address had.
 */
export function nameLookup(names: readonly IpName[], cluster: string): NameLookup {
  const byIp = new Map<string, IpName[]>();
  for (const n of names) {
    if (n.cluster !== cluster) continue;
    const list = byIp.get(n.ip);
    if (list) list.push(n);
    else byIp.set(n.ip, [n]);
  }
  return (ip, first, last) => {
    const list = byIp.get(normalizeIp(ip));
    if (!list) return [];
    const out = new Set<string>();
    for (const n of list) {
      if (n.untimed || first === null || last === null) out.add(n.name);
      else if (n.spans.some(([a, b]) => a - NAME_SKEW_MS <= last && b + NAME_SKEW_MS >= first))
        out.add(n.name);
    }
    return [...out].sort(compareStrings);
  };
}

/**
 * Names read back from outside (storage, a session file), checked and normalised: entries with
 * a cluster, an address, a host name (normalizeName) and valid [from, to] times; what is not
 * usable is left out and counted. The survivors are merged, so spans come out sorted and disjoint.
 */
export function restoreNames(v: unknown): { names: IpName[]; dropped: number } {
  if (!Array.isArray(v)) return { names: [], dropped: 0 };
  const kept: IpName[] = [];
  for (const e of v as unknown[]) {
    const n = restoreName(e);
    if (n) kept.push(n);
  }
  return { names: mergeNames(kept), dropped: v.length - kept.length };
}

function restoreName(e: unknown): IpName | null {
  if (typeof e !== 'object' || e === null) return null;
  const { cluster, ip, name, spans, untimed } = e as Record<string, unknown>;
  if (typeof cluster !== 'string' || cluster === '' || typeof ip !== 'string') return null;
  if (ip.length > 64 || parseIpLenient(ip) === null || typeof name !== 'string') return null;
  const clean = normalizeName(name);
  if (clean === null || !Array.isArray(spans)) return null;
  const valid = (t: unknown): t is number => typeof t === 'number' && isValidTime(t);
  const out: [number, number][] = [];
  for (const s of spans as unknown[]) {
    if (!Array.isArray(s) || !valid(s[0]) || !valid(s[1]) || s[0] > s[1]) return null;
    out.push([s[0], s[1]]);
  }
  if (out.length === 0 && untimed !== true) return null;
  const n: IpName = { cluster, ip: normalizeIp(ip), name: clean, spans: [] };
  for (const [a, b] of out.sort((x, y) => x[0] - y[0])) addSpan(n.spans, a, b);
  if (untimed === true) n.untimed = true;
  return n;
}
