/**
 * Safe readers for untrusted Kubernetes objects: every accessor checks the runtime type and
 * returns undefined (never throws) on a mismatch. Maps keyed by input (labels, selectors) are
 * built on null-prototype objects so that a `__proto__` label key is just a key.
 * No Kubernetes semantics here; the object-specific readers build on these.
 */

export type Rec = Record<string, unknown>;

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function rec(v: unknown): Rec | undefined {
  return isRec(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Own property read (never walks the prototype chain, so `__proto__` is an ordinary key). */
export function own(o: Rec | undefined, key: string): unknown {
  return o !== undefined && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A whole number from a number or a numeric string. */
export function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

export function bool(v: unknown): boolean {
  return v === true;
}

/** A null-prototype string map (labels, matchLabels, selectors) from an untrusted value. */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!isRec(v)) return out;
  for (const key of Object.keys(v)) {
    const value = v[key];
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
  }
  return out;
}

/** A fresh null-prototype copy of a string map. */
export function copyMap(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(m)) out[key] = m[key] as string;
  return out;
}

export function isEmptyMap(m: Record<string, string> | undefined): boolean {
  return m === undefined || Object.keys(m).length === 0;
}

/** Epoch ms of an RFC 3339 timestamp, or undefined. */
export function time(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

/** `metadata` of an object, or an empty record. */
export function meta(o: Rec): Rec {
  return rec(own(o, 'metadata')) ?? {};
}

export function spec(o: Rec): Rec {
  return rec(own(o, 'spec')) ?? {};
}

export function status(o: Rec): Rec {
  return rec(own(o, 'status')) ?? {};
}

/** Upper-case protocol name, TCP when absent (the API default for ports). */
export function protocol(v: unknown): string {
  return typeof v === 'string' && v !== '' ? v.toUpperCase() : 'TCP';
}

/**
 * `list` sorted in place by `key` (a stable sort comparing keys with `<`), each key computed
 * once. When the keys are distinct (a dump's pods, workloads, Services…) the keys alone are
 * sorted with the array's own string order — the same UTF-16 code-unit order as `<`, and with
 * distinct keys only one order exists — so no comparator is called from the sort: the inventory
 * is built with V8's optimizing compiler off (the CLI's `aroundInventory`), where each call of
 * a comparator runs in the interpreter. Equal keys keep their input order, as a stable sort
 * keeps them.
 */
export function sortedByString<T>(list: T[], key: (t: T) => string): T[] {
  const keys: string[] = [];
  const byKey = new Map<string, T>();
  for (const t of list) {
    const k = key(t);
    keys.push(k);
    byKey.set(k, t);
  }
  if (byKey.size === list.length) {
    keys.sort();
    for (let i = 0; i < keys.length; i++) list[i] = byKey.get(keys[i] as string) as T;
    return list;
  }
  const keyed = list.map((t, i) => ({ t, k: keys[i] as string }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  for (let i = 0; i < keyed.length; i++) list[i] = keyed[i]!.t;
  return list;
}
