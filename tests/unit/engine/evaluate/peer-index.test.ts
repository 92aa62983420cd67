/**
 * Property: a long peer list (indexed once: its plain ipBlocks as one set of spans per family,
 * rule-match.ts) matches exactly the endpoints that some peer of it matches alone (a one-peer
 * list is walked, never indexed): addresses, pods (ipBlocks matching pod IPs or not) and
 * address blocks, with ipBlocks that have excepts, invalid CIDRs, IPv6, selector peers and
 * ipBlocks beside a selector (never a match).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareContext } from '../../../../src/lib/engine/evaluate/context';
import { cidrSet, ipAddresses, ipValue } from '../../../../src/lib/engine/evaluate/ip-set';
import { peersMatch, type Endpoint } from '../../../../src/lib/engine/evaluate/rule-match';
import type { NetworkPolicyPeer } from '../../../../src/lib/engine/model/k8s';
import { pod } from './builders';

const v4 = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }))
  .map(([c, d]) => `10.0.${c}.${d}`);
const v6 = fc.integer({ min: 0, max: 255 }).map((n) => `fd00::${n.toString(16)}`);
const cidr = fc.oneof(
  fc.tuple(v4, fc.constantFrom(22, 24, 28, 30, 32)).map(([ip, p]) => `${ip}/${p}`),
  fc.tuple(v6, fc.constantFrom(120, 124, 128)).map(([ip, p]) => `${ip}/${p}`),
  fc.constant('not-a-cidr'),
);
const peerArb: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  { weight: 6, arbitrary: cidr.map((c) => ({ ipBlock: { cidr: c } })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(cidr, fc.array(cidr, { maxLength: 2 }))
      .map(([c, except]) => ({ ipBlock: { cidr: c, except } })),
  },
  { weight: 1, arbitrary: fc.constant({ podSelector: { matchLabels: { app: 'web' } } }) },
  {
    weight: 1,
    arbitrary: cidr.map((c) => ({ ipBlock: { cidr: c }, podSelector: {} })),
  },
);
const endpointArb: fc.Arbitrary<Endpoint> = fc.oneof(
  fc
    .array(fc.oneof(v4, v6), { minLength: 1, maxLength: 2 })
    .map((ips) => ({ kind: 'addr' as const, addresses: ips.map((ip) => ipValue(ip)!) })),
  fc.tuple(fc.oneof(v4, v6), fc.constantFrom('web', 'db')).map(([ip, app]) => ({
    kind: 'pod' as const,
    pod: pod('shop', `${app}-1`, { app }, { ips: [ip] }),
    nsLabels: { 'kubernetes.io/metadata.name': 'shop' },
  })),
  cidr
    .filter((c) => cidrSet(c) !== null)
    .map((c) => ({ kind: 'block' as const, set: cidrSet(c)! })),
);

describe('a long peer list, indexed', () => {
  it('matches what one of its peers matches alone', () => {
    fc.assert(
      fc.property(
        fc.array(peerArb, { minLength: 16, maxLength: 60 }),
        fc.array(endpointArb, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (peers, endpoints, ipBlockMatchesPods) => {
          const prep = prepareContext({
            pods: [],
            namespaces: [],
            policies: [],
            ipBlockMatchesPods,
          });
          for (const ep of endpoints) {
            const alone = peers.some((p) => peersMatch(prep, [p], 'shop', ep));
            expect(peersMatch(prep, peers, 'shop', ep)).toBe(alone);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("a peer IP's addresses, kept with its parse", () => {
  it('are its value alone, the same list each time; none for what is not an address', () => {
    fc.assert(
      fc.property(fc.oneof(v4, v6, fc.constant('not-an-ip'), fc.constant(' 10.0.0.1')), (ip) => {
        const value = ipValue(ip);
        expect(ipAddresses(ip)).toEqual(value ? [value] : []);
        expect(ipAddresses(ip)).toBe(ipAddresses(ip));
      }),
    );
  });
});
