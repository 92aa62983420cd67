/**
 * Why an IP is unresolved (classify/explain.ts), against the bundled bookinfo dump: node
 * kind-control-plane holds pod CIDR 10.244.0.0/24 and address 172.19.0.3, productpage's pod had
 * 10.244.0.177 from 09:00 UTC; the Services sit at 10.96.0.20–23 and kube-dns at 10.96.0.10.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyContext } from '../../../../src/lib/engine/classify/index';
import {
  ipExplainer,
  sortedByValue,
  type Known,
} from '../../../../src/lib/engine/classify/explain';
import { buildInventory, parseMetadataText } from '../../../../src/lib/engine/inventory/index';
import { addressValue, parseIpLenient } from '../../../../src/lib/engine/model/address';
import { emptyInventory, type Inventory, type PodInfo } from '../../../../src/lib/engine/model/k8s';

const DUMP = new URL('../../../../static/samples/bookinfo-kind_cluster-dump.json', import.meta.url);
const inventory = buildInventory(
  parseMetadataText(readFileSync(DUMP, 'utf8'), 'dump.json').objects,
  'kind',
).inventory;
const START = Date.parse('2021-11-10T09:00:00Z');

function explain(ip: string, first = START + 60_000, last = START + 120_000, cidrs: string[] = []) {
  const aliases = [{ cidr: '203.0.113.0/24', name: 'partner-net' }];
  return ipExplainer(inventory, classifyContext(inventory, cidrs, aliases), cidrs).explain(
    ip,
    first,
    last,
  );
}

describe('why an IP is unresolved', () => {
  it('names the pod CIDR and its node, that no pod had the IP, and the nearest known object', () => {
    expect(explain('10.244.0.178')).toBe(
      'internal: inside 10.244.0.0/24, the pod CIDR of node kind-control-plane; ' +
        'no pod had this IP during the capture; ' +
        'nearest known: pod bookinfo/productpage-v1-6b746f74dc-9rcxx (10.244.0.177)',
    );
  });

  it('says which pod had the IP and when, and whether that was while the traffic ran', () => {
    expect(explain('10.244.0.177', START - 7_200_000, START - 3_600_000)).toBe(
      'internal: inside 10.244.0.0/24, the pod CIDR of node kind-control-plane; ' +
        'pod bookinfo/productpage-v1-6b746f74dc-9rcxx had this IP from 2021-11-10 09:00:00 UTC ' +
        'to the dump, not while this traffic ran',
    );
  });

  it('names the private range outside every pod and cluster CIDR, or the cluster CIDR', () => {
    expect(explain('10.128.0.4')).toMatch(
      /^unknown: inside 10\.0\.0\.0\/8 \(private\), outside every pod CIDR and cluster CIDR; no pod had this IP during the capture; nearest known: Service bookinfo\/reviews \(10\.96\.0\.23\)$/,
    );
    expect(explain('10.128.0.4', undefined, undefined, ['10.128.0.0/16'])).toMatch(
      /^internal: inside 10\.128\.0\.0\/16, a cluster CIDR of the settings;/,
    );
  });

  it('says public space and an alias with the class it would have without it', () => {
    expect(explain('8.8.8.8')).toMatch(
      /^external: a public address \(in no private or reserved range\);/,
    );
    expect(explain('203.0.113.9')).toMatch(
      /^aliased: partner-net \(203\.0\.113\.0\/24\), else unknown: inside 203\.0\.113\.0\/24 \(reserved\),/,
    );
  });
});

describe('reasons remembered per inventory and cluster CIDRs', () => {
  const ask = (inv: typeof inventory, aliases: { cidr: string; name: string }[], cidrs: string[]) =>
    ['203.0.113.9', '10.128.0.4', '10.244.0.177', '8.8.8.8'].map((ip) =>
      ipExplainer(inv, classifyContext(inv, cidrs, aliases), cidrs).explain(ip, START, START + 1),
    );

  it('follow an alias saved or removed and the cluster CIDRs, as a fresh inventory gives', () => {
    const steps: [{ cidr: string; name: string }[], string[]][] = [
      [[], []],
      [[{ cidr: '203.0.113.0/24', name: 'partner' }], []],
      [[{ cidr: '8.8.8.0/24', name: 'dns' }], ['10.128.0.0/16']],
      [[], ['10.128.0.0/16']],
      [[], []],
    ];
    const seen = new Set<string>();
    for (const [aliases, cidrs] of steps) {
      const warm = ask(inventory, aliases, cidrs);
      expect(warm).toEqual(ask(structuredClone(inventory), aliases, cidrs));
      seen.add(warm.join('\n'));
    }
    // Each step changed some reason: the memo was asked to follow every change.
    expect(seen.size).toBe(4);
  });
  it('an IPv6 address in a special range of one CIDR (unique local, link local) has its reason', () => {
    // ipaddr lists such a range as one [address, prefix] pair, not a list of them.
    expect(explain('fd00::1')).toMatch(/^unknown: inside fc00::\/7 \(uniqueLocal\), outside every/);
    expect(explain('fe80::1')).toMatch(/^unknown: inside fe80::\/10 \(linkLocal\), outside every/);
    expect(explain('2001:db8::1')).toMatch(/^unknown: inside 2001:db8::\/32 \(reserved\), /);
  });
});

describe('the known addresses the reasons are read from', () => {
  // Dotted quads are read without ipaddr (one pass, explain.ts); any other text through it.
  const pod = (name: string, ips: string[], hostNetwork = false): PodInfo => ({
    namespace: 'ns',
    name,
    ips,
    hostNetwork,
    labels: {},
    owner: { kind: 'Pod', name },
    ownerChain: [],
    containerPorts: [],
  });
  const octet = fc.constantFrom(0, 1, 9, 10, 99, 100, 200, 254, 255);
  const quad = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
  // Texts a pod's IP may have that are not its canonical text, each with the address it reads as.
  const lenient = fc.oneof(
    quad.map((q) => ` ${q}`),
    quad.map((q) => `::ffff:${q}`),
    fc.constantFrom('2001:db8:0:0:0:0:0:1', '2001:db8::9', 'fd00::0001', '10.0.0.01', 'x'),
  );

  /** The reference: every address parsed by ipaddr, the nearest by value (ties: the lower). */
  function reference(pods: PodInfo[], ip: string): string {
    const asked = parseIpLenient(ip)!;
    const had = pods.filter((p) =>
      p.ips.some((t) => parseIpLenient(t)?.toString() === asked.toString()),
    );
    if (had.length > 0) return `pod ns/${had[0]!.name}`;
    let best: { d: bigint; v: bigint; text: string; name: string } | null = null;
    for (const p of pods) {
      if (p.hostNetwork) continue;
      for (const t of p.ips) {
        const a = parseIpLenient(t);
        if (!a || a.kind() !== asked.kind()) continue;
        const v = addressValue(a);
        const x = addressValue(asked);
        const d = v < x ? x - v : v - x;
        if (!best || d < best.d || (d === best.d && v < best.v))
          best = { d, v, text: a.toString(), name: p.name };
      }
    }
    return best ? `nearest known: pod ns/${best.name} (${best.text})` : 'no nearest';
  }

  it("are ipaddr's addresses, whatever text each pod's IP has", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(quad, quad, lenient), { minLength: 1, maxLength: 2 }), {
          minLength: 1,
          maxLength: 30,
        }),
        quad,
        (ipLists, asked) => {
          const inv: Inventory = {
            ...emptyInventory('c'),
            // Distinct values, so that the nearest is one (equal ones: the first listed).
            pods: ipLists.map((ips, i) => pod(`p${i}`, ips, i % 7 === 6)),
          };
          const byValue = new Map<string, number>();
          for (const p of inv.pods)
            for (const t of p.ips) {
              const a = parseIpLenient(t)?.toString();
              if (a !== undefined && !p.hostNetwork) byValue.set(a, (byValue.get(a) ?? 0) + 1);
            }
          fc.pre([...byValue.values()].every((n) => n === 1));
          const why = ipExplainer(inv, classifyContext(inv, [], []), []).explain(asked, 0, 1);
          const want = reference(inv.pods, asked);
          if (want.startsWith('pod ')) expect(why).toContain(`; ${want} had this IP from`);
          else if (want === 'no nearest') expect(why).not.toContain('nearest known');
          else expect(why).toContain(`; ${want}`);
        },
      ),
      { seed: 15, numRuns: 400 },
    );
  });
});

describe('the known addresses sorted by value', () => {
  /** v4 values from a small set (ties, the ends of the range), some entries IPv6 (no number). */
  const entries = fc.array(
    fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(0, 1, 167772161, 167772162, 2 ** 32 - 1) },
      { weight: 1, arbitrary: fc.constantFrom(-1) },
    ),
    { maxLength: 60 },
  );
  const known = (values: number[]): Known[] =>
    values.map((v, i) => ({
      value: v < 0 ? (1n << 100n) - BigInt(i % 3) : BigInt(v),
      family: v < 0 ? 6 : 4,
      ip: String(i),
      kind: 'pod',
      owner: { name: `p${i}` },
    }));

  it('keeps the stable comparator sort’s order, packed or not', () => {
    fc.assert(
      fc.property(entries, fc.boolean(), (values, allV4) => {
        const numbers = allV4 ? values.map((v) => (v < 0 ? 7 : v)) : values;
        const list = known(numbers);
        const expected = [...list].sort((a, b) =>
          a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
        );
        expect(sortedByValue([...list], numbers)).toEqual(expected);
        expect(sortedByValue([...list], numbers).map((k) => k.ip)).toEqual(
          expected.map((k) => k.ip),
        );
      }),
    );
  });
});
