import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '$lib/db/schema';
import {
  clusterDecisions,
  loadDecisions,
  loadScope,
  restoreClusterSettings,
  restoreDecisions,
  restoreScope,
  saveDecisions,
  saveScope,
} from '$lib/db/decisions';
import { defaultDecisions, setGeneral, setIncluded } from '$lib/engine/policy/decisions';
import type { CommKey } from '$lib/engine/model/ids';

const W = { kind: 'Deployment', namespace: 'shop', name: 'cart' };
let n = 0;
const fresh = () => openDb(`decisions-test-${Date.now()}-${n++}`);

describe('decisions and settings storage', () => {
  it('stores decisions per cluster and workload; absent ones are the defaults', async () => {
    const db = fresh();
    expect(await loadDecisions(db, 'c1', W)).toEqual(defaultDecisions(W));
    const d = setGeneral(
      'egress',
      'all',
    )(setIncluded(['k1' as CommKey], false)(defaultDecisions(W)));
    await saveDecisions(db, 'c1', d);
    expect(await loadDecisions(db, 'c1', W)).toEqual(d);
    expect(await loadDecisions(db, 'c2', W)).toEqual(defaultDecisions(W));
    const other = { ...W, name: 'web' };
    await saveDecisions(db, 'c1', defaultDecisions(other));
    expect((await clusterDecisions(db, 'c1')).map((x) => x.workload.name).sort()).toEqual([
      'cart',
      'web',
    ]);
    expect(await clusterDecisions(db, 'c2')).toEqual([]);
  });

  it('restores anything to the current shape, keeping only own, well-typed entries', () => {
    const hostile = JSON.parse(
      '{"workload":{"kind":"X","namespace":"y","name":"z"},"included":{"__proto__":true,"a":false,"b":"yes"},' +
        '"ingressDefault":"everything","egressDefault":"namespace","allowDns":"true",' +
        '"manualRules":[{"direction":"egress","cidr":"10.0.0.0/8","port":443},{"direction":"up"},7],' +
        '"includedIps":["10.1.1.1","nope"]}',
    ) as unknown;
    const d = restoreDecisions(hostile, W);
    expect(d.workload).toEqual(W);
    expect(Object.keys(d.included).sort()).toEqual(['__proto__', 'a']);
    // `__proto__` from data is an own key like any other, not the prototype.
    expect(Object.getOwnPropertyDescriptor(d.included, '__proto__')?.value).toBe(true);
    expect(Object.getPrototypeOf(d.included)).toBe(Object.prototype);
    expect(d.included.a).toBe(false);
    expect([d.ingressDefault, d.egressDefault, d.allowDns]).toEqual(['block', 'namespace', false]);
    expect(d.manualRules).toEqual([
      { direction: 'egress', cidr: '10.0.0.0/8', port: 443, protocol: 'TCP' },
    ]);
    expect(d.includedIps).toEqual(['10.1.1.1']);
    expect(restoreDecisions(null, W)).toEqual(defaultDecisions(W));
  });

  it('cluster settings: CIDRs canonical and deduplicated, aliases need a name and an address', () => {
    expect(
      restoreClusterSettings({
        clusterCidrs: ['10.244.1.7/16', '10.244.0.0/16', 'x', 5],
        aliases: [
          { cidr: '192.0.2.9', name: ' proxy ' },
          { cidr: '192.0.2.0/24' },
          { cidr: 'bad', name: 'n' },
        ],
      }),
    ).toEqual({
      clusterCidrs: ['10.244.0.0/16'],
      aliases: [{ cidr: '192.0.2.9/32', name: 'proxy' }],
    });
    expect(restoreClusterSettings('junk')).toEqual({ clusterCidrs: [], aliases: [] });
  });

  it('the saved scope round-trips; an unknown entity type falls back to Deployment', async () => {
    const db = fresh();
    expect(await loadScope(db)).toBeNull();
    const s = {
      cluster: 'kind',
      namespace: null,
      entity: 'CronJob' as const,
      workload: W,
      from: 5,
      to: null,
    };
    await saveScope(db, s);
    expect(await loadScope(db)).toEqual(s);
    expect(restoreScope({ entity: 'Pod', workload: { kind: 'X' }, from: 'soon' })).toEqual({
      cluster: null,
      namespace: null,
      entity: 'Deployment',
      workload: null,
      from: null,
      to: null,
    });
  });
});
