/**
 * The engine in the browser: the built app imports the synthetic cluster dump, then a Hubble
 * capture through "Import files"; the flows file's import is timed from the file being handed
 * to the page to its row reading "done", and flows/s is its line count over that time. The same
 * file's Node ingest (section node-ingest) is the reference for the ratio.
 *
 *   node bench/worker-import.mjs --flows bench/data/hubble-200000-s42.jsonl --dump bench/data/cluster-s42.json
 */
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { ensureBuild, launchChromium, serveBuild } from './browser.mjs';

async function waitDone(page, name) {
  const row = page.locator(`[data-import="${name}"]`);
  await row
    .locator('.status')
    .filter({ hasText: /done|failed|cancelled/ })
    .waitFor({ timeout: 30 * 60_000 });
  const status = (await row.locator('.status').textContent())?.trim();
  if (status !== 'done') throw new Error(`import of ${name} ended ${status}`);
}

/**
 * `workers`: parse workers the import may use (localStorage netpolish.parseWorkers); 1 reads
 * the file in the engine worker alone, unset: the app's default (the cores, at most 4).
 */
export async function measureWorkerImport({ flows, dump, workers, log = () => {} }) {
  ensureBuild();
  const server = await serveBuild('/bench-import/');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    if (workers !== undefined)
      await page.addInitScript(
        (n) => localStorage.setItem('netpolish.parseWorkers', String(n)),
        workers,
      );
    await page.goto(server.url);
    await page.getByLabel('Import files').setInputFiles(dump);
    await waitDone(page, basename(dump));
    log(
      `importing ${(statSync(flows).size / 1e6).toFixed(0)} MB of flows in the browser (parse workers: ${workers ?? 'default'}) …`,
    );
    const t0 = Date.now();
    await page.getByLabel('Import files').setInputFiles(flows);
    await waitDone(page, basename(flows));
    const ms = Date.now() - t0;
    const lines = await page.evaluate(async (name) => {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open('netpolish');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const rows = await new Promise((res) => {
        const q = db.transaction('imports').objectStore('imports').getAll();
        q.onsuccess = () => res(q.result);
      });
      return rows.find((r) => r.name === name)?.lines ?? 0;
    }, basename(flows));
    const bytes = statSync(flows).size;
    return {
      ms,
      lines,
      cores: await page.evaluate(() => navigator.hardwareConcurrency),
      flowsPerSec: Math.round(lines / (ms / 1000)),
      mbPerSec: Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10,
    };
  } finally {
    await browser.close();
    server.stop();
  }
}

export function printWorkerImport(r) {
  return `browser worker import: ${r.lines.toLocaleString('en')} lines in ${(r.ms / 1000).toFixed(1)} s — ${r.flowsPerSec.toLocaleString('en')} flows/s, ${r.mbPerSec} MB/s`;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const arg = (n) => process.argv[process.argv.indexOf(n) + 1];
  const r = await measureWorkerImport({
    flows: arg('--flows'),
    dump: arg('--dump'),
    log: console.log,
  });
  console.log(printWorkerImport(r));
}
