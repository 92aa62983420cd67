/**
 * Names of IPs (DESIGN.md §5): DNS answers from Hubble L7 events, Zeek dns.log and DNS
 * responses in captures name addresses for their TTL; NXDOMAIN (search-path tries) and empty
 * answers name nothing; names merge like aggregates and name an IP peer only while valid.
 */
import { describe, expect, it } from 'vitest';
import {
  addAnswers,
  createNameIndex,
  finishNames,
  mergeNames,
  nameLookup,
} from '../../../../src/lib/engine/aggregate/names';
import { readInput } from '../../../../src/lib/engine/formats/index';
import { dnsAnswers } from '../../../../src/lib/engine/formats/dns-wire';
import type { DnsAnswer } from '../../../../src/lib/engine/model/names';
import { NAME_SKEW_MS, normalizeName, ttlMs } from '../../../../src/lib/engine/model/names';
import { fixtureBytes, fixtureText, streamOf, utf8 } from '../formats/fixtures';

interface Seen {
  answers: DnsAnswer[];
  time: number | null;
}

async function answersOf(
  bytes: Uint8Array,
  name = 'input',
): Promise<{ seen: Seen[]; records: number; format: string | null }> {
  const seen: Seen[] = [];
  let records = 0;
  const r = await readInput(streamOf(bytes, 500), name, {
    onRecord: () => void records++,
    onAnswers: (answers, time) => seen.push({ answers, time }),
  });
  return { seen, records, format: r.format };
}

const names = (seen: Seen[]): string[] =>
  [...new Set(seen.flatMap((s) => s.answers.map((a) => `${a.name} ${a.ip} ${a.ttl}`)))].sort();

describe('DNS answers in Hubble L7 events (hubble-otel samples)', () => {
  it('search-path NXDOMAIN answers name nothing', async () => {
    const { seen } = await answersOf(
      fixtureBytes('hubble/hubble-otel_basic-sample-5-dns-flows.json'),
    );
    expect(seen).toEqual([]);
  });

  it('answered queries name their addresses, replies dropped or kept, through the byte reader too', async () => {
    const bytes = fixtureBytes(
      '../analyze/hubble-kind-bookinfo/hubble-otel_basic-sample-400-udp-flows.json',
    );
    const { seen } = await answersOf(bytes);
    expect(seen.length).toBe(37);
    expect(
      [...new Set(seen.flatMap((s) => s.answers.map((a) => `${a.name} ${a.ip}`)))].sort(),
    ).toEqual([
      'details.bookinfo.svc.cluster.local. 10.245.111.254',
      'productpage.bookinfo.svc.cluster.local. 10.245.218.54',
      'reviews.bookinfo.svc.cluster.local. 10.245.173.99',
    ]);
    const idx = createNameIndex();
    for (const s of seen) addAnswers(idx, 'c', s.answers, s.time);
    expect(finishNames(idx).map((n) => n.name)).toEqual([
      'details.bookinfo.svc.cluster.local',
      'reviews.bookinfo.svc.cluster.local',
      'productpage.bookinfo.svc.cluster.local',
    ]);
  });
});

describe('names carried by flows', () => {
  it('Calico Enterprise dest_domains name the destination for the flow interval', async () => {
    const line = JSON.parse(
      fixtureText('calico-ee/flows-observability-clinic.log').split('\n')[0]!,
    ) as Record<string, unknown>;
    const edited = {
      ...line,
      dest_ip: '203.0.113.7',
      dest_type: 'net',
      dest_domains: ['API.example.com.'],
    };
    const { seen } = await answersOf(utf8(JSON.stringify(edited) + '\n'));
    expect(seen).toEqual([
      {
        answers: [{ name: 'API.example.com.', ip: '203.0.113.7', ttl: null }],
        time: 1659621542000,
      },
    ]);
    const idx = createNameIndex();
    addAnswers(idx, 'c', seen[0]!.answers, 1659621542000, 1659621842000);
    expect(finishNames(idx)).toEqual([
      {
        cluster: 'c',
        ip: '203.0.113.7',
        name: 'api.example.com',
        spans: [[1659621542000, 1659621842000]],
      },
    ]);
  });
});

describe('Zeek dns.log', () => {
  it.each(['zeek-dns/dns-from-field-list.log', 'zeek-dns/dns-from-field-list.json.log'])(
    '%s: answers name their addresses, NXDOMAIN and empty answers nothing, no connection counted',
    async (file) => {
      const { seen, records, format } = await answersOf(fixtureBytes(file));
      expect(format).toBe('zeek-dns');
      expect(records).toBe(0);
      expect(names(seen)).toEqual([
        'upload.wikimedia.org 208.80.152.3 2156',
        'zeek.org 192.0.78.150 60',
        'zeek.org 192.0.78.212 60',
      ]);
    },
  );
});

describe('DNS responses in captures', () => {
  it('tm1t.pcap: the zeek.org answer names both addresses for 60 s', async () => {
    const { seen, records } = await answersOf(fixtureBytes('pcap/zeek-traces_dns_tm1t.pcap'));
    expect(records).toBe(1);
    expect(names(seen)).toEqual(['zeek.org 192.0.78.150 60', 'zeek.org 192.0.78.212 60']);
  });

  it('wikipedia.pcap: the names of the HTTP servers it then talks to', async () => {
    const { seen } = await answersOf(fixtureBytes('pcap/zeek-traces_wikipedia.pcap'));
    expect(names(seen)).toEqual([
      'meta.wikimedia.org 208.80.152.2 2141',
      'upload.wikimedia.org 208.80.152.3 2156',
    ]);
  });

  it('a built capture: UDP and TCP 53, CNAME chains, AAAA, NXDOMAIN and a pointer loop', async () => {
    const { seen } = await answersOf(buildCapture(), 'built.pcap');
    expect(names(seen)).toEqual([
      'api.example.com 2001:db8::7 300',
      'api.example.com 203.0.113.7 120',
      'cdn.example.net 198.51.100.9 30',
    ]);
  });
});

describe('names kept beside the aggregates', () => {
  const t0 = Date.UTC(2026, 0, 1);
  const a: DnsAnswer = { name: 'API.Example.com.', ip: '203.0.113.7', ttl: 60 };

  it('normalise names: lowercase, no trailing dot, no junk', () => {
    expect(normalizeName('API.Example.com.')).toBe('api.example.com');
    expect(normalizeName('')).toBeNull();
    expect(normalizeName('a..b')).toBeNull();
    expect(normalizeName('bad name')).toBeNull();
    expect(ttlMs(4294967295)).toBe(0);
    expect(ttlMs(30)).toBe(30_000);
    expect(ttlMs(10_000_000)).toBe(604_800_000);
  });

  it('an answer names its address from its time to time + TTL (± skew), not after', () => {
    const idx = createNameIndex();
    addAnswers(idx, 'c', [a], t0);
    const look = nameLookup(finishNames(idx), 'c');
    expect(look('203.0.113.7', t0 + 10_000, t0 + 20_000)).toEqual(['api.example.com']);
    expect(look('203.0.113.7', t0 + 60_000 + NAME_SKEW_MS - 1, t0 + 200_000)).toEqual([
      'api.example.com',
    ]);
    expect(look('203.0.113.7', t0 + 60_000 + NAME_SKEW_MS + 1, t0 + 200_000)).toEqual([]);
    expect(look('203.0.113.7', null, null)).toEqual(['api.example.com']);
    expect(look('203.0.113.8', t0, t0)).toEqual([]);
    expect(nameLookup(finishNames(idx), 'other')('203.0.113.7', t0, t0)).toEqual([]);
  });

  it('merging is commutative and associative; spans that touch join', () => {
    const lists = [0, 1, 2].map((i) => {
      const idx = createNameIndex();
      addAnswers(idx, 'c', [a], t0 + i * 90_000);
      addAnswers(
        idx,
        'c',
        [{ name: 'other.example', ip: '203.0.113.7', ttl: 5 }],
        t0 + i * 3_600_000,
      );
      return finishNames(idx);
    });
    const ab_c = mergeNames(mergeNames(lists[0]!, lists[1]!), lists[2]!);
    const c_ba = mergeNames(lists[2]!, mergeNames(lists[1]!, lists[0]!));
    expect(ab_c).toEqual(c_ba);
    const api = ab_c.find((n) => n.name === 'api.example.com')!;
    expect(api.spans).toEqual([[t0, t0 + 180_000 + 60_000]]);
    expect(ab_c.find((n) => n.name === 'other.example')!.spans).toHaveLength(3);
  });
});

// ---- a capture built byte by byte (raw IPv4 link type 101) ----

function nameBytes(name: string): number[] {
  return [
    ...name.split('.').flatMap((l) => [l.length, ...Array.from(l, (c) => c.charCodeAt(0))]),
    0,
  ];
}
const u16 = (n: number): number[] => [n >> 8, n & 0xff];
const u32 = (n: number): number[] => [...u16(Math.floor(n / 65536)), ...u16(n % 65536)];

/** A DNS response: one question, then answer records [owner bytes, type, ttl, rdata]. */
function dnsMessage(
  rcode: number,
  question: string,
  answers: [number[], number, number, number[]][],
): number[] {
  return [
    ...u16(0x1234),
    ...u16(0x8180 | rcode),
    ...u16(1),
    ...u16(answers.length),
    ...u16(0),
    ...u16(0),
    ...nameBytes(question),
    ...u16(1),
    ...u16(1),
    ...answers.flatMap(([owner, type, ttl, rdata]) => [
      ...owner,
      ...u16(type),
      ...u16(1),
      ...u32(ttl),
      ...u16(rdata.length),
      ...rdata,
    ]),
  ];
}

function ipv4Packet(proto: number, l4: number[]): number[] {
  const total = 20 + l4.length;
  return [0x45, 0, ...u16(total), 0, 0, 0, 0, 64, proto, 0, 0, 10, 96, 0, 10, 10, 244, 1, 7, ...l4];
}
const udp53 = (msg: number[]): number[] =>
  ipv4Packet(17, [...u16(53), ...u16(40000), ...u16(8 + msg.length), 0, 0, ...msg]);
const tcp53 = (msg: number[]): number[] =>
  ipv4Packet(6, [
    ...u16(53),
    ...u16(40001),
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    1,
    0x50,
    0x18,
    0xff,
    0xff,
    0,
    0,
    0,
    0,
    ...u16(msg.length),
    ...msg,
  ]);

function buildCapture(): Uint8Array {
  const q = 12; // offset of the question name: a pointer to it is 0xc0 0x0c
  const pointer = (at: number): number[] => [0xc0 | (at >> 8), at & 0xff];
  const apiLen = nameBytes('api.example.com').length;
  // api.example.com CNAME edge.example.net (its answer record at q + apiLen + 4), A via the chain.
  const cnameOwnerAt = q + apiLen + 4;
  const chain = dnsMessage(0, 'api.example.com', [
    [pointer(q), 5, 300, nameBytes('edge.example.net')],
    [pointer(cnameOwnerAt + 12), 1, 120, [203, 0, 113, 7]],
    [nameBytes('unrelated.example'), 1, 999, [192, 0, 2, 99]],
  ]);
  const aaaa = dnsMessage(0, 'api.example.com', [
    [pointer(q), 28, 300, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]],
  ]);
  const nx = dnsMessage(3, 'api.example.com.default.svc.cluster.local', [
    [pointer(q), 1, 5, [10, 0, 0, 1]],
  ]);
  const loop = [
    ...dnsMessage(0, 'x.example', []).slice(0, 6),
    ...u16(1),
    ...u16(0),
    ...u16(0),
    0xc0,
    12,
    0,
    1,
    0,
    1,
  ];
  const cdn = dnsMessage(0, 'cdn.example.net', [[pointer(q), 1, 30, [198, 51, 100, 9]]]);
  const packets = [udp53(chain), udp53(aaaa), udp53(nx), udp53(loop), tcp53(cdn)];
  const out: number[] = [
    0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 101, 0, 0, 0,
  ];
  packets.forEach((p, i) => {
    const le32 = (n: number): number[] => [
      n & 0xff,
      (n >> 8) & 0xff,
      (n >> 16) & 0xff,
      (n >>> 24) & 0xff,
    ];
    out.push(...le32(1767225600 + i), ...le32(0), ...le32(p.length), ...le32(p.length), ...p);
  });
  return new Uint8Array(out);
}

describe('dns-wire on its own', () => {
  it('a query (QR clear) and a truncated message give nothing', () => {
    const msg = dnsMessage(0, 'a.example', [[[0xc0, 12], 1, 5, [192, 0, 2, 1]]]);
    expect(dnsAnswers(new Uint8Array(msg))).toEqual([
      { name: 'a.example', ip: '192.0.2.1', ttl: 5 },
    ]);
    const query = [...msg];
    query[2] = 0x01;
    expect(dnsAnswers(new Uint8Array(query))).toEqual([]);
    expect(dnsAnswers(new Uint8Array(msg.slice(0, msg.length - 2)))).toEqual([]);
  });
});
