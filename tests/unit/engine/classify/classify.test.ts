import { describe, expect, it } from 'vitest';
import {
  aliasFor,
  cidrContains,
  classifyContext,
  classifyIp,
  normalizeIp,
  parseAliasArg,
  parseCidrLenient as parseCidr,
} from '../../../../src/lib/engine/classify/index';
import { buildInventory, parseMetadataText } from '../../../../src/lib/engine/inventory/index';
import type { Inventory } from '../../../../src/lib/engine/model/k8s';
import { inventoryOf, SERVICES_DUMP } from '../inventory/fixtures';

describe('parseCidr / cidrContains / normalizeIp', () => {
  it('parses IPv4 and IPv6 CIDRs into canonical network form', () => {
    expect(parseCidr('10.1.2.3/16')?.cidr).toBe('10.1.0.0/16');
    expect(parseCidr('2001:DB8::1/32')?.cidr).toBe('2001:db8::/32');
    expect(parseCidr('192.168.49.2')?.cidr).toBe('192.168.49.2/32');
    expect(parseCidr('fd00::1')?.cidr).toBe('fd00::1/128');
    expect(parseCidr('::ffff:10.0.0.0/104')?.cidr).toBe('10.0.0.0/8');
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0/8',
      '010.0.0.1',
      'fd00::/129',
      'x/8',
      '1.2.3.4/8/8',
      '',
    ]) {
      expect(parseCidr(bad)).toBeNull();
    }
  });

  it('tells whether an address or a CIDR lies inside a CIDR', () => {
    expect(cidrContains('10.244.0.0/16', '10.244.120.66')).toBe(true);
    expect(cidrContains('10.244.0.0/16', '10.245.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '10.1.0.0/16')).toBe(true);
    expect(cidrContains('10.1.0.0/16', '10.0.0.0/8')).toBe(false);
    expect(cidrContains('fd00:10:244::/56', 'fd00:10:244:0:ff::1')).toBe(true);
    expect(cidrContains('fd00:10:244::/56', 'fd00:10:245::1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '::ffff:10.2.3.4')).toBe(true);
    expect(cidrContains('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(cidrContains('bogus', '10.0.0.1')).toBe(false);
  });

  it('normalises IPv6 text and unwraps IPv4-mapped addresses', () => {
    expect(normalizeIp('2001:0DB8:0:0::1')).toBe('2001:db8::1');
    expect(normalizeIp('::ffff:172.17.0.2')).toBe('172.17.0.2');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('not-an-ip')).toBe('not-an-ip');
  });
});

describe('classifyIp', () => {
  const minikube = inventoryOf(...SERVICES_DUMP);
  const withNode = (): Inventory => {
    const objs = parseMetadataText(
      `kind: Node
metadata: {name: n1}
spec: {podCIDRs: [10.244.0.0/24, "fd00:10:244::/64"]}
status: {addresses: [{type: InternalIP, address: 192.168.49.2}, {type: ExternalIP, address: 34.120.5.6}]}
`,
      'synthetic-node.yaml',
    ).objects;
    return buildInventory(objs, 'c').inventory;
  };

  it('counts exact Service clusterIPs and node addresses as internal, not their neighbours', () => {
    const ctx = classifyContext(minikube, [], []);
    expect(classifyIp(ctx, '10.96.0.10')).toBe('internal');
    expect(classifyIp(ctx, '10.96.0.11')).toBe('unknown');
    expect(classifyIp(ctx, '192.168.49.2')).toBe('internal');
    expect(classifyIp(ctx, '192.168.49.3')).toBe('unknown');
  });

  it('counts pod CIDRs (node spec and user cluster CIDRs) as internal', () => {
    const node = classifyContext(withNode(), [], []);
    expect(classifyIp(node, '10.244.0.77')).toBe('internal');
    expect(classifyIp(node, '10.244.1.77')).toBe('unknown');
    expect(classifyIp(node, 'fd00:10:244::5')).toBe('internal');
    expect(classifyIp(node, '34.120.5.6')).toBe('internal');
    const user = classifyContext(minikube, ['172.17.0.0/16', 'garbage'], []);
    expect(classifyIp(user, '172.17.0.4')).toBe('internal');
    expect(classifyIp(classifyContext(minikube, [], []), '172.17.0.4')).toBe('unknown');
  });

  it('classifies public addresses as external and private/reserved ones as unknown', () => {
    const ctx = classifyContext(minikube, [], []);
    expect(classifyIp(ctx, '8.8.8.8')).toBe('external');
    expect(classifyIp(ctx, '2606:4700:4700::1111')).toBe('external');
    for (const ip of [
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '127.0.0.1',
      '192.0.2.1',
      'fd12::1',
      'fe80::1',
      '2001:db8::1',
      'nonsense',
    ]) {
      expect([ip, classifyIp(ctx, ip)]).toEqual([ip, 'unknown']);
    }
  });
});

describe('aliases', () => {
  const inv = inventoryOf(...SERVICES_DUMP);

  it('parses CIDR=NAME arguments', () => {
    expect(parseAliasArg('10.20.0.0/16=corp-proxy')).toEqual({
      cidr: '10.20.0.0/16',
      name: 'corp-proxy',
    });
    expect(parseAliasArg('203.0.113.9=vault')).toEqual({ cidr: '203.0.113.9/32', name: 'vault' });
    expect(parseAliasArg('2001:db8::/48=lab v6')).toEqual({
      cidr: '2001:db8::/48',
      name: 'lab v6',
    });
    expect(parseAliasArg('10.20.0.0/16')).toHaveProperty('error');
    expect(parseAliasArg('10.20.0.0/99=x')).toHaveProperty('error');
    expect(parseAliasArg('10.20.0.0/16=')).toHaveProperty('error');
  });

  it('names an address by its most specific alias, the later one for the same CIDR', () => {
    const ctx = classifyContext(
      inv,
      [],
      [
        { cidr: '10.0.0.0/8', name: 'corp' },
        { cidr: '10.20.30.0/24', name: 'db-subnet' },
        { cidr: '10.20.0.0/16', name: 'dc-east' },
        { cidr: '2001:db8::/32', name: 'v6-lab' },
        { cidr: '10.20.0.0/16', name: 'dc-east-renamed' },
      ],
    );
    expect(aliasFor(ctx, '10.20.30.4')?.name).toBe('db-subnet');
    expect(aliasFor(ctx, '10.20.31.4')?.name).toBe('dc-east-renamed');
    expect(aliasFor(ctx, '10.99.0.1')?.name).toBe('corp');
    expect(aliasFor(ctx, '2001:db8:1::5')?.name).toBe('v6-lab');
    expect(aliasFor(ctx, '8.8.8.8')).toBeNull();
    expect(aliasFor(ctx, 'junk')).toBeNull();
  });
});
