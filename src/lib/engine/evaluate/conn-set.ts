/**
 * Sets of connections: for each NetworkPolicy protocol (TCP, UDP, SCTP) a canonical list of
 * inclusive destination-port ranges within 1..65535. Plain data, with the algebra the
 * evaluator needs and netpol-analyzer's text form ("All Connections", "TCP 80,UDP 53-54").
 */

import { isProtocol, PROTOCOLS, type Protocol } from '../model/protocols';

export { isProtocol, type Protocol } from '../model/protocols';

/** The protocols in netpol-analyzer's text order (alphabetical). */
export const SORTED_PROTOCOLS: readonly Protocol[] = [...PROTOCOLS].sort();

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** An inclusive port range `[first, last]`. */
export type PortRange = [number, number];

export type ConnSet = Record<Protocol, PortRange[]>;

export function noConns(): ConnSet {
  return { SCTP: [], TCP: [], UDP: [] };
}

export function allConns(): ConnSet {
  return { SCTP: [[MIN_PORT, MAX_PORT]], TCP: [[MIN_PORT, MAX_PORT]], UDP: [[MIN_PORT, MAX_PORT]] };
}

function canonical(ranges: PortRange[]): PortRange[] {
  const clipped = ranges
    .map(([a, b]): PortRange => [Math.max(a, MIN_PORT), Math.min(b, MAX_PORT)])
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  const out: PortRange[] = [];
  for (const r of clipped) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** One protocol's ports (a canonical copy of `ranges`), nothing else. */
export function connsOf(protocol: Protocol, ranges: PortRange[]): ConnSet {
  const c = noConns();
  c[protocol] = canonical(ranges);
  return c;
}

export function unionConns(a: ConnSet, b: ConnSet): ConnSet {
  const c = noConns();
  for (const p of SORTED_PROTOCOLS) c[p] = canonical([...a[p], ...b[p]]);
  return c;
}

function intersectRanges(a: PortRange[], b: PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  for (const x of a) {
    for (const y of b) {
      const lo = Math.max(x[0], y[0]);
      const hi = Math.min(x[1], y[1]);
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return canonical(out);
}

export function intersectConns(a: ConnSet, b: ConnSet): ConnSet {
  const c = noConns();
  for (const p of SORTED_PROTOCOLS) c[p] = intersectRanges(a[p], b[p]);
  return c;
}

function subtractRanges(a: PortRange[], b: PortRange[]): PortRange[] {
  let rest = a.map(([x, y]): PortRange => [x, y]);
  for (const [lo, hi] of b) {
    rest = rest.flatMap(([x, y]): PortRange[] => {
      if (hi < x || lo > y) return [[x, y]];
      const keep: PortRange[] = [];
      if (x < lo) keep.push([x, lo - 1]);
      if (y > hi) keep.push([hi + 1, y]);
      return keep;
    });
  }
  return rest;
}

/** The connections of `a` that are not in `b`. */
export function subtractConns(a: ConnSet, b: ConnSet): ConnSet {
  const c = noConns();
  for (const p of SORTED_PROTOCOLS) c[p] = subtractRanges(a[p], b[p]);
  return c;
}

export function isNoConns(c: ConnSet): boolean {
  return SORTED_PROTOCOLS.every((p) => c[p].length === 0);
}

function isWhole(ranges: PortRange[]): boolean {
  return ranges.length === 1 && ranges[0]![0] === MIN_PORT && ranges[0]![1] === MAX_PORT;
}

export function isAllConns(c: ConnSet): boolean {
  return SORTED_PROTOCOLS.every((p) => isWhole(c[p]));
}

export function connsContain(c: ConnSet, protocol: string, port: number): boolean {
  if (!isProtocol(protocol)) return false;
  return c[protocol].some(([a, b]) => a <= port && port <= b);
}

/**
 * netpol-analyzer's connection string: "All Connections", "No Connections", or per protocol
 * (alphabetical) "PROTO p1,p2-p3" joined by ",", e.g. "SCTP 7070,TCP 8080-8081,UDP 9090".
 */
export function formatConns(c: ConnSet): string {
  if (isAllConns(c)) return 'All Connections';
  const parts = SORTED_PROTOCOLS.filter((p) => c[p].length > 0).map(
    (p) => `${p} ${c[p].map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`,
  );
  return parts.length === 0 ? 'No Connections' : parts.join(',');
}
