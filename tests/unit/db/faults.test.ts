/**
 * Storage faults on the real IndexedDB code (fake-indexeddb, unit tests only): a full disk or
 * quota is said plainly and stores nothing of the file while earlier imports stay; an import
 * another tab owns (its Web Lock is held) is never rolled back as interrupted. The browser
 * halves run in Chromium (tests/e2e/faults.spec.ts).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '$lib/db/schema';
import { recoverInterrupted, runImport } from '$lib/db/ingest';
import { NO_SPACE, storageErrorMessage } from '$lib/db/storage-space';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const file = (name: string) =>
  new File([new Uint8Array(readFileSync(new URL(name, SAMPLES)))], name);
const TCP = 'hubble-otel_basic-sample-400-tcp-flows.json';
const UDP = 'hubble-otel_basic-sample-400-udp-flows.json';

const nav = globalThis as { navigator?: unknown };
const realNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (realNavigator) Object.defineProperty(globalThis, 'navigator', realNavigator);
  else delete nav.navigator;
});
function fakeNavigator(value: object): void {
  Object.defineProperty(globalThis, 'navigator', { value, configurable: true, writable: true });
}

let n = 0;
const fresh = () => openDb(`faults-${Date.now()}-${n++}`);

describe('storage faults', () => {
  it('names a quota error, wrapped as Dexie wraps it, and nothing else', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(storageErrorMessage({ name: 'AbortError', inner: quota })).toBe(NO_SPACE);
    expect(
      storageErrorMessage(new DOMException('Internal error: backing store', 'UnknownError')),
    ).toBe(NO_SPACE);
    expect(storageErrorMessage(new Error('bad JSON'))).toBeNull();
  });

  it('a full storage stores nothing of the file, says why, and keeps the earlier import', async () => {
    const db = fresh();
    const first = await runImport(db, file(TCP), { id: 'a', cluster: 'c' });
    expect(first.status).toBe('done');
    const before = await db.aggregates.count();
    // The browser's estimate says 1 MB is left: the commit is refused before it starts.
    fakeNavigator({ storage: { estimate: () => Promise.resolve({ usage: 99e6, quota: 100e6 }) } });
    const second = await runImport(db, file(UDP), { id: 'b', cluster: 'c' });
    expect(second).toMatchObject({ status: 'failed', error: NO_SPACE });
    expect(await db.aggregates.count()).toBe(before);
    expect((await db.imports.get('a'))?.status).toBe('done');
  });

  it('a quota error during the commit rolls the import back and says why', async () => {
    const db = fresh();
    await runImport(db, file(TCP), { id: 'a', cluster: 'c' });
    const before = await db.aggregates.count();
    const bulkAdd = db.aggregates.bulkAdd.bind(db.aggregates);
    db.aggregates.bulkAdd = (async (...args: Parameters<typeof bulkAdd>) => {
      await bulkAdd(...args);
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }) as unknown as typeof bulkAdd;
    const second = await runImport(db, file(UDP), { id: 'b', cluster: 'c' });
    expect(second).toMatchObject({ status: 'failed', error: NO_SPACE });
    expect(await db.aggregates.count()).toBe(before);
  });

  it('an import whose Web Lock another tab holds is not rolled back as interrupted', async () => {
    const db = fresh();
    const running = (id: string) => ({
      id,
      name: `${id}.json`,
      size: 1,
      cluster: 'c',
      status: 'running' as const,
      format: null,
      kind: null,
      startedAt: 1,
      finishedAt: null,
      bytesRead: 0,
      lines: 0,
      records: 0,
      communications: 0,
      diagnostics: [],
      diagnosticOverflow: {},
      error: null,
    });
    await db.imports.bulkPut([running('other-tab'), running('closed-tab')]);
    // Web Locks as a tab sees them: the other tab's lock is held (a request for it waits).
    const held = new Set(['netpolish-import:other-tab']);
    fakeNavigator({
      locks: {
        request: (name: string, cb: () => Promise<void>) =>
          held.has(name) ? new Promise(() => undefined) : cb(),
        query: () => Promise.resolve({ held: [...held].map((name) => ({ name })) }),
      },
    });
    expect(await recoverInterrupted(db)).toBe(1);
    expect((await db.imports.get('other-tab'))?.status).toBe('running');
    expect((await db.imports.get('closed-tab'))?.error).toMatch(/^Interrupted/);
  });
});
