/**
 * Names of IPs (DESIGN.md §5 "Names of IPs"): a DNS answer names the addresses it returned
 * from the answer's time to time + TTL; a flow that carries the name its destination was
 * resolved from (Hubble `destination_names`, Calico `dest_domains`) names that destination for
 * the flow's own time. Plain data; aggregate/names.ts keeps and merges them.
 */
import type { FlowRecord } from './flow';

/** One name → address pair seen at `time`, valid `ttl` seconds (null: the flow's own time). */
export interface DnsAnswer {
  name: string;
  ip: string;
  /** Seconds; null when the source gives none (a name carried by a flow). */
  ttl: number | null;
}

/** The times an address answered to a name, in one cluster (stored beside the aggregates). */
export interface IpName {
  cluster: string;
  ip: string;
  /** Lowercase, no trailing dot. */
  name: string;
  /** Validity intervals [from, to] in epoch ms, sorted and disjoint. */
  spans: [number, number][];
  /** Seen in an answer without a time: it names the address at any time. */
  untimed?: boolean;
}

/**
 * How far outside an answer's validity a flow may still be named by it: the clocks of the DNS
 * capture and of the flow capture differ, and a connection may open just after a TTL ran out.
 */
export const NAME_SKEW_MS = 60_000;

/**
 * NOTE: RFC 2181 §8 — a TTL with its top bit set is read as 0; RFC 8767 §4 caps a usable TTL at
 * 7 days (604,800 s). Cilium reports 4294967295 on answers without a record (NXDOMAIN).
 */
const MAX_TTL_S = 604_800;

/** A TTL in seconds as a validity length in ms (0 for the RFC 2181 "top bit set" case). */
export function ttlMs(ttl: number | null): number {
  if (ttl === null || !Number.isFinite(ttl) || ttl < 0 || ttl > 0x7fffffff) return 0;
  return Math.min(ttl, MAX_TTL_S) * 1000;
}

/**
 * A DNS name as shown and compared: lowercase, without the trailing dot; null for what is no
 * host name (empty, a label over 63 or a name over 253 characters, spaces or control characters).
 */
export function normalizeName(raw: string): string | null {
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  if (name === '' || name.length > 253) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(name)) return null;
  if (name.split('.').some((l) => l === '' || l.length > 63)) return null;
  return name;
}

/**
 * Every answer a record carries: its DNS answers, and the names its own addresses were reached
 * by (Hubble `destination_names`/`source_names`, Calico `dest_domains`), valid for the flow.
 */
export function answersOfRecord(r: FlowRecord): DnsAnswer[] {
  // Most records carry none: no arrays for them (this runs on every record of a capture).
  if (r.answers === undefined && r.dst?.names === undefined && r.src?.names === undefined)
    return NO_ANSWERS;
  const out: DnsAnswer[] = r.answers ? [...r.answers] : [];
  for (const [meta, ip] of [
    [r.dst, r.dstIp],
    [r.src, r.srcIp],
  ] as const) {
    if (ip && meta?.names) for (const name of meta.names) out.push({ name, ip, ttl: null });
  }
  return out;
}

/** Shared, so frozen: a caller that added to it would throw rather than leak answers. */
const NO_ANSWERS: DnsAnswer[] = Object.freeze([]) as unknown as DnsAnswer[];
