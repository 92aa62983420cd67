/**
 * restoreAggregate keeps what a session file holds of an undetermined pair (its client port
 * range, and the key that marks it) and of an IP reported with a Cilium identity, and refuses
 * a range that is not one.
 */
import { describe, expect, it } from 'vitest';
import { restoreAggregate } from '../../../../src/lib/engine/aggregate/restore';
import { commKey } from '../../../../src/lib/engine/aggregate/keys';
import type { CommAggregate, Endpoint } from '../../../../src/lib/engine/model/communication';

const web: Endpoint = { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'web' };
const proxy: Endpoint = {
  type: 'ip',
  ip: '10.0.0.9',
  identity: { namespace: 'shop', labels: { app: 'api', tier: 'back' } },
};

function pair(extra: Partial<CommAggregate> = {}): CommAggregate {
  return {
    key: commKey('c', web, proxy, 8080, 'TCP', true),
    cluster: 'c',
    client: web,
    server: proxy,
    port: 8080,
    protocol: 'TCP',
    flows: 2,
    firstSeen: null,
    lastSeen: null,
    buckets: [],
    bucketMs: 1_000,
    untimedFlows: 2,
    verdicts: {},
    via: [],
    undetermined: { clientPorts: [41000, 42000] },
    ...extra,
  };
}

describe('restoreAggregate', () => {
  it('keeps an undetermined pair (marked key, port range) and an identity', () => {
    const restored = restoreAggregate(JSON.parse(JSON.stringify(pair())));
    expect(restored).toEqual(pair());
    expect(restored!.key.endsWith('|?')).toBe(true);
  });

  it('keeps the bucket width: one minute when absent (stored before widths varied), a stray one rounded up to a width of the ladder', () => {
    const { bucketMs: _, ...old } = pair();
    expect(restoreAggregate(old)!.bucketMs).toBe(60_000);
    expect(restoreAggregate(pair({ bucketMs: 5_000 }))!.bucketMs).toBe(5_000);
    expect(restoreAggregate(pair({ bucketMs: 7_000 }))!.bucketMs).toBe(15_000);
    expect(restoreAggregate({ ...pair(), bucketMs: 'x' })!.bucketMs).toBe(60_000);
  });

  it('a counted aggregate never becomes a pair; a malformed pair is left out, never counted', () => {
    const { undetermined: _u, ...counted } = pair();
    expect(restoreAggregate(counted)!.key).toBe(commKey('c', web, proxy, 8080, 'TCP'));
    expect(restoreAggregate(pair({ undetermined: { clientPorts: [42000, 41000] } }))).toBeNull();
    expect(restoreAggregate({ ...pair(), undetermined: 'yes' })).toBeNull();
  });

  it('keeps a stored bucket as it is only when it holds nothing but usable bucket fields', () => {
    const exact = { t: 60_000, flows: 2, first: 60_100, last: 60_900, atClient: 1 };
    const extra = { t: 60_000, flows: 2, first: 60_100, last: 60_900, note: 'x' };
    const badSide = { t: 60_000, flows: 2, first: 60_100, last: 60_900, atServer: -1 };
    const [a, b, c] = restoreAggregate(pair({ buckets: [exact, extra, badSide] }))!.buckets;
    expect(a).toBe(exact);
    expect(b).toStrictEqual({ t: 60_000, flows: 2, first: 60_100, last: 60_900 });
    expect(c).toStrictEqual({ t: 60_000, flows: 2, first: 60_100, last: 60_900 });
  });

  it('checks the addresses of IP and node ends, IPv4 and IPv6 alike', () => {
    const at = (ip: string) => restoreAggregate(pair({ server: { type: 'ip', ip } }));
    expect(at('10.0.0.9')?.server).toStrictEqual({ type: 'ip', ip: '10.0.0.9' });
    expect(at('fd00::9')?.server).toStrictEqual({ type: 'ip', ip: 'fd00::9' });
    for (const bad of ['10.0.0.256', '010.0.0.9', '10.0.0', 'fd00::g', 'web'])
      expect(at(bad)).toBeNull();
    const node = (ip: string) =>
      restoreAggregate(pair({ client: { type: 'node', name: 'n1', ip } }));
    expect(node('192.168.1.2')?.client).toStrictEqual({
      type: 'node',
      name: 'n1',
      ip: '192.168.1.2',
    });
    expect(node('192.168.1')).toBeNull();
  });
});
