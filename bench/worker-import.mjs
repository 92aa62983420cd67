/**
 * The engine in the browser: the built app imports the synthetic cluster dump, then a Hubble
 * capture through "Import files" — one file, or several picked at once (a drop); the import is
 * timed from the files being handed to the page to every row reading "done", and flows/s is
 * their line count over that time. The same file's Node ingest (section node-ingest) is the
 * reference for the ratio.
 *
 *   node bench/worker-import.mjs --flows bench/data/hubble-200000-s42.jsonl --dump bench/data/cluster-s42.json [--split 4]
 */
import { basename, join } from 'node:path';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
 * The capture cut after newlines into `n` files of about equal size, in a fresh temporary
 * folder (`remove` deletes it): the several files of one drop.
 */
export function splitCapture(flows, n) {
  const dir = mkdtempSync(join(tmpdir(), 'netpolish-bench-drop-'));
  const size = statSync(flows).size;
  const fd = openSync(flows, 'r');
  const files = [];
  try {
    let start = 0;
    for (let i = 1; i <= n; i++) {
      let end = i === n ? size : Math.floor((size * i) / n);
      // On past the next newline, so each file holds whole lines.
      const probe = Buffer.alloc(1 << 16);
      for (; end < size;) {
        const got = readSync(fd, probe, 0, probe.length, end);
        const nl = probe.subarray(0, got).indexOf(10);
        if (nl >= 0) {
          end += nl + 1;
          break;
        }
        end += got;
      }
      const path = join(dir, `part-${i}-of-${n}-${basename(flows)}`);
      const out = openSync(path, 'w');
      const buf = Buffer.alloc(1 << 22);
      for (let at = start; at < end;) {
        const got = readSync(fd, buf, 0, Math.min(buf.length, end - at), at);
        writeSync(out, buf, 0, got);
        at += got;
      }
      closeSync(out);
      files.push(path);
      start = end;
    }
  } finally {
    closeSync(fd);
  }
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `flows`: a file, or several imported as one drop. `workers`: parse workers the import may
 * use (localStorage netpolish.parseWorkers); 1 reads the files in the engine worker one after
 * another, unset: the app's default (the cores, at most 4).
 */
export async function measureWorkerImport({ flows, dump, workers, log = () => {} }) {
  const list = Array.isArray(flows) ? flows : [flows];
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
    const bytes = list.reduce((n, f) => n + statSync(f).size, 0);
    log(
      `importing ${(bytes / 1e6).toFixed(0)} MB of flows in ${list.length} file(s) in the browser (parse workers: ${workers ?? 'default'}) …`,
    );
    const t0 = Date.now();
    await page.getByLabel('Import files').setInputFiles(list);
    for (const f of list) await waitDone(page, basename(f));
    const ms = Date.now() - t0;
    const lines = await page.evaluate(
      async (names) => {
        const db = await new Promise((res, rej) => {
          const r = indexedDB.open('netpolish');
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        const rows = await new Promise((res) => {
          const q = db.transaction('imports').objectStore('imports').getAll();
          q.onsuccess = () => res(q.result);
        });
        return rows.filter((r) => names.includes(r.name)).reduce((n, r) => n + r.lines, 0);
      },
      list.map((f) => basename(f)),
    );
    return {
      ms,
      files: list.length,
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
  return `browser worker import${r.files > 1 ? ` of ${r.files} files` : ''}: ${r.lines.toLocaleString('en')} lines in ${(r.ms / 1000).toFixed(1)} s — ${r.flowsPerSec.toLocaleString('en')} flows/s, ${r.mbPerSec} MB/s`;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const arg = (n) => process.argv[process.argv.indexOf(n) + 1];
  const split = process.argv.includes('--split') ? Number(arg('--split')) : 0;
  const drop = split > 1 ? splitCapture(arg('--flows'), split) : null;
  try {
    const r = await measureWorkerImport({
      flows: drop?.files ?? arg('--flows'),
      dump: arg('--dump'),
      log: console.log,
    });
    console.log(printWorkerImport(r));
  } finally {
    drop?.remove();
  }
}
