/**
 * How the netpol-depth goldens are compared (their README): connlist — the same lines in any
 * order, where the address ranges of one external peer may be split differently; explain —
 * the same blocks between the dashed separator lines; diff — the same lines. Test helper only.
 */
import { formatRanges, ipValue, union, type IpSet } from '../../../src/lib/engine/evaluate/ip-set';

const EXTERNAL = /^(.*)\[External\]$/;

function rangesOf(text: string): IpSet | null {
  let acc: IpSet | null = null;
  for (const part of text.split(', ')) {
    const [a, b] = part.split('-').length === 2 ? part.split('-') : [part, part];
    const lo = ipValue(a!);
    const hi = ipValue(b!);
    if (!lo || !hi || lo.family !== hi.family) return null;
    const span: IpSet = { family: lo.family, spans: [{ start: lo.value, end: hi.value }] };
    acc = acc ? union(acc, span) : span;
  }
  return acc;
}

/** Connlist lines with each external peer's ranges merged per (other end, direction, conns). */
export function connlistLines(text: string): string[] {
  const plain: string[] = [];
  const merged = new Map<string, IpSet>();
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const m = /^(.*) => (.*) : (.*)$/.exec(line);
    const src = m && EXTERNAL.exec(m[1]!);
    const dst = m && EXTERNAL.exec(m[2]!);
    const ext = src ?? dst;
    const set = ext && rangesOf(ext[1]!);
    if (!m || !ext || !set) {
      plain.push(line);
      continue;
    }
    const key = src ? `EXT => ${m[2]} : ${m[3]}` : `${m[1]} => EXT : ${m[3]}`;
    const before = merged.get(`${key}/${set.family}`);
    merged.set(`${key}/${set.family}`, before ? union(before, set) : set);
  }
  for (const [key, set] of merged) {
    plain.push(key.replace(/\/[46]$/, '').replace('EXT', `${formatRanges(set)}[External]`));
  }
  return plain.sort();
}

const SEPARATOR = '-'.repeat(160) + '\n';

/** The explain output cut at the separator lines, blocks in order of text. */
export function explainBlocks(text: string): string[] {
  return text.split(SEPARATOR).sort();
}

/** The diff output's lines (an empty output has none). */
export function diffLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
