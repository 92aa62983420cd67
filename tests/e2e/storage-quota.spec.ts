/**
 * A storage quota too small for the next import, in real Chromium: the DevTools protocol's
 * Storage.overrideQuotaForOrigin gives the app's origin a small quota. Chromium keeps answering
 * navigator.storage.estimate() with a fixed figure (usage plus 10 GiB, so that the quota cannot
 * fingerprint a disk), so the app's estimate check lets the import through and the refusal comes
 * from IndexedDB's own commit — the path a full disk takes.
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { UDP } from './helpers';

const EARLIER = 'hubble-otel_basic-sample-400-udp-flows.json';
const TOO_BIG = 'many-communications.json';
const QUOTA = 10 * 1024 * 1024;

/** Hubble flows, each a new communication (its own destination and port): many rows to store. */
function manyCommunications(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const time = new Date(Date.UTC(2021, 10, 10, 10, 0, 0, i)).toISOString();
    lines.push(
      JSON.stringify({
        flow: {
          time,
          verdict: 'FORWARDED',
          IP: {
            source: '10.244.0.177',
            destination: `198.51.${(i >> 8) & 255}.${i & 255}`,
            ipVersion: 'IPv4',
          },
          l4: {
            TCP: { source_port: 40000, destination_port: 1024 + (i % 50000), flags: { SYN: true } },
          },
          source: { namespace: 'bookinfo', pod_name: 'productpage-v1-6b746f74dc-9rcxx' },
          destination: {},
          Type: 'L3_L4',
          node_name: 'kind-control-plane',
          traffic_direction: 'EGRESS',
          is_reply: false,
        },
        time,
      }),
    );
  }
  return lines.join('\n') + '\n';
}

/** Rows of the app's database, read straight from IndexedDB. */
function countRows(page: Page): Promise<{ imports: string[]; aggregates: Record<string, number> }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const open = indexedDB.open('netpolish');
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((done, fail) => {
        const get = db.transaction(store).objectStore(store).getAll();
        get.onsuccess = () => done(get.result as T[]);
        get.onerror = () => fail(get.error);
      });
    const imports = await all<{ id: string; name: string; status: string }>('imports');
    const aggregates: Record<string, number> = {};
    for (const a of await all<{ importId: string }>('aggregates')) {
      const name = imports.find((i) => i.id === a.importId)?.name ?? a.importId;
      aggregates[name] = (aggregates[name] ?? 0) + 1;
    }
    db.close();
    return { imports: imports.map((i) => `${i.name}: ${i.status}`).sort(), aggregates };
  });
}

const row = (page: Page, name: string) => page.locator(`[data-import="${name}"]`);

test('an import too big for the storage quota fails plainly, stores nothing, and the earlier import survives a reload', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const big = info.outputPath(TOO_BIG);
  writeFileSync(big, manyCommunications(20_000));
  // Chromium takes an override only before the origin's first IndexedDB write (it then keeps
  // its own count of the space left), so the quota is set before the app opens: room for the
  // app's offline cache (~6 MB) and a small import, not for 20,000 communications (~15 MB).
  const origin = new URL(info.project.use.baseURL!).origin;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: QUOTA });
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles(UDP);
  await expect(row(page, EARLIER).locator('.status')).toHaveText('done');
  const earlier = await countRows(page);
  expect(earlier.aggregates[EARLIER]).toBeGreaterThan(0);

  await page.getByLabel('Import files').setInputFiles(big);
  const failed = row(page, TOO_BIG);
  await expect(failed.locator('.status')).toHaveText('failed', { timeout: 60_000 });
  await expect(failed.getByRole('alert')).toContainText('Not enough storage space');
  await expect(failed.getByRole('alert')).toContainText('Nothing of this file was stored');
  // Nothing of the refused file is in the database, before a reload as after it. (The browser's
  // own usage figure is no measure of that: after the refused commit it
  // read 7.9 to 11.1 MB against the 10 MiB quota from run to run, the same build each time.)
  expect((await countRows(page)).aggregates).toEqual(earlier.aggregates);

  await page.reload();
  await expect(row(page, EARLIER).locator('.status')).toHaveText('done');
  await expect(row(page, EARLIER).locator('.accounting')).toContainText('400 events');
  const after = await countRows(page);
  expect(after.aggregates).toEqual(earlier.aggregates);
  // The refused import is listed as failed (not running, not done) after the reload too.
  expect(after.imports).toContain(`${TOO_BIG}: failed`);
  await expect(row(page, TOO_BIG).getByRole('alert')).toContainText('Not enough storage space');
});
