/**
 * Property: aliases applied in memory to the rows of a query made without them
 * (aggregate/aliased.ts, how the workspace answers a scope once an alias is saved) give exactly
 * the rows of the query made with them — peers aliased, reasons headed by the alias when
 * explained — for any captured IPs, any aliases and either explain setting; and a row no alias
 * covers is the very object of the query without aliases (what keeps the per-row memos warm).
 * And the reasons asked apart (ipReasons, how the app gets them after the rows) are the `why`
 * of the rows queried with `explain`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFlow, createAggregation, finish } from '../../../../src/lib/engine/aggregate/aggregate';
import { withAliases } from '../../../../src/lib/engine/aggregate/aliased';
import { ipReasons, queryCommunications } from '../../../../src/lib/engine/aggregate/query';
import { indexInventory } from '../../../../src/lib/engine/inventory/index';
import { SHOP, flow, inventoryFromYaml } from './builders';

const INV = inventoryFromYaml(SHOP);
const T0 = Date.UTC(2024, 4, 6, 10, 0, 0);

/** Peer addresses: public, private, in the pod CIDR, IPv6 and an IPv4-mapped IPv6. */
const IPS = [
  '140.82.112.3',
  '140.82.112.4',
  '140.82.113.9',
  '172.16.5.5',
  '172.16.9.1',
  '10.1.0.200',
  '2001:db8::7',
  '2001:db8::1:8',
  '::ffff:140.82.112.5',
];
const CIDRS = [
  '140.82.112.3/32',
  '140.82.112.0/24',
  '140.82.0.0/16',
  '172.16.0.0/12',
  '10.1.0.0/16',
  '2001:db8::/32',
  '2001:db8::7/128',
  '::ffff:0:0/96',
  '0.0.0.0/0',
];

const flowsArb = fc.array(
  fc.record({
    ip: fc.constantFrom(...IPS),
    port: fc.constantFrom(443, 5432),
    minute: fc.nat({ max: 30 }),
  }),
  { minLength: 1, maxLength: 20 },
);
const aliasesArb = fc.array(
  fc.record({ cidr: fc.constantFrom(...CIDRS), name: fc.constantFrom('partner', 'office', 'vpn') }),
  { maxLength: 4 },
);

/** The aggregates of the flows: the workload's egress to each IP and its ingress from it. */
function aggregatesOf(flows: { ip: string; port: number; minute: number }[]) {
  const agg = createAggregation('default');
  const idx = indexInventory(INV);
  for (const f of flows) {
    const time = T0 + f.minute * 60_000;
    addFlow(agg, idx, flow({ time, srcIp: '10.1.0.21', dstIp: f.ip, dstPort: f.port }));
    addFlow(agg, idx, flow({ time, srcIp: f.ip, dstIp: '10.1.0.21', dstPort: 8080 }));
  }
  return finish(agg);
}

describe('aliases applied to rows queried without them', () => {
  it('equal the rows queried with them, and leave the rows no alias covers as they were', () => {
    fc.assert(
      fc.property(flowsArb, aliasesArb, fc.boolean(), (flows, aliases, explain) => {
        const base = {
          aggregates: aggregatesOf(flows),
          inventory: INV,
          entity: 'all' as const,
          explain,
        };
        const plain = queryCommunications({ ...base, aliases: [] });
        const applied = withAliases(plain, { ...base, aliases });
        expect(applied).toEqual(queryCommunications({ ...base, aliases }));
        applied.forEach((row, i) => {
          if (row.peer.type !== 'ip' || row.peer.alias === null) expect(row).toBe(plain[i]);
        });
        // The same aliases again: the same objects (an alias saved keeps the other rows).
        expect(withAliases(plain, { ...base, aliases: [...aliases] })).toEqual(applied);
        withAliases(plain, { ...base, aliases }).forEach((row, i) => expect(row).toBe(applied[i]));
      }),
      { numRuns: 200 },
    );
  });

  it("the reasons asked apart are the rows' why when queried with explain, in their order", () => {
    fc.assert(
      fc.property(flowsArb, aliasesArb, (flows, aliases) => {
        const base = { aggregates: aggregatesOf(flows), inventory: INV, entity: 'all' as const };
        const rows = withAliases(queryCommunications({ ...base, aliases: [] }), {
          ...base,
          aliases,
        });
        const explained = queryCommunications({ ...base, aliases, explain: true });
        expect(explained.map((c) => c.key)).toEqual(rows.map((c) => c.key));
        expect(rows.some((c) => c.peer.type === 'ip' && c.peer.why !== undefined)).toBe(false);
        expect(ipReasons(rows, { ...base, aliases })).toEqual(
          explained.map((c) => (c.peer.type === 'ip' ? c.peer.why : null)),
        );
      }),
      { numRuns: 200 },
    );
  });
});
