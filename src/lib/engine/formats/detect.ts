/**
 * Format detection from the first decoded lines (FORMATS.md §10), never from a file name. The
 * rules are the formats' own (registry.ts, each descriptor's `sniff`), tried in their ranks'
 * order stage by stage: line formats (Zeek TSV, AWS, conntrack, …) may show up after a comment
 * or a pasted prompt, so up to 40 non-empty lines are scanned for them; then the head as text
 * (YAML); JSON is judged on the first of the first 10 non-empty lines that looks like it, by
 * its first value or, when that value does not fit in the head, by key names. Binary magic is
 * sniffed on bytes in io/sniff.ts.
 */
import { isObject } from './common';
import type { Classified, FormatSniff, SniffRule } from './classified';
import { firstJsonValue } from './json-head';
import { FORMATS } from './registry';

export type { Classified };

const LINE_SCAN = 40;
const JSON_SCAN = 10;

type Stage = keyof FormatSniff;
type RulesOf<S extends Stage> = NonNullable<FormatSniff[S]>;
const ordered = new Map<Stage, SniffRule<unknown[]>[]>();

/** Every format's rule of the stage, lowest rank first (read from the registry once). */
function rules<S extends Stage>(stage: S): RulesOf<S>[] {
  let list = ordered.get(stage);
  if (!list) {
    list = FORMATS.flatMap((f) => (f.sniff?.[stage] ? [f.sniff[stage]] : [])).sort(
      (a, b) => a.rank - b.rank,
    ) as SniffRule<unknown[]>[];
    ordered.set(stage, list);
  }
  return list as unknown as RulesOf<S>[];
}

function firstOf<A extends unknown[]>(list: SniffRule<A>[], ...args: A): Classified | null {
  for (const r of list) {
    const c = r.test(...args);
    if (c) return c;
  }
  return null;
}

/**
 * The first `max` non-empty lines of `head`, without trailing CR; `starts` gets where each
 * begins in `head`.
 */
function firstLines(head: string, max: number, starts: number[] = []): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < max && start < head.length) {
    let nl = head.indexOf('\n', start);
    if (nl < 0) nl = head.length;
    const line = head.slice(start, nl).replace(/\r$/, '');
    if (line.trim() !== '') {
      out.push(line);
      starts.push(start);
    }
    start = nl + 1;
  }
  return out;
}

function lineFormat(lines: string[]): Classified | null {
  const list = rules('line');
  for (const l of lines) {
    const c = firstOf(list, l, lines);
    if (c) return c;
  }
  return null;
}

/** Classifies the first JSON value of a file; null when it matches no known format. */
export function classifyJson(v: unknown): Classified | null {
  return isObject(v) ? firstOf(rules('json'), v) : null;
}

function jsonFormat(head: string, lines: string[], starts: number[]): Classified | null {
  const idx = lines.findIndex((l) => l.startsWith('{') || l.startsWith('['));
  if (idx < 0) return null;
  const first = lines[idx] ?? '';
  const whole = tryParse(first.trim());
  if (whole !== undefined) {
    const c = classifyJson(Array.isArray(whole) ? whole[0] : whole);
    return c && { ...c, layout: Array.isArray(whole) ? 'documents' : c.layout };
  }
  // Where the line's text first occurs in the head: where the line begins when that is the
  // head's start (nothing can come before it), which spares comparing the line with the head —
  // a one-line dump's line is the whole head, up to 1 MiB (≈ 2 ms, once per dump).
  const at = starts[idx] === 0 ? 0 : head.indexOf(first);
  const value = firstJsonValue(head, at < 0 ? 0 : at);
  const c = value === undefined ? firstOf(rules('keys'), head) : classifyJson(value);
  return c && { ...c, layout: 'documents' };
}

/**
 * `s` parsed, or undefined. `s` starts with `{` or `[`, so it can be JSON only if it ends with
 * `}` or `]`: the first line of a one-line JSON dump, cut at the head's end, is not parsed.
 */
function tryParse(s: string): unknown {
  const last = s.charCodeAt(s.length - 1);
  if (last !== 125 && last !== 93) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

/** Unsupported containers recognisable from text-decoded bytes (parquet, tar). */
function unsupported(head: string): string | null {
  if (head.startsWith('PAR1')) return 'Parquet';
  if (head.length > 262 && head.slice(257, 262) === 'ustar') return 'tar archive';
  return null;
}

/** Detects the format of a file from its first decoded characters. */
export function detect(headText: string): Classified {
  const head = headText.charCodeAt(0) === 0xfeff ? headText.slice(1) : headText;
  const container = unsupported(head);
  if (container) return { format: null, kind: 'unknown', layout: 'lines', unsupported: container };
  const starts: number[] = [];
  const lines = firstLines(head, LINE_SCAN, starts);
  const found =
    lineFormat(lines) ??
    firstOf(rules('text'), head) ??
    jsonFormat(head, lines.slice(0, JSON_SCAN), starts);
  return found ?? { format: null, kind: 'unknown', layout: 'lines' };
}
