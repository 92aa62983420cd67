/**
 * netpol-analyzer's connlist output: one line "<src> => <dst> : <conns>" per allowed pair,
 * sorted by source then destination (byte order), or the same as a JSON array of
 * `{src, dst, conn}` (two-space indent, as the oracle's `--output json`).
 */
import { formatConns } from './conn-set';
import type { PeerConnection } from './connectivity';

export interface ConnlistRow {
  src: string;
  dst: string;
  conn: string;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The rows of the report, sorted as the oracle sorts them. */
export function connlistRows(conns: PeerConnection[]): ConnlistRow[] {
  return conns
    .map((c) => ({ src: c.src.label, dst: c.dst.label, conn: formatConns(c.conns) }))
    .sort((x, y) => byteCompare(x.src, y.src) || byteCompare(x.dst, y.dst));
}

/** The text report; each line ends with a newline (empty string for no pairs). */
export function formatConnlistText(conns: PeerConnection[]): string {
  return connlistRows(conns)
    .map((r) => `${r.src} => ${r.dst} : ${r.conn}\n`)
    .join('');
}

/** The JSON report (no trailing newline). */
export function formatConnlistJson(conns: PeerConnection[]): string {
  return JSON.stringify(connlistRows(conns), null, 2);
}
