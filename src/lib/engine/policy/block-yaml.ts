/**
 * Block YAML of plain data (objects, arrays, strings, numbers, booleans, null) as js-yaml prints
 * it with the policy printer's options (no line folding, no anchors, a sequence under a key not
 * indented), without js-yaml for the values policies are made of: js-yaml 5 is slow until
 * compiled, and a worker's first policy paid for it — 28 KB of YAML (a namespace's bundle of
 * twenty policies) cost 130–250 ms in js-yaml cold, 3–15 ms warm (Node, a loaded machine).
 * A key or a string is written as it is when it is plainly safe (a letter first, then letters,
 * digits and `._/-`, no YAML word; a CIDR); any other string is js-yaml's own text of it
 * (`scalarText`, printed alone and remembered); a key that is not plainly safe, a string
 * js-yaml writes on several lines, or any other value leaves the whole value to js-yaml.
 * tests/unit/engine/policy/block-yaml.property.test.ts holds every text to js-yaml's.
 */
import { dump } from 'js-yaml';
import { textMemo } from '../model/memo';

export const YAML_OPTIONS = { lineWidth: -1, noRefs: true, seqNoIndent: true } as const;

/**
 * Text shaped as a CIDR (hex digits, dots, colons, a slash and a prefix): no YAML type reads it
 * (the slash), no indicator starts it, so js-yaml writes it plain, as it is.
 */
const CIDR_TEXT = /^[0-9A-Fa-f:.]+\/\d+$/;

/** A letter first, then letters, digits, `_`, `.`, `/`, `-`: no indicator, no `: ` or ` #`. */
const PLAIN_TEXT = /^[A-Za-z][A-Za-z0-9_./-]*$/;
/** Words some YAML reads as booleans or null (1.1's too, which js-yaml quotes). */
const YAML_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/** Written as it is, as a key or as a value (short enough to stay an implicit key). */
const isPlain = (s: string): boolean =>
  s.length < 1000 && PLAIN_TEXT.test(s) && !YAML_WORDS.has(s.toLowerCase());

/**
 * js-yaml's text of a string value in block style, printed as an item: alone, a document marker
 * (`---`, `...`) would be quoted where an item or a key's value is not.
 */
const printedScalar = textMemo(10_000, (s) => dump([s], YAML_OPTIONS).slice(2, -1));

/** js-yaml's text of a string value in block style (one line, or several for a block scalar). */
export function scalarText(s: string): string {
  return CIDR_TEXT.test(s) || isPlain(s) ? s : printedScalar(s);
}

/** Thrown inside: the value is js-yaml's to print. */
const NOT_MINE = new Error('block-yaml: not written here');

/** The text of some strings, given by the caller (undefined: the string's own). */
type Texts = ((s: string) => string | undefined) | undefined;
let texts: Texts;

function scalar(v: unknown): string {
  if (typeof v === 'string') {
    const text = texts?.(v) ?? scalarText(v);
    if (text.includes('\n')) throw NOT_MINE;
    return text;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  throw NOT_MINE;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** An object js-yaml prints as a mapping of its own keys (not a Date, a Map, a class's object). */
function plainMap(v: Record<string, unknown>): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** `{}` or `[]` for an empty collection, else null. */
function emptyText(v: unknown): string | null {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : null;
  if (isMap(v)) {
    if (!plainMap(v)) throw NOT_MINE;
    for (const k in v) if (Object.hasOwn(v, k)) return null;
    return '{}';
  }
  return null;
}

/**
 * A key's or an item's value written on the key's or the dash's line (a scalar, an empty
 * collection), or null when it takes lines of its own (a non-empty collection).
 */
function inlineText(v: unknown): string | null {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') throw NOT_MINE;
  if (v === null || typeof v !== 'object') return scalar(v);
  return emptyText(v);
}

/** A non-empty collection's lines, its content at `col`. */
function collection(v: unknown, col: number, out: string[]): void {
  if (Array.isArray(v)) sequence(v, col, out);
  else if (plainMap(v as Record<string, unknown>)) mapping(v as Record<string, unknown>, col, out);
  else throw NOT_MINE;
}

function mapping(o: Record<string, unknown>, col: number, out: string[]): void {
  const pad = ' '.repeat(col);
  for (const k of Object.keys(o)) {
    if (!isPlain(k)) throw NOT_MINE;
    const v = o[k];
    const text = inlineText(v);
    if (text !== null) {
      out.push(`${pad}${k}: ${text}`);
      continue;
    }
    out.push(`${pad}${k}:`);
    // A sequence under a key is not indented (seqNoIndent); a mapping is, by two.
    collection(v, Array.isArray(v) ? col : col + 2, out);
  }
}

function sequence(a: readonly unknown[], col: number, out: string[]): void {
  const pad = ' '.repeat(col);
  for (let i = 0; i < a.length; i++) {
    if (!(i in a)) throw NOT_MINE;
    const v = a[i];
    const text = inlineText(v);
    if (text !== null) {
      out.push(`${pad}- ${text}`);
      continue;
    }
    // The item's content two columns in, its first line after the dash.
    const first = out.length;
    collection(v, col + 2, out);
    out[first] = `${pad}- ${out[first]!.slice(col + 2)}`;
  }
}

/**
 * `value` as js-yaml's `dump(value, YAML_OPTIONS)` prints it (with its final newline); `given`
 * says the text of the string values it knows (js-yaml's own text of them: the caller's marks),
 * and only when this module writes the value.
 */
export function blockYaml(value: unknown, given?: (s: string) => string | undefined): string {
  if (value !== null && typeof value === 'object') {
    texts = given;
    try {
      const empty = emptyText(value);
      if (empty !== null) return `${empty}\n`;
      const out: string[] = [];
      collection(value, 0, out);
      return `${out.join('\n')}\n`;
    } catch (e) {
      if (e !== NOT_MINE) throw e;
    } finally {
      texts = undefined;
    }
  }
  return dump(value, YAML_OPTIONS);
}
