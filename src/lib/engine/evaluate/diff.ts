/**
 * The connectivity diff of two sets of manifests (netpol-analyzer's `diff`): every pair whose
 * allowed connections changed, appeared or disappeared, with the workloads that exist on one
 * side only. External address blocks of the two reports are cut into common pieces, compared
 * piece by piece, and pieces with the same other end and connections are merged back into
 * contiguous ranges.
 */
import { formatConns } from './conn-set';
import type { PeerConnection } from './connectivity';
import { formatRanges, intersect, isEmpty, type IpFamily, type IpSet } from './ip-set';

export type DiffType = 'changed' | 'added' | 'removed';

export interface DiffRow {
  type: DiffType;
  source: string;
  destination: string;
  /** The connections of the first report ("No Connections" when the pair is added). */
  ref1: string;
  ref2: string;
  /** e.g. "workload ns/a[Deployment] added"; '' when both ends exist in both reports. */
  workloadsInfo: string;
}

/** One report: its allowed pairs and the labels of all its workloads. */
export interface DiffSide {
  conns: PeerConnection[];
  workloads: string[];
}

interface Row {
  src: string;
  dst: string;
  /** The external end's addresses when one end is external. */
  ext?: { set: IpSet; isSrc: boolean };
  conn: string;
}

const NO_CONNECTIONS = 'No Connections';

/** The elementary pieces that the boundaries of all `sets` cut the address space into. */
function atoms(sets: IpSet[]): IpSet[] {
  const out: IpSet[] = [];
  for (const family of [4, 6] as IpFamily[]) {
    const spans = sets.filter((s) => s.family === family).flatMap((s) => s.spans);
    const cuts = [...new Set(spans.flatMap((s) => [s.start, s.end + 1n]))].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    for (let i = 0; i + 1 < cuts.length; i++) {
      const piece = { start: cuts[i]!, end: cuts[i + 1]! - 1n };
      if (spans.some((s) => s.start <= piece.start && piece.end <= s.end))
        out.push({ family, spans: [piece] });
    }
  }
  return out;
}

function rowsOf(conns: PeerConnection[], pieces: IpSet[]): Row[] {
  return conns.flatMap((c): Row[] => {
    const conn = formatConns(c.conns);
    const ext = c.src.kind === 'external' ? c.src : c.dst.kind === 'external' ? c.dst : null;
    if (!ext) return [{ src: c.src.label, dst: c.dst.label, conn }];
    const isSrc = ext === c.src;
    return pieces
      .filter((p) => !isEmpty(intersect(p, ext.set)))
      .map((set) => {
        const label = `${formatRanges(set)}[External]`;
        return {
          src: isSrc ? label : c.src.label,
          dst: isSrc ? c.dst.label : label,
          ext: { set, isSrc },
          conn,
        };
      });
  });
}

interface Pair {
  first?: Row;
  second?: Row;
}

/** Pieces of one external end with the same other end and connections, merged into ranges. */
function mergeExternal(pairs: Pair[]): Pair[] {
  const groups = new Map<string, { pairs: Pair[]; sets: IpSet[] }>();
  const out: Pair[] = [];
  for (const p of pairs) {
    const row = (p.first ?? p.second)!;
    if (!row.ext) {
      out.push(p);
      continue;
    }
    const other = row.ext.isSrc ? `dst:${row.dst}` : `src:${row.src}`;
    const key = `${other};${p.first?.conn ?? ''};${p.second?.conn ?? ''};${row.ext.set.family}`;
    const g = groups.get(key) ?? { pairs: [], sets: [] };
    g.pairs.push(p);
    g.sets.push(row.ext.set);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const spans = g.sets.flatMap((s) => s.spans).sort((a, b) => (a.start < b.start ? -1 : 1));
    const merged: { start: bigint; end: bigint }[] = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s.start <= last.end + 1n) last.end = s.end > last.end ? s.end : last.end;
      else merged.push({ ...s });
    }
    const family = g.sets[0]!.family;
    for (const span of merged) {
      const label = `${formatRanges({ family, spans: [span] })}[External]`;
      const relabel = (r: Row | undefined): Row | undefined =>
        r && (r.ext!.isSrc ? { ...r, src: label } : { ...r, dst: label });
      out.push({ first: relabel(g.pairs[0]!.first), second: relabel(g.pairs[0]!.second) });
    }
  }
  return out;
}

function workloadsInfo(row: Row, type: DiffType, other: Set<string>): string {
  const gone = [row.src, row.dst].filter((l) => !l.endsWith('[External]') && !other.has(l));
  return gone.length === 0 ? '' : `workload ${gone.join(' and ')} ${type}`;
}

const ORDER: DiffType[] = ['changed', 'added', 'removed'];

/** The differences from `a` (ref1) to `b` (ref2): changed, then added, then removed pairs. */
export function diffConnectivity(a: DiffSide, b: DiffSide): DiffRow[] {
  const pieces = atoms(
    [...a.conns, ...b.conns].flatMap((c) =>
      [c.src, c.dst].flatMap((p) => (p.kind === 'external' ? [p.set] : [])),
    ),
  );
  const byKey = new Map<string, Pair>();
  const put = (row: Row, side: 'first' | 'second') => {
    const key = `${row.src};${row.dst}`;
    byKey.set(key, { ...byKey.get(key), [side]: row });
  };
  for (const r of rowsOf(a.conns, pieces)) put(r, 'first');
  for (const r of rowsOf(b.conns, pieces)) put(r, 'second');
  const workloads = { first: new Set(a.workloads), second: new Set(b.workloads) };
  const rows: DiffRow[] = [];
  for (const { first, second } of mergeExternal([...byKey.values()])) {
    if (first && second && first.conn === second.conn) continue;
    const type: DiffType = first && second ? 'changed' : first ? 'removed' : 'added';
    const row = (first ?? second)!;
    rows.push({
      type,
      source: row.src,
      destination: row.dst,
      ref1: first?.conn ?? NO_CONNECTIONS,
      ref2: second?.conn ?? NO_CONNECTIONS,
      workloadsInfo:
        type === 'changed'
          ? ''
          : workloadsInfo(row, type, type === 'added' ? workloads.first : workloads.second),
    });
  }
  return ORDER.flatMap((t) => rows.filter((r) => r.type === t));
}
