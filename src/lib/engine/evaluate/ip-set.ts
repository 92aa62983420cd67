/**
 * IP addresses as numbers and sets of addresses as canonical interval lists (bigint, so IPv4
 * and IPv6 share one algebra). Owns parsing of addresses and CIDRs for the evaluator; an
 * `IpSet` is plain data: the family plus sorted, disjoint, non-adjacent inclusive spans.
 */
import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

export interface IpSpan {
  start: bigint;
  end: bigint;
}

export interface IpSet {
  family: IpFamily;
  spans: IpSpan[];
}

export interface IpAddress {
  family: IpFamily;
  value: bigint;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

function bytesToBigint(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** A strict dotted-quad IPv4 or an IPv6 address (IPv4-mapped IPv6 stays IPv6); null if invalid. */
export function parseIp(text: string): IpAddress | null {
  const s = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) {
    return { family: 4, value: bytesToBigint(ipaddr.IPv4.parse(s).toByteArray()) };
  }
  if (s.includes(':') && ipaddr.IPv6.isValid(s)) {
    return { family: 6, value: bytesToBigint(ipaddr.IPv6.parse(s).toByteArray()) };
  }
  return null;
}

/** The addresses of a CIDR (host bits ignored, as the apiserver's parser does); null if invalid. */
export function parseCidr(text: string): IpSet | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const addr = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1).trim();
  if (!addr || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const bits = BITS[addr.family];
  if (prefix > bits) return null;
  const hostBits = BigInt(bits - prefix);
  const start = (addr.value >> hostBits) << hostBits;
  return { family: addr.family, spans: [{ start, end: start + (1n << hostBits) - 1n }] };
}

export function fullSet(family: IpFamily): IpSet {
  return { family, spans: [{ start: 0n, end: (1n << BigInt(BITS[family])) - 1n }] };
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

export function contains(set: IpSet, ip: IpAddress): boolean {
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
  const bytes: number[] = [];
  for (let i = BITS[family] / 8 - 1; i >= 0; i--)
    bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** `a.b.c.d-w.x.y.z` per span, joined by `, ` (netpol-analyzer's `ToIPRanges`). */
export function formatRanges(set: IpSet): string {
  return set.spans
    .map((s) => `${formatIp(set.family, s.start)}-${formatIp(set.family, s.end)}`)
    .join(', ');
}
