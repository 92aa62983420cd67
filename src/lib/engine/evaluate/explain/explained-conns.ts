/**
 * Connection sets that carry, for every protocol and port, whether it is in the set and the
 * reasons why (explain/reasons.ts). A set is either uniform (no protocol listed: all or
 * nothing, with common reasons) or explicit per protocol (segments covering 1..65535).
 *
 * NOTE: the operations mutate their first argument — and union/intersection also make the
 * second one explicit — because netpol-analyzer's explanations depend on when a set stops
 * being uniform (a uniform "all" subtracted replaces every reason, an explicit one only the
 * ports it covers). Callers copy what they must keep.
 */
import {
  allConns,
  connsOf,
  MAX_PORT,
  MIN_PORT,
  noConns,
  SORTED_PROTOCOLS,
  unionConns,
  type ConnSet,
  type Protocol,
} from '../conn-set';
import { combine, NO_REASONS, reasonsKey, withResult, type Collect, type Reasons } from './reasons';

export interface Segment {
  start: number;
  end: number;
  in: boolean;
  why: Reasons;
}

export interface ExplainedConns {
  all: boolean;
  /** Explicit protocols; empty: the set is uniform (`all`, with `common` reasons). */
  protos: Map<Protocol, Segment[]>;
  common: Reasons;
}

export function uniform(all: boolean, why: Reasons = NO_REASONS): ExplainedConns {
  return { all, protos: new Map(), common: why };
}

export function wholeRange(inSet: boolean, why: Reasons): Segment[] {
  return [{ start: MIN_PORT, end: MAX_PORT, in: inSet, why }];
}

export function copyConns(c: ExplainedConns): ExplainedConns {
  return {
    all: c.all,
    protos: new Map([...c.protos].map(([p, s]) => [p, [...s]])),
    common: c.common,
  };
}

function coalesce(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (last && last.in === s.in && reasonsKey(last.why) === reasonsKey(s.why)) {
      out[out.length - 1] = { ...last, end: s.end };
    } else out.push(s);
  }
  return out;
}

type Point = Pick<Segment, 'in' | 'why'>;

/** Applies `f` at every port of two segment lists (both cover the whole range). */
function zip(a: Segment[], b: Segment[], f: (x: Point, y: Point) => Point): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let j = 0;
  let start = MIN_PORT;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const end = Math.min(x.end, y.end);
    const v = f(x, y);
    out.push({ start, end, in: v.in, why: v.why });
    start = end + 1;
    if (x.end === end) i++;
    if (y.end === end) j++;
  }
  return coalesce(out);
}

/** `r` set again to `v`: takes v's inclusion, reasons combined as `c` says. */
function setTo(r: Point, v: Point, c: Collect): Point {
  return { in: v.in, why: combine(r.why, v.why, r.in === v.in, c) };
}

const EMPTY_POINT: Point = { in: false, why: NO_REASONS };

function unionPorts(a: Segment[], b: Segment[], c: Collect): Segment[] {
  // Holes first, then members: the union keeps every member and the reasons of both.
  return zip(a, b, (x, y) => {
    let r = EMPTY_POINT;
    for (const v of [x, y]) if (!v.in) r = setTo(r, v, c);
    for (const v of [x, y]) if (v.in) r = setTo(r, v, c);
    return r;
  });
}

function intersectPorts(a: Segment[], b: Segment[]): Segment[] {
  return zip(a, b, (x, y) => {
    let r = EMPTY_POINT;
    for (const v of [x, y]) if (v.in) r = setTo(r, v, 'always');
    for (const v of [x, y]) if (!v.in) r = setTo(r, v, 'always');
    return r;
  });
}

function subtractPorts(a: Segment[], b: Segment[]): Segment[] {
  return zip(a, b, (x, y) => (y.in ? setTo(x, { in: false, why: y.why }, 'never') : x));
}

const hasIn = (segs: Segment[]) => segs.some((s) => s.in);
const isFull = (segs: Segment[] | undefined) => !!segs && segs.every((s) => s.in);

export function isEmptyConns(c: ExplainedConns): boolean {
  if (c.all) return false;
  return ![...c.protos.values()].some(hasIn);
}

/** Makes every protocol explicit (from the uniform value and reasons). */
function makeExplicit(c: ExplainedConns): void {
  for (const p of SORTED_PROTOCOLS)
    if (!c.protos.has(p)) c.protos.set(p, wholeRange(c.all, c.common));
  c.common = NO_REASONS;
}

function markAllIfFull(c: ExplainedConns): void {
  if (!c.all && SORTED_PROTOCOLS.every((p) => isFull(c.protos.get(p)))) c.all = true;
}

/** Adds `segs` to protocol `p` (a union that collects reasons when `p` is already there). */
export function addProtocol(c: ExplainedConns, p: Protocol, segs: Segment[]): void {
  const before = c.protos.get(p);
  c.protos.set(p, before ? unionPorts(before, segs, 'same') : [...segs]);
}

/** c ∪= o; reasons of ports whose inclusion is unchanged are collected only with `collectSame`. */
export function unionInto(c: ExplainedConns, o: ExplainedConns, collectSame: boolean): void {
  const style: Collect = collectSame ? 'same' : 'never';
  const simple = (x: ExplainedConns) => (isEmptyConns(x) || x.all) && x.protos.size === 0;
  if (simple(c) && simple(o)) {
    if (c.all && isEmptyConns(o)) return;
    c.common = combine(c.common, o.common, c.all === o.all, style);
    c.all = c.all || o.all;
    return;
  }
  // NOTE: netpol-analyzer skips a union with an empty set here, which leaves a wholly denied
  // side with no reason at all; the union keeps the reasons of the ports taken out. No golden
  // depends on the skip.
  makeExplicit(c);
  makeExplicit(o);
  for (const p of SORTED_PROTOCOLS)
    c.protos.set(p, unionPorts(c.protos.get(p)!, o.protos.get(p)!, style));
  markAllIfFull(c);
}

/** c ∩= o, collecting the reasons of both. */
export function intersectInto(c: ExplainedConns, o: ExplainedConns): void {
  if (c.protos.size === 0 && o.protos.size === 0) {
    if (isEmptyConns(o)) c.all = false;
    c.common = combine(c.common, o.common, true, 'always');
    return;
  }
  makeExplicit(c);
  makeExplicit(o);
  c.all = false;
  for (const p of SORTED_PROTOCOLS)
    c.protos.set(p, intersectPorts(c.protos.get(p)!, o.protos.get(p)!));
  markAllIfFull(c);
}

/** c −= o; the removed ports take o's reasons. */
export function subtractInto(c: ExplainedConns, o: ExplainedConns): void {
  if (isEmptyConns(o)) return;
  if (o.all && o.protos.size === 0) {
    c.common = combine(c.common, o.common, false, 'never');
    c.all = false;
    c.protos = new Map();
    return;
  }
  makeExplicit(c);
  c.all = false;
  for (const [p, segs] of c.protos) {
    const other = o.protos.get(p);
    if (other) c.protos.set(p, subtractPorts(segs, other));
  }
}

/** Drops every reason (the set itself is unchanged). */
export function clearReasons(c: ExplainedConns): void {
  c.common = NO_REASONS;
  for (const [p, segs] of c.protos)
    c.protos.set(p, coalesce(segs.map((s) => ({ ...s, why: NO_REASONS }))));
}

/** Records on every port whether the direction allows it. */
export function setDirectionResult(c: ExplainedConns, ingress: boolean): void {
  if (c.protos.size === 0) {
    c.common = withResult(c.common, c.all, ingress);
    return;
  }
  for (const [p, segs] of c.protos) {
    c.protos.set(p, coalesce(segs.map((s) => ({ ...s, why: withResult(s.why, s.in, ingress) }))));
  }
}

/** The set without its reasons. */
export function toConnSet(c: ExplainedConns): ConnSet {
  if (c.all) return allConns();
  let out = noConns();
  for (const [p, segs] of c.protos) {
    const ranges = segs.filter((s) => s.in).map((s): [number, number] => [s.start, s.end]);
    out = unionConns(out, connsOf(p, ranges));
  }
  return out;
}
