/**
 * Faults and hostile input in real Chromium (the attack sweep's browser half): a reload, a
 * closed tab and a second tab during an import; a poisoned session file; the workers' network;
 * gzip members, trailing bytes and a bomb; names that would stretch the page or read backwards.
 * A storage quota too small for the next import is storage-quota.spec.ts. The engine halves are unit tests
 * (tests/unit/engine/hostile-corpus.test.ts, tests/unit/db/faults.test.ts).
 */
import { createServer, type Server } from 'node:http';
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DUMP, TCP, UDP, sample } from './helpers';

const HOSTILE = join(import.meta.dirname, '../fixtures/hostile');
const BIG = join(tmpdir(), `netpolish-faults-${process.pid}.json`);

test.beforeAll(async () => {
  // ~600 MB of real flows: an import that runs long enough to be interrupted.
  const out = createWriteStream(BIG);
  const chunk = sample(TCP);
  for (let i = 0; i < 1000; i++) if (!out.write(chunk)) await once(out, 'drain');
  await new Promise((done) => out.end(done));
});
test.afterAll(() => rmSync(BIG, { force: true }));

const row = (page: Page, name: string) => page.locator(`[data-import="${name}"]`);

async function startBig(page: Page): Promise<void> {
  await page.getByLabel('Import files').setInputFiles(BIG);
  await expect(page.getByRole('progressbar', { name: /Importing netpolish-faults/ })).toBeVisible();
  // The bar shows before the worker has stored the import's row; records read say it has.
  await expect(page.locator('li.running .muted')).toHaveText(/^[1-9]/);
}

test('a reload mid-import rolls it back and says so; the earlier import stays', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles(UDP);
  await expect(
    row(page, 'hubble-otel_basic-sample-400-udp-flows.json').locator('.status'),
  ).toHaveText('done');
  await startBig(page);
  await page.reload();
  const big = row(page, BIG.split('/').at(-1)!);
  await expect(big.locator('.status')).toHaveText('failed');
  await expect(big.getByRole('alert')).toContainText('Interrupted');
  await expect(
    row(page, 'hubble-otel_basic-sample-400-udp-flows.json').locator('.status'),
  ).toHaveText('done');
});

test('a second tab leaves the first tab’s running import alone (Web Locks)', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await startBig(page);
  const second = await context.newPage();
  await second.goto('./');
  await expect(second.getByRole('button', { name: 'Load demo data' })).toBeVisible();
  // The second tab's worker has opened the database: the import is neither failed nor shown.
  await second.waitForTimeout(1000);
  await expect(row(second, BIG.split('/').at(-1)!)).toHaveCount(0);
  await expect(page.getByRole('progressbar', { name: /Importing netpolish-faults/ })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(row(page, BIG.split('/').at(-1)!).locator('.status')).toHaveText('cancelled');
  await second.reload();
  await expect(row(second, BIG.split('/').at(-1)!).locator('.status')).toHaveText('cancelled');
});

test('closing the tab mid-import: the next tab rolls it back as interrupted', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const first = await context.newPage();
  await first.goto('./');
  await startBig(first);
  await first.close();
  const next = await context.newPage();
  await next.goto('./');
  const big = row(next, BIG.split('/').at(-1)!);
  await expect(big.locator('.status')).toHaveText('failed');
  await expect(big.getByRole('alert')).toContainText('Interrupted');
});

// The storage quota case is tests/e2e/storage-quota.spec.ts; here, the persistence request.
test('the first import asks the browser to keep the data (navigator.storage.persist)', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as { persistCalls: number };
    w.persistCalls = 0;
    const original = navigator.storage.persist.bind(navigator.storage);
    navigator.storage.persist = () => {
      w.persistCalls++;
      return original();
    };
  });
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles(DUMP);
  await expect(row(page, 'bookinfo-kind_cluster-dump.json').locator('.status')).toHaveText('done');
  const calls = await page.evaluate(
    () => (window as unknown as { persistCalls: number }).persistCalls,
  );
  expect(calls).toBe(1);
});

test('a poisoned session file is previewed, filtered, and breaks no view (after a reload either)', async ({
  page,
}, info) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(
    row(page, 'hubble-otel_basic-sample-400-udp-flows.json').locator('.status'),
  ).toHaveText('done');
  const poisoned = [
    { format: 'netpolish-session', version: 1, exportedAt: '2020-01-01T00:00:00Z' },
    { table: 'imports', row: { id: 'evil', cluster: 'kind', status: 'done', name: 'evil.json' } },
    {
      table: 'inventories',
      row: {
        importId: 'evil',
        cluster: 'kind',
        inventory: { cluster: 'kind', pods: 'x', workloads: [1, { kind: 'Deployment' }] },
      },
    },
    {
      table: 'aggregates',
      row: {
        importId: 'evil',
        cluster: 'kind',
        key: 'k',
        client: { type: 'workload' },
        server: 7,
        port: 1e9,
        protocol: 'TCP',
        flows: NaN,
        buckets: 'x',
      },
    },
    { table: 'settings', row: { key: 'ui.scope', value: { cluster: { toString: 1 } } } },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n');
  const file = info.outputPath('poisoned.jsonl');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, poisoned);
  await page.getByLabel('Import session').setInputFiles(file);
  const preview = page.getByRole('dialog', { name: 'What this session file changes' });
  await expect(preview).toContainText('1 new import');
  await expect(preview).toContainText('malformed');
  await preview.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Session imported' })).toBeVisible();
  for (const p of [page, await (async () => (await page.reload(), page))()]) {
    // The first workload of the list, chosen with the keyboard.
    const workload = p.getByRole('combobox', { name: 'Workload' });
    await workload.click();
    await expect(p.getByRole('option')).not.toHaveCount(1);
    await workload.press('ArrowDown');
    await workload.press('Enter');
    await expect(workload).toHaveValue(/ — \d+ in, \d+ out$/);
    await p.getByRole('tab', { name: /Generated Policy/ }).click();
    await expect(p.getByRole('region', { name: 'Generated policy YAML' })).toContainText(
      'kind: NetworkPolicy',
    );
  }
});

test('the workers reach no network: fetch, XHR, WebSocket and a foreign import all fail', async ({
  page,
}) => {
  let hits = 0;
  const other: Server = createServer((_, res) => {
    hits++;
    res.end('reached');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  const port = (other.address() as { port: number }).port;
  const response = await page.goto('./');
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await page.getByLabel('Import files').setInputFiles(UDP);
  await expect(
    row(page, 'hubble-otel_basic-sample-400-udp-flows.json').locator('.status'),
  ).toHaveText('done');
  const worker = page.workers().find((w) => w.url().includes('engine.worker'));
  expect(worker).toBeDefined();
  const workerCsp = (await page.request.get(worker!.url())).headers()['content-security-policy'];
  expect(workerCsp).toContain("connect-src 'none'");
  const outcome = await worker!.evaluate(async (url) => {
    const tried: Record<string, string> = {};
    const attempt = async (name: string, f: () => unknown) => {
      try {
        await f();
        tried[name] = 'reached';
      } catch (e) {
        tried[name] = `blocked: ${(e as Error).message}`;
      }
    };
    await attempt('fetch', () => fetch(url));
    await attempt('xhr', () => {
      const x = new XMLHttpRequest();
      x.open('GET', url);
      x.send();
    });
    await attempt('websocket', () => new WebSocket(url.replace('http', 'ws')));
    await attempt('import', () => import(/* @vite-ignore */ `${url}evil.js`));
    return tried;
  }, `http://127.0.0.1:${port}/`);
  for (const how of ['fetch', 'xhr', 'websocket', 'import'])
    expect(outcome[how]).toMatch(/^blocked/);
  await page.waitForTimeout(500);
  expect(hits).toBe(0);
  other.close();
});

test('gzip members, trailing bytes and a bomb read as the CLI reads them', async ({ page }) => {
  await page.goto('./');
  const names = [
    'multi-member.json.gz',
    'trailing-junk.json.gz',
    'bomb.json.gz',
    'hubble-hostile-names.json',
  ];
  await page.getByLabel('Import files').setInputFiles(names.map((n) => join(HOSTILE, n)));
  // The bomb is read up to the budget: partial, and its line says so.
  for (const n of names)
    await expect(row(page, n).locator('.status')).toHaveText(
      n === 'bomb.json.gz' ? 'partial' : 'done',
    );
  await expect(row(page, 'bomb.json.gz').getByText(/^Partial: 1 error — /)).toBeVisible();
  // Every line of the 20 members (the browser kept ~44 before).
  await expect(row(page, 'multi-member.json.gz').locator('.accounting')).toContainText(
    '400 events',
  );
  await expect(row(page, 'trailing-junk.json.gz')).toContainText('NP-GZIP-TRAILING');
  await expect(row(page, 'trailing-junk.json.gz').locator('.accounting')).toContainText(
    '400 events',
  );
  await expect(row(page, 'bomb.json.gz')).toContainText('NP-GZIP-BUDGET');
});
