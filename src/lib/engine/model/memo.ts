/**
 * Memos of the engine's hot questions, bounded so that a long session's memory stays flat.
 */

/**
 * A memo keyed by an object's identity, then by a string (the most recent `limit` kept per
 * object: more than a namespace's workloads, so a bundle never evicts its own).
 */
export class ScopedMemo<K extends object, V> {
  private readonly byObject = new WeakMap<K, Map<string, V>>();

  constructor(private readonly limit = 1024) {}

  get(object: K, key: string, make: () => V): V {
    let map = this.byObject.get(object);
    if (!map) this.byObject.set(object, (map = new Map()));
    const hit = map.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (map.size >= this.limit) map.delete(map.keys().next().value as string);
    map.set(key, value);
    return value;
  }
}

/**
 * Puts `key` in `map` as its newest entry (a Map keeps insertion order: the first is the oldest)
 * and drops the oldest while more than `limit` are held.
 */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) map.delete(map.keys().next().value as K);
}

/**
 * `make` remembered per text, for answers that depend on the text alone (and are never
 * mutated): emptied when it holds `limit` texts.
 */
export function textMemo<V>(limit: number, make: (text: string) => V): (text: string) => V {
  const seen = new Map<string, V>();
  return (text) => {
    let v = seen.get(text);
    if (v === undefined) {
      if (seen.size >= limit) seen.clear();
      seen.set(text, (v = make(text)));
    }
    return v;
  };
}

/**
 * A memo key for a plain value: its JSON with every object's keys in order, so that the same
 * question asked with its fields in another order (a query rebuilt by spreads) is the same key.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const identities = new WeakMap<object, number>();
let lastIdentity = 0;

/**
 * A number for this object, the same on every call and different for any other object: a memo
 * key for values never changed in place (decisions: producers return new ones), cheaper than
 * their text when they are large.
 */
export function identityOf(o: object): number {
  let id = identities.get(o);
  if (id === undefined) identities.set(o, (id = ++lastIdentity));
  return id;
}

/**
 * Whether two plain values (what JSON holds: objects, arrays, strings, numbers, booleans,
 * null) are equal, deeply; objects by their own keys whatever their order. Stops at the first
 * difference.
 */
export function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    if (!Object.hasOwn(rb, k) || !samePlain(ra[k], rb[k])) return false;
  }
  return true;
}
