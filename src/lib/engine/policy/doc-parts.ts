/**
 * Documents in parts: a policy of 10,000 ipBlocks changes by a few peers per decision, so its
 * YAML (yaml.ts) and its validation (validate.ts) are made per element of each large array and
 * remembered per element; an element met before is neither printed nor validated again.
 *
 * A large array is the value of an object key with at least SPLIT elements (a rule's peers, a
 * direction's rules). Its elements are remembered by identity (emitted documents are never
 * changed after emission: dialects/k8s.ts makes each address peer once) and by content (a
 * decision that makes new objects of the same peers — an alias saved, a bundle regenerated —
 * finds them by their JSON). Documents hold JSON data: strings, finite numbers (never -0),
 * booleans, null, arrays and plain objects; content keys rely on it.
 *
 * tests/unit/engine/policy/doc-parts.property.test.ts checks that printing and validating in
 * parts equal doing it whole, for any such document and any sequence of decisions.
 */

/** From this many elements, an array's elements are printed and validated one by one. */
export const SPLIT = 32;

export const isLarge = (v: unknown): v is unknown[] => Array.isArray(v) && v.length >= SPLIT;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A value remembered per element: first by the element's identity, then by its content (its
 * JSON, among the elements of the same tag: what else it depends on). Bounded: the content side
 * is cleared when it holds `limit` elements. The content side is a map per tag keyed by the
 * element's JSON as made once per object, so a lookup makes no key of its own (a policy's first
 * 10,000 ipBlocks are looked up and remembered in two memos).
 */
export class PartMemo<V> {
  private readonly byObject = new Map<string, WeakMap<object, V>>();
  private readonly byContent = new Map<string, Map<string, V>>();
  /** Elements remembered by content, over every tag. */
  private size = 0;

  constructor(private readonly limit = 100_000) {}

  get(tag: string, element: unknown, make: () => V): V {
    const hit = this.peek(tag, element);
    if (hit !== undefined) return hit;
    const value = make();
    this.set(tag, element, value);
    return value;
  }

  /** The value remembered for this element, if any. */
  peek(tag: string, element: unknown): V | undefined {
    const objects = this.objects(tag, element);
    const hit = objects?.get(element as object);
    if (hit !== undefined) return hit;
    const value = this.byContent.get(tag)?.get(jsonOf(element));
    if (value !== undefined) objects?.set(element as object, value);
    return value;
  }

  set(tag: string, element: unknown, value: V): void {
    if (this.size >= this.limit) {
      this.byContent.clear();
      this.size = 0;
    }
    let contents = this.byContent.get(tag);
    if (!contents) this.byContent.set(tag, (contents = new Map()));
    const json = jsonOf(element);
    if (!contents.has(json)) this.size++;
    contents.set(json, value);
    this.objects(tag, element)?.set(element as object, value);
  }

  private objects(tag: string, element: unknown): WeakMap<object, V> | undefined {
    if (element === null || typeof element !== 'object') return undefined;
    let objects = this.byObject.get(tag);
    if (!objects) this.byObject.set(tag, (objects = new WeakMap()));
    return objects;
  }
}

/** Each element's JSON, made once per object (the YAML and the validation both ask it). */
const jsons = new WeakMap<object, string>();

function jsonOf(element: unknown): string {
  if (element === null || typeof element !== 'object') return String(JSON.stringify(element));
  let json = jsons.get(element);
  if (json === undefined) jsons.set(element, (json = JSON.stringify(element)));
  return json;
}

/** One large array of a document: where it is (keys from the root) and its elements. */
export interface LargeArray {
  /** Keys and indices from the root to the array. */
  at: (string | number)[];
  /** The same path with indices left out (`spec.egress[].to`): what its elements are. */
  kind: string;
  elements: unknown[];
}

/**
 * The document with every large array replaced by `[]` (a copy of what holds them; the rest
 * shared), and those arrays, in document order. `arrays` is empty when there is none.
 */
export function splitLarge(doc: unknown): { skeleton: unknown; arrays: LargeArray[] } {
  const arrays: LargeArray[] = [];
  const walk = (v: unknown, at: (string | number)[], kind: string): unknown => {
    if (Array.isArray(v)) {
      let copy: unknown[] | null = null;
      v.forEach((e, i) => {
        const w = walk(e, [...at, i], `${kind}[]`);
        if (w !== e) (copy ??= [...v])[i] = w;
      });
      return copy ?? v;
    }
    if (!isObject(v)) return v;
    let copy: Record<string, unknown> | null = null;
    for (const k of Object.keys(v)) {
      const e = v[k];
      const path = kind ? `${kind}.${k}` : k;
      let w: unknown;
      if (isLarge(e)) {
        arrays.push({ at: [...at, k], kind: path, elements: e });
        w = [];
      } else {
        w = walk(e, [...at, k], path);
      }
      if (w !== e) (copy ??= { ...v })[k] = w;
    }
    return copy ?? v;
  };
  const skeleton = walk(doc, [], '');
  return { skeleton, arrays };
}

/** `doc` with the value at `at` replaced by `value` (copies along the path, the rest shared). */
export function setIn(doc: unknown, at: readonly (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at;
  if (Array.isArray(doc)) {
    const copy = [...doc];
    copy[head as number] = setIn(doc[head as number], rest, value);
    return copy;
  }
  const o = doc as Record<string, unknown>;
  return { ...o, [head as string]: setIn(o[head as string], rest, value) };
}

const valid = new PartMemo<true>();

/**
 * Whether `doc` has no error, checking each large array's element once: when few elements are
 * new, the skeleton is checked, then each new element inside the skeleton alone (its array
 * holding only it); when many are, the whole document once, and its elements are then known
 * valid. Null when something has errors: then the caller checks the whole document, so errors
 * come in the order and with the paths of a whole check. Sound only for checks where an
 * element's errors depend neither on its array's other elements nor on its length (no minItems,
 * maxItems, uniqueItems): validate.ts's NetworkPolicy schema and apiserver rules. `tag` names
 * the check.
 */
export function validInParts(
  tag: string,
  doc: unknown,
  check: (doc: unknown) => boolean,
): boolean | null {
  const { skeleton, arrays } = splitLarge(doc);
  if (arrays.length === 0) return check(doc) ? true : null;
  const fresh: { array: LargeArray; element: unknown; kind: string }[] = [];
  for (const array of arrays) {
    const kind = `${tag}|${array.kind}`;
    for (const element of array.elements) {
      if (!valid.peek(kind, element)) fresh.push({ array, element, kind });
    }
  }
  if (fresh.length > SPLIT) {
    if (!check(doc)) return null;
  } else {
    if (!check(skeleton)) return null;
    for (const { array, element } of fresh) {
      if (!check(setIn(skeleton, array.at, [element]))) return null;
    }
  }
  for (const { element, kind } of fresh) valid.set(kind, element, true);
  return true;
}
