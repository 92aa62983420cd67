import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DUMP, GKE, TCP, UDP, dropFiles, importDemo, sample } from './helpers';

/**
 * Parse workers share the flow files of a drop: each file read whole by one worker or, when
 * big, cut into parts read at once. Parts are made small (localStorage netpolish.partBytes) so
 * that the samples are cut; the counts and diagnostics equal those of one worker reading the
 * files one after another.
 */
async function withWorkers(browser: Browser, workers: number, partBytes = 100_000) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(
    ([n, bytes]) => {
      localStorage.setItem('netpolish.parseWorkers', String(n));
      localStorage.setItem('netpolish.partBytes', String(bytes));
    },
    [workers, partBytes],
  );
  const started: string[] = [];
  page.on('worker', (w) => started.push(w.url()));
  return { context, page, parseWorkers: () => started.filter((u) => /parse/.test(u)).length };
}

/** What the import list shows: per file, status, counts and diagnostics (also folded ones). */
async function shown(page: Page) {
  const rows = page.locator('[data-import]');
  return {
    names: await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-import'))),
    status: await rows.locator('.status').allInnerTexts(),
    counts: await rows.locator('.accounting').allInnerTexts(),
    diagnostics: await rows.evaluateAll((els) =>
      els.map((e) => e.querySelector('.diags')?.textContent?.replace(/\s+/g, ' ') ?? ''),
    ),
  };
}

/** Rows of the stored communications and names (IndexedDB, as the app keeps them). */
function storedRows(page: Page): Promise<{ aggregates: number; names: number }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open('netpolish');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const count = (store: string) =>
      new Promise<number>((ok, fail) => {
        const r = db.transaction(store).objectStore(store).count();
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    const out = { aggregates: await count('aggregates'), names: await count('names') };
    db.close();
    return out;
  });
}

async function demoCounts(browser: Browser, workers: number) {
  const { context, page, parseWorkers } = await withWorkers(browser, workers);
  await importDemo(page);
  const rows = page.locator('[data-import]');
  await expect(rows).toHaveCount(3);
  await expect(page.locator('[data-import] .status')).toHaveText(['done', 'done', 'done']);
  const counts = await page.locator('[data-import] .accounting').allInnerTexts();
  const tabs = await page.getByRole('tab').allInnerTexts();
  await context.close();
  return { counts, tabs, parseWorkers: parseWorkers() };
}

test('the demo read by 3 parse workers gives the counts 1 worker gives', async ({ browser }) => {
  const one = await demoCounts(browser, 1);
  const three = await demoCounts(browser, 3);
  expect(one.parseWorkers).toBe(0);
  // The two captures are one drop: 3 workers lent to it.
  expect(three.parseWorkers).toBe(3);
  expect(three.counts).toEqual(one.counts);
  expect(three.tabs).toEqual(one.tabs);
  expect(one.counts.join(' ')).toMatch(/\d+ counted/);
});

/** The TCP capture with bad lines late in it: their line numbers count the parts before. */
function broken(): Buffer {
  const lines = sample(TCP).toString('utf8').trimEnd().split('\n');
  lines.splice(250, 0, '{"flow": {"cut here');
  lines.splice(380, 0, 'not json');
  return Buffer.from(lines.join('\n') + '\n');
}

const PCAP = join(import.meta.dirname, '../fixtures/formats/pcap/zeek-traces_wikipedia.pcap');
const VPC = join(import.meta.dirname, '../fixtures/formats/aws-vpc/awsdocs_vpcflow-v5-custom.log');

async function dropped(browser: Browser, workers: number) {
  const { context, page, parseWorkers } = await withWorkers(browser, workers);
  await page.goto('./');
  await dropFiles(page, [
    { name: 'tcp-broken.json', content: broken() },
    { name: 'dump.json', content: sample(DUMP) },
    { name: 'udp.json.gz', content: gzipSync(sample(UDP)) },
    { name: 'wikipedia.pcap', content: sample(PCAP) },
    { name: 'gke-http.json', content: sample(GKE) },
    { name: 'vpc-v5.log', content: sample(VPC) },
    { name: 'notes.txt', content: 'hello\nthis is no capture\n' },
  ]);
  await expect(page.locator('[data-import]')).toHaveCount(7, { timeout: 30_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  const seen = await shown(page);
  await context.close();
  return { ...seen, parseWorkers: parseWorkers() };
}

test('a drop of several files read by 3 parse workers shows what 1 worker shows', async ({
  browser,
}) => {
  const one = await dropped(browser, 1);
  const three = await dropped(browser, 3);
  expect(one.parseWorkers).toBe(0);
  expect(three.parseWorkers).toBe(3);
  expect(one.status.filter((s) => s === 'failed')).toHaveLength(1);
  const tcp = one.names.indexOf('tcp-broken.json');
  expect(one.diagnostics[tcp]).toMatch(/tcp-broken\.json:251 .*tcp-broken\.json:381/);
  expect(three).toEqual({ ...one, parseWorkers: 3 });
});

test('Cancel mid-drop stops every file and stores none of them', async ({ browser }, info) => {
  // 4 × 150 MB of real flows on disk, so the drop is still reading when the click lands.
  test.setTimeout(120_000);
  const chunk = sample(TCP);
  const paths = [1, 2, 3, 4].map((i) => info.outputPath(`big-${i}.json`));
  for (const path of paths) {
    const out = createWriteStream(path);
    for (let i = 0; i < 250; i++) if (!out.write(chunk)) await once(out, 'drain');
    await new Promise((done) => out.end(done));
  }
  const { context, page, parseWorkers } = await withWorkers(browser, 2, 8 * 1024 * 1024);
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles(paths);
  await expect(page.getByRole('progressbar', { name: 'Importing 4 files' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  const statuses = page.locator('[data-import] .status');
  await expect(statuses).toHaveText(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  expect(parseWorkers()).toBe(2);
  await page.reload();
  await expect(statuses).toHaveText(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  expect(await storedRows(page)).toEqual({ aggregates: 0, names: 0 });
  await context.close();
  for (const path of paths) rmSync(path);
});

/** How each stored import's lines were scanned (ImportRecord.byteScan), by file name. */
function byteScans(page: Page): Promise<Record<string, string | null>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open('netpolish');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const rows = await new Promise<{ name: string; byteScan?: string }[]>((ok, fail) => {
      const r = db.transaction('imports').objectStore('imports').getAll();
      r.onsuccess = () => ok(r.result as { name: string; byteScan?: string }[]);
      r.onerror = () => fail(r.error);
    });
    db.close();
    return Object.fromEntries(rows.map((r) => [r.name, r.byteScan ?? null]));
  });
}

test('Hubble lines are scanned by the WebAssembly kernel in the engine worker and in parse workers', async ({
  browser,
}) => {
  // The worker scripts' policy must let them compile WebAssembly (scripts/csp-headers.mjs);
  // refused, the engine falls back to its JavaScript scan with the same output, only slower.
  for (const workers of [1, 2]) {
    const { context, page, parseWorkers } = await withWorkers(browser, workers);
    await page.goto('./');
    await dropFiles(page, [
      { name: 'tcp.json', content: sample(TCP) },
      { name: 'udp.json', content: sample(UDP) },
    ]);
    await expect(page.locator('[data-import] .status')).toHaveText(['done', 'done'], {
      timeout: 30_000,
    });
    // 1 worker: the engine worker reads both files; 2: parse workers read them in parts.
    expect(parseWorkers()).toBe(workers === 1 ? 0 : 2);
    expect(await byteScans(page)).toEqual({ 'tcp.json': 'wasm', 'udp.json': 'wasm' });
    await context.close();
  }
});
