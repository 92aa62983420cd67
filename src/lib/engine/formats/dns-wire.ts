/**
 * DNS responses in captured packets (RFC 1035 §4): the question name names every A/AAAA
 * address its answer section reaches through CNAME records (RFC 1034 §3.6.2), for the
 * address record's TTL. Only successful responses (QR set, RCODE 0) name anything; a search-
 * path miss (NXDOMAIN) or an empty answer names nothing. Malformed messages give no answer.
 *
 * NOTE: hand-written rather than a DNS library: the npm ones (dns-packet) rely on Node's Buffer,
 * which the engine (browser and worker) does not have; this reads only the four fields it needs.
 */
import type { DnsAnswer } from '../model/names';
import { ipv4Text, ipv6Text } from './pcap-decode';

const TYPE_A = 1;
const TYPE_CNAME = 5;
const TYPE_AAAA = 28;
const CLASS_IN = 1;
/** Label and pointer steps while reading one name (a pointer loop ends here). */
const MAX_STEPS = 128;

const be16 = (d: Uint8Array, at: number): number => ((d[at] ?? 0) << 8) | (d[at + 1] ?? 0);
const be32 = (d: Uint8Array, at: number): number => be16(d, at) * 65536 + be16(d, at + 2);

/** A name at `at` (compression pointers followed): the name and where the field ends. */
function readName(d: Uint8Array, at: number): { name: string; end: number } | null {
  const labels: string[] = [];
  let p = at;
  let end = -1;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (p >= d.length) return null;
    const len = d[p] ?? 0;
    if (len === 0) return { name: labels.join('.').toLowerCase(), end: end < 0 ? p + 1 : end };
    if ((len & 0xc0) === 0xc0) {
      if (p + 1 >= d.length) return null;
      if (end < 0) end = p + 2;
      p = ((len & 0x3f) << 8) | (d[p + 1] ?? 0);
      continue;
    }
    if ((len & 0xc0) !== 0 || p + 1 + len > d.length) return null;
    labels.push(String.fromCharCode(...d.subarray(p + 1, p + 1 + len)));
    p += 1 + len;
  }
  return null;
}

interface DnsRecord {
  owner: string;
  type: number;
  ttl: number;
  /** A CNAME's target or an address's text. */
  value: string;
}

function readRecord(d: Uint8Array, at: number): { rec: DnsRecord | null; end: number } | null {
  const owner = readName(d, at);
  if (!owner || owner.end + 10 > d.length) return null;
  const p = owner.end;
  const type = be16(d, p);
  const cls = be16(d, p + 2);
  const ttl = be32(d, p + 4);
  const len = be16(d, p + 8);
  const data = p + 10;
  const end = data + len;
  if (end > d.length) return null;
  let value: string | null = null;
  if (cls === CLASS_IN && type === TYPE_A && len === 4) value = ipv4Text(d, data);
  else if (cls === CLASS_IN && type === TYPE_AAAA && len === 16) value = ipv6Text(d, data);
  else if (cls === CLASS_IN && type === TYPE_CNAME) value = readName(d, data)?.name ?? null;
  return { rec: value === null ? null : { owner: owner.name, type, ttl, value }, end };
}

/** The names a DNS message (UDP payload, or a TCP message without its length) gives addresses. */
export function dnsAnswers(d: Uint8Array): DnsAnswer[] {
  if (d.length < 12) return [];
  const flags = be16(d, 2);
  const qd = be16(d, 4);
  const an = be16(d, 6);
  if ((flags & 0x8000) === 0 || (flags & 0x000f) !== 0 || qd !== 1 || an === 0) return [];
  const question = readName(d, 12);
  if (!question || question.name === '') return [];
  let p = question.end + 4;
  const records: DnsRecord[] = [];
  for (let i = 0; i < an; i++) {
    const r = readRecord(d, p);
    if (!r) break;
    if (r.rec) records.push(r.rec);
    p = r.end;
  }
  // The chain from the question through CNAMEs (in any order, loops ignored).
  const chain = new Set([question.name]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of records) {
      if (r.type === TYPE_CNAME && chain.has(r.owner) && !chain.has(r.value)) {
        chain.add(r.value);
        grew = true;
      }
    }
  }
  return records
    .filter((r) => r.type !== TYPE_CNAME && chain.has(r.owner))
    .map((r) => ({ name: question.name, ip: r.value, ttl: r.ttl }));
}
