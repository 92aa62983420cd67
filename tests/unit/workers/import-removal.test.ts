/**
 * Remove is undoable: a removed import is set aside (it counts nowhere), brought back as it
 * was, refused when its content was imported again, and purged when a page starts. And a
 * dump's one-line summary counts what the file holds per kind.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api } from '../../../workers/engine-api';
import { openDb } from '$lib/db/schema';
import { clusterAggregates } from '$lib/db/queries';
import { contentsText } from '$lib/engine/inventory/contents';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const DUMP = 'bookinfo-kind_cluster-dump.json';
const TCP = 'hubble-otel_basic-sample-400-tcp-flows.json';
const file = (name: string, as = name) =>
  new File([new Uint8Array(readFileSync(new URL(name, SAMPLES)))], as);

let n = 0;
function freshDb(): string {
  const name = `import-removal-test-${Date.now()}-${n++}`;
  api.useDatabase(name);
  return name;
}

describe('Remove, Undo and the purge', () => {
  it('sets an import aside, brings it back, and purges it when a page starts', async () => {
    const name = freshDb();
    await api.importFile(file(DUMP), { id: 'dump', cluster: 'kind' });
    await api.importFile(file(TCP), { id: 'tcp', cluster: 'kind' });
    const db = openDb(name);
    const stored = (await clusterAggregates(db, 'kind')).length;
    expect(stored).toBeGreaterThan(0);

    expect(await api.removeImport('tcp')).toBe(true);
    expect((await api.listImports()).map((r) => r.id)).toEqual(['dump']);
    expect(await clusterAggregates(db, 'kind')).toHaveLength(0);
    expect(await api.removeImport('tcp')).toBe(false);

    expect(await api.bringBackImport('tcp')).toBeNull();
    expect((await api.listImports()).map((r) => [r.id, r.status])).toEqual([
      ['tcp', 'done'],
      ['dump', 'done'],
    ]);
    expect(await clusterAggregates(db, 'kind')).toHaveLength(stored);

    // Set aside again, then a page starts: it is gone with its rows.
    await api.removeImport('tcp');
    api.useDatabase(name);
    await api.listImports();
    expect(await db.imports.get('tcp')).toBeUndefined();
    expect(await db.aggregates.where('importId').equals('tcp').count()).toBe(0);
    expect(await api.bringBackImport('tcp')).toMatch(/gone/);
  });

  it('refuses to bring back an import whose content was imported again meanwhile', async () => {
    freshDb();
    await api.importFile(file(TCP), { id: 'first', cluster: 'kind' });
    await api.removeImport('first');
    await api.importFile(file(TCP, 'copy.json'), { id: 'again', cluster: 'kind' });
    expect(await api.bringBackImport('first')).toMatch(/^copy\.json holds the same content/);
    expect((await api.listImports()).map((r) => r.id)).toEqual(['again']);
  });

  it("says what a dump held, per kind, from the file's objects", async () => {
    freshDb();
    const dump = await api.importFile(file(DUMP), { id: 'dump', cluster: 'kind' });
    // The sample holds 11 Pods, 5 Services, 2 Nodes and 3 Namespaces.
    const text = contentsText(dump.contents ?? []);
    expect(text).toMatch(/^11 pods, \d+ workloads, 5 Services, 2 nodes, 3 namespaces$/);
    expect(contentsText([])).toBe('no pods, Services or nodes');
  });
});
