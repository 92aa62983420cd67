/**
 * The connectivity diff as text, CSV, Markdown (netpol-analyzer's `diff` formats, the two
 * sides named ref1 and ref2) or JSON (the same fields). Within each kind of difference
 * (changed, added, removed) the lines are sorted; no difference prints nothing (JSON: `[]`).
 */
import type { DiffRow, DiffType } from './diff';

export type DiffFormat = 'txt' | 'csv' | 'md' | 'json';

export const DIFF_FORMATS: readonly DiffFormat[] = ['txt', 'csv', 'md', 'json'];

const REF1 = 'ref1';
const REF2 = 'ref2';

function byteSort(lines: string[]): string[] {
  return lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Each kind of difference in turn, its lines (as `line` formats them) sorted. */
function orderedLines(rows: DiffRow[], line: (r: DiffRow) => string): string[] {
  const kinds: DiffType[] = ['changed', 'added', 'removed'];
  return kinds.flatMap((k) => byteSort(rows.filter((r) => r.type === k).map(line)));
}

/** The rows in the order of the text lines. */
function orderedRows(rows: DiffRow[]): DiffRow[] {
  const byLine = new Map(rows.map((r) => [txtLine(r), r]));
  return orderedLines(rows, txtLine).map((l) => byLine.get(l)!);
}

function txtLine(r: DiffRow): string {
  const base =
    `diff-type: ${r.type}, source: ${r.source}, destination: ${r.destination}, ` +
    `${REF1}: ${r.ref1}, ${REF2}: ${r.ref2}`;
  return r.workloadsInfo === '' ? base : `${base}, workloads-diff-info: ${r.workloadsInfo}`;
}

function fields(r: DiffRow): string[] {
  return [r.type, r.source, r.destination, r.ref1, r.ref2, r.workloadsInfo];
}

/** A CSV field, quoted when it holds a comma, a quote, a line break or leading space. */
function csvField(f: string): string {
  return /[",\r\n]|^[ \t]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}

const HEADER = ['diff-type', 'source', 'destination', REF1, REF2, 'workloads-diff-info'];

function formatCsv(rows: DiffRow[]): string {
  // NOTE: the lines sort as netpol-analyzer sorts them: on the ';'-joined fields.
  const lines = orderedLines(rows, (r) => fields(r).join(';'));
  return [HEADER, ...lines.map((l) => l.split(';'))]
    .map((f) => f.map(csvField).join(',') + '\n')
    .join('');
}

function formatMd(rows: DiffRow[]): string {
  const head =
    `| diff-type | source | destination | ${REF1} | ${REF2} | workloads-diff-info |\n` +
    '|-----------|--------|-------------|------|------|---------------------|';
  const lines = orderedLines(rows, (r) => `| ${fields(r).join(' | ')} |`);
  return [head, ...lines].join('\n') + '\n';
}

function formatJson(rows: DiffRow[]): string {
  const objects = orderedRows(rows).map((r) => {
    const f = fields(r);
    return Object.fromEntries(HEADER.map((h, i) => [h, f[i]]));
  });
  return JSON.stringify(objects, null, 2) + '\n';
}

/** The diff in `format`; nothing (JSON: `[]`) when there is no difference. */
export function formatDiff(rows: DiffRow[], format: DiffFormat): string {
  if (format === 'json') return formatJson(rows);
  if (rows.length === 0) return '';
  if (format === 'csv') return formatCsv(rows);
  if (format === 'md') return formatMd(rows);
  return ['Connectivity diff:', ...orderedLines(rows, txtLine)].join('\n') + '\n';
}
