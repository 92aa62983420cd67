import { describe, expect, it } from 'vitest';
import { externalBlocks, referencedBlocks } from '../../../../src/lib/engine/evaluate/ip-partition';
import { formatRanges } from '../../../../src/lib/engine/evaluate/ip-set';
import { netpol } from './builders';

const labels = (sets: ReturnType<typeof externalBlocks>) => sets.map(formatRanges).sort();

describe('external blocks (netpol-analyzer DisjointIPBlocks)', () => {
  it('without ipBlocks, the whole IPv4 space is one block', () => {
    expect(labels(externalBlocks([netpol('a', 'p', { ingress: [{}] })], 'ingress'))).toEqual([
      '0.0.0.0-255.255.255.255',
    ]);
  });

  it('splits cidr-minus-except into ranges and keeps the hole as one block (ipblockstest_3)', () => {
    const p = netpol('a', 'p', {
      ingress: [
        { from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/9', '10.128.0.0/9'] } }] },
      ],
    });
    expect(referencedBlocks([p], 'ingress').map(formatRanges)).toEqual([
      '0.0.0.0-9.255.255.255',
      '11.0.0.0-255.255.255.255',
    ]);
    expect(labels(externalBlocks([p], 'ingress'))).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
    ]);
    expect(labels(externalBlocks([p], 'egress'))).toEqual(['0.0.0.0-255.255.255.255']);
  });

  it('refines overlapping blocks into disjoint ones, smallest first', () => {
    const p = netpol('a', 'p', {
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '10.1.0.0/16' } }] }],
    });
    expect(labels(externalBlocks([p], 'egress'))).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.0.255.255',
      '10.1.0.0-10.1.255.255',
      '10.2.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
    ]);
  });

  it('adds an IPv6 partition only when a policy references IPv6', () => {
    const p = netpol('a', 'p', { ingress: [{ from: [{ ipBlock: { cidr: '2001:db8::/32' } }] }] });
    expect(labels(externalBlocks([p], 'ingress'))).toEqual([
      '0.0.0.0-255.255.255.255',
      '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
      '2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      '::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });
});
