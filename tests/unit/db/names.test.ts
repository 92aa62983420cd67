/**
 * Names of IPs in the app: the worker API on the wikipedia pcap (its DNS responses) and the
 * built dns.log gives the IP peers the same names as `netpolish analyze --json` on the same
 * files; the names are stored per import (kept when the database is opened again, removed with
 * their file, carried by a session file), and "alias by name" is the engine function the CLI's
 * --alias-by-name uses.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from '../../../workers/engine-api';
import Dexie from 'dexie';
import { openDb } from '$lib/db/schema';
import { clusterNames } from '$lib/db/names';
import { main } from '../../../src/cli/main';
import type { Communication } from '$lib/engine/model/communication';
import { aliasesByName } from '$lib/engine/classify/by-name';

const DIR = join(import.meta.dirname, '../../fixtures/analyze/pcap-dns-names');
const FILES = ['cluster.json', 'zeek-traces_wikipedia.pcap', 'dns-from-field-list.log'];
const BROWSER = { kind: 'Deployment', namespace: 'web', name: 'browser' };

let n = 0;
async function imported(): Promise<string> {
  const name = `names-test-${Date.now()}-${n++}`;
  api.useDatabase(name);
  for (const [i, f] of FILES.entries()) {
    const file = new File([new Uint8Array(readFileSync(join(DIR, f)))], f);
    expect((await api.importFile(file, { id: `f${i}`, cluster: 'c' })).status).toBe('done');
  }
  return name;
}

/** IP → its names, for the IP peers that have any. */
function namesOf(rows: { peer: { type: string; ip?: string; names?: string[] } }[]) {
  const out: Record<string, string[]> = {};
  for (const r of rows) if (r.peer.type === 'ip' && r.peer.names) out[r.peer.ip!] = r.peer.names;
  return out;
}

async function appRows(extra: object = {}): Promise<Communication[]> {
  return api.workloadCommunications({
    cluster: 'c',
    entity: 'Deployment',
    workload: BROWSER,
    ...extra,
  });
}

async function cli(...argv: string[]): Promise<string> {
  let out = '';
  const code = await main(argv, { out: (t) => void (out += t), err: () => undefined });
  expect(code).toBe(0);
  return out;
}

describe('names of IPs in the app', () => {
  it('gives the IP peers the names the CLI gives them on the same files', async () => {
    await imported();
    const app = namesOf(await appRows());
    const files = FILES.slice(1).map((f) => join(DIR, f));
    const json = JSON.parse(
      await cli('analyze', '--metadata', join(DIR, FILES[0]!), '--flows', ...files, '--json'),
    ) as { communications: Communication[] };
    expect(app).toEqual(namesOf(json.communications));
    expect(app).toEqual({
      '208.80.152.2': ['meta.wikimedia.org'],
      '208.80.152.3': ['upload.wikimedia.org'],
    });
  });

  it('keeps them when the database is opened again and removes them with their file', async () => {
    const name = await imported();
    const stored = await clusterNames(openDb(name), 'c');
    expect(stored.map((x) => `${x.ip} ${x.name}`)).toContain('208.80.152.3 upload.wikimedia.org');
    await api.removeImport('f1');
    const left = await clusterNames(openDb(name), 'c');
    // The dns.log's names stay (zeek.org, and upload.wikimedia.org at its own time); the
    // pcap's went with it.
    expect([...new Set(left.map((x) => x.name))].sort()).toEqual([
      'upload.wikimedia.org',
      'zeek.org',
    ]);
    expect(stored.some((x) => x.name === 'meta.wikimedia.org')).toBe(true);
    expect(namesOf(await appRows())).toEqual({});
  });

  it('carries them in a session file', async () => {
    await imported();
    const session = await api.exportSession();
    api.useDatabase(`names-test-session-${Date.now()}`);
    const preview = await api.importSession(session, { apply: true });
    expect(preview.imports).toBe(3);
    expect(namesOf(await appRows())).toEqual({
      '208.80.152.2': ['meta.wikimedia.org'],
      '208.80.152.3': ['upload.wikimedia.org'],
    });
  });

  it('alias by name: the app and the CLI name the same addresses after the FQDN', async () => {
    await imported();
    // What the tab's "Alias by name" saves: the engine's aliases for the name, over its rows.
    const aliases = aliasesByName(await appRows(), 'upload.wikimedia.org');
    expect(aliases).toEqual([{ cidr: '208.80.152.3/32', name: 'upload.wikimedia.org' }]);
    const app = (await appRows({ aliases })).filter((c) => c.peer.type === 'ip');
    const files = FILES.slice(1).map((f) => join(DIR, f));
    const base = ['--metadata', join(DIR, FILES[0]!), '--flows', ...files, '--json'];
    const json = JSON.parse(
      await cli('analyze', ...base, '--alias-by-name', 'upload.wikimedia.org'),
    ) as { communications: Communication[] };
    const aliasOf = (rows: Communication[]) =>
      Object.fromEntries(
        rows.flatMap((c) => (c.peer.type === 'ip' ? [[c.peer.ip, c.peer.alias]] : [])),
      );
    expect(aliasOf(json.communications)).toEqual(aliasOf(app));
    expect(aliasOf(app)['208.80.152.3']).toBe('upload.wikimedia.org');
  });

  it('opens a database of the first schema: its imports stay, names start empty', async () => {
    const name = `names-test-v1-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      imports: '&id, cluster, status, startedAt',
      inventories: '&importId, cluster',
      aggregates: '++id, importId, cluster',
      decisions: '&id, cluster',
      settings: '&key',
    });
    await v1.table('imports').put({ id: 'old', cluster: 'c', status: 'done', startedAt: 1 });
    v1.close();
    const db = openDb(name);
    expect((await db.imports.get('old'))?.cluster).toBe('c');
    expect(await clusterNames(db, 'c')).toEqual([]);
    expect(db.verno).toBe(2);
  });
});
