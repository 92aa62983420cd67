/**
 * Hostile input in the browser (section hostile-input): the built app in Chromium, memory
 * taken as the PSS (proportional set size, /proc/<pid>/smaps_rollup) summed over every
 * Chromium process this bench started, sampled every 100 ms.
 *
 * - A gzip bomb (one real Hubble flow padded with 10,000 spaces a line, 1 GiB once inflated,
 *   about 1 MB on disk) through "Import files": the peak over the idle app's memory, and the
 *   time from the file handed to the page to its row leaving "running" (the decompression
 *   budget stops it: NP-GZIP-BUDGET).
 * - Cancel during a long gzipped import (the bench's capture, gzipped): the time from the click
 *   on Cancel to the row reading "cancelled", and the peak memory meanwhile.
 *
 *   node bench/hostile-browser.mjs --cancel bench/data/hubble-200000-s42.jsonl.gz
 */
import { existsSync, readdirSync, readFileSync, createWriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { ROOT, ensureBuild, launchChromium, serveBuild } from './browser.mjs';

const BOMB_BYTES = 2 ** 30;

/** The bomb, written once into bench/data (deterministic: fixed level, no name or mtime). */
async function bombFile() {
  const out = join(ROOT, 'bench/data/bomb-1g.json.gz');
  if (existsSync(out)) return out;
  const sample = join(ROOT, 'static/samples/hubble-otel_basic-sample-400-tcp-flows.json');
  const flow = readFileSync(sample, 'utf8').split('\n')[1];
  const line = Buffer.from(`${flow}${' '.repeat(10_000)}\n`);
  const gz = createGzip({ level: 9 });
  const file = createWriteStream(out);
  gz.pipe(file);
  for (let n = 0; n < BOMB_BYTES; n += line.length) if (!gz.write(line)) await once(gz, 'drain');
  gz.end();
  await once(file, 'close');
  return out;
}

/** Pids of the processes descending from this one whose command is Chromium's. */
function chromiumPids() {
  const parent = new Map();
  const comm = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      comm.set(Number(d), stat.slice(stat.indexOf('(') + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
      if (p === process.pid) return true;
    return false;
  };
  return [...comm.keys()].filter((p) => /chrom/i.test(comm.get(p)) && mine(p));
}

function pssMb(pids) {
  let kb = 0;
  for (const p of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

/** Samples Chromium's memory every 100 ms until stopped; `peak()` is the largest sample. */
function sampler() {
  let peak = 0;
  let pids = chromiumPids();
  let ticks = 0;
  const timer = setInterval(() => {
    if (++ticks % 10 === 0) pids = chromiumPids(); // a worker may start a process
    peak = Math.max(peak, pssMb(pids));
  }, 100);
  return {
    peak: () => Math.round(peak),
    stop: () => clearInterval(timer),
  };
}

async function settle(page, name) {
  const status = page.locator(`[data-import="${name}"] .status`);
  await status.filter({ hasText: /done|failed|cancelled/ }).waitFor({ timeout: 10 * 60_000 });
  return (await status.textContent())?.trim();
}

export async function measureHostileBrowser({ cancelFile, log = () => {} }) {
  ensureBuild();
  const bomb = await bombFile();
  const server = await serveBuild('/bench-hostile/');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Load demo data' }).waitFor();
    await page.waitForTimeout(1000);
    const idle = Math.round(pssMb(chromiumPids()));

    log(`gzip bomb (${(BOMB_BYTES / 2 ** 30).toFixed(0)} GiB inflated) …`);
    let s = sampler();
    let t0 = Date.now();
    await page.getByLabel('Import files').setInputFiles(bomb);
    const bombStatus = await settle(page, basename(bomb));
    const bombMs = Date.now() - t0;
    s.stop();
    const budget = await page.locator(`[data-import="${basename(bomb)}"]`).textContent();
    const bombResult = {
      status: bombStatus,
      budgetDiagnostic: /NP-GZIP-BUDGET/.test(budget ?? ''),
      ms: bombMs,
      peakMb: s.peak(),
      peakOverIdle: Math.round((s.peak() / idle) * 100) / 100,
    };

    log(`cancel during ${basename(cancelFile)} …`);
    s = sampler();
    await page.getByLabel('Import files').setInputFiles(cancelFile);
    const bar = page.getByRole('progressbar', { name: `Importing ${basename(cancelFile)}` });
    await bar.waitFor();
    await page.waitForTimeout(3000);
    t0 = Date.now();
    await page.getByRole('button', { name: 'Cancel' }).click();
    const cancelStatus = await settle(page, basename(cancelFile));
    const cancelMs = Date.now() - t0;
    s.stop();
    return {
      idleMb: idle,
      bomb: bombResult,
      cancel: { status: cancelStatus, ms: cancelMs, peakMb: s.peak() },
    };
  } finally {
    await browser.close();
    server.stop();
  }
}

export function printHostileBrowser(r) {
  return [
    `browser, Chromium's PSS idle ${r.idleMb} MB:`,
    `  gzip bomb: ${r.bomb.status}${r.bomb.budgetDiagnostic ? ' (NP-GZIP-BUDGET)' : ''} after ${r.bomb.ms} ms, peak ${r.bomb.peakMb} MB (${r.bomb.peakOverIdle}× idle)`,
    `  Cancel mid-import: ${r.cancel.status} ${r.cancel.ms} ms after the click, peak ${r.cancel.peakMb} MB`,
  ].join('\n');
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const arg = (n) => process.argv[process.argv.indexOf(n) + 1];
  const r = await measureHostileBrowser({ cancelFile: arg('--cancel'), log: console.log });
  console.log(printHostileBrowser(r));
}
