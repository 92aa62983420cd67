/**
 * Stored data read back in real Chromium: a row damaged in the browser's own IndexedDB (as an
 * older version's or a broken write would leave it) is left out when the page reads it, the
 * page says so under the imports (NP-STORED-ROW with the import's file), and the review works
 * from the rest, exactly as before.
 */
import { expect, test } from '@playwright/test';
import { chooseProductpage, importDemo } from './helpers';

const TCP_NAME = 'hubble-otel_basic-sample-400-tcp-flows.json';

test('a damaged stored row is left out and said; the review goes on', async ({ page }) => {
  await importDemo(page);
  await chooseProductpage(page);
  const stored = page.getByRole('status', { name: 'Stored data' });
  await expect(stored).toHaveCount(0);

  // Damage the TCP import's communications in place: one row with an impossible port.
  await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open('netpolish');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const done = (r: IDBRequest) =>
      new Promise((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = fail)));
    const imports = (await done(db.transaction('imports').objectStore('imports').getAll())) as {
      id: string;
      name: string;
    }[];
    const id = imports.find((r) => r.name === name)!.id;
    const aggregates = db.transaction('aggregates', 'readwrite').objectStore('aggregates');
    const [row] = (await done(aggregates.index('importId').getAll(id))) as Record<
      string,
      unknown
    >[];
    delete row!.id;
    await done(aggregates.add({ ...row, port: -1 }));
    db.close();
  }, TCP_NAME);

  await page.reload();
  await expect(stored).toContainText('Some stored data could not be read back and was left out');
  await stored.getByText('1 diagnostic').click();
  await expect(stored).toContainText('NP-STORED-ROW');
  await expect(stored).toContainText(
    `${TCP_NAME} — 1 stored communication could not be read and was left out`,
  );
  await chooseProductpage(page);
  await expect(page.getByRole('tab', { name: /Ingress/ })).toBeVisible();
});
