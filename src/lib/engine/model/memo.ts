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
