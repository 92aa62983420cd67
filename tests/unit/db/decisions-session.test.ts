import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { api } from '../../../workers/engine-api';
import { openDb } from '$lib/db/schema';
import { clusterAggregates, clusterInventory, listImports } from '$lib/db/queries';
import {
  loadClusterSettings,
  loadDecisions,
  saveClusterSettings,
  saveDecisions,
} from '$lib/db/decisions';
import { exportSession, importSession, parseSession } from '$lib/db/session';
import { defaultDecisions, setIncluded } from '$lib/engine/policy/decisions';
import type { CommKey } from '$lib/engine/model/ids';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const W = { kind: 'Deployment', namespace: 'bookinfo', name: 'productpage-v1' };
let n = 0;

async function source(): Promise<string> {
  const name = `session-src-${Date.now()}-${n++}`;
  api.useDatabase(name);
  for (const f of [
    'bookinfo-kind_cluster-dump.json',
    'hubble-otel_basic-sample-400-tcp-flows.json',
  ]) {
    await api.importFile(new File([new Uint8Array(readFileSync(new URL(f, SAMPLES)))], f), {
      id: `i-${f}`,
      cluster: 'kind',
    });
  }
  return name;
}

describe('session export and import', () => {
  it('carries imports, inventory, aggregates, decisions and settings to another database', async () => {
    const src = openDb(await source());
    const d = setIncluded(['some-row' as CommKey], false)(defaultDecisions(W));
    await saveDecisions(src, 'kind', d);
    await saveClusterSettings(src, 'kind', {
      clusterCidrs: ['10.96.0.0/12'],
      aliases: [{ cidr: '10.0.0.0/8', name: 'corp' }],
    });
    const blob = await exportSession(src);
    expect(blob.type).toBe('application/gzip');
    const lines = gunzipSync(new Uint8Array(await blob.arrayBuffer()))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'netpolish-session', version: 1 });

    const dst = openDb(`session-dst-${Date.now()}-${n++}`);
    const summary = await importSession(dst, blob);
    const srcAggregates = await clusterAggregates(src, 'kind');
    expect(summary).toMatchObject({
      imports: 2,
      inventories: 1,
      aggregates: srcAggregates.length,
      decisions: { added: 1, newer: 0, olderKept: 0, olderReplaced: 0 },
      skipped: 0,
      duplicates: 0,
    });
    expect((await listImports(dst)).map((r) => r.name).sort()).toEqual(
      (await listImports(src)).map((r) => r.name).sort(),
    );
    expect(await clusterAggregates(dst, 'kind')).toEqual(srcAggregates);
    expect(await clusterInventory(dst, 'kind')).toEqual(await clusterInventory(src, 'kind'));
    expect(await loadDecisions(dst, 'kind', W)).toEqual(d);
    expect(await loadClusterSettings(dst, 'kind')).toEqual({
      clusterCidrs: ['10.96.0.0/12'],
      aliases: [{ cidr: '10.0.0.0/8', name: 'corp' }],
    });

    // Importing the same session again adds nothing twice.
    const again = await importSession(dst, blob);
    expect(again).toMatchObject({ imports: 0, aggregates: 0, duplicates: 2 });
    expect(await clusterAggregates(dst, 'kind')).toHaveLength(srcAggregates.length);
  });

  it('skips bad lines, refuses files that are not sessions', () => {
    const text = [
      JSON.stringify({ format: 'netpolish-session', version: 1 }),
      '{not json',
      JSON.stringify({ table: 'nope', row: {} }),
      JSON.stringify({ table: 'aggregates', row: { key: 1 } }),
      JSON.stringify({
        table: 'settings',
        row: { key: 'cluster:x', value: { clusterCidrs: ['10.0.0.0/8'] } },
      }),
      JSON.stringify({ table: 'settings', row: { key: 'random', value: 1 } }),
    ].join('\n');
    const parsed = parseSession(text);
    expect(parsed.skipped).toBe(4);
    expect(parsed.settings).toEqual([
      { key: 'cluster:x', value: { clusterCidrs: ['10.0.0.0/8'], aliases: [] } },
    ]);
    expect(() => parseSession('{"flow":{}}')).toThrow(/not a netpolish session/);
    expect(() =>
      parseSession(JSON.stringify({ format: 'netpolish-session', version: 99 })),
    ).toThrow(/newer/);
  });
});
