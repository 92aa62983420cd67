/**
 * Rows damaged in the database itself (an older version's, a broken write, a hand edit) are
 * read back through the engine's restorers on every read, not only on a session import: the
 * workspace answers from what is usable, and the scope's options say what was left out
 * (NP-STORED-ROW, named after the import's file or the store), which the app shows. The
 * worker API over IndexedDB (fake-indexeddb), the bookinfo demo imported for real.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api } from '../../../workers/engine-api';
import { openDb } from '$lib/db/schema';
import { decisionId } from '$lib/engine/restore/decisions';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const FILES = ['bookinfo-kind_cluster-dump.json', 'hubble-otel_basic-sample-400-tcp-flows.json'];
const W = { kind: 'Deployment', namespace: 'bookinfo', name: 'productpage-v1' };

describe('stored rows damaged in place', () => {
  it('the workspace answers from what is usable and says what it left out', async () => {
    const name = `restore-on-read-${Date.now()}`;
    api.useDatabase(name);
    for (const [i, file] of FILES.entries()) {
      const bytes = new Uint8Array(readFileSync(new URL(file, SAMPLES)));
      await api.importFile(new File([bytes], file), { id: `f${i}`, cluster: 'kind' });
    }
    const before = await api.scopeOptions('kind');
    expect(before.problems).toEqual([]);
    const rows = await api.workloadCommunications({
      cluster: 'kind',
      entity: 'Deployment',
      workload: W,
    });
    expect(rows.length).toBeGreaterThan(0);

    const db = openDb(name);
    const [first] = await db.aggregates.where('importId').equals('f1').toArray();
    await db.aggregates.bulkAdd([
      { ...first!, id: undefined, port: -1 },
      { cluster: 'kind', importId: 'f1', key: 'x' } as never,
    ]);
    const inv = (await db.inventories.get('f0'))!;
    await db.inventories.put({
      ...inv,
      inventory: { ...inv.inventory, pods: [...inv.inventory.pods, 7 as never] },
    });
    await db.imports.put({ id: 'ghost', cluster: 'kind', status: 'zombie' } as never);
    await db.decisions.put({
      id: decisionId('kind', W),
      cluster: 'kind',
      value: { workload: W, manualRules: [{ direction: 'sideways' }] },
      updatedAt: 1,
    });
    await db.decisions.put({ id: 'kind|nothing', cluster: 'kind', value: 3, updatedAt: 1 });
    await db.settings.put({ key: 'cluster:kind', value: { clusterCidrs: ['10.0.0.0/33'] } });
    db.close();

    // A page that starts on this database.
    api.useDatabase(name);
    const after = await api.scopeOptions('kind');
    expect(after.namespaces).toEqual(before.namespaces);
    expect(
      await api.workloadCommunications({ cluster: 'kind', entity: 'Deployment', workload: W }),
    ).toEqual(rows);
    expect(after.problems.map((p) => [p.code, p.file, p.message])).toEqual([
      ['NP-STORED-ROW', FILES[0], '1 malformed inventory entry could not be read and was left out'],
      ['NP-STORED-ROW', FILES[1], '2 stored communications could not be read and were left out'],
      ['NP-STORED-ROW', 'stored imports', '1 stored import could not be read and was left out'],
      [
        'NP-STORED-ROW',
        'stored decisions',
        '1 malformed decision entry of Deployment/bookinfo/productpage-v1 could not be read and was left out',
      ],
      [
        'NP-STORED-ROW',
        'stored decisions',
        '1 stored decision row could not be read and was left out',
      ],
      [
        'NP-STORED-ROW',
        'stored settings',
        '1 malformed entry of the setting cluster:kind could not be read and was left out',
      ],
    ]);
    expect((await api.listImports()).map((r) => r.id).sort()).toEqual(['f0', 'f1']);
    expect(await api.loadClusterSettings('kind')).toEqual({ clusterCidrs: [], aliases: [] });
  });
});
