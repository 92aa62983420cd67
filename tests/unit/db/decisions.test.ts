import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '$lib/db/schema';
import {
  clusterDecisions,
  loadDecisions,
  loadScope,
  saveDecisions,
  saveScope,
} from '$lib/db/decisions';
import { defaultDecisions, setGeneral, setIncluded } from '$lib/engine/policy/decisions';
import { restoreScope } from '$lib/engine/restore/settings';
import { decisionId } from '$lib/engine/restore/decisions';
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

  it("a cluster's decisions are kept between reads, follow this worker's saves at once and are read again after another tab's", async () => {
    const db = fresh();
    const d = setIncluded(['k1' as CommKey], false)(defaultDecisions(W));
    await saveDecisions(db, 'c1', d);
    const first = await clusterDecisions(db, 'c1');
    // Kept: the same objects (the engine's memos key decisions by identity).
    expect((await clusterDecisions(db, 'c1'))[0]).toBe(first[0]);
    // A save is seen by a read asked after it, before its write is done.
    const next = setIncluded(['k2' as CommKey], true)(d);
    const saving = saveDecisions(db, 'c1', next);
    expect((await clusterDecisions(db, 'c1'))[0]!.included).toEqual({ k1: false, k2: true });
    await saving;
    expect((await loadDecisions(db, 'c1', W)).included).toEqual({ k1: false, k2: true });
    // Another tab wrote the table and says so: read again.
    const other = setGeneral('egress', 'all')(next);
    await db.decisions.put({
      id: decisionId('c1', W),
      cluster: 'c1',
      value: other,
      updatedAt: 1,
    });
    expect((await clusterDecisions(db, 'c1'))[0]!.egressDefault).toBe('block');
    const tab = new BroadcastChannel('netpolish-decisions');
    tab.postMessage(`${db.name}|c1`);
    tab.close();
    await new Promise((r) => setTimeout(r, 50));
    expect((await clusterDecisions(db, 'c1'))[0]!.egressDefault).toBe('all');
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
