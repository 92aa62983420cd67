/**
 * Sets of addresses as canonical interval lists (bigint, so IPv4 and IPv6 share one algebra).
 * An `IpSet` is plain data: the family plus sorted, disjoint, non-adjacent inclusive spans.
 * Text is parsed by the one address module (model/address.ts): pod and node addresses as
 * captures and dumps write them, ipBlock CIDRs in the apiserver's strict syntax.
 */
import {
  addressBits,
  addressOfValue,
  addressValue,
  cidrSpan,
  familyOf,
  ipText,
  parseCidrStrict,
  parsedIp,
  type IpFamily,
} from '../model/address';

export type { IpFamily };

export interface IpSpan {
  start: bigint;
  end: bigint;
}

export interface IpSet {
  family: IpFamily;
  spans: IpSpan[];
}

/** One address as a number of its family. */
export interface IpValue {
  family: IpFamily;
  value: bigint;
}

/**
 * The address in `text` as a number; null when it is not an address. Read from the text's
 * parsedIp (parsed once per text: the rows' query has parsed a peer's already).
 */
export function ipValue(text: string): IpValue | null {
  const p = parsedIp(text);
  return p === null ? null : { family: familyOf(p.addr), value: addressValue(p.addr) };
}

const NO_ADDRESS: readonly IpValue[] = [];

/**
 * The address in `text` alone in a list (empty when it is not an address), made once per text
 * and kept with its parse: never mutate it.
 */
export function ipAddresses(text: string): readonly IpValue[] {
  const p = parsedIp(text);
  if (p === null) return NO_ADDRESS;
  return (p.values ??= [{ family: familyOf(p.addr), value: addressValue(p.addr) }]);
}

/** The addresses of a strict CIDR (host bits ignored, as the apiserver's parser does); null if invalid. */
export function cidrSet(text: string): IpSet | null {
  const c = parseCidrStrict(text);
  return c === null ? null : { family: c.family, spans: [cidrSpan(c)] };
}

export function fullSet(family: IpFamily): IpSet {
  return { family, spans: [{ start: 0n, end: (1n << BigInt(addressBits(family))) - 1n }] };
}

export function emptySet(family: IpFamily): IpSet {
  return { family, spans: [] };
}

function canonical(family: IpFamily, spans: IpSpan[]): IpSet {
  const sorted = [...spans].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: IpSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end + 1n) {
      if (s.end > last.end) last.end = s.end;
    } else out.push({ start: s.start, end: s.end });
  }
  return { family, spans: out };
}

export function union(a: IpSet, b: IpSet): IpSet {
  return canonical(a.family, [...a.spans, ...b.spans]);
}

export function intersect(a: IpSet, b: IpSet): IpSet {
  if (a.family !== b.family) return emptySet(a.family);
  const out: IpSpan[] = [];
  for (const x of a.spans) {
    for (const y of b.spans) {
      const start = x.start > y.start ? x.start : y.start;
      const end = x.end < y.end ? x.end : y.end;
      if (start <= end) out.push({ start, end });
    }
  }
  return canonical(a.family, out);
}

export function subtract(a: IpSet, b: IpSet): IpSet {
  if (a.family !== b.family) return a;
  let rest = a.spans;
  for (const hole of b.spans) {
    const next: IpSpan[] = [];
    for (const s of rest) {
      if (hole.end < s.start || hole.start > s.end) next.push(s);
      else {
        if (s.start < hole.start) next.push({ start: s.start, end: hole.start - 1n });
        if (s.end > hole.end) next.push({ start: hole.end + 1n, end: s.end });
      }
    }
    rest = next;
  }
  return { family: a.family, spans: rest };
}

export function isEmpty(a: IpSet): boolean {
  return a.spans.length === 0;
}

export function isSubset(a: IpSet, b: IpSet): boolean {
  if (isEmpty(a)) return true;
  return a.family === b.family && isEmpty(subtract(a, b));
}

export function contains(set: IpSet, ip: IpValue): boolean {
  return (
    set.family === ip.family && set.spans.some((s) => s.start <= ip.value && ip.value <= s.end)
  );
}

export function size(a: IpSet): bigint {
  return a.spans.reduce((n, s) => n + (s.end - s.start + 1n), 0n);
}

export function sameSet(a: IpSet, b: IpSet): boolean {
  return (
    a.family === b.family &&
    a.spans.length === b.spans.length &&
    a.spans.every((s, i) => s.start === b.spans[i]!.start && s.end === b.spans[i]!.end)
  );
}

export function formatIp(family: IpFamily, value: bigint): string {
  return ipText(addressOfValue(family, value));
}

/** `a.b.c.d-w.x.y.z` per span, joined by `, ` (netpol-analyzer's `ToIPRanges`). */
export function formatRanges(set: IpSet): string {
  return set.spans
    .map((s) => `${formatIp(set.family, s.start)}-${formatIp(set.family, s.end)}`)
    .join(', ');
}
