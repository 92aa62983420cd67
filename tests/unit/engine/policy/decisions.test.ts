import { describe, expect, it } from 'vitest';
import type { CommKey } from '../../../../src/lib/engine/model/ids';
import {
  addIncludedIp,
  addManualRule,
  defaultDecisions,
  exclude,
  include,
  isIncluded,
  removeManualRule,
  resetIncluded,
  setAllowDns,
  setGeneral,
  setIncluded,
} from '../../../../src/lib/engine/policy/decisions';
import { comm, ipPeer, nodePeer, ref, wPeer } from './builders';

const fe = ref('Deployment', 'shop', 'frontend');
const cart = ref('Deployment', 'shop', 'cart');
const toCart = comm(fe, 'egress', wPeer(cart), 7070);
const fromNode = comm(fe, 'ingress', nodePeer('node-1', '10.0.0.1'), 8080);
const toIp = comm(fe, 'egress', ipPeer('203.0.113.7'), 443);
const toAliased = comm(fe, 'egress', ipPeer('203.0.113.9', 'partner'), 443);

describe('defaultDecisions / isIncluded', () => {
  it('starts with block-all both ways, no DNS, no manual rules', () => {
    expect(defaultDecisions(fe)).toEqual({
      workload: fe,
      included: {},
      ingressDefault: 'block',
      egressDefault: 'block',
      allowDns: false,
      manualRules: [],
    });
  });

  it('includes workload and node peers and excludes IP peers (aliased too) by default', () => {
    const d = defaultDecisions(fe);
    expect([toCart, fromNode, toIp, toAliased].map((c) => isIncluded(d, c))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('lets an explicit choice win over the default, both ways', () => {
    const d = setIncluded(
      [toCart.key, toIp.key],
      false,
    )(include(toAliased.key)(defaultDecisions(fe)));
    expect(isIncluded(d, toCart)).toBe(false);
    expect(isIncluded(d, toIp)).toBe(false);
    expect(isIncluded(d, toAliased)).toBe(true);
    expect(isIncluded(resetIncluded([toCart.key])(d), toCart)).toBe(true);
  });

  it('includes IP peers covered by an included IP or CIDR', () => {
    const d = addIncludedIp('203.0.113.0/28')(defaultDecisions(fe));
    expect(isIncluded(d, toIp)).toBe(true);
    expect(isIncluded(d, comm(fe, 'egress', ipPeer('203.0.113.16'), 443))).toBe(false);
    expect(isIncluded(addIncludedIp('203.0.113.7')(defaultDecisions(fe)), toIp)).toBe(true);
    expect(isIncluded(exclude(toIp.key)(d), toIp)).toBe(false);
  });

  it('treats __proto__ as an ordinary key', () => {
    const key = '__proto__' as CommKey;
    const d = include(key)(defaultDecisions(fe));
    expect(Object.getPrototypeOf(d.included)).toBe(Object.prototype);
    expect(Object.hasOwn(d.included, '__proto__')).toBe(true);
    expect(isIncluded(d, { ...toIp, key })).toBe(true);
    expect(isIncluded(defaultDecisions(fe), { ...toIp, key })).toBe(false);
  });
});

describe('producers', () => {
  it('return new objects and never mutate their input', () => {
    const d0 = defaultDecisions(fe);
    const frozen = JSON.stringify(d0);
    const d1 = setAllowDns(true)(setGeneral('egress', 'namespace')(exclude(toCart.key)(d0)));
    expect(JSON.stringify(d0)).toBe(frozen);
    expect(d1).toMatchObject({
      allowDns: true,
      egressDefault: 'namespace',
      ingressDefault: 'block',
    });
    expect(d1.included[toCart.key]).toBe(false);
    expect(setGeneral('ingress', 'all')(d1).ingressDefault).toBe('all');
  });

  it('adds a manual rule once and removes it by index or by value', () => {
    const rule = {
      direction: 'egress' as const,
      cidr: '192.0.2.0/24',
      port: 3128,
      protocol: 'TCP',
    };
    const d = addManualRule(rule)(addManualRule(rule)(defaultDecisions(fe)));
    expect(d.manualRules).toEqual([rule]);
    expect(removeManualRule(0)(d).manualRules).toEqual([]);
    expect(removeManualRule({ ...rule, protocol: 'tcp' })(d).manualRules).toEqual([]);
    expect(removeManualRule({ ...rule, port: 80 })(d).manualRules).toEqual([rule]);
  });
});
