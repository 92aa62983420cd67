/**
 * Why an IP is unresolved (classify/explain.ts), against the bundled bookinfo dump: node
 * kind-control-plane holds pod CIDR 10.244.0.0/24 and address 172.19.0.3, productpage's pod had
 * 10.244.0.177 from 09:00 UTC; the Services sit at 10.96.0.20–23 and kube-dns at 10.96.0.10.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyContext } from '../../../../src/lib/engine/classify/index';
import { ipExplainer } from '../../../../src/lib/engine/classify/explain';
import { buildInventory, parseMetadataText } from '../../../../src/lib/engine/inventory/index';

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
