import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '$lib/db/schema';
import { recoverInterrupted } from '$lib/db/ingest';
import { listImports, removeImport } from '$lib/db/queries';
import type { ImportRow } from '$lib/db/schema';
import { emptyInventory } from '$lib/engine/model/k8s';

function row(id: string, status: ImportRow['status'], startedAt: number): ImportRow {
  return {
    id,
    name: `${id}.json`,
    size: 10,
    cluster: 'c',
    status,
    format: null,
    kind: null,
    startedAt,
    finishedAt: null,
    bytesRead: 0,
    lines: 0,
    records: 0,
    communications: 0,
    diagnostics: [],
    diagnosticOverflow: {},
    error: null,
  };
}

describe('the Dexie layer on fake-indexeddb', () => {
  it('marks imports interrupted by a closed tab as failed and drops their rows', async () => {
    const db = openDb(`q-${Date.now()}-1`);
    await db.imports.bulkPut([row('done1', 'done', 1), row('stale', 'running', 2)]);
    await db.inventories.put({
      importId: 'stale',
      cluster: 'c',
      inventory: emptyInventory('c'),
    });
    expect(await recoverInterrupted(db)).toBe(1);
    const rows = await listImports(db);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['stale', 'failed'],
      ['done1', 'done'],
    ]);
    expect(rows[0]?.error).toMatch(/Interrupted/);
    expect(await db.inventories.count()).toBe(0);
  });

  it('removes an import with everything it contributed, in one transaction', async () => {
    const db = openDb(`q-${Date.now()}-2`);
    await db.imports.put(row('x', 'done', 1));
    await db.aggregates.add({
      importId: 'x',
      key: 'k' as never,
      cluster: 'c',
      client: { type: 'ip', ip: '10.0.0.1' },
      server: { type: 'ip', ip: '10.0.0.2' },
      port: 80,
      protocol: 'TCP',
      flows: 1,
      firstSeen: 1,
      lastSeen: 1,
      buckets: [],
      untimedFlows: 0,
      verdicts: {},
      via: [],
    });
    await removeImport(db, 'x');
    expect(await db.aggregates.count()).toBe(0);
    expect(await db.imports.count()).toBe(0);
  });

  it('restores rows written without the newer optional fields', async () => {
    const db = openDb(`q-${Date.now()}-3`);
    const old = row('old', 'done', 1) as Partial<ImportRow>;
    delete old.diagnosticOverflow;
    delete old.communications;
    await db.imports.put(old as ImportRow);
    const [r] = await listImports(db);
    expect(r?.diagnosticOverflow).toEqual({});
    expect(r?.communications).toBe(0);
  });
});
