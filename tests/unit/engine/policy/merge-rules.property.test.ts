/**
 * The rule merge (rules.ts mergeBy) against a plain statement of what it makes: each peer key's
 * first peer object with every port it was given (a port key given twice: the last port object;
 * a null port: every port), peers of equal port sets in one rule, rules ordered by their sorted
 * port keys then by first peer, peers and ports in key order. Random pairs repeat peers and port
 * keys with distinct objects, so which object stands for a key is checked, not only the keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrSortKey, mergeBy, mergeRules, portKey } from '../../../../src/lib/engine/policy/rules';
import { parseCidrStrict } from '../../../../src/lib/engine/model/address';
import type { NetworkPolicyPort } from '../../../../src/lib/engine/model/k8s';

interface Peer {
  key: string;
  id: number;
}
interface Port {
  key: string;
  id: number;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What mergeBy makes, written without regard to what it allocates. */
function reference(
  pairs: { peer: Peer; port: Port | null }[],
): { peers: Peer[]; ports?: Port[] }[] {
  const peerOf = new Map<string, Peer>();
  const portsOf = new Map<string, Map<string, Port> | 'all'>();
  for (const { peer, port } of pairs) {
    if (!peerOf.has(peer.key)) peerOf.set(peer.key, peer);
    const ports = portsOf.get(peer.key) ?? new Map<string, Port>();
    if (port === null) portsOf.set(peer.key, 'all');
    else if (ports !== 'all') portsOf.set(peer.key, ports.set(port.key, port));
  }
  const groups = new Map<string, { ports: Map<string, Port> | 'all'; keys: string[] }>();
  for (const [key, ports] of portsOf) {
    const pk = ports === 'all' ? '' : [...ports.keys()].sort().join(',');
    const g = groups.get(pk) ?? { ports, keys: [] };
    g.keys.push(key);
    groups.set(pk, g);
  }
  return [...groups]
    .map(([pk, g]) => ({ pk, g, keys: [...g.keys].sort(cmp) }))
    .sort((a, b) => cmp(a.pk, b.pk) || cmp(a.keys[0]!, b.keys[0]!))
    .map(({ g, keys }) => {
      const peers = keys.map((k) => peerOf.get(k)!);
      if (g.ports === 'all') return { peers };
      const ports = [...g.ports.values()].sort((a, b) => cmp(a.key, b.key));
      return { peers, ports };
    });
}

const pairsArb = fc
  .array(
    fc.record({
      peer: fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4', 'p5'),
      port: fc.option(fc.constantFrom('TCP/00080', 'TCP/00443', 'UDP/00053', 'TCP/09080'), {
        nil: null,
        freq: 8,
      }),
    }),
    { maxLength: 40 },
  )
  .map((raw) =>
    raw.map(({ peer, port }, id) => ({
      peer: { key: peer, id },
      port: port === null ? null : { key: port, id },
    })),
  );

describe('mergeBy', () => {
  it('merges as the plain statement does, object for object', () => {
    fc.assert(
      fc.property(pairsArb, (pairs) => {
        const made = mergeBy(
          pairs,
          (p) => p.key,
          (p) => p.key,
        );
        // Same objects (ids), not only equal keys.
        expect(made).toEqual(reference(pairs));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives a NetworkPolicy peer with several ports, one of them twice, each port once', () => {
    const peer = { ipBlock: { cidr: '192.0.2.1/32' } };
    const other = { ipBlock: { cidr: '192.0.2.0/32' } };
    const p443: NetworkPolicyPort = { port: 443, protocol: 'TCP' };
    const p80: NetworkPolicyPort = { port: 80, protocol: 'TCP' };
    const rules = mergeRules([
      { peer, port: p443 },
      { peer, port: p80 },
      { peer: other, port: { port: 443, protocol: 'TCP' } },
      { peer, port: { port: 443, protocol: 'TCP' } },
    ]);
    expect(rules).toEqual([
      { peers: [peer], ports: [p80, p443] },
      { peers: [other], ports: [p443] },
    ]);
    expect(portKey(p80) < portKey(p443)).toBe(true);
  });

  it("gives each port its own key, whichever port was asked before (the last one's is kept)", () => {
    const ports: NetworkPolicyPort[] = [
      { port: 443, protocol: 'TCP' },
      { port: 443, protocol: 'TCP' },
      { port: 443, protocol: 'UDP' },
      { port: 443 },
      { port: 443, protocol: 'TCP', endPort: 450 },
      { port: 'https', protocol: 'TCP' },
      { protocol: 'TCP' },
      { port: 80, protocol: 'TCP' },
    ];
    const expected = [
      'TCP/00443-*',
      'TCP/00443-*',
      'UDP/00443-*',
      'TCP/00443-*',
      'TCP/00443-00450',
      'TCP/~https-*',
      'TCP/*-*',
      'TCP/00080-*',
    ];
    // Asked in order, in reverse and interleaved: a key never depends on the port asked before.
    expect(ports.map(portKey)).toEqual(expected);
    expect([...ports].reverse().map(portKey)).toEqual([...expected].reverse());
    expect(ports.flatMap((p, i) => [portKey(p), portKey(ports[(i + 3) % ports.length]!)])).toEqual(
      expected.flatMap((k, i) => [k, expected[(i + 3) % expected.length]!]),
    );
  });
});

describe('cidrSortKey', () => {
  it("is the family, the network's bytes in hex and the prefix, for any CIDR of either family", () => {
    const reference = (cidr: string): string => {
      const c = parseCidrStrict(cidr);
      if (!c) return `9|${cidr}`;
      const bytes = c.address.toByteArray().map((b) => b.toString(16).padStart(2, '0'));
      return `${c.family}|${bytes.join('')}|${String(c.prefix).padStart(3, '0')}`;
    };
    const check = (ip: string, prefix: number): void => {
      const text = `${ip}/${prefix}`;
      expect(cidrSortKey(text)).toBe(reference(text));
    };
    fc.assert(fc.property(fc.ipV4(), fc.integer({ min: 0, max: 33 }), check), { numRuns: 3000 });
    fc.assert(fc.property(fc.ipV6(), fc.integer({ min: 0, max: 129 }), check), { numRuns: 500 });
    expect(cidrSortKey('255.255.255.255/32')).toBe('4|ffffffff|032');
    expect(cidrSortKey('0.0.0.0/0')).toBe('4|00000000|000');
  });
});
