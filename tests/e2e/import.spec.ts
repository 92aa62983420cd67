import { expect, test } from '@playwright/test';
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { DUMP, TCP, dropFiles, recordRequests, sample } from './helpers';

test('imports through "Import files", keeps the import across a reload', async ({ page }) => {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles(TCP);
  const row = page.locator('[data-import="hubble-otel_basic-sample-400-tcp-flows.json"]');
  await expect(row.locator('.status')).toHaveText('done');
  await expect(row.locator('[data-format="hubble-jsonpb"]')).toHaveText('Cilium Hubble flows');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await page.reload();
  await expect(row.locator('.status')).toHaveText('done');
});

test('imports a dropped file (gzip included) and shows its progress row', async ({ page }) => {
  await page.goto('./');
  await dropFiles(page, [
    { name: 'dump.json', content: sample(DUMP) },
    { name: 'tcp.json.gz', content: gzipSync(sample(TCP)) },
  ]);
  await expect(page.locator('[data-import="dump.json"] .status')).toHaveText('done');
  // A dump says what it held.
  await expect(page.locator('[data-import="dump.json"]')).toContainText('11 pods');
  await expect(page.locator('[data-import="tcp.json.gz"] .status')).toHaveText('done');
  await expect(page.locator('[data-import="tcp.json.gz"] .format')).toHaveText(
    'Cilium Hubble flows',
  );
  await expect(page.getByRole('progressbar')).toHaveCount(0);
});

test('a corrupt file shows an error row and leaves an earlier import intact', async ({ page }) => {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles(TCP);
  const good = page.locator('[data-import="hubble-otel_basic-sample-400-tcp-flows.json"]');
  await expect(good.locator('.status')).toHaveText('done');
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  await dropFiles(page, [{ name: 'corrupt.bin', content: garbage }], 'anywhere');
  const bad = page.locator('[data-import="corrupt.bin"]');
  await expect(bad.locator('.status')).toHaveText('failed');
  await expect(bad.getByRole('alert')).toContainText(/format/i);
  await page.reload();
  await expect(good.locator('.status')).toHaveText('done');
  await expect(bad.locator('.status')).toHaveText('failed');
});

test('a running import has a progressbar and can be cancelled', async ({ page }, info) => {
  // ~600 MB of real flows on disk (the engine reads well over 100 MB/s, so a smaller file can
  // finish before the click lands); passed by path, so nothing this size crosses the protocol.
  test.setTimeout(120_000);
  const big = info.outputPath('big.json');
  const chunk = sample(TCP);
  const out = createWriteStream(big);
  for (let i = 0; i < 1000; i++) if (!out.write(chunk)) await once(out, 'drain');
  await new Promise((done) => out.end(done));
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles(big);
  const bar = page.getByRole('progressbar', { name: 'Importing big.json' });
  await expect(bar).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('[data-import="big.json"] .status')).toHaveText('cancelled');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  rmSync(big);
});

test('the app makes no request off its own origin', async ({ page, baseURL }) => {
  const requests = recordRequests(page);
  await page.goto('./');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(
    page.locator('[data-import="hubble-otel_basic-sample-400-udp-flows.json"] .status'),
  ).toHaveText('done');
  const origin = new URL(baseURL!).origin;
  expect(requests.length).toBeGreaterThan(3);
  const foreign = requests
    .map((r) => r.url())
    .filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  expect(foreign).toEqual([]);
  const csp = await page
    .locator('meta[http-equiv="content-security-policy"]')
    .getAttribute('content');
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("default-src 'self'");
});

test('`?demo` (what `npm start` opens) loads the bundled samples into an empty database once', async ({
  page,
}) => {
  await page.goto('./?demo');
  const rows = page.locator('[data-import] .status');
  await expect(page.locator('[data-import="bookinfo-kind_cluster-dump.json"] .status')).toHaveText(
    'done',
  );
  await expect(
    page.locator('[data-import="hubble-otel_basic-sample-400-udp-flows.json"] .status'),
  ).toHaveText('done');
  await expect(rows).toHaveCount(3);
  await page.reload();
  await expect(
    page.locator('[data-import="hubble-otel_basic-sample-400-tcp-flows.json"] .status'),
  ).toHaveText('done');
  await expect(rows).toHaveCount(3);
});
